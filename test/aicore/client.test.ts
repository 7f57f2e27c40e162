import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { AiCoreClient, createAiCoreClient, type AiCoreError } from '../../src/aicore/index.ts';
import { createServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import { credentialsFromObject, type ServiceCredentials } from '../../src/credentials/index.ts';
import type { TlsIdentity } from '../../src/http/index.ts';
import { startSandboxSession, type SandboxSession } from '../btp/sandbox-session.ts';

let session: SandboxSession;
let credentials: ServiceCredentials;
let identity: TlsIdentity;
let ai: AiCoreClient;

before(async () => {
  session = await startSandboxSession();
  const certificate = await session.sandbox.issueClientCertificate({ subject: 'CN=aicore-tests, O=aicore-mtls tests, C=DE' });
  identity = { certificatePem: certificate.chainPem, privateKey: certificate.privateKeyPem };
  const sm = createServiceManagerClient({ credentials: session.serviceManagerCredentials, http: session.http, cache: session.cache });
  try {
    const binding = await sm.createBinding({
      name: 'aicore-tests',
      serviceInstanceId: session.sandbox.aicoreInstanceId,
      parameters: { xsuaa: { 'credential-type': 'x509', x509: { certificate: certificate.chainPem } } },
      async: false,
    });
    credentials = credentialsFromObject(binding.credentials, 'binding "aicore-tests"', { service: 'aicore', authentication: 'certificate' });
  } finally {
    await sm.close();
  }
  ai = createAiCoreClient({ credentials, identity, http: session.http, cache: session.cache });
});

after(async () => {
  await ai?.close();
  await session?.stop();
});

test('scenarios sent with resource group', async () => {
  const scenarios = await ai.listScenarios();
  assert.ok(scenarios.resources.length >= 1);
  assert.equal(ai.resourceGroup, 'default');
  const entry = session.sandbox.requestLog().findLast((item) => item.path === '/v2/lm/scenarios');
  assert.equal(entry?.status, 200);
  assert.match(entry?.reason ?? '', /resource group default/);
});

test('unknown resource group typed', async () => {
  await assert.rejects(ai.listScenarios({ resourceGroup: 'no-such-group' }), (error: unknown) => {
    const typed = error as AiCoreError;
    assert.equal(typed.code, 'ERR_AICORE_RESOURCE_GROUP_NOT_FOUND');
    assert.match(typed.message, /resource group "no-such-group" does not exist \(NotFound: Resource group 'no-such-group' not found\)/);
    assert.equal(typeof typed.aiCoreRequestId, 'string');
    assert.equal(typed.details.aiCoreRequestId, typed.aiCoreRequestId);
    assert.match(typed.message, new RegExp(`\\[AI Core request id ${typed.aiCoreRequestId}\\]`));
    return true;
  });
  await assert.rejects(ai.getResourceGroup('no-such-group'), { code: 'ERR_AICORE_RESOURCE_GROUP_NOT_FOUND' });
});

test('resource group read', async () => {
  const group = await ai.getResourceGroup();
  assert.equal(group.resourceGroupId, 'default');
  assert.equal(group.status, 'PROVISIONED');
  const listed = await ai.listResourceGroups({ top: 1 });
  assert.equal(listed.resources.length, 1);
  assert.ok(listed.count >= 1);
});

test('meta read', async () => {
  const meta = await ai.getMeta();
  assert.equal(meta.runtimeIdentifier, 'aicore');
  assert.equal(typeof meta.aiApi.version, 'string');
});

test('foreign token forbidden', async () => {
  // A Destination token lacks the AI Core audience: 403, not retried.
  const { createTokenProvider } = await import('../../src/xsuaa/index.ts');
  const foreign = new AiCoreClient({
    apiUrl: credentials.serviceurls!.AI_API_URL!,
    http: session.http,
    getAccessToken: createTokenProvider({ credentials: session.destinationCredentials, http: session.http, cache: session.cache }),
  });
  after(() => foreign.close());
  const before = session.sandbox.requestLog().length;
  await assert.rejects(foreign.listResourceGroups(), (error: unknown) => {
    const typed = error as AiCoreError;
    assert.equal(typed.code, 'ERR_AICORE_FORBIDDEN');
    assert.match(typed.message, /SAP AI Core denied access \(Forbidden: Authentication failed: the token audiences/);
    assert.ok(typed.aiCoreRequestId, 'request id kept');
    return true;
  });
  assert.equal(session.sandbox.requestLog().slice(before).filter((entry) => entry.service === 'aicore').length, 1);
});

test('invalid token unauthorized', async () => {
  const requested: boolean[] = [];
  const badToken = session.sandbox.testing.signToken({ iss: 'https://other-issuer.example/oauth/token', exp: Math.floor(Date.now() / 1000) + 600 });
  const client = new AiCoreClient({
    apiUrl: credentials.serviceurls!.AI_API_URL!,
    http: session.http,
    getAccessToken: async (options) => {
      requested.push(options?.forceRefresh === true);
      return badToken;
    },
  });
  after(() => client.close());
  await assert.rejects(client.listScenarios(), (error: unknown) => {
    const typed = error as AiCoreError;
    assert.equal(typed.code, 'ERR_AICORE_UNAUTHORIZED');
    assert.match(typed.fix ?? '', /token of the SAP AI Core binding/);
    return true;
  });
  assert.deepEqual(requested, [false, true], 'a 401 is retried once with a fresh token');
});

test('invalid resource group id', async () => {
  await assert.rejects(ai.listScenarios({ resourceGroup: '-x' }), { code: 'ERR_AICORE_INVALID_ARGUMENT' });
  assert.throws(() => new AiCoreClient({ apiUrl: 'https://x.example', getAccessToken: async () => 't', resourceGroup: 'a', http: { environment: {} } }), {
    code: 'ERR_AICORE_INVALID_ARGUMENT',
  });
});

test('API URL with v2 accepted', async () => {
  const withSuffix = createAiCoreClient({
    credentials: { ...credentials, serviceurls: { AI_API_URL: `${credentials.serviceurls!.AI_API_URL}/v2/` } },
    identity,
    http: session.http,
    cache: session.cache,
  });
  after(() => withSuffix.close());
  assert.equal((await withSuffix.getMeta()).runtimeIdentifier, 'aicore');
});

test('gateway errors retried', async () => {
  session.sandbox.faults.add({ service: 'aicore', method: 'GET', path: '/v2/lm/scenarios', kind: 'status', status: 502, count: 2 });
  const scenarios = await ai.listScenarios();
  assert.ok(scenarios.count >= 1);
});

test('HTML gateway page reported', async () => {
  session.sandbox.faults.add({ service: 'aicore', method: 'GET', path: '/v2/lm/meta', kind: 'html', status: 403 });
  await assert.rejects(ai.getMeta(), { code: 'ERR_HTTP_HTML_RESPONSE', message: /HTML page \(status 403\)/ });
});

test('non-AI Core key rejected', () => {
  assert.throws(() => createAiCoreClient({ credentials: session.destinationCredentials }), { code: 'ERR_AICORE_INVALID_ARGUMENT', message: /not an SAP AI Core key/ });
});
