import assert from 'node:assert/strict';
import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { fixedPassword } from '../../src/password.ts';
import { readPkcs12, type Pkcs12Contents, type Pkcs12Profile } from '../../src/pkcs12/index.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { chainDer, keytoolAvailable, opensslAvailable, opensslLegacyAvailable, run, writePasswordFile, writePkiFiles, type PkiFiles } from './external-tools.ts';

const password = 'pässwörd€';
const folder = await createTempDir();
const passwordFile = await writePasswordFile(folder, 'password.txt', password);
let ecPki: TestPki;
let rsaPki: TestPki;
let ecFiles: PkiFiles;
let rsaFiles: PkiFiles;

before(async () => {
  [ecPki, rsaPki] = await Promise.all([createTestPki({ keyType: 'ec-p256' }), createTestPki({ keyType: 'rsa-2048' })]);
  ecFiles = await writePkiFiles(folder, ecPki, 'ec');
  rsaFiles = await writePkiFiles(folder, rsaPki, 'rsa');
});

let fileCounter = 0;

/** Runs `openssl pkcs12 -export` with the leaf, its key and the chain, and returns the file. */
async function opensslExport(files: PkiFiles, extra: string[], passout = [`-passout`, `file:${passwordFile}`]): Promise<Uint8Array> {
  const out = join(folder, `openssl-${++fileCounter}.p12`);
  const inputs = extra.includes('-nocerts') ? ['-inkey', files.key] : extra.includes('-nokeys') ? ['-in', files.leaf, '-certfile', files.chain] : ['-in', files.leaf, '-inkey', files.key, '-certfile', files.chain];
  await run('openssl', ['pkcs12', '-export', ...inputs, ...extra, ...passout, '-out', out]);
  return readFile(out);
}

function publicDer(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('hex');
}

function summary(contents: Pkcs12Contents): { mac: string | null; parts: string[] } {
  return {
    mac: contents.algorithms.mac?.digest ?? null,
    parts: contents.algorithms.encryptions.map((entry) => `${entry.part}: ${entry.algorithm}`),
  };
}

interface OpensslCase {
  name: string;
  args: string[];
  legacy?: boolean;
  keyType?: 'ec' | 'rsa';
  mac: string | null;
  parts: string[];
  profile?: Pkcs12Profile;
  certificates?: number;
  keys?: number;
  warnings?: RegExp[];
}

const aes256 = 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC';
const tripleDes = 'pbeWithSHAAnd3-KeyTripleDES-CBC';

const cases: OpensslCase[] = [
  { name: 'default EC', args: [], mac: 'SHA-256', parts: [`certificates: ${aes256}`, 'safe: none', `key: ${aes256}`], profile: 'modern' },
  { name: 'default RSA', args: [], keyType: 'rsa', mac: 'SHA-256', parts: [`certificates: ${aes256}`, 'safe: none', `key: ${aes256}`], profile: 'modern' },
  {
    name: '-legacy EC',
    args: ['-legacy'],
    legacy: true,
    mac: 'SHA-1',
    parts: ['certificates: pbeWithSHAAnd40BitRC2-CBC', 'safe: none', `key: ${tripleDes}`],
    profile: 'legacy-rc2',
    warnings: [/40-bit RC2/, /legacy provider/],
  },
  {
    name: '-legacy RSA',
    args: ['-legacy'],
    legacy: true,
    keyType: 'rsa',
    mac: 'SHA-1',
    parts: ['certificates: pbeWithSHAAnd40BitRC2-CBC', 'safe: none', `key: ${tripleDes}`],
    profile: 'legacy-rc2',
  },
  {
    name: 'PBE-SHA1-3DES with SHA-1 MAC',
    args: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    keyType: 'rsa',
    mac: 'SHA-1',
    parts: [`certificates: ${tripleDes}`, 'safe: none', `key: ${tripleDes}`],
    profile: 'strust',
    warnings: [],
  },
  {
    name: 'AES-128 with SHA-512 MAC',
    args: ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC', '-macalg', 'sha512'],
    mac: 'SHA-512',
    parts: ['certificates: PBES2 PBKDF2-HMAC-SHA256 AES-128-CBC', 'safe: none', 'key: PBES2 PBKDF2-HMAC-SHA256 AES-128-CBC'],
  },
  {
    name: 'AES-192 and DES-EDE3 with SHA-384 MAC',
    args: ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'AES-192-CBC', '-macalg', 'sha384'],
    mac: 'SHA-384',
    parts: ['certificates: PBES2 PBKDF2-HMAC-SHA256 AES-192-CBC', 'safe: none', 'key: PBES2 PBKDF2-HMAC-SHA256 DES-EDE3-CBC'],
  },
  {
    name: '-certpbe NONE',
    args: ['-certpbe', 'NONE'],
    mac: 'SHA-256',
    parts: ['certificates: none', 'safe: none', `key: ${aes256}`],
    warnings: [/certificates in safe 1 are not encrypted/],
  },
  {
    name: '-keypbe NONE',
    args: ['-keypbe', 'NONE'],
    mac: 'SHA-256',
    parts: [`certificates: ${aes256}`, 'safe: none', 'key: none'],
    warnings: [/private key in safe 2 is stored unencrypted/],
  },
  {
    name: 'PBE-SHA1-RC2-128',
    args: ['-legacy', '-certpbe', 'PBE-SHA1-RC2-128'],
    legacy: true,
    mac: 'SHA-1',
    parts: ['certificates: pbeWithSHAAnd128BitRC2-CBC', 'safe: none', `key: ${tripleDes}`],
  },
  {
    name: 'PBE-SHA1-RC4-128 and 2DES',
    args: ['-legacy', '-certpbe', 'PBE-SHA1-RC4-128', '-keypbe', 'PBE-SHA1-2DES'],
    legacy: true,
    mac: 'SHA-1',
    parts: ['certificates: pbeWithSHAAnd128BitRC4', 'safe: none', 'key: pbeWithSHAAnd2-KeyTripleDES-CBC'],
    warnings: [/RC4 is broken/, /two-key triple DES/],
  },
  {
    name: 'PBE-SHA1-RC4-40 key',
    args: ['-legacy', '-keypbe', 'PBE-SHA1-RC4-40'],
    legacy: true,
    mac: 'SHA-1',
    parts: ['certificates: pbeWithSHAAnd40BitRC2-CBC', 'safe: none', 'key: pbeWithSHAAnd40BitRC4'],
  },
  {
    // OpenSSL 3.0 leaves the certificates unencrypted under -nomac unless -certpbe names a cipher.
    name: '-nomac',
    args: ['-nomac'],
    mac: null,
    parts: ['certificates: none', 'safe: none', `key: ${aes256}`],
    warnings: [/has no MAC/, /certificates in safe 1 are not encrypted/],
  },
  {
    name: '-nomac with encrypted certificates',
    args: ['-nomac', '-certpbe', 'AES-256-CBC'],
    mac: null,
    parts: [`certificates: ${aes256}`, 'safe: none', `key: ${aes256}`],
    warnings: [/has no MAC/],
  },
  { name: '-nokeys', args: ['-nokeys'], mac: 'SHA-256', parts: [`certificates: ${aes256}`], profile: 'modern', keys: 0 },
  { name: '-nocerts', args: ['-nocerts'], mac: 'SHA-256', parts: ['safe: none', `key: ${aes256}`], profile: 'modern', certificates: 0 },
  {
    name: '100000 iterations',
    args: ['-iter', '100000'],
    mac: 'SHA-256',
    parts: [`certificates: ${aes256}`, 'safe: none', `key: ${aes256}`],
    profile: 'modern',
  },
];

for (const testCase of cases) {
  test(`reads openssl ${testCase.name}`, async (t) => {
    if (!opensslAvailable) return t.skip('openssl not installed');
    if (testCase.legacy && !opensslLegacyAvailable) return t.skip('openssl legacy provider not installed');
    const pki = testCase.keyType === 'rsa' ? rsaPki : ecPki;
    const bytes = await opensslExport(testCase.keyType === 'rsa' ? rsaFiles : ecFiles, testCase.args);
    const contents = await readPkcs12(bytes, fixedPassword(password), { source: `${testCase.name}.p12` });

    assert.deepEqual(summary(contents), { mac: testCase.mac, parts: testCase.parts });
    assert.equal(contents.algorithms.profile, testCase.profile);
    const expectedCertificates = testCase.certificates ?? 3;
    assert.deepEqual(
      contents.certificates.map((certificate) => Buffer.from(certificate.der).toString('hex')),
      chainDer(pki).slice(0, expectedCertificates).map((der) => Buffer.from(der).toString('hex')),
      'certificates in file order: leaf, intermediate, root',
    );
    assert.equal(contents.keys.length, testCase.keys ?? 1);
    if ((testCase.keys ?? 1) === 1) assert.equal(publicDer(contents.keys[0]!.privateKey), publicDer(pki.leaf.privateKey), 'same key');
    for (const pattern of testCase.warnings ?? []) assert.ok(contents.warnings.some((warning) => pattern.test(warning)), `a warning matches ${pattern}`);
    if (testCase.warnings?.length === 0) assert.deepEqual(contents.warnings, []);
  });
}

test('reads openssl iteration counts', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const contents = await readPkcs12(await opensslExport(ecFiles, ['-iter', '4096']), fixedPassword(password));
  assert.equal(contents.algorithms.mac!.iterations, 4096);
  assert.deepEqual(
    contents.algorithms.encryptions.map((entry) => entry.iterations),
    [4096, undefined, 4096],
  );
});

test('reads openssl friendlyName and localKeyId', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const contents = await readPkcs12(await opensslExport(ecFiles, ['-name', 'Client Zertifikat ä']), fixedPassword(password));
  const localKeyId = createHash('sha1').update(chainDer(ecPki)[0]!).digest('hex');
  assert.equal(contents.keys[0]!.friendlyName, 'Client Zertifikat ä');
  assert.equal(contents.certificates[0]!.friendlyName, 'Client Zertifikat ä');
  assert.equal(Buffer.from(contents.keys[0]!.localKeyId!).toString('hex'), localKeyId);
  assert.equal(Buffer.from(contents.certificates[0]!.localKeyId!).toString('hex'), localKeyId);
});

test('reads openssl empty password', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  // An empty password is no secret, so it may appear as pass: on the command line.
  const bytes = await opensslExport(ecFiles, [], ['-passout', 'pass:']);
  const withEmpty = await readPkcs12(bytes, fixedPassword(''));
  assert.equal(withEmpty.keys.length, 1);
  assert.deepEqual(withEmpty.warnings, []);
  const withNone = await readPkcs12(bytes, fixedPassword(undefined));
  assert.equal(withNone.keys.length, 1);
  assert.deepEqual(withNone.warnings, ['no password was given; the file opened with the empty password']);
});

test('reads openssl legacy empty password', async (t) => {
  if (!opensslLegacyAvailable) return t.skip('openssl legacy provider not installed');
  const bytes = await opensslExport(rsaFiles, ['-legacy'], ['-passout', 'pass:']);
  const contents = await readPkcs12(bytes, fixedPassword(''));
  assert.equal(contents.certificates.length, 3);
  assert.equal(contents.keys.length, 1);
});

test('reads keytool 17 keystore', async (t) => {
  if (!keytoolAvailable) return t.skip('keytool not installed');
  const keystore = join(folder, 'keytool.p12');
  const storePassword = await writePasswordFile(folder, 'keytool-password.txt', 'changeit-keytool');
  await run('keytool', [
    '-genkeypair', '-alias', 'kt-client', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=keytool client',
    '-validity', '2', '-storetype', 'PKCS12', '-keystore', keystore, '-storepass:file', storePassword,
  ]);
  const contents = await readPkcs12(await readFile(keystore), fixedPassword('changeit-keytool'), { source: 'keytool.p12' });
  assert.equal(contents.keys.length, 1);
  assert.equal(contents.certificates.length, 1);
  assert.equal(contents.keys[0]!.friendlyName, 'kt-client');
  assert.equal(contents.certificates[0]!.friendlyName, 'kt-client');
  assert.ok(new X509Certificate(contents.certificates[0]!.der).checkPrivateKey(contents.keys[0]!.privateKey), 'key matches certificate');
});
