import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, test } from 'node:test';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { certificateToken, serviceManager, startTestSandbox, uniqueName } from './helpers.ts';

let sandbox: Sandbox;
let sm: Awaited<ReturnType<typeof serviceManager>>;

before(async () => {
  sandbox = await startTestSandbox();
  sm = await serviceManager(sandbox);
});

const generated = (x509: Record<string, unknown>) => ({ xsuaa: { 'credential-type': 'x509', x509 } });

test('generated credential has certificate and key', async () => {
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('generated'), generated({ 'key-length': 2048, validity: 7, 'validity-type': 'DAYS' }));
  const credentials = binding.credentials;
  assert.equal(credentials['credential-type'], 'x509');
  assert.match(credentials.key, /^-----BEGIN RSA PRIVATE KEY-----/);
  const blocks = credentials.certificate.match(/-----BEGIN CERTIFICATE-----/g);
  assert.equal(blocks.length, 3);

  const leaf = new X509Certificate(credentials.certificate);
  assert.match(leaf.issuer, /CN=SAP PKI Certificate Service Client CA/);
  assert.match(leaf.subject, /L=sap-uaa/);
  const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000;
  assert.equal(days, 7);
  assert.ok(Math.abs(Date.parse(leaf.validFrom) - sandbox.clock.now().getTime()) < 60_000, 'notBefore is the sandbox time');
});

test('generated credential gets a token', async () => {
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('generated-token'), generated({}));
  const result = await certificateToken(sandbox, binding.credentials, binding.credentials.certificate, binding.credentials.key);
  assert.equal(result.status, 200);
});

test('generated validity over 30 days', async () => {
  const result = await sm.post('/v1/service_bindings?async=false', {
    name: uniqueName('long'),
    service_instance_id: sandbox.aicoreInstanceId,
    parameters: generated({ validity: 31 }),
  });
  assert.equal(result.status, 400);
  assert.equal(result.json.error, 'BadRequest');
  assert.match(result.json.description, /x509\.validity 31/);
});

test('generated validity-type MONTHS', async () => {
  const result = await sm.post('/v1/service_bindings?async=false', {
    name: uniqueName('months'),
    service_instance_id: sandbox.aicoreInstanceId,
    parameters: generated({ validity: 1, 'validity-type': 'MONTHS' }),
  });
  assert.equal(result.status, 400);
  assert.match(result.json.description, /accepts only "DAYS"/);
});

test('generated key-length 1024', async () => {
  const result = await sm.post('/v1/service_bindings?async=false', {
    name: uniqueName('short-key'),
    service_instance_id: sandbox.aicoreInstanceId,
    parameters: generated({ 'key-length': 1024 }),
  });
  assert.equal(result.status, 400);
  assert.match(result.json.description, /key-length 1024/);
});

test('generated credential expires on clock', async () => {
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('expiry'), generated({ validity: 1 }));
  sandbox.clock.advance(25 * 3_600_000);
  const result = await certificateToken(sandbox, binding.credentials, binding.credentials.certificate, binding.credentials.key);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /expired/);
});
