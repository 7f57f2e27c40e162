import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import { credentialsFromObject } from '../../src/credentials/index.ts';
import { createX509Binding, runSetup } from '../../src/setup/index.ts';
import { sandboxSetupOptions, startTestSandbox } from './helpers.ts';
import { addFault, bindingCount, bindingsNamed, sandboxHttp } from './inventory.ts';

const sandbox = await startTestSandbox();

function serviceManagerClient() {
  return createServiceManagerClient({
    credentials: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }),
    http: sandboxHttp(sandbox),
    cache: false,
    poll: { initialDelayMs: 50, maxDelayMs: 200 },
  });
}

test('binding survives 429 and 503', async () => {
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'busy.pem' });
  const before = await bindingCount(sandbox);
  const started = sandbox.requestLog().length;
  addFault(sandbox, 'service-manager:POST /v1/service_bindings=429~1x2');
  addFault(sandbox, 'service-manager:GET /v1/service_bindings/*=503');

  const result = await runSetup(options, 'aicore-mtls test');

  assert.deepEqual(result.state.completedSteps, ['certificate', 'binding', 'verify', 'artefacts']);
  assert.deepEqual(sandbox.faults.list(), [], 'both faults were hit');
  const log = sandbox.requestLog().slice(started).filter((entry) => entry.service === 'service-manager');
  const posts = log.filter((entry) => entry.method === 'POST' && entry.path === '/v1/service_bindings');
  assert.deepEqual(posts.map((entry) => entry.status), [429, 429, 202]);
  assert.ok(log.some((entry) => entry.method === 'GET' && entry.path.includes('/operations/') && entry.status === 503), 'the operation poll got a 503');
  assert.equal((await bindingsNamed(sandbox, 'busy-mtls')).length, 1);
  assert.equal(await bindingCount(sandbox), before + 1);
});

test('wrong-level parameters are deleted again', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=wrong-level, O=aicore-mtls tests, C=DE' });
  const client = serviceManagerClient();
  const name = 'wrong-level-mtls';
  // Service Manager takes this for an SAP AI Core instance and creates a client-secret binding.
  const parameters = { 'credential-type': 'x509', x509: { certificate: certificate.chainPem + certificate.rootPem, 'certificate-pinning': false } };
  try {
    await assert.rejects(createX509Binding(client, { name, instanceId: sandbox.aicoreInstanceId, parameters }), (error: Error & { code?: string; fix?: string; details?: Record<string, unknown> }) => {
      assert.equal(error.code, 'ERR_SETUP_BINDING_NOT_X509');
      assert.match(error.message, /client-secret credentials instead of x509/);
      assert.match(error.message, /was deleted again/);
      assert.match(error.fix ?? '', /under "xsuaa"/);
      assert.equal(typeof error.details?.bindingId, 'string');
      return true;
    });
  } finally {
    await client.close();
  }
  assert.deepEqual(await bindingsNamed(sandbox, name), []);
});

test('foreign secret binding blocks the name', async () => {
  const client = serviceManagerClient();
  try {
    await client.createBinding({ name: 'taken-mtls', serviceInstanceId: sandbox.aicoreInstanceId });
  } finally {
    await client.close();
  }
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'taken.pem' });

  await assert.rejects(runSetup(options, 'aicore-mtls test'), (error: Error & { code?: string; fix?: string }) => {
    assert.equal(error.code, 'ERR_SETUP_BINDING_EXISTS');
    assert.match(error.message, /"taken-mtls".*client-secret credentials/);
    assert.match(error.fix ?? '', /--binding-name/);
    return true;
  });
  assert.equal((await bindingsNamed(sandbox, 'taken-mtls')).length, 1, 'the foreign binding is left alone');
});
