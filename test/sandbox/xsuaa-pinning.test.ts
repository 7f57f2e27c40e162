import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { certificateToken, serviceManager, startTestSandbox, uniqueName, x509Parameters } from './helpers.ts';

let sandbox: Sandbox;
let sm: Awaited<ReturnType<typeof serviceManager>>;

before(async () => {
  sandbox = await startTestSandbox();
  sm = await serviceManager(sandbox);
});

const minute = 60_000;

test('pinning true accepts the exact certificate', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=pinned, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('pinned'), x509Parameters(certificate, { 'certificate-pinning': true }));
  const result = await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem);
  assert.equal(result.status, 200);
});

test('pinning true rejects a renewed certificate', async () => {
  const subject = 'CN=pinned-renewed, O=Tests, C=DE';
  const certificate = await sandbox.issueClientCertificate({ subject });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('pinned'), x509Parameters(certificate));
  const renewed = await sandbox.issueClientCertificate({ subject, notBefore: new Date(sandbox.clock.now().getTime() + 1000) });
  sandbox.clock.advance(2000);
  const result = await certificateToken(sandbox, binding.credentials, renewed.chainPem, renewed.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /is not the certificate pinned by binding/);
});

test('pinning false accepts a newer certificate', async () => {
  const subject = 'CN=unpinned-newer, O=Tests, C=DE';
  const certificate = await sandbox.issueClientCertificate({ subject });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('unpinned'), x509Parameters(certificate, { 'certificate-pinning': false }));
  assert.equal((await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem)).status, 200);

  sandbox.clock.advance(60 * minute);
  const renewed = await sandbox.issueClientCertificate({ subject });
  const result = await certificateToken(sandbox, binding.credentials, renewed.chainPem, renewed.privateKeyPem);
  assert.equal(result.status, 200);
});

test('pinning false rejects older after newer', async () => {
  const subject = 'CN=unpinned-older, O=Tests, C=DE';
  const old = await sandbox.issueClientCertificate({ subject });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('older'), x509Parameters(old, { 'certificate-pinning': false }));
  sandbox.clock.advance(30 * minute);
  const renewed = await sandbox.issueClientCertificate({ subject });
  assert.equal((await certificateToken(sandbox, binding.credentials, renewed.chainPem, renewed.privateKeyPem)).status, 200);

  const result = await certificateToken(sandbox, binding.credentials, old.chainPem, old.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /before the newest certificate already accepted/);
});

test('pinning false older accepted before newer used', async () => {
  const subject = 'CN=unpinned-unused, O=Tests, C=DE';
  const old = await sandbox.issueClientCertificate({ subject });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('unused'), x509Parameters(old, { 'certificate-pinning': false }));
  sandbox.clock.advance(30 * minute);
  await sandbox.issueClientCertificate({ subject });
  const result = await certificateToken(sandbox, binding.credentials, old.chainPem, old.privateKeyPem);
  assert.equal(result.status, 200);
});

test('pinning false ten-minute rule', async () => {
  const subject = 'CN=unpinned-fresh, O=Tests, C=DE';
  const start = sandbox.clock.now().getTime();
  const registered = await sandbox.issueClientCertificate({ subject, notBefore: new Date(start - 60 * minute) });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('fresh'), x509Parameters(registered, { 'certificate-pinning': false }));

  // Two certificates from the last ten minutes: B (issued 5 min ago) is used after C (2 min ago).
  const b = await sandbox.issueClientCertificate({ subject, notBefore: new Date(start - 5 * minute) });
  const c = await sandbox.issueClientCertificate({ subject, notBefore: new Date(start - 2 * minute) });
  assert.equal((await certificateToken(sandbox, binding.credentials, c.chainPem, c.privateKeyPem)).status, 200);
  const fresh = await certificateToken(sandbox, binding.credentials, b.chainPem, b.privateKeyPem);
  assert.equal(fresh.status, 200, 'older than the stored date but issued less than 10 minutes ago');

  sandbox.clock.advance(6 * minute);
  const stale = await certificateToken(sandbox, binding.credentials, b.chainPem, b.privateKeyPem);
  assert.equal(stale.status, 401, 'eleven minutes old and older than the stored date');
});

test('pinning false rejects another issuer DN', async () => {
  const subject = 'CN=issuer-change, O=Tests, C=DE';
  const certificate = await sandbox.issueClientCertificate({ subject });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('issuer'), x509Parameters(certificate, { 'certificate-pinning': false }));
  sandbox.clock.advance(minute);
  const otherIssuer = await sandbox.issueClientCertificate({ subject, issuer: 'digicert-sha2-secure-server-ca' });
  const result = await certificateToken(sandbox, binding.credentials, otherIssuer.chainPem, otherIssuer.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /issuer .* differs from the registered issuer/);
});

test('rotated issuer with new DN breaks pinning false', async () => {
  const subject = 'CN=rotation, O=Tests, C=DE';
  const certificate = await sandbox.issueClientCertificate({ subject, issuer: 'sap-cloud-platform-client-ca' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('rotation'), x509Parameters(certificate, { 'certificate-pinning': false }));

  await sandbox.rotateDestinationIssuer();
  sandbox.clock.advance(minute);
  const sameDn = await sandbox.issueClientCertificate({ subject, issuer: 'sap-cloud-platform-client-ca' });
  assert.equal((await certificateToken(sandbox, binding.credentials, sameDn.chainPem, sameDn.privateKeyPem)).status, 200, 're-issued CA with the same DN');

  await sandbox.rotateDestinationIssuer({ landscape: 'sandbox-2030' });
  sandbox.clock.advance(minute);
  const newDn = await sandbox.issueClientCertificate({ subject, issuer: 'sap-cloud-platform-client-ca' });
  const result = await certificateToken(sandbox, binding.credentials, newDn.chainPem, newDn.privateKeyPem);
  assert.equal(result.status, 401, 're-issued CA with a new DN');
});

test('documented root stand-ins are trusted', async () => {
  for (const issuer of ['digicert-global-root-g2', 'sap-global-root-ca', 'entrust-root-g2', 'digicert-sha2-secure-server-ca'] as const) {
    const certificate = await sandbox.issueClientCertificate({ subject: `CN=${issuer}-client, O=Tests, C=DE`, issuer });
    const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName(issuer), x509Parameters(certificate));
    const result = await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem);
    assert.equal(result.status, 200, issuer);
  }
});

test('custom trusted roots replace defaults', async () => {
  const strict = await startTestSandbox({ trustedRoots: [sandbox.trustedRootsPem[0]!] });
  const strictSm = await serviceManager(strict);
  const sap = await strict.issueClientCertificate({ subject: 'CN=sap-root, O=Tests, C=DE', issuer: 'sap-cloud-platform-client-ca' });
  const rejected = await strictSm.post('/v1/service_bindings?async=false', { name: 'sap-root', service_instance_id: strict.aicoreInstanceId, parameters: x509Parameters(sap) });
  assert.equal(rejected.status, 400);
  assert.match(rejected.json.description, /not a trusted CA/);
});
