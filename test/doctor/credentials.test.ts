import assert from 'node:assert/strict';
import { test } from 'node:test';

import { normalizeTokenUrl, runDoctor } from '../../src/doctor/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { clientid, codesOf, diagnosisOf, writeTo, x509ServiceKey } from './fixtures.ts';

const folder = await createTempDir('aicore-mtls-doctor-key-');

async function doctorOnKey(name: string, key: Record<string, unknown> | string, extra: Record<string, unknown> = {}) {
  const path = await writeTo(folder, name, key);
  return runDoctor({ serviceKey: path, offline: true, ...extra });
}

test('key without clientid', async () => {
  const { clientid: _omitted, ...key } = x509ServiceKey();
  const report = await doctorOnKey('no-clientid.json', key);
  const diagnosis = diagnosisOf(report, 'CLIENT_ID_MISSING');
  assert.match(diagnosis.evidence[0]!, /no "clientid"/);
  assert.match(diagnosis.fix, /OA2C_CONFIG/);
  assert.equal(report.ok, false);
});

test('key with empty clientid', async () => {
  const report = await doctorOnKey('empty-clientid.json', x509ServiceKey({ clientid: '  ' }));
  assert.deepEqual(codesOf(report), ['CLIENT_ID_MISSING']);
});

test('secret key where x509 is needed', async () => {
  const report = await doctorOnKey('secret.json', { clientid, clientsecret: 'not-a-real-secret-5521', url: 'https://127.0.0.1:9', serviceurls: { AI_API_URL: 'https://127.0.0.1:7' } });
  const diagnosis = diagnosisOf(report, 'CREDENTIALS_SECRET_ONLY');
  assert.match(diagnosis.evidence[0]!, /binding-secret/);
  assert.match(diagnosis.fix, /"credential-type":"x509"/);
  assert.match(diagnosis.fix, /OA2C_CONFIG/);
  assert.doesNotMatch(JSON.stringify(report), /not-a-real-secret-5521/);
});

test('x509_attested key', async () => {
  const report = await doctorOnKey('attested.json', x509ServiceKey({ 'credential-type': 'X509_ATTESTED' }));
  const diagnosis = diagnosisOf(report, 'CREDENTIALS_X509_ATTESTED');
  assert.match(diagnosis.evidence[0]!, /ERR_CREDENTIALS_X509_ATTESTED/);
  assert.match(diagnosis.fix, /credential-type "x509"/);
});

test('x509 key without certurl', async () => {
  const { certurl: _omitted, ...key } = x509ServiceKey({ url: 'https://acme-prod.authentication.eu10.hana.ondemand.com' });
  const report = await doctorOnKey('no-certurl.json', key);
  const diagnosis = diagnosisOf(report, 'CERTURL_MISSING');
  assert.ok(diagnosis.evidence.some((line) => line.includes('https://acme-prod.authentication.cert.eu10.hana.ondemand.com')));
  assert.match(diagnosis.fix, /mTLS Token Endpoint Alias/);
});

test('key of another service', async () => {
  const { serviceurls: _omitted, ...key } = x509ServiceKey();
  const report = await doctorOnKey('xsuaa-key.json', key);
  const diagnosis = diagnosisOf(report, 'SERVICE_KEY_NOT_AICORE');
  assert.match(diagnosis.evidence[0]!, /XSUAA credentials/);
  assert.match(diagnosis.fix, /SM59/);
});

test('key that is not JSON', async () => {
  const report = await doctorOnKey('broken.json', '{"clientid": "x",\n  "url": https://example }\n');
  const diagnosis = diagnosisOf(report, 'SERVICE_KEY_INVALID');
  assert.match(diagnosis.evidence[0]!, /line 2/);
  assert.equal(report.online.ran, false);
});

test('token url is the key url', async () => {
  const report = await doctorOnKey('token-url.json', x509ServiceKey(), { tokenUrl: '127.0.0.1:9/oauth/token' });
  const diagnosis = diagnosisOf(report, 'TOKEN_URL_NOT_CERTURL');
  assert.match(diagnosis.evidence[0]!, /is the service key's "url"/);
  assert.match(diagnosis.fix, /Client Authentication to "Client Certificate"/);
});

test('token url equal to certurl passes', async () => {
  const report = await doctorOnKey('token-certurl.json', x509ServiceKey(), { tokenUrl: 'https://localhost:9/oauth/token' });
  assert.equal(codesOf(report).includes('TOKEN_URL_NOT_CERTURL'), false);
  assert.ok(report.passed.some((line) => line.startsWith('token endpoint: --token-url https://localhost:9')));
});

test('x509 key without certificate or key', async () => {
  const report = await doctorOnKey('bare-x509.json', x509ServiceKey());
  const diagnosis = diagnosisOf(report, 'CLIENT_CERTIFICATE_NOT_PRESENTED');
  assert.match(diagnosis.evidence[0]!, /without "certificate" and "key"/);
  assert.match(diagnosis.fix, /STRUST/);
});

test('offline run sends nothing', async () => {
  const report = await doctorOnKey('offline.json', x509ServiceKey());
  assert.equal(report.online.ran, false);
  assert.deepEqual(report.online.skipped, ['--offline: no network check ran']);
});

test('missing service key file', async () => {
  await assert.rejects(runDoctor({ serviceKey: `${folder}/absent.json`, offline: true }), { code: 'ERR_NOT_FOUND' });
});

test('no input is a usage error', async () => {
  await assert.rejects(runDoctor({ offline: true }), { code: 'ERR_USAGE', message: /nothing to check/ });
});

test('probe with offline is a usage error', async () => {
  const path = await writeTo(folder, 'probe.json', x509ServiceKey());
  await assert.rejects(runDoctor({ serviceKey: path, probe: true, offline: true }), { code: 'ERR_USAGE', message: /--offline/ });
});

test('token url normalisation', () => {
  assert.equal(normalizeTokenUrl('my-sub.authentication.cert.eu10.hana.ondemand.com/oauth/token'), 'https://my-sub.authentication.cert.eu10.hana.ondemand.com');
  assert.equal(normalizeTokenUrl('https://host.example:8443/'), 'https://host.example:8443');
  assert.throws(() => normalizeTokenUrl('http://host.example/oauth/token'), { code: 'ERR_USAGE', message: /https/ });
});
