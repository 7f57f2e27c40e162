import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildBindingParameters, serializeBindingParameters } from '../../src/binding/index.ts';
import { runDoctor } from '../../src/doctor/index.ts';
import { issueCertificate } from '../../src/x509/certificate-authority.ts';
import { createTestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { codesOf, diagnosisOf, writeTo } from './fixtures.ts';

const folder = await createTempDir('aicore-mtls-doctor-params-');
const pki = await createTestPki();
const chainPem = pki.leaf.certificatePem + pki.intermediate.certificatePem;
const ders = [pki.leaf.certificate, pki.intermediate.certificate].map((certificate) => new Uint8Array(certificate.rawData));
const clean = serializeBindingParameters(buildBindingParameters({ certificates: ders, service: 'aicore', pinning: false }));

async function doctorOnParameters(name: string, content: string | Uint8Array) {
  return runDoctor({ bindingParameters: await writeTo(folder, name, content), offline: true });
}

test('clean parameters pass', async () => {
  const report = await doctorOnParameters('clean.json', clean);
  assert.deepEqual(codesOf(report), ['CLIENT_CA_NOT_TRUSTED']);
  assert.ok(report.passed.some((line) => line.includes('credential-type x509 under "xsuaa"') && line.includes('certificate-pinning false')));
  assert.ok(report.passed.some((line) => line.includes('certificate escaped once')));
});

test('top-level credential-type', async () => {
  const report = await doctorOnParameters('top-level.json', JSON.stringify({ 'credential-type': 'x509', x509: { certificate: chainPem, 'certificate-pinning': false } }));
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_WRONG_LEVEL');
  assert.ok(diagnosis.evidence.some((line) => line.includes('the x509 parameters are at the top level, but SAP AI Core reads them under "xsuaa"')));
  assert.ok(diagnosis.evidence.some((line) => line.includes('the "xsuaa" wrapper is missing')));
  assert.match(diagnosis.fix, /\{"xsuaa":\{"credential-type":"x509"/);
});

test('x509 block without xsuaa wrapper', async () => {
  const report = await doctorOnParameters('unwrapped.json', JSON.stringify({ x509: { certificate: chainPem } }));
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_WRONG_LEVEL');
  assert.match(diagnosis.evidence[0]!, /reads them under "xsuaa"/);
  assert.ok(diagnosisOf(report, 'BINDING_PARAMETERS_INVALID').evidence.some((line) => line.includes('"credential-type" is missing')));
});

test('parameters with a private key', async () => {
  const report = await doctorOnParameters('with-key.json', JSON.stringify({ xsuaa: { 'credential-type': 'x509', x509: { certificate: chainPem, key: 'redacted', 'certificate-pinning': false } } }));
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_INVALID');
  assert.ok(diagnosis.evidence.some((line) => line.includes('must never carry a private key')));
  assert.match(diagnosis.fix, /binding params/);
});

test('multi-line certificate string', async () => {
  const report = await doctorOnParameters('multi-line.json', `{"xsuaa":{"credential-type":"x509","x509":{"certificate":"${chainPem}"}}}`);
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_INVALID');
  assert.match(diagnosis.evidence[0]!, /not valid JSON: line 1, column \d+: a line break inside a string/);
});

test('byte order mark', async () => {
  const report = await doctorOnParameters('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(clean)]));
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_BOM');
  assert.match(diagnosis.evidence[0]!, /UTF-8 byte order mark/);
  assert.match(diagnosis.fix, /UTF-8 without BOM/);
});

test('UTF-16 parameters file', async () => {
  const report = await doctorOnParameters('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean, 'utf16le')]));
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_BOM');
  assert.match(diagnosis.evidence[0]!, /UTF-16LE/);
});

test('CRLF line endings', async () => {
  const report = await doctorOnParameters('crlf.json', clean.replace(/\n/g, '\r\n'));
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_CRLF');
  assert.match(diagnosis.evidence[0]!, /line\(s\) end with CRLF/);
  assert.match(diagnosis.fix, /LF only/);
});

test('CRLF inside the certificate string', async () => {
  const parameters = { xsuaa: { 'credential-type': 'x509', x509: { certificate: chainPem.replace(/\n/g, '\r\n'), 'certificate-pinning': false } } };
  const report = await doctorOnParameters('crlf-certificate.json', JSON.stringify(parameters));
  const diagnosis = diagnosisOf(report, 'BINDING_PARAMETERS_CRLF');
  assert.match(diagnosis.evidence[0]!, /certificate string contains \d+ carriage return/);
});

test('doubly escaped newlines', async () => {
  const report = await doctorOnParameters('double.json', clean.replace(/\\n/g, '\\\\n'));
  const diagnosis = diagnosisOf(report, 'BINDING_CERTIFICATE_DOUBLE_ESCAPED');
  assert.match(diagnosis.evidence[0]!, /still contains \d+ literal "\\n" sequence/);
  assert.match(diagnosis.fix, /exactly once/);
  assert.equal(codesOf(report).includes('BINDING_PARAMETERS_INVALID'), false, 'the certificate still reads after repair');
});

// Comparison of a presented certificate with the one in the binding parameters.

async function compare(presented: string, bound: string, pinning: boolean | undefined, key: string) {
  const x509: Record<string, unknown> = { certificate: bound };
  if (pinning !== undefined) x509['certificate-pinning'] = pinning;
  const parameters = await writeTo(folder, `bound-${Math.random().toString(36).slice(2)}.json`, JSON.stringify({ xsuaa: { 'credential-type': 'x509', x509 } }));
  const certificate = await writeTo(folder, `presented-${Math.random().toString(36).slice(2)}.pem`, presented);
  const keyFile = await writeTo(folder, `presented-${Math.random().toString(36).slice(2)}.key`, key);
  return runDoctor({ bindingParameters: parameters, certificate, key: keyFile, offline: true });
}

const subject = 'CN=islm-client, O=aicore-mtls tests, C=DE';
const day = 24 * 3600_000;
const issue = (notBefore: Date, issuer = pki.intermediate) =>
  issueCertificate({ subject, profile: 'client', issuer, keyType: 'ec-p256', notBefore, notAfter: new Date(notBefore.getTime() + 365 * day) });
const older = await issue(new Date(Date.now() - 30 * day));
const newer = await issue(new Date(Date.now() - day));
const chainOf = (leaf: { certificatePem: string }) => leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem;

test('another certificate than bound', async () => {
  const report = await compare(chainPem + pki.root.certificatePem, chainOf(newer), false, pki.leaf.privateKeyPem);
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_DIFFERS_FROM_BINDING');
  assert.match(diagnosis.evidence[0]!, /^another certificate: /);
  assert.match(diagnosis.fix, /OA2C_CONFIG → OAuth 2.0 Client ID/);
});

test('issuer changed since binding', async () => {
  const other = await createTestPki({ leafSubject: subject });
  const renamedCa = await issueCertificate({ subject: 'CN=Test Client CA 2, O=aicore-mtls tests, C=DE', profile: 'intermediate-ca', issuer: other.root, keyType: 'ec-p256' });
  const moved = await issue(new Date(), renamedCa);
  const report = await compare(moved.certificatePem + renamedCa.certificatePem + other.root.certificatePem, chainOf(newer), false, moved.privateKeyPem);
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_DIFFERS_FROM_BINDING');
  assert.match(diagnosis.evidence[0]!, /^the issuer changed: .*Test Client CA 2/);
});

test('older certificate after newer', async () => {
  const report = await compare(chainOf(older), chainOf(newer), false, older.privateKeyPem);
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_DIFFERS_FROM_BINDING');
  assert.match(diagnosis.evidence[0]!, /^an older certificate after a newer one: /);
});

test('renewal under pinning true', async () => {
  const report = await compare(chainOf(newer), chainOf(older), true, newer.privateKeyPem);
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_DIFFERS_FROM_BINDING');
  assert.match(diagnosis.evidence[0]!, /^certificate-pinning true after a renewal: .*certificate-pinning is true \(binding parameters/);
});

test('renewal under default pinning', async () => {
  const report = await compare(chainOf(newer), chainOf(older), undefined, newer.privateKeyPem);
  const diagnosis = diagnosisOf(report, 'CERTIFICATE_DIFFERS_FROM_BINDING');
  assert.match(diagnosis.evidence[0]!, /XSUAA's default, because binding parameters/);
});

test('renewal under pinning false', async () => {
  const report = await compare(chainOf(newer), chainOf(older), false, newer.privateKeyPem);
  const diagnosis = diagnosisOf(report, 'RENEWED_CERTIFICATE_IN_USE');
  assert.equal(diagnosis.severity, 'warning');
  assert.match(diagnosis.evidence[0]!, /^a renewal: .*XSUAA accepts it and then rejects older certificates/);
  assert.match(diagnosis.fix, /STRUST/);
  assert.equal(codesOf(report).includes('CERTIFICATE_DIFFERS_FROM_BINDING'), false);
});

test('bound certificate presented', async () => {
  const report = await compare(chainOf(newer), chainOf(newer), false, newer.privateKeyPem);
  assert.deepEqual(codesOf(report), ['CLIENT_CA_NOT_TRUSTED']);
  assert.deepEqual(
    diagnosisOf(report, 'CLIENT_CA_NOT_TRUSTED').evidence.map((line) => line.split(':')[0]),
    [`the certificate in binding parameters "${report.inputs['--binding-params']}"`],
    'the bound certificate is judged once, as the binding parameters\' certificate',
  );
  assert.ok(report.passed.some((line) => line.startsWith('binding: the certificate presented is the certificate in the binding')));
});
