import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { test } from 'node:test';

import { runDoctor, type DoctorInputs } from '../../src/doctor/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { issueCertificate } from '../../src/x509/certificate-authority.ts';
import { createTestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { codesOf, diagnosisOf, writeTo, x509ServiceKey } from './fixtures.ts';

const folder = await createTempDir('aicore-mtls-doctor-identity-');
const day = 24 * 3600_000;
const pki = await createTestPki();
const keyFile = await writeTo(folder, 'key.json', x509ServiceKey());
const leafKey = await writeTo(folder, 'leaf.key', pki.leaf.privateKeyPem);

async function doctor(files: Record<string, string>, extra: Partial<DoctorInputs> = {}) {
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) paths[name] = await writeTo(folder, `${name}-${Math.random().toString(36).slice(2)}.pem`, content);
  return runDoctor({ serviceKey: keyFile, offline: true, ...(paths.cert ? { certificate: paths.cert } : {}), ...(paths.key ? { key: paths.key } : {}), ...(paths.bundle ? { bundle: paths.bundle } : {}), ...extra });
}

const fullChain = pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem;

test('complete identity passes offline checks', async () => {
  const report = await doctor({ cert: fullChain, key: pki.leaf.privateKeyPem });
  assert.deepEqual(codesOf(report), ['CLIENT_CA_NOT_TRUSTED']);
  assert.ok(report.passed.some((line) => line.includes('the private key belongs to it')));
  assert.ok(report.passed.some((line) => line.startsWith('client chain:') && line.includes('(in the file)')));
});

test('untrusted client CA', async () => {
  const report = await doctor({ cert: fullChain, key: pki.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CLIENT_CA_NOT_TRUSTED');
  assert.equal(diagnosis.severity, 'warning');
  assert.match(diagnosis.evidence[0]!, /Test Root CA/);
  assert.match(diagnosis.fix, /Destination service/);
});

test('key of another certificate', async () => {
  const other = await createTestPki();
  const report = await doctor({ cert: fullChain, key: other.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'KEY_MISMATCH');
  assert.ok(diagnosis.evidence.some((line) => line.startsWith('public key SHA-256 of the certificate:')));
  assert.ok(diagnosis.evidence.some((line) => line.startsWith('public key SHA-256 of a private key given:')));
  assert.match(diagnosis.fix, /cert match/);
});

test('expired client certificate', async () => {
  const expired = await createTestPki({ leafNotBefore: new Date(Date.now() - 400 * day), leafNotAfter: new Date(Date.now() - 5 * day) });
  const report = await doctor({ cert: expired.leaf.certificatePem + expired.intermediate.certificatePem, key: expired.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_EXPIRED');
  assert.match(diagnosis.evidence[0]!, /expired on .* \(5 days ago\)/);
  assert.match(diagnosis.fix, /STRUST/);
});

test('client certificate not yet valid', async () => {
  const future = await createTestPki({ leafNotBefore: new Date(Date.now() + 2 * day), leafNotAfter: new Date(Date.now() + 300 * day) });
  const report = await doctor({ cert: future.leaf.certificatePem + future.intermediate.certificatePem, key: future.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_NOT_YET_VALID');
  assert.match(diagnosis.evidence[0]!, /is not valid before/);
  assert.match(diagnosis.fix, /clocks/);
});

test('client certificate expiring soon', async () => {
  const soon = await createTestPki({ leafNotBefore: new Date(Date.now() - 200 * day), leafNotAfter: new Date(Date.now() + 10 * day) });
  const report = await doctor({ cert: soon.leaf.certificatePem + soon.intermediate.certificatePem + soon.root.certificatePem, key: soon.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_EXPIRES_SOON');
  assert.equal(diagnosis.severity, 'warning');
  assert.match(diagnosis.fix, /SSF_ALERTCERTEXPIRE/);
});

test('short-lived certificate warns late', async () => {
  const fresh = await createTestPki({ leafNotBefore: new Date(Date.now() - day), leafNotAfter: new Date(Date.now() + 6 * day) });
  const freshReport = await doctor({ cert: fresh.leaf.certificatePem + fresh.intermediate.certificatePem + fresh.root.certificatePem, key: fresh.leaf.privateKeyPem });
  assert.equal(codesOf(freshReport).includes('CERTIFICATE_EXPIRES_SOON'), false, '6 of 7 days left');
  const ending = await createTestPki({ leafNotBefore: new Date(Date.now() - 6 * day), leafNotAfter: new Date(Date.now() + day / 2) });
  const endingReport = await doctor({ cert: ending.leaf.certificatePem + ending.intermediate.certificatePem + ending.root.certificatePem, key: ending.leaf.privateKeyPem });
  assert.ok(codesOf(endingReport).includes('CERTIFICATE_EXPIRES_SOON'), 'half a day left');
});

test('leaf without its intermediate', async () => {
  const report = await doctor({ cert: pki.leaf.certificatePem, key: pki.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CHAIN_INCOMPLETE');
  assert.match(diagnosis.evidence[0]!, /comes without the CA certificate that issued it, "[^"]*CN=Test Client CA"/);
  assert.match(diagnosis.fix, /PSE → Import/);
});

test('missing intermediate found in ca file', async () => {
  const report = await doctor({ cert: pki.leaf.certificatePem, key: pki.leaf.privateKeyPem }, { caCertificates: [pki.intermediate.certificatePem] });
  const diagnosis = diagnosisOf(report, 'CHAIN_INCOMPLETE');
  assert.match(diagnosis.evidence[0]!, /--ca-file certificate 1 contains it/);
});

test('chain without its root', async () => {
  const report = await doctor({ cert: pki.leaf.certificatePem + pki.intermediate.certificatePem, key: pki.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CHAIN_ROOT_NOT_INCLUDED');
  assert.equal(diagnosis.severity, 'warning');
  assert.match(diagnosis.evidence[0]!, /stops below its root "[^"]*CN=Test Root CA"/);
  assert.equal(codesOf(report).includes('CHAIN_INCOMPLETE'), false);
});

test('SHA-1 signed client certificate', async () => {
  const weak = await issueCertificate({ subject: 'CN=sha1-client, O=aicore-mtls tests, C=DE', profile: 'client', issuer: pki.intermediate, keyType: 'ec-p256', signatureHash: 'SHA-1' });
  const report = await doctor({ cert: weak.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem, key: weak.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_WEAK');
  assert.match(diagnosis.evidence[0]!, /SHA-1|sha1/i);
  assert.match(diagnosis.fix, /SHA-256/);
});

test('server certificate as client certificate', async () => {
  const server = await createTestPki({ leafProfile: 'server' });
  const report = await doctor({ cert: server.leaf.certificatePem + server.intermediate.certificatePem + server.root.certificatePem, key: server.leaf.privateKeyPem });
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_NOT_FOR_CLIENT_AUTH');
  assert.match(diagnosis.evidence[0]!, /without clientAuth/);
});

test('encrypted key without password', async () => {
  const encrypted = createPrivateKey(pki.leaf.privateKeyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'Bundle-pass-4410' }) as string;
  const report = await doctor({ bundle: encrypted + fullChain });
  const diagnosis = diagnosisOf(report, 'INPUT_UNREADABLE');
  assert.match(diagnosis.evidence[0]!, /ERR_PASSWORD_MISSING/);
  assert.ok(diagnosis.evidence.some((line) => line.includes('--password-file')));
});

test('encrypted bundle with password', async () => {
  const encrypted = createPrivateKey(pki.leaf.privateKeyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'Bundle-pass-4410' }) as string;
  const report = await doctor({ bundle: encrypted + fullChain }, { passwords: fixedPassword('Bundle-pass-4410') });
  assert.deepEqual(codesOf(report), ['CLIENT_CA_NOT_TRUSTED']);
});

test('certificate file without key', async () => {
  const report = await doctor({ cert: fullChain });
  const diagnosis = diagnosisOf(report, 'CLIENT_CERTIFICATE_NOT_PRESENTED');
  assert.match(diagnosis.evidence[0]!, /contains a certificate but no private key/);
});

test('identity without service key', async () => {
  const report = await runDoctor({ certificate: await writeTo(folder, 'alone.pem', fullChain), key: leafKey });
  assert.deepEqual(codesOf(report), ['CLIENT_CA_NOT_TRUSTED']);
  assert.equal(report.online.ran, false);
});
