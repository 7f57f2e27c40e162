import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { writePkcs12 } from '../../../src/pkcs12/index.ts';
import { issueCertificate } from '../../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../../helpers/pki.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { createTempDir } from '../../helpers/temp-dir.ts';
import { assertNoKeyMaterial } from './secrets.ts';

const day = 24 * 60 * 60 * 1000;
const password = 'Inspect-cli-password-5';
const folder = await createTempDir();
const file = (name: string) => join(folder, name);
let pki: TestPki;

before(async () => {
  pki = await createTestPki({ keyType: 'rsa-2048' });
  await writeFile(file('bundle.pem'), pki.leaf.privateKeyPem + pki.root.certificatePem + pki.leaf.certificatePem + pki.intermediate.certificatePem);
  await writeFile(file('chain.pem'), pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  await writeFile(file('leaf.key'), pki.leaf.privateKeyPem);
  await writeFile(file('encrypted.pem'), (pki.leaf.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string) + pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  await writeFile(file('password.txt'), `${password}\n`);
  const der = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  await writeFile(file('store.p12'), writePkcs12({ privateKey: pki.leaf.privateKey, certificates: [der(pki.leaf.certificatePem), der(pki.intermediate.certificatePem), der(pki.root.certificatePem)], password, profile: 'strust' }));
});

test('inspect bundle exit 0', async () => {
  const result = await runCli(['cert', 'inspect', file('bundle.pem')]);
  assert.equal(result.code, 0);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /subject {7}C=DE,O=aicore-mtls tests,OU=Clients,CN=test-client/);
  assert.match(result.stdout, /Chain \(complete, reordered from the input\): \[2\] test-client -> \[3\] Test Client CA -> \[1\] Test Root CA/);
  assert.match(result.stdout, /Private key \[1\].*RSA 2048, PKCS#8, unencrypted/);
  assert.match(result.stdout, /matches the leaf \[2\]/);
  assert.match(result.stdout, /Result: OK/);
  assertNoKeyMaterial(result.stdout + result.stderr, pki.leaf.privateKeyPem);
});

test('inspect --json is one document', async () => {
  const result = await runCli(['cert', 'inspect', file('bundle.pem'), '--json']);
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdout) as Record<string, any>;
  assert.equal(report.format, 'pem');
  assert.equal(report.certificates.length, 3);
  assert.deepEqual(report.chain.order, [2, 3, 1]);
  assert.equal(report.leafKey, 'match');
  assert.equal(report.summary.exitCode, 0);
  assert.equal(typeof report.certificates[0].fingerprint256, 'string');
  assertNoKeyMaterial(result.stdout + result.stderr, pki.leaf.privateKeyPem);
});

test('inspect expired leaf exit 1', async () => {
  const expired = await issueCertificate({ subject: 'CN=expired', profile: 'client', issuer: pki.intermediate, notBefore: new Date(Date.now() - 20 * day), notAfter: new Date(Date.now() - 2 * day) });
  await writeFile(file('expired.pem'), expired.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  const result = await runCli(['cert', 'inspect', file('expired.pem')]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /error {3}CERT_EXPIRED: certificate "CN=expired" expired on/);
  assert.match(result.stdout, /EXPIRED 2 days ago/);
  assert.match(result.stdout, /Result: FAILED/);
});

test('inspect expiring leaf exit 3', async () => {
  const soon = await issueCertificate({ subject: 'CN=soon', profile: 'client', issuer: pki.intermediate, notAfter: new Date(Date.now() + 10 * day + 60_000) });
  await writeFile(file('soon.pem'), soon.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  const warned = await runCli(['cert', 'inspect', file('soon.pem')]);
  assert.equal(warned.code, 3);
  assert.match(warned.stdout, /EXPIRES SOON \(10 days left\)/);
  const relaxed = await runCli(['cert', 'inspect', file('soon.pem'), '--warn-days', '5']);
  assert.equal(relaxed.code, 0);
});

test('inspect invalid --warn-days exit 2', async () => {
  const result = await runCli(['cert', 'inspect', file('chain.pem'), '--warn-days', 'soon']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /expected a whole number of days/);
  assert.equal(result.stdout, '');
});

test('inspect missing file exit 1', async () => {
  const result = await runCli(['cert', 'inspect', file('missing.pem')]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /error: the file ".*missing\.pem" does not exist \[ERR_NOT_FOUND\]/);
  assert.equal(result.stdout, '');
});

test('inspect --json error document', async () => {
  const result = await runCli(['cert', 'inspect', file('missing.pem'), '--json']);
  assert.equal(result.code, 1);
  const document = JSON.parse(result.stdout) as { ok: boolean; error: { code: string } };
  assert.equal(document.ok, false);
  assert.equal(document.error.code, 'ERR_NOT_FOUND');
});

test('inspect stdin UTF-16 with CRLF', async () => {
  const text = (pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem).replace(/\n/g, '\r\n');
  const input = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
  const result = await runCli(['cert', 'inspect', '-'], { input });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^stdin: PEM, 3 certificates, 0 private keys/);
  assert.match(result.stdout, /UTF16LE_BOM: converted UTF-16LE text to UTF-8/);
  assert.match(result.stdout, /CRLF: converted CRLF line endings/);
});

test('inspect encrypted key passwords', async () => {
  const missing = await runCli(['cert', 'inspect', file('encrypted.pem')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /is encrypted and no password was given \[ERR_PASSWORD_MISSING\]/);
  const wrong = await runCli(['cert', 'inspect', file('encrypted.pem'), '--password-env', 'KEY_PASSWORD'], { env: { KEY_PASSWORD: 'Not-the-password-9' } });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /\[ERR_PASSWORD_INCORRECT\]/);
  const right = await runCli(['cert', 'inspect', file('encrypted.pem'), '--password-file', file('password.txt')]);
  assert.equal(right.code, 0);
  assert.match(right.stdout, /encrypted PKCS#8 \(PBES2/);
  assert.equal((right.stdout + right.stderr).includes(password), false);
});

test('inspect --key mismatch exit 1', async () => {
  const stranger = await issueCertificate({ subject: 'CN=stranger', profile: 'client' });
  await writeFile(file('stranger.key'), stranger.privateKeyPem);
  const result = await runCli(['cert', 'inspect', file('chain.pem'), '--key', file('stranger.key')]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /KEY_MISMATCH/);
  assert.match(result.stdout, /matches NO certificate/);
  assertNoKeyMaterial(result.stdout + result.stderr, stranger.privateKeyPem);
});

test('inspect --key match', async () => {
  const result = await runCli(['cert', 'inspect', file('chain.pem'), '--key', file('leaf.key'), '--json']);
  assert.equal(result.code, 0);
  assert.equal((JSON.parse(result.stdout) as { leafKey: string }).leafKey, 'match');
});

test('inspect PKCS#12 lists algorithms', async () => {
  const result = await runCli(['cert', 'inspect', file('store.p12'), '--password-file', file('password.txt')]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /PKCS#12 \(matches profile "strust"\)/);
  assert.match(result.stdout, /MAC: HMAC-SHA-1, 2048 iterations/);
  assert.match(result.stdout, /Private key \[1\].*from PKCS#12/);
  assertNoKeyMaterial(result.stdout + result.stderr, pki.leaf.privateKeyPem);
});

test('inspect --help has examples and exit codes', async () => {
  const result = await runCli(['cert', 'inspect', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /Examples:/);
  assert.match(result.stdout, /Exit codes:\n {2}0 {3}success/);
  assert.match(result.stdout, /3 {3}the leaf certificate expires within --warn-days days/);
});
