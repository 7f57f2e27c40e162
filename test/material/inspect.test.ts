import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { readMaterial, type Material } from '../../src/material/index.ts';
import { inspectMaterial } from '../../src/material/inspect.ts';
import { issueCertificate } from '../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import * as inputs from './inputs.ts';

const day = 24 * 60 * 60 * 1000;
let pki: TestPki;

before(async () => {
  pki = await createTestPki();
});

async function read(text: string): Promise<Material> {
  return readMaterial({ bytes: inputs.bytesOf(text), origin: 'bundle.pem' });
}

test('inspectMaterial full bundle', async () => {
  const material = await read(pki.root.certificatePem + pki.leaf.privateKeyPem + pki.leaf.certificatePem + pki.intermediate.certificatePem);
  const report = inspectMaterial(material);
  assert.deepEqual(report.chain.order, [2, 3, 1]);
  assert.equal(report.chain.complete, true);
  assert.equal(report.chain.reordered, true);
  assert.deepEqual(report.certificates.map((certificate) => certificate.role), ['root', 'leaf', 'intermediate']);
  assert.equal(report.leafKey, 'match');
  assert.deepEqual(report.privateKeys[0]!.matchesCertificates, [2]);
  assert.equal(report.privateKeys[0]!.publicKeyFingerprint256, report.certificates[1]!.publicKey.fingerprint256);
  assert.equal(report.summary.status, 'ok');
  assert.equal(report.summary.exitCode, 0);
});

test('inspectMaterial JSON holds no key material', async () => {
  const material = await read(pki.leaf.privateKeyPem + pki.leaf.certificatePem);
  const json = JSON.stringify(inspectMaterial(material));
  assert.equal(json.includes(inputs.base64Body(pki.leaf.privateKeyPem).slice(0, 40)), false);
  assert.equal(json.includes('PRIVATE KEY-----'), false);
});

test('inspectMaterial supplied key mismatch', async () => {
  const stranger = await issueCertificate({ subject: 'CN=stranger', profile: 'client' });
  const material = await read(pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  const keyMaterial = await read(stranger.privateKeyPem);
  const report = inspectMaterial(material, { extraKeys: keyMaterial.privateKeys });
  assert.equal(report.leafKey, 'mismatch');
  assert.equal(report.summary.status, 'error');
  assert.equal(report.summary.exitCode, 1);
});

test('inspectMaterial leaf expiring soon', async () => {
  const soon = await issueCertificate({ subject: 'CN=soon', profile: 'client', issuer: pki.intermediate, notAfter: new Date(Date.now() + 3 * day + 60_000) });
  const material = await read(soon.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
  const report = inspectMaterial(material, { warnDays: 7 });
  assert.equal(report.summary.status, 'expiring');
  assert.equal(report.summary.exitCode, 3);
  assert.equal(report.summary.leafDaysLeft, 3);
  assert.equal(inspectMaterial(material, { warnDays: 2 }).summary.exitCode, 0);
});

test('inspectMaterial key only', async () => {
  const report = inspectMaterial(await read(pki.leaf.privateKeyPem));
  assert.equal(report.leafKey, 'no-certificate');
  assert.equal(report.privateKeys.length, 1);
  assert.equal(report.summary.exitCode, 0);
});

for (const keyType of ['rsa-2048', 'ec-p256'] as const) {
  test(`inspectMaterial expired leaf ${keyType}`, async () => {
    const expired = await createTestPki({ keyType, leafNotBefore: new Date(Date.now() - 30 * day), leafNotAfter: new Date(Date.now() - 2 * day) });
    const report = inspectMaterial(await read(expired.leaf.certificatePem + expired.intermediate.certificatePem + expired.root.certificatePem));
    assert.equal(report.certificates[0]!.validity, 'expired');
    assert.equal(report.certificates[0]!.daysLeft, -2);
    assert.deepEqual(report.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code), ['CERT_EXPIRED']);
    assert.equal(report.summary.exitCode, 1);
  });

  test(`inspectMaterial not yet valid ${keyType}`, async () => {
    const future = await createTestPki({ keyType, leafNotBefore: new Date(Date.now() + 2 * day), leafNotAfter: new Date(Date.now() + 90 * day) });
    const report = inspectMaterial(await read(future.leaf.certificatePem + future.intermediate.certificatePem + future.root.certificatePem));
    assert.equal(report.certificates[0]!.validity, 'not-yet-valid');
    assert.deepEqual(report.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code), ['CERT_NOT_YET_VALID']);
    assert.equal(report.summary.exitCode, 1);
  });
}
