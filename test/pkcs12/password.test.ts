import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { fixedPassword, type PasswordProvider } from '../../src/password.ts';
import { readPkcs12, writePkcs12 } from '../../src/pkcs12/index.ts';
import { redactText } from '../../src/redact.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { chainDer, opensslAvailable, run, writePasswordFile, writePkiFiles, type PkiFiles } from './external-tools.ts';
import { replaceBytes, withMacFor, withMacIterations } from './pfx-surgery.ts';

const password = 'correct horse ä';
const folder = await createTempDir();
const passwordFile = await writePasswordFile(folder, 'password.txt', password);
let pki: TestPki;
let files: PkiFiles;

before(async () => {
  pki = await createTestPki();
  files = await writePkiFiles(folder, pki);
});

/** A provider that counts its calls and returns `value`. */
function countingProvider(value: string | undefined): PasswordProvider & { calls: number } {
  const provider = Object.assign(
    async () => {
      provider.calls++;
      return value;
    },
    { calls: 0 },
  );
  return provider;
}

function strustFile(filePassword = password): Uint8Array {
  return writePkcs12({ privateKey: pki.leaf.privateKey, certificates: chainDer(pki), password: filePassword, profile: 'strust' });
}

async function opensslFile(args: string[]): Promise<Buffer> {
  const out = join(folder, `file-${Math.random().toString(36).slice(2)}.p12`);
  await run('openssl', ['pkcs12', '-export', '-in', files.leaf, '-inkey', files.key, ...args, '-passout', `file:${passwordFile}`, '-out', out]);
  return readFile(out);
}

/** Asserts that `promise` rejects with an AicoreMtlsError of `code` and returns it. */
async function rejection(promise: Promise<unknown>, code: string): Promise<AicoreMtlsError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AicoreMtlsError, `expected AicoreMtlsError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a rejection with ${code}`);
}

test('missing password with MAC', async () => {
  const provider = countingProvider(undefined);
  const error = await rejection(readPkcs12(strustFile(), provider, { source: 'client.p12' }), 'ERR_PASSWORD_MISSING');
  assert.equal(error.message, 'PKCS#12 file "client.p12" is encrypted and no password was given');
  assert.equal(provider.calls, 1);
});

test('wrong password with MAC', async () => {
  const provider = countingProvider('not the password');
  const error = await rejection(readPkcs12(strustFile(), provider, { source: 'client.p12' }), 'ERR_PASSWORD_INCORRECT');
  assert.equal(error.message, 'the password for PKCS#12 file "client.p12" is incorrect');
  assert.match(error.fix!, /SHA-1 MAC .* does not match/);
  assert.equal(provider.calls, 1);
  assert.ok(!JSON.stringify(error).includes('not the password'), 'the password is not in the error');
});

test('password is registered as secret', async () => {
  await readPkcs12(strustFile(), fixedPassword(password));
  assert.equal(redactText(`x ${password} y`), 'x [redacted] y');
});

test('no MAC wrong password', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const bytes = await opensslFile(['-nomac']);
  const error = await rejection(readPkcs12(bytes, fixedPassword('wrong'), { source: 'nomac.p12' }), 'ERR_PASSWORD_INCORRECT');
  assert.match(error.message, /the private key \(safe 2 bag 1\) in "nomac\.p12"/);
  assert.match(error.fix!, /has no MAC/);
  assert.deepEqual(error.details.warnings, [
    "the file has no MAC: the file's integrity is not checked, and a wrong password shows only as a decryption failure",
  ]);
  assert.equal(error.details.algorithm, 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC');
});

test('no MAC no password', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const bytes = await opensslFile(['-nomac', '-certpbe', 'PBE-SHA1-3DES']);
  const error = await rejection(readPkcs12(bytes, fixedPassword(undefined)), 'ERR_PASSWORD_MISSING');
  assert.match(error.message, /the encrypted safe 1 in the PKCS#12 data is encrypted/);
  assert.ok(Array.isArray(error.details.warnings), 'the missing MAC is reported');
});

test('no MAC right password', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const contents = await readPkcs12(await opensslFile(['-nomac', '-certpbe', 'PBE-SHA1-3DES']), fixedPassword(password));
  assert.equal(contents.keys.length, 1);
  assert.equal(contents.algorithms.mac, null);
  assert.match(contents.warnings[0]!, /has no MAC/);
});

test('provider not called without encryption', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const bytes = await opensslFile(['-nomac', '-keypbe', 'NONE', '-certpbe', 'NONE']);
  const provider = countingProvider('unused');
  const contents = await readPkcs12(bytes, provider);
  assert.equal(provider.calls, 0);
  assert.equal(contents.keys.length, 1);
  assert.equal(contents.certificates.length, 1);
});

test('provider error passes through', async () => {
  const failure = new Error('prompt closed');
  await assert.rejects(
    readPkcs12(strustFile(), async () => {
      throw failure;
    }),
    (error) => error === failure,
  );
});

test('reader rejects non-BMP password', async () => {
  await rejection(readPkcs12(strustFile(), fixedPassword('key🔑')), 'ERR_PKCS12_PASSWORD_ENCODING');
});

test('empty password MACed over zero-length data', async (t) => {
  const modern = writePkcs12({ privateKey: pki.leaf.privateKey, certificates: chainDer(pki), password: '', profile: 'modern' });
  // OpenSSL writes "" as BMPString 00 00; a NULL password (other writers) gives zero-length KDF input.
  const bytes = withMacFor(modern, new Uint8Array(0));
  assert.notDeepEqual(bytes, Buffer.from(modern), 'the MAC changed');
  const withEmpty = await readPkcs12(bytes, fixedPassword(''));
  assert.equal(withEmpty.keys.length, 1);
  const withNone = await readPkcs12(bytes, fixedPassword(undefined));
  assert.equal(withNone.keys.length, 1);

  if (!opensslAvailable) return t.skip('openssl not installed for the cross-check');
  const file = join(folder, 'zero-length-mac.p12');
  await writeFile(file, bytes);
  const { stdout } = await run('openssl', ['pkcs12', '-info', '-nodes', '-in', file, '-passin', 'pass:']);
  assert.match(stdout, /BEGIN PRIVATE KEY/);
});

test('password in pre-1.1.0 OpenSSL encoding', async () => {
  // OpenSSL before 1.1.0 widened each UTF-8 byte; writing with the widened string reproduces such a file.
  const widened = Buffer.from('päss', 'utf8').toString('latin1');
  const contents = await readPkcs12(strustFile(widened), fixedPassword('päss'));
  assert.equal(contents.keys.length, 1);
  assert.ok(contents.warnings.some((warning) => /OpenSSL before 1\.1\.0/.test(warning)), 'legacy encoding warning');
});

test('MAC right but bags need another password', async () => {
  // What openssl pkcs12 -twopass writes: the MAC over one password, the bags encrypted with another.
  const bytes = withMacFor(strustFile('encryption password'), Buffer.from('\0m\0a\0c\0\0', 'latin1'));
  const error = await rejection(readPkcs12(bytes, fixedPassword('mac')), 'ERR_PASSWORD_INCORRECT');
  assert.match(error.fix!, /-twopass/);
});

const unsupported: Array<{ name: string; from: string; to: string; which: 'first' | 'last'; message: RegExp; oid: string }> = [
  {
    // aes256-CBC (2.16.840.1.101.3.4.1.42) becomes aes256-GCM (…1.46) in the certificate safe.
    name: 'PBES2 cipher',
    from: '060960864801650304012a',
    to: '060960864801650304012e',
    which: 'first',
    message: /uses AES-256-GCM as the PBES2 cipher for the safe 1 \(OID 2\.16\.840\.1\.101\.3\.4\.1\.46\)/,
    oid: '2.16.840.1.101.3.4.1.46',
  },
  {
    // SHA-256 (2.16.840.1.101.3.4.2.1) becomes SHA-224 (…2.4) in macData.
    name: 'MAC digest',
    from: '0609608648016503040201',
    to: '0609608648016503040204',
    which: 'last',
    message: /uses SHA-224 for its integrity MAC/,
    oid: '2.16.840.1.101.3.4.2.4',
  },
  {
    // The authSafe content type data (1.2.840.113549.1.7.1) becomes signedData (…7.2).
    name: 'public-key integrity mode',
    from: '06092a864886f70d010701',
    to: '06092a864886f70d010702',
    which: 'first',
    message: /uses public-key integrity mode \(signedData\) for the authSafe/,
    oid: '1.2.840.113549.1.7.2',
  },
];

for (const { name, from, to, which, message, oid } of unsupported) {
  test(`unsupported ${name} before password`, async (t) => {
    if (!opensslAvailable) return t.skip('openssl not installed');
    const bytes = replaceBytes(await opensslFile([]), from, to, which);
    const provider = countingProvider(password);
    const error = await rejection(readPkcs12(bytes, provider, { source: 'odd.p12' }), 'ERR_PKCS12_UNSUPPORTED_ALGORITHM');
    assert.match(error.message, message);
    assert.equal(error.details.oid, oid);
    assert.match(error.fix!, /[Ee]xport the file again/);
    assert.equal(provider.calls, 0, 'no password was requested');
  });
}

test('MAC iterations over the limit', async () => {
  const provider = countingProvider(password);
  const error = await rejection(readPkcs12(withMacIterations(strustFile(), 20_000_000), provider), 'ERR_PKCS12_ITERATIONS_TOO_HIGH');
  assert.match(error.message, /asks for 20000000 key-derivation iterations for the MAC; the limit is 10000000/);
  assert.equal(provider.calls, 0);
});

test('MAC iterations changed fail the MAC', async () => {
  await rejection(readPkcs12(withMacIterations(strustFile(), 2049), fixedPassword(password)), 'ERR_PASSWORD_INCORRECT');
});
