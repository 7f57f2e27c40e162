import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { after, test } from 'node:test';

import { assertNoKeyMaterial } from './cert/secrets.ts';
import { createTestPki } from '../helpers/pki.ts';
import { runCli } from '../helpers/run-cli.ts';
import { bindAiCore, bindCertificate, startDoctorSession, writeFixture } from '../doctor/doctor-session.ts';
import { x509ServiceKey } from '../doctor/fixtures.ts';

const session = await startDoctorSession();
after(() => session.stop());
const { sandbox } = session;
const day = 24 * 3600_000;
const password = 'Doctor-bundle-pass-2231';
// The CLI child must reach the sandbox directly, whatever proxy this machine configures.
const env = { HTTPS_PROXY: undefined, https_proxy: undefined, HTTP_PROXY: undefined, http_proxy: undefined, NODE_EXTRA_CA_CERTS: undefined };

const caFile = await writeFixture(session, 'sandbox-ca.pem', sandbox.caCertificatePem);
const passwordFile = await writeFixture(session, 'bundle.pass', `${password}\n`);
const offlineKey = await writeFixture(session, 'offline-key.json', x509ServiceKey());

const client = await sandbox.issueClientCertificate({ subject: 'CN=doctor-cli, O=aicore-mtls tests, C=DE', keyType: 'rsa-2048' });
const encryptedKey = createPrivateKey(client.privateKeyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
const bundle = await writeFixture(session, 'islm-strust.pem', encryptedKey + client.chainPem + client.rootPem);
const boundKey = await bindCertificate(session, 'doctor-cli', client.chainPem, false);
const boundKeyFile = await writeFixture(session, 'aicore-key.json', boundKey);

function assertNothingSecret(output: string): void {
  assertNoKeyMaterial(output, client.privateKeyPem);
  assert.equal(output.includes(password), false, 'the bundle password appears in the output');
  assert.equal(/eyJ[A-Za-z0-9_-]{20,}\./.test(output), false, 'an access token appears in the output');
}

test('doctor without inputs', async () => {
  const result = await runCli(['doctor', '--offline']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /nothing to check/);
  assert.equal(result.stdout, '');
});

test('probe with offline', async () => {
  const result = await runCli(['doctor', '--service-key', offlineKey, '--probe', '--offline']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /cannot be combined with --offline/);
});

test('invalid warn days', async () => {
  const result = await runCli(['doctor', '--service-key', offlineKey, '--warn-days', 'soon']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /whole number of days/);
});

test('help lists exit codes', async () => {
  const result = await runCli(['doctor', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /Exit codes:\n {2}0 {3}success/);
  assert.match(result.stdout, / {2}3 {3}only warnings were found/);
  assert.match(result.stdout, /Examples:/);
});

test('warnings only exit 3', async () => {
  const pki = await createTestPki();
  const cert = await writeFixture(session, 'warn.pem', pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  const key = await writeFixture(session, 'warn.key', pki.leaf.privateKeyPem);
  const result = await runCli(['doctor', '--service-key', offlineKey, '--cert', cert, '--key', key, '--offline', '--json'], { env });
  assert.equal(result.code, 3, result.stderr);
  const document = JSON.parse(result.stdout);
  assert.equal(document.exitCode, 3);
  assert.equal(document.ok, false);
  assert.deepEqual(document.diagnoses.map((diagnosis: { code: string }) => diagnosis.code), ['CLIENT_CA_NOT_TRUSTED']);
  assert.equal(document.diagnoses[0].severity, 'warning');
  assert.ok(document.passed.length >= 3);
  assertNoKeyMaterial(result.stdout + result.stderr, pki.leaf.privateKeyPem);
});

test('error diagnosis exit 1', async () => {
  const pki = await createTestPki({ leafNotBefore: new Date(Date.now() - 400 * day), leafNotAfter: new Date(Date.now() - day) });
  const cert = await writeFixture(session, 'expired.pem', pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  const key = await writeFixture(session, 'expired.key', pki.leaf.privateKeyPem);
  const result = await runCli(['doctor', '--service-key', offlineKey, '--cert', cert, '--key', key, '--offline'], { env });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^aicore-mtls doctor: 1 error, 1 warning, \d+ checks passed/);
  assert.match(result.stdout, /\nERROR CERTIFICATE_EXPIRED: the client certificate has expired\n {2}meaning: /);
  assert.match(result.stdout, /\n {2}fix: Download the renewed certificate/);
  assert.match(result.stdout, /skipped: --offline/);
  assertNoKeyMaterial(result.stdout + result.stderr, pki.leaf.privateKeyPem);
});

test('healthy setup exit 0', async () => {
  const result = await runCli(['doctor', '--service-key', boundKeyFile, '--bundle', bundle, '--password-file', passwordFile, '--ca-file', caFile, '--probe'], { env });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^aicore-mtls doctor: 0 errors, 0 warnings, \d+ checks passed/);
  assert.match(result.stdout, /ok token: POST https:\/\/127\.0\.0\.1:\d+\/oauth\/token/);
  assert.match(result.stdout, /ok certurl host 127\.0\.0\.1:\d+ chains to the root "CN=aicore-mtls sandbox TLS Root CA/);
  assertNothingSecret(result.stdout + result.stderr);
});

test('json lists every diagnosis', async () => {
  const mixed = await writeFixture(session, 'mixed-key.json', { ...sandbox.destinationServiceKey, serviceurls: { AI_API_URL: sandbox.urls.aiApi } });
  const result = await runCli(['doctor', '--service-key', mixed, '--ca-file', caFile, '--json'], { env });
  assert.equal(result.code, 1, result.stderr);
  const document = JSON.parse(result.stdout);
  const codes = document.diagnoses.map((diagnosis: { code: string }) => diagnosis.code);
  assert.ok(codes.includes('CREDENTIALS_SECRET_ONLY'));
  assert.ok(codes.includes('AICORE_FORBIDDEN'));
  for (const diagnosis of document.diagnoses) {
    assert.equal(typeof diagnosis.fix, 'string');
    assert.ok(diagnosis.evidence.length > 0, `${diagnosis.code} has evidence`);
  }
  assert.ok(document.passed.some((line: string) => line.startsWith('token: ')));
  assert.equal(document.online.connection.authentication, 'secret');
  assert.equal(result.stdout.includes(String(sandbox.destinationServiceKey.clientsecret)), false, 'the client secret appears in the output');
  assert.equal(result.stderr.includes(String(sandbox.destinationServiceKey.clientsecret)), false, 'the client secret appears on stderr');
});

test('token url without the mTLS alias', async () => {
  const urlHost = String(boundKey.url).replace('https://', '');
  const result = await runCli(['doctor', '--service-key', boundKeyFile, '--bundle', bundle, '--password-file', passwordFile, '--ca-file', caFile, '--token-url', `${urlHost}/oauth/token`], { env });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /ERROR TOKEN_URL_NOT_CERTURL/);
  assert.match(result.stdout, /\[ERR_XSUAA_TOKEN_URL_NOT_CERTURL\]/);
  assertNothingSecret(result.stdout + result.stderr);
});

test('generated key exit 0 without files', async () => {
  const generated = await bindAiCore(session, 'doctor-cli-generated', { xsuaa: { 'credential-type': 'x509', x509: { 'key-length': 2048, validity: 7, 'validity-type': 'DAYS' } } });
  const generatedFile = await writeFixture(session, 'generated-key.json', generated);
  const result = await runCli(['doctor', '--service-key', generatedFile, '--ca-file', caFile, '--json'], { env });
  assert.equal(result.code, 0, result.stdout);
  assertNoKeyMaterial(result.stdout + result.stderr, String(generated.key));
});
