import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { agentFor, call, decodeJwt, secretToken, serviceManager, startTestSandbox, uniqueName } from './helpers.ts';

let sandbox: Sandbox;
let token: string;

before(async () => {
  sandbox = await startTestSandbox();
  const sm = await serviceManager(sandbox);
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('aicore'));
  token = await secretToken(sandbox, binding.credentials);
});

const get = (path: string, headers: Record<string, string> = {}) => call(agentFor(sandbox), `${sandbox.urls.aiApi}${path}`, { headers });
const authorized = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

function assertAiError(result: { json: any }, code: string, target: string): void {
  assert.equal(result.json.error.code, code);
  assert.equal(typeof result.json.error.message, 'string');
  assert.equal(typeof result.json.error.requestId, 'string');
  assert.equal(result.json.error.target, target);
}

test('scenarios with resource group', async () => {
  const result = await get('/v2/lm/scenarios', authorized({ 'AI-Resource-Group': 'default' }));
  assert.equal(result.status, 200);
  assert.equal(result.json.count, result.json.resources.length);
  for (const scenario of result.json.resources) {
    for (const field of ['id', 'name', 'createdAt', 'modifiedAt']) assert.ok(field in scenario, `scenario has ${field}`);
  }
  assert.ok(result.json.resources.some((scenario: { id: string }) => scenario.id === 'foundation-models'));
});

test('scenarios without resource group', async () => {
  const result = await get('/v2/lm/scenarios', authorized());
  assert.equal(result.status, 400);
  assertAiError(result, 'AiBadRequest', '/v2/lm/scenarios');
  assert.match(result.json.error.message, /AI-Resource-Group/);
});

test('unknown resource group', async () => {
  const result = await get('/v2/lm/deployments', authorized({ 'AI-Resource-Group': 'nope' }));
  assert.equal(result.status, 404);
  assertAiError(result, 'NotFound', '/v2/lm/deployments');
});

test('deployments with filters', async () => {
  const all = await get('/v2/lm/deployments', authorized({ 'AI-Resource-Group': 'default' }));
  assert.equal(all.status, 200);
  for (const field of ['id', 'configurationId', 'status', 'createdAt', 'modifiedAt']) assert.ok(field in all.json.resources[0], `deployment has ${field}`);
  const none = await get('/v2/lm/deployments?scenarioId=orchestration', authorized({ 'AI-Resource-Group': 'default' }));
  assert.equal(none.json.count, 0);
  const invalid = await get('/v2/lm/deployments?status=SLEEPING', authorized({ 'AI-Resource-Group': 'default' }));
  assert.equal(invalid.status, 400);
  assertAiError(invalid, 'AiBadRequest', '/v2/lm/deployments');
});

test('meta needs no resource group', async () => {
  const result = await get('/v2/lm/meta', authorized());
  assert.equal(result.status, 200);
  assert.equal(result.json.runtimeIdentifier, 'aicore');
  assert.equal(typeof result.json.aiApi, 'object');
});

test('resource groups list and get', async () => {
  const list = await get('/v2/admin/resourceGroups', authorized());
  assert.equal(list.status, 200);
  assert.equal(list.json.resources[0].resourceGroupId, 'default');
  assert.equal(list.json.resources[0].status, 'PROVISIONED');
  const single = await get('/v2/admin/resourceGroups/default', authorized());
  assert.equal(single.json.status, 'PROVISIONED');
  const missing = await get('/v2/admin/resourceGroups/other', authorized());
  assert.equal(missing.status, 404);
  assertAiError(missing, 'NotFound', '/v2/admin/resourceGroups/other');
});

test('missing token is unauthorized', async () => {
  const result = await get('/v2/lm/scenarios', { 'AI-Resource-Group': 'default' });
  assert.equal(result.status, 401);
  assertAiError(result, 'Unauthorized', '/v2/lm/scenarios');
});

test('tampered token is unauthorized', async () => {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  claims.scope = [...claims.scope, 'aicore!b540.admin'];
  const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  const result = await get('/v2/lm/scenarios', { authorization: `Bearer ${tampered}`, 'AI-Resource-Group': 'default' });
  assert.equal(result.status, 401);
  assert.match(result.json.error.message, /signature is invalid/);
});

test('Destination token has wrong audience', async () => {
  const destinationToken = await secretToken(sandbox, sandbox.destinationServiceKey);
  const result = await get('/v2/lm/scenarios', { authorization: `Bearer ${destinationToken}`, 'AI-Resource-Group': 'default' });
  assert.equal(result.status, 403);
  assert.match(result.json.error.message, /audiences/);
});

test('token of another zone', async () => {
  const claims = decodeJwt(token).payload;
  const foreign = sandbox.testing.signToken({ ...claims, zid: '11111111-2222-3333-4444-555555555555' });
  const result = await get('/v2/lm/scenarios', { authorization: `Bearer ${foreign}`, 'AI-Resource-Group': 'default' });
  assert.equal(result.status, 401);
  assert.match(result.json.error.message, /zone/);
});

test('token expires on sandbox clock', async () => {
  const fresh = await get('/v2/lm/scenarios', authorized({ 'AI-Resource-Group': 'default' }));
  assert.equal(fresh.status, 200);
  sandbox.clock.advance(43_201_000);
  const result = await get('/v2/lm/scenarios', authorized({ 'AI-Resource-Group': 'default' }));
  assert.equal(result.status, 401);
  assert.match(result.json.error.message, /expired/);
});
