import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, test } from 'node:test';

import { runDoctor } from '../../src/doctor/index.ts';
import { createTestPki } from '../helpers/pki.ts';
import { closedPort } from '../s4/tls-server.ts';
import { codesOf, diagnosisOf } from './fixtures.ts';
import { bindAiCore, startDoctorSession, writeFixture } from './doctor-session.ts';

const session = await startDoctorSession();
after(() => session.stop());
const { sandbox } = session;
const sandboxRoot = new X509Certificate(sandbox.caCertificatePem).fingerprint256;
const otherRoot = (await createTestPki()).root.certificatePem;

const key = await bindAiCore(session, 'doctor-probe', { xsuaa: { 'credential-type': 'x509', x509: { 'key-length': 2048, validity: 7, 'validity-type': 'DAYS' } } });
const keyFile = await writeFixture(session, 'probe-key.json', key);
// Trusts nothing but Node's roots and ignores proxy variables.
const bareHttp = { environment: {}, retry: { maxRetries: 0 } };

test('roots served are in the ca file', async () => {
  const report = await runDoctor({ serviceKey: keyFile, probe: true, caCertificates: [sandbox.caCertificatePem], http: bareHttp });
  assert.deepEqual(codesOf(report), []);
  const servers = report.online.servers ?? [];
  assert.deepEqual(servers.map((server) => server.target).sort(), ['AI_API_URL', 'certurl']);
  for (const server of servers) {
    assert.equal(server.root.fingerprint256, sandboxRoot);
    assert.equal(server.inGivenRoots, true);
    assert.equal(server.verified, true);
  }
  assert.ok(report.passed.some((line) => line.startsWith('certurl host') && line.includes('identity PSE')));
  assert.ok(report.passed.some((line) => line.startsWith('AI_API_URL host') && line.includes('DFAULT')));
});

test('roots missing from the ca file', async () => {
  const report = await runDoctor({ serviceKey: keyFile, probe: true, caCertificates: [otherRoot], http: session.http });
  const certurl = diagnosisOf(report, 'ROOT_MISSING_CERTURL');
  assert.ok(certurl.evidence.some((line) => line.includes(`(SHA-256 ${sandboxRoot}); it belongs in the identity PSE that OA2C_CONFIG selects`)));
  assert.ok(certurl.evidence.some((line) => line === 'the root is not among the certificates of --ca-file'));
  assert.match(certurl.fix, /STRUST .*Add to Certificate List/);
  const aiApi = diagnosisOf(report, 'ROOT_MISSING_AI_API');
  assert.ok(aiApi.evidence.some((line) => line.includes('it belongs in DFAULT')));
  assert.match(aiApi.fix, /DFAULT/);
  assert.equal(report.online.connection?.ok, true, 'the connection itself trusts the sandbox');
});

test('roots untrusted on the workstation', async () => {
  const report = await runDoctor({ serviceKey: keyFile, probe: true, http: bareHttp });
  const certurl = diagnosisOf(report, 'ROOT_MISSING_CERTURL');
  assert.ok(certurl.evidence.some((line) => /does not trust that root either \(OpenSSL: UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT_LOCALLY)\)/.test(line)));
  assert.ok(certurl.evidence.some((line) => line.includes('"CN=aicore-mtls sandbox TLS Root CA')));
  assert.ok(codesOf(report).includes('ROOT_MISSING_AI_API'));
  assert.ok(codesOf(report).includes('SERVER_UNTRUSTED'), 'the token request fails the same way');
  assert.equal(report.online.servers?.[0]?.verified, false);
});

test('probe of an unreachable host', async () => {
  const unreachable = { ...key, serviceurls: { AI_API_URL: `https://127.0.0.1:${await closedPort()}` } };
  const report = await runDoctor({ serviceKey: await writeFixture(session, 'unreachable.json', unreachable), probe: true, http: session.http, probeTimeoutMs: 2000 });
  const diagnosis = diagnosisOf(report, 'NETWORK_UNREACHABLE');
  assert.ok(diagnosis.evidence.some((line) => line.startsWith('AI_API_URL: TLS probe of 127.0.0.1:') && line.includes('ECONNREFUSED')));
});
