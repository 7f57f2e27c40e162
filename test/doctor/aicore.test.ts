import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { runDoctor } from '../../src/doctor/index.ts';
import { startSandbox } from '../../src/sandbox/index.ts';
import { codesOf, diagnosisOf } from './fixtures.ts';
import { bindAiCore, startDoctorSession, writeFixture } from './doctor-session.ts';

const session = await startDoctorSession();
after(() => session.stop());
const { sandbox } = session;

// An XSUAA-generated x509 binding: the service key carries certificate and key.
const generatedKey = await bindAiCore(session, 'doctor-generated', { xsuaa: { 'credential-type': 'x509', x509: { 'key-length': 2048, validity: 7, 'validity-type': 'DAYS' } } });
const generatedKeyFile = await writeFixture(session, 'generated-key.json', generatedKey);

test('generated x509 key connects', async () => {
  const report = await runDoctor({ serviceKey: generatedKeyFile, http: session.http });
  assert.deepEqual(codesOf(report), []);
  assert.equal(report.online.connection?.scenarioCount !== undefined, true);
});

test('unknown resource group', async () => {
  const report = await runDoctor({ serviceKey: generatedKeyFile, http: session.http, resourceGroup: 'islm-missing' });
  const diagnosis = diagnosisOf(report, 'AICORE_RESOURCE_GROUP_NOT_FOUND');
  assert.match(diagnosis.evidence[0]!, /lists default/);
  assert.match(diagnosis.fix, /ISLM_REUSE_CFGV/);
  assert.equal(report.online.connection?.ok, false);
});

test('token of another service is forbidden', async () => {
  // The Destination instance's client with the AI API URL: a clientid of another binding.
  const mixed = { ...sandbox.destinationServiceKey, serviceurls: { AI_API_URL: sandbox.urls.aiApi } };
  const report = await runDoctor({ serviceKey: await writeFixture(session, 'mixed-key.json', mixed), http: session.http });
  const forbidden = diagnosisOf(report, 'AICORE_FORBIDDEN');
  assert.match(forbidden.evidence[0]!, /ERR_AICORE_FORBIDDEN/);
  assert.match(forbidden.fix, /service plan/);
  assert.ok(codesOf(report).includes('CREDENTIALS_SECRET_ONLY'));
  assert.doesNotMatch(JSON.stringify(report), new RegExp(String(sandbox.destinationServiceKey.clientsecret).replace(/[$.*+?()[\]{}|\\^]/g, '\\$&')));
});

test('token of another subaccount is unauthorized', async () => {
  const other = await startSandbox({ port: 0 });
  after(() => other.stop());
  const foreign = { ...generatedKey, serviceurls: { AI_API_URL: other.urls.aiApi } };
  const http = { ...session.http, extraCaCertificates: [sandbox.caCertificatePem, other.caCertificatePem] };
  const report = await runDoctor({ serviceKey: await writeFixture(session, 'foreign-key.json', foreign), http });
  const diagnosis = diagnosisOf(report, 'AICORE_UNAUTHORIZED');
  assert.match(diagnosis.evidence[0]!, /ERR_AICORE_UNAUTHORIZED/);
  assert.match(diagnosis.fix, /same SAP AI Core binding/);
});

test('workstation clock ahead of XSUAA', async () => {
  const report = await runDoctor({ serviceKey: generatedKeyFile, http: session.http, now: () => new Date(Date.now() + 5 * 60_000) });
  const diagnosis = diagnosisOf(report, 'CLOCK_SKEW');
  assert.equal(diagnosis.severity, 'warning');
  assert.match(diagnosis.evidence[0]!, /is (299|300|301) s ahead of the Date header/);
  assert.match(diagnosis.meaning, /notBefore/);
  assert.match(diagnosis.fix, /NTP/);
  assert.ok(Math.abs((report.online.clock?.skewSeconds ?? 0) - 300) <= 2);
});

test('certurl other than published', async () => {
  const renamed = { ...generatedKey, certurl: String(generatedKey.certurl).replace('127.0.0.1', 'localhost') };
  const report = await runDoctor({ serviceKey: await writeFixture(session, 'renamed-certurl.json', renamed), http: session.http });
  const diagnosis = diagnosisOf(report, 'CERTURL_MISMATCH');
  assert.match(diagnosis.evidence[0]!, /but XSUAA publishes https:\/\/127\.0\.0\.1:\d+\/oauth\/token/);
  assert.match(diagnosis.fix, /mTLS Token Endpoint Alias/);
});

test('AI Core unavailable', async () => {
  sandbox.faults.add({ service: 'aicore', kind: 'status', status: 503, count: 'always' });
  after(() => sandbox.faults.clear());
  const report = await runDoctor({ serviceKey: generatedKeyFile, http: session.http });
  sandbox.faults.clear();
  const diagnosis = diagnosisOf(report, 'CHECK_FAILED');
  assert.match(diagnosis.evidence[0]!, /status 503/);
});
