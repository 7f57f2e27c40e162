import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { runDoctor, type DoctorInputs } from '../../src/doctor/index.ts';
import { createUntrustedCa, type ClientCertificate } from '../../src/sandbox/index.ts';
import { codesOf, diagnosisOf } from './fixtures.ts';
import { bindAiCore, bindCertificate, startDoctorSession, writeFixture, writeIdentity } from './doctor-session.ts';

const session = await startDoctorSession();
after(() => session.stop());
const { sandbox } = session;
const day = 24 * 3600_000;
// Certificates are back-dated instead of moving the sandbox clock: the doctor judges validity by
// the local clock, and XSUAA's 10-minute rule accepts any DN-matching certificate younger than that.
const daysAgo = (days: number) => new Date(sandbox.clock.now().getTime() - days * day);

let counter = 0;
/** Binds `certificate` and returns the service key path plus the identity files of `presented`. */
async function scenario(certificate: ClientCertificate, pinning: boolean, presented: ClientCertificate = certificate) {
  counter += 1;
  const key = await bindCertificate(session, `doctor-${counter}`, certificate.chainPem, pinning);
  const serviceKey = await writeFixture(session, `key-${counter}.json`, key);
  const identity = await writeIdentity(session, `presented-${counter}`, presented);
  return { serviceKey, certificate: identity.cert, key: identity.key, credentials: key };
}

function doctor(inputs: DoctorInputs) {
  return runDoctor({ http: session.http, ...inputs });
}

function tokenRequests(): number {
  return sandbox.requestLog().filter((entry) => entry.service === 'xsuaa-cert').length;
}

test('bound certificate connects', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=doctor-happy, O=aicore-mtls tests, C=DE' });
  const files = await scenario(certificate, false);
  const report = await doctor(files);
  assert.deepEqual(codesOf(report), []);
  assert.equal(report.ok, true);
  assert.equal(report.online.connection?.ok, true);
  assert.deepEqual(report.online.connection?.hops.map((hop) => hop.name), ['token', 'resource-groups', 'scenarios']);
  assert.ok(report.passed.some((line) => line.startsWith('token: POST ')));
  assert.ok(report.passed.some((line) => line.startsWith('clock: ')));
  assert.ok(report.passed.some((line) => line.startsWith('certurl: certurl matches')));
});

test('token requested from url', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=doctor-url, O=aicore-mtls tests, C=DE' });
  const files = await scenario(certificate, false);
  const report = await doctor({ ...files, tokenUrl: String(files.credentials.url) });
  const diagnosis = diagnosisOf(report, 'TOKEN_URL_NOT_CERTURL');
  assert.ok(diagnosis.evidence.some((line) => line.includes('is the service key\'s "url"')), 'offline evidence');
  assert.ok(diagnosis.evidence.some((line) => line.includes('[ERR_XSUAA_TOKEN_URL_NOT_CERTURL]')), 'XSUAA answer');
  assert.match(diagnosis.fix, /mTLS Token Endpoint Alias/);
});

test('self-managed key without identity', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=doctor-keyless, O=aicore-mtls tests, C=DE' });
  const files = await scenario(certificate, false);
  const report = await doctor({ serviceKey: files.serviceKey });
  const diagnosis = diagnosisOf(report, 'CLIENT_CERTIFICATE_NOT_PRESENTED');
  assert.ok(diagnosis.evidence.some((line) => line.includes('has "certificate" but no "key"')));
  assert.ok(diagnosis.evidence.some((line) => line.includes('[ERR_XSUAA_CLIENT_IDENTITY_MISSING]')));
  assert.match(diagnosis.fix, /Save As/);
});

test('second certificate under pinning true', async () => {
  const subject = 'CN=doctor-pinned, O=aicore-mtls tests, C=DE';
  const first = await sandbox.issueClientCertificate({ subject, notBefore: daysAgo(2) });
  const second = await sandbox.issueClientCertificate({ subject, notBefore: daysAgo(1) });
  const files = await scenario(first, true, second);
  const parameters = await writeFixture(session, 'pinned-parameters.json', { xsuaa: { 'credential-type': 'x509', x509: { certificate: first.chainPem, 'certificate-pinning': true } } });
  const report = await doctor({ ...files, bindingParameters: parameters });
  const diagnosis = diagnosisOf(report, 'CLIENT_CERTIFICATE_REJECTED');
  assert.ok(diagnosis.evidence.some((line) => line.startsWith('likely cause: certificate-pinning true after a renewal')));
  assert.ok(diagnosis.evidence.some((line) => line.includes('[ERR_XSUAA_CLIENT_REJECTED]')));
  assert.match(diagnosis.fix, /re-import the current certificate into the STRUST identity/i);
  assert.equal(codesOf(report).includes('CERTIFICATE_DIFFERS_FROM_BINDING'), false, 'the prediction became the observed rejection');
});

test('renewed certificate not tested by default', async () => {
  const subject = 'CN=doctor-renewed, O=aicore-mtls tests, C=DE';
  const first = await sandbox.issueClientCertificate({ subject, notBefore: daysAgo(30) });
  const files = await scenario(first, false);
  const renewed = await sandbox.issueClientCertificate({ subject, notBefore: daysAgo(1) });
  const renewedFiles = await writeIdentity(session, 'renewed', renewed);
  const before = tokenRequests();

  const report = await doctor({ serviceKey: files.serviceKey, certificate: renewedFiles.cert, key: renewedFiles.key });
  assert.equal(tokenRequests(), before, 'no token request was sent');
  const diagnosis = diagnosisOf(report, 'RENEWED_CERTIFICATE_IN_USE');
  assert.ok(diagnosis.evidence.some((line) => line.startsWith('the token request was not sent')));
  assert.equal(report.online.connection, undefined);

  const tested = await doctor({ serviceKey: files.serviceKey, certificate: renewedFiles.cert, key: renewedFiles.key, testRenewedCertificate: true });
  assert.equal(tested.online.connection?.ok, true);
  assert.ok(diagnosisOf(tested, 'RENEWED_CERTIFICATE_IN_USE').evidence.some((line) => line.includes('XSUAA now rejects older certificates')));

  // The older certificate, still bound in the service key, is rejected from now on.
  const old = await doctor(files);
  const rejected = diagnosisOf(old, 'CLIENT_CERTIFICATE_REJECTED');
  assert.ok(rejected.evidence.some((line) => line.includes('a newer certificate with the same subject and issuer DN was used since')));
});

test('older certificate after newer', async () => {
  const subject = 'CN=doctor-older, O=aicore-mtls tests, C=DE';
  const older = await sandbox.issueClientCertificate({ subject, notBefore: daysAgo(30) });
  const newer = await sandbox.issueClientCertificate({ subject, notBefore: daysAgo(1) });
  const files = await scenario(newer, false, older);
  const report = await doctor(files);
  const diagnosis = diagnosisOf(report, 'CLIENT_CERTIFICATE_REJECTED');
  assert.ok(diagnosis.evidence.some((line) => line.startsWith('likely cause: an older certificate after a newer one')));
});

test('issuer changed after rotation', async () => {
  const subject = 'CN=doctor-rotated, O=aicore-mtls tests, C=DE';
  const before = await sandbox.issueClientCertificate({ subject, issuer: 'sap-cloud-platform-client-ca' });
  await sandbox.rotateDestinationIssuer({ landscape: 'doctor-eu20' });
  const after = await sandbox.issueClientCertificate({ subject, issuer: 'sap-cloud-platform-client-ca' });
  const files = await scenario(before, false, after);
  const report = await doctor(files);
  const diagnosis = diagnosisOf(report, 'CLIENT_CERTIFICATE_REJECTED');
  assert.ok(diagnosis.evidence.some((line) => line.startsWith('likely cause: the issuer changed') && line.includes('L=doctor-eu20')));
});

test('certificate from an untrusted CA', async () => {
  const bound = await sandbox.issueClientCertificate({ subject: 'CN=doctor-bound, O=aicore-mtls tests, C=DE' });
  const untrusted = await (await createUntrustedCa()).issue({ subject: 'CN=doctor-stranger, O=aicore-mtls tests, C=DE' });
  const files = await scenario(bound, false, untrusted);
  const report = await doctor(files);
  const ca = diagnosisOf(report, 'CLIENT_CA_NOT_TRUSTED');
  assert.match(ca.evidence[0]!, /Untrusted Root CA/);
  assert.match(ca.fix, /Destination service/);
  const rejected = diagnosisOf(report, 'CLIENT_CERTIFICATE_REJECTED');
  assert.ok(rejected.evidence.some((line) => line.startsWith('likely cause: another certificate')));
  assert.ok(rejected.evidence.some((line) => line.startsWith('possible cause (see CLIENT_CA_NOT_TRUSTED)')));
});

test('hidden bound certificate', async () => {
  const bound = await sandbox.issueClientCertificate({ subject: 'CN=doctor-hidden, O=aicore-mtls tests, C=DE' });
  const key = await bindAiCore(session, 'doctor-hidden', { xsuaa: { 'credential-type': 'x509', x509: { certificate: bound.chainPem, 'certificate-pinning': false, 'hide-certificate': true } } });
  assert.equal(key.certificate, undefined, 'the binding hides its certificate');
  const other = await sandbox.issueClientCertificate({ subject: 'CN=doctor-unbound, O=aicore-mtls tests, C=DE' });
  const files = await writeIdentity(session, 'unbound', other);
  const report = await doctor({ serviceKey: await writeFixture(session, 'hidden-key.json', key), certificate: files.cert, key: files.key });
  const diagnosis = diagnosisOf(report, 'CLIENT_CERTIFICATE_REJECTED');
  assert.ok(diagnosis.evidence.some((line) => line.startsWith("the binding's certificate is not known")));
});

test('expired certificate stops before the request', async () => {
  const subject = 'CN=doctor-expiring, O=aicore-mtls tests, C=DE';
  const now = sandbox.clock.now();
  const certificate = await sandbox.issueClientCertificate({ subject, notBefore: new Date(now.getTime() - 400 * day), notAfter: new Date(now.getTime() - day) });
  const files = await writeIdentity(session, 'expired', certificate);
  const bound = await sandbox.issueClientCertificate({ subject: 'CN=doctor-current, O=aicore-mtls tests, C=DE' });
  const { serviceKey } = await scenario(bound, false);
  const before = tokenRequests();
  const report = await doctor({ serviceKey, certificate: files.cert, key: files.key, now: () => sandbox.clock.now() });
  assert.equal(tokenRequests(), before);
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_EXPIRED');
  assert.ok(diagnosis.evidence.length >= 2, 'offline lint and the connection check both saw it');
});
