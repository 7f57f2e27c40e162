import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import { exitCodeForDiagnosis } from '../../src/check/classify-failure.ts';
import { runConnectionCheck } from '../../src/check/connection-check.ts';
import { credentialsFromObject, type ServiceCredentials } from '../../src/credentials/index.ts';
import { startTestSandbox } from '../setup/helpers.ts';
import { sandboxHttp } from '../setup/inventory.ts';
import { prepareCheckFixture } from './helpers.ts';

const sandbox = await startTestSandbox();
const fixture = await prepareCheckFixture(sandbox, 'library.pem');
const http = sandboxHttp(sandbox);
const x509 = credentialsFromObject(fixture.serviceKey, 'aicore-service-key.json', { service: 'aicore' });
const day = 24 * 3600_000;

/** Creates a client-secret binding of the sandbox AI Core instance, the kind ISLM uses before the switch to mTLS. */
async function secretCredentials(): Promise<ServiceCredentials> {
  const client = createServiceManagerClient({
    credentials: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }),
    http,
    cache: false,
    poll: { initialDelayMs: 50 },
  });
  try {
    const binding = await client.createBinding({ name: 'library-secret', serviceInstanceId: sandbox.aicoreInstanceId });
    return credentialsFromObject(binding.credentials, 'binding "library-secret"', { service: 'aicore' });
  } finally {
    await client.close();
  }
}

test('check with x509 key succeeds', async () => {
  const result = await runConnectionCheck({ credentials: x509, http, resourceGroup: 'default' });

  assert.equal(result.ok, true, result.diagnosis?.code);
  assert.equal(result.authentication, 'certificate');
  assert.match(result.identity?.subject ?? '', /CN=library/);
  assert.deepEqual(result.resourceGroups, ['default']);
  assert.ok((result.scenarioCount ?? 0) > 0, 'scenarios counted');
});

test('check with client secret succeeds', async () => {
  const credentials = await secretCredentials();
  const result = await runConnectionCheck({ credentials, http, resourceGroup: 'default' });

  assert.equal(result.ok, true, result.diagnosis?.code);
  assert.equal(result.authentication, 'secret');
  assert.equal(result.identity, undefined);

  const wrong = await runConnectionCheck({ credentials: { ...credentials, clientsecret: 'not-the-secret' }, http, resourceGroup: 'default' });
  assert.equal(wrong.diagnosis?.code, 'CLIENT_SECRET_REJECTED');
  assert.equal(exitCodeForDiagnosis(wrong.diagnosis!.code), 5);
});

test('check names expiry before requests', async () => {
  const notAfter = new Date(fixture.result.state.certificate!.notAfter);
  const started = sandbox.requestLog().length;
  const result = await runConnectionCheck({ credentials: x509, http, resourceGroup: 'default', now: () => new Date(notAfter.getTime() + day) });

  assert.equal(result.ok, false);
  assert.equal(result.diagnosis?.code, 'CERTIFICATE_EXPIRED');
  assert.equal(exitCodeForDiagnosis('CERTIFICATE_EXPIRED'), 10);
  assert.deepEqual(result.hops, []);
  assert.equal(sandbox.requestLog().length, started);
});

test('check names not-yet-valid certificate', async () => {
  const notBefore = new Date(fixture.result.state.certificate!.notBefore);
  const result = await runConnectionCheck({ credentials: x509, http, resourceGroup: 'default', now: () => new Date(notBefore.getTime() - day) });

  assert.equal(result.diagnosis?.code, 'CERTIFICATE_NOT_YET_VALID');
  assert.deepEqual(result.hops, []);
});

test('check names key mismatch', async () => {
  const other = await sandbox.issueClientCertificate({ subject: 'CN=other-key, O=aicore-mtls tests, C=DE' });
  const result = await runConnectionCheck({
    credentials: x509,
    identity: { certificatePem: String(fixture.serviceKey.certificate), privateKey: other.privateKeyPem, origin: 'mixed files' },
    http,
    resourceGroup: 'default',
  });

  assert.equal(result.diagnosis?.code, 'KEY_MISMATCH');
  assert.equal(exitCodeForDiagnosis('KEY_MISMATCH'), 10);
  assert.deepEqual(result.hops, []);
});
