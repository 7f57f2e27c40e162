import assert from 'node:assert/strict';
import { test } from 'node:test';

import { pkcs12Kdf, type Pkcs12KdfDigest } from '../../src/pkcs12/kdf.ts';
import { bmpPassword, passwordEncodings } from '../../src/pkcs12/password-encoding.ts';
import { opensslAvailable, run } from './external-tools.ts';

const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

test('kdf OpenSSL vector smeg', () => {
  // A widely published PKCS#12 KDF vector (password "smeg", SHA-1, 1 iteration); openssl kdf PKCS12KDF gives the same bytes.
  const key = pkcs12Kdf('sha1', bmpPassword('smeg'), Buffer.from('0a58cf64530d823f', 'hex'), 1, 1, 24);
  assert.equal(hex(key), '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3');
});

test('kdf Go vector long key', () => {
  // golang.org/x/crypto/pkcs12 pbkdf_test.go: "sesame", salt ff×8, 2048 iterations, 24-byte key.
  const key = pkcs12Kdf('sha1', bmpPassword('sesame'), Buffer.alloc(8, 0xff), 2048, 1, 24);
  assert.equal(hex(key), '7cd9fd3e2b3be7691a44e3bef0f9ea0fb9b897d4e325d9d1');
});

test('kdf Go vector leading zeros', () => {
  // The same suite: I_j gains a leading zero byte in step 6C, which broke big-integer implementations.
  const key = pkcs12Kdf('sha1', Buffer.from([0, 0]), Buffer.from('f37e05b518324b4b', 'hex'), 2048, 1, 24);
  assert.equal(hex(key), '00f759ff47d14dd03665d5943cb3c4a39a2555c02aed66e1');
});

test('kdf output prefix is stable', () => {
  const long = pkcs12Kdf('sha256', bmpPassword('x'), Buffer.alloc(8, 1), 3, 3, 100);
  const short = pkcs12Kdf('sha256', bmpPassword('x'), Buffer.alloc(8, 1), 3, 3, 20);
  assert.equal(long.length, 100);
  assert.equal(hex(long.subarray(0, 20)), hex(short));
});

const crossChecks: Array<{ digest: Pkcs12KdfDigest; name: string; purpose: 1 | 2 | 3; length: number; password: string; salt: string }> = [
  { digest: 'sha1', name: 'SHA1', purpose: 3, length: 20, password: 'pässwörd€', salt: '0102030405060708' },
  { digest: 'sha256', name: 'SHA256', purpose: 3, length: 32, password: 'changeit', salt: 'a1a2a3a4a5a6a7a8a9aa' },
  { digest: 'sha384', name: 'SHA384', purpose: 1, length: 100, password: 'changeit', salt: '00' },
  { digest: 'sha512', name: 'SHA512', purpose: 3, length: 64, password: 'pässwörd€', salt: 'ffeeddccbbaa99887766554433221100' },
  { digest: 'sha512', name: 'SHA512', purpose: 2, length: 150, password: '', salt: '0000000000000000' },
];

for (const check of crossChecks) {
  test(`kdf matches openssl ${check.name} id ${check.purpose}`, async (t) => {
    if (!opensslAvailable) return t.skip('openssl not installed');
    const password = bmpPassword(check.password);
    // PKCS12KDF takes the already encoded password; these are test vectors, not secrets.
    const { stdout } = await run('openssl', [
      'kdf',
      '-keylen', String(check.length),
      '-kdfopt', `digest:${check.name}`,
      '-kdfopt', `hexpass:${hex(password)}`,
      '-kdfopt', `hexsalt:${check.salt}`,
      '-kdfopt', 'iter:2048',
      '-kdfopt', `id:${check.purpose}`,
      'PKCS12KDF',
    ]);
    const expected = stdout.trim().replaceAll(':', '').toLowerCase();
    const actual = pkcs12Kdf(check.digest, password, Buffer.from(check.salt, 'hex'), 2048, check.purpose, check.length);
    assert.equal(hex(actual), expected);
  });
}

test('bmpPassword appends terminator', () => {
  assert.equal(hex(bmpPassword('ä€')), '00e420ac0000');
});

test('bmpPassword empty is two zero bytes', () => {
  assert.equal(hex(bmpPassword('')), '0000');
});

test('bmpPassword rejects non-BMP characters', () => {
  assert.throws(() => bmpPassword('key🔑'), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'ERR_PKCS12_PASSWORD_ENCODING');
    assert.match(error.message, /outside the Unicode Basic Multilingual Plane \(position 4\)/);
    return true;
  });
});

test('bmpPassword rejects lone surrogates', () => {
  assert.throws(() => bmpPassword('a\ud800b'), { code: 'ERR_PKCS12_PASSWORD_ENCODING' });
});

test('passwordEncodings empty has absent variant', () => {
  const encodings = passwordEncodings('');
  assert.deepEqual(
    encodings.map((encoding) => [encoding.kind, hex(encoding.bmp), hex(encoding.utf8)]),
    [
      ['standard', '0000', ''],
      ['absent', '', ''],
    ],
  );
});

test('passwordEncodings ASCII has one variant', () => {
  assert.deepEqual(
    passwordEncodings('abc').map((encoding) => encoding.kind),
    ['standard'],
  );
});

test('passwordEncodings non-ASCII adds legacy bytes', () => {
  const [standard, legacy] = passwordEncodings('ä');
  assert.equal(hex(standard!.bmp), '00e40000');
  assert.equal(legacy!.kind, 'legacy-bytes');
  // UTF-8 of "ä" is c3 a4; OpenSSL before 1.1.0 widened each byte to one UTF-16 unit.
  assert.equal(hex(legacy!.bmp), '00c300a40000');
  assert.equal(hex(legacy!.utf8), 'c383c2a4');
});
