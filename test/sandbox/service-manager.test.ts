import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { createUntrustedCa, type Sandbox } from '../../src/sandbox/index.ts';
import { agentFor, call, certificateToken, secretToken, serviceManager, startTestSandbox, uniqueName, x509Parameters } from './helpers.ts';

let sandbox: Sandbox;
let sm: Awaited<ReturnType<typeof serviceManager>>;

before(async () => {
  sandbox = await startTestSandbox({ operationCompletion: { afterMs: 60_000, afterPolls: 2 } });
  sm = await serviceManager(sandbox);
});

const query = (text: string) => encodeURIComponent(text);

test('offerings and plans by fieldQuery', async () => {
  const offerings = await sm.get(`/v1/service_offerings?fieldQuery=${query("catalog_name eq 'aicore'")}`);
  assert.equal(offerings.status, 200);
  assert.equal(offerings.json.items.length, 1);
  const offeringId = offerings.json.items[0].id;
  const plans = await sm.get(`/v1/service_plans?fieldQuery=${query(`service_offering_id eq '${offeringId}' and name eq 'extended'`)}`);
  assert.equal(plans.json.items.length, 1);
  assert.equal(plans.json.items[0].name, 'extended');
});

test('instance by name', async () => {
  const result = await sm.get(`/v1/service_instances?fieldQuery=${query(`name eq '${sandbox.aicoreInstanceName}'`)}`);
  assert.equal(result.status, 200);
  assert.equal(result.json.items.length, 1);
  assert.equal(result.json.items[0].id, sandbox.aicoreInstanceId);
  assert.equal(result.json.items[0].ready, true);
  assert.equal('kind' in result.json.items[0], false);
});

test('invalid fieldQuery is rejected', async () => {
  const unquoted = await sm.get(`/v1/service_instances?fieldQuery=${query('name eq sandbox-aicore')}`);
  assert.equal(unquoted.status, 400);
  assert.equal(unquoted.json.error, 'BadRequest');
  const unknownField = await sm.get(`/v1/service_instances?fieldQuery=${query("color eq 'red'")}`);
  assert.equal(unknownField.status, 400);
  assert.match(unknownField.json.description, /unsupported field query key: color/);
});

test('paging with max_items and token', async () => {
  const first = await sm.get('/v1/service_instances?max_items=2');
  assert.equal(first.json.items.length, 2);
  assert.equal(first.json.num_items, 3);
  assert.equal(typeof first.json.token, 'string');
  const second = await sm.get(`/v1/service_instances?max_items=2&token=${first.json.token}`);
  assert.equal(second.json.items.length, 1);
  assert.equal(second.json.token, undefined);
});

test('async binding goes through operation', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=async, O=Tests, C=DE' });
  const created = await sm.post('/v1/service_bindings', { name: uniqueName('async'), service_instance_id: sandbox.aicoreInstanceId, parameters: x509Parameters(certificate) });
  assert.equal(created.status, 202);
  const location = String(created.headers.location);
  assert.match(location, /^\/v1\/service_bindings\/[0-9a-f-]+\/operations\/[0-9a-f-]+$/);
  const bindingId = location.split('/')[3]!;

  const pending = await sm.get(`/v1/service_bindings/${bindingId}`);
  assert.equal(pending.json.ready, false);
  assert.equal(pending.json.credentials, undefined);

  const firstPoll = await sm.get(location);
  assert.equal(firstPoll.json.state, 'in progress');
  assert.equal(firstPoll.json.type, 'create');
  const secondPoll = await sm.get(location);
  assert.equal(secondPoll.json.state, 'succeeded');
  assert.equal(secondPoll.json.resource_id, bindingId);

  const ready = await sm.get(`/v1/service_bindings/${bindingId}`);
  assert.equal(ready.json.ready, true);
  assert.equal(ready.json.last_operation.state, 'succeeded');
  const token = await certificateToken(sandbox, ready.json.credentials, certificate.chainPem, certificate.privateKeyPem);
  assert.equal(token.status, 200);
});

test('async binding completes after time', async () => {
  const quick = await startTestSandbox({ operationCompletion: { afterMs: 50, afterPolls: 100 } });
  const quickSm = await serviceManager(quick);
  const created = await quickSm.post('/v1/service_bindings', { name: 'timed', service_instance_id: quick.aicoreInstanceId });
  await new Promise((resolve) => setTimeout(resolve, 150));
  const operation = await quickSm.get(String(created.headers.location));
  assert.equal(operation.json.state, 'succeeded');
});

test('x509 credentials shape', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=shape, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('shape'), x509Parameters(certificate));
  const credentials = binding.credentials;
  assert.deepEqual(Object.keys(credentials).sort(), ['appname', 'certificate', 'certurl', 'clientid', 'credential-type', 'identityzone', 'identityzoneid', 'serviceurls', 'url'].sort());
  assert.equal(credentials['credential-type'], 'x509');
  assert.equal(credentials.certurl, sandbox.urls.uaaCert);
  assert.equal(credentials.url, sandbox.urls.uaa);
  assert.equal(credentials.serviceurls.AI_API_URL, sandbox.urls.aiApi);
  assert.equal(credentials.certificate, certificate.chainPem);
  assert.match(credentials.clientid, /^sb-.+\|aicore!b540$/);
  assert.equal(credentials.key, undefined, 'no private key for a self-managed certificate');
});

test('hide-certificate omits certificate', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=hidden, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('hidden'), x509Parameters(certificate, { 'hide-certificate': true }));
  assert.equal(binding.credentials.certificate, undefined);
  assert.equal(binding.credentials['credential-type'], 'x509');
});

test('top-level parameters give a secret binding', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=wrong-level, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('toplevel'), {
    'credential-type': 'x509',
    x509: { certificate: certificate.chainPem },
  });
  assert.equal(typeof binding.credentials.clientsecret, 'string');
  assert.equal(binding.credentials.certurl, undefined);
  assert.equal(binding.credentials['credential-type'], undefined);
  const token = await secretToken(sandbox, binding.credentials);
  assert.equal(typeof token, 'string');
});

test('secret binding credentials shape', async () => {
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('secret'));
  assert.deepEqual(Object.keys(binding.credentials).sort(), ['appname', 'clientid', 'clientsecret', 'identityzone', 'identityzoneid', 'serviceurls', 'url'].sort());
});

test('pinned certificate bound once per instance', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=unique, O=Tests, C=DE' });
  await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('unique'), x509Parameters(certificate));
  const again = await sm.post('/v1/service_bindings?async=false', { name: uniqueName('unique'), service_instance_id: sandbox.aicoreInstanceId, parameters: x509Parameters(certificate) });
  assert.equal(again.status, 400);
  assert.match(again.json.description, /already used by binding/);
});

test('unpinned DN pair bound once per instance', async () => {
  const subject = 'CN=unique-dn, O=Tests, C=DE';
  const first = await sandbox.issueClientCertificate({ subject });
  await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('dn'), x509Parameters(first, { 'certificate-pinning': false }));
  const second = await sandbox.issueClientCertificate({ subject });
  const again = await sm.post('/v1/service_bindings?async=false', {
    name: uniqueName('dn'),
    service_instance_id: sandbox.aicoreInstanceId,
    parameters: x509Parameters(second, { 'certificate-pinning': false }),
  });
  assert.equal(again.status, 400);
  assert.match(again.json.description, /already used by binding .* certificate-pinning false/);

  const pinned = await sm.post('/v1/service_bindings?async=false', { name: uniqueName('dn'), service_instance_id: sandbox.aicoreInstanceId, parameters: x509Parameters(second) });
  assert.equal(pinned.status, 201, 'the other pinning mode is a separate uniqueness space');
});

test('async uniqueness failure fails operation', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=async-unique, O=Tests, C=DE' });
  await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('async-unique'), x509Parameters(certificate));
  const created = await sm.post('/v1/service_bindings', { name: uniqueName('async-unique'), service_instance_id: sandbox.aicoreInstanceId, parameters: x509Parameters(certificate) });
  assert.equal(created.status, 202);
  const location = String(created.headers.location);
  await sm.get(location);
  const operation = await sm.get(location);
  assert.equal(operation.json.state, 'failed');
  assert.match(operation.json.errors[0].description, /already used/);
  const binding = await sm.get(`/v1/service_bindings/${location.split('/')[3]}`);
  assert.equal(binding.status, 404);
});

test('untrusted certificate is rejected', async () => {
  const untrusted = await createUntrustedCa();
  const certificate = await untrusted.issue({ subject: 'CN=untrusted, O=Tests, C=DE', notBefore: new Date(sandbox.clock.now().getTime() - 60_000) });
  const result = await sm.post('/v1/service_bindings?async=false', { name: uniqueName('untrusted'), service_instance_id: sandbox.aicoreInstanceId, parameters: x509Parameters(certificate) });
  assert.equal(result.status, 400);
  assert.equal(result.json.error, 'BadRequest');
  assert.match(result.json.description, /not a trusted CA/);
});

test('invalid x509 parameters are rejected', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=invalid, O=Tests, C=DE' });
  const cases: Array<[unknown, RegExp]> = [
    [{ xsuaa: { 'credential-type': 'x509', x509: { certificate: certificate.chainPem + certificate.privateKeyPem } } }, /contains a private key/],
    [{ xsuaa: { 'credential-type': 'x509', x509: { certificate: 'not a pem' } } }, /contains no PEM certificate/],
    [{ xsuaa: { 'credential-type': 'instance-secret' } }, /instance-secret/],
    [{ xsuaa: { 'credential-type': 'x509', x509: { certificate: certificate.chainPem, 'certificate-pinning': 'false' } } }, /must be true or false/],
    [{ xsuaa: { 'credential-type': 'x509', x509: { certificate: certificate.chainPem, 'key-length': 2048 } } }, /cannot be combined/],
    [{ xsuaa: { 'credential-type': 'x509', certificate: certificate.chainPem } }, /goes under xsuaa\.x509\.certificate/],
    [{ xsuaa: { 'credential-type': 'x509', x509: { certificate: certificate.chainPem, pinning: false } } }, /unknown parameter xsuaa\.x509\.pinning/],
  ];
  for (const [parameters, expected] of cases) {
    const result = await sm.post('/v1/service_bindings?async=false', { name: uniqueName('invalid'), service_instance_id: sandbox.aicoreInstanceId, parameters });
    assert.equal(result.status, 400, JSON.stringify(parameters).slice(0, 80));
    assert.match(result.json.description, expected);
  }
});

test('binding body is validated', async () => {
  const missingName = await sm.post('/v1/service_bindings', { service_instance_id: sandbox.aicoreInstanceId });
  assert.equal(missingName.status, 400);
  const unknownInstance = await sm.post('/v1/service_bindings', { name: 'x', service_instance_id: '00000000-0000-0000-0000-000000000000' });
  assert.equal(unknownInstance.status, 404);
  const name = uniqueName('twice');
  await sm.bindSync(sandbox.aicoreInstanceId, name);
  const duplicate = await sm.post('/v1/service_bindings', { name, service_instance_id: sandbox.aicoreInstanceId });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.json.error, 'Conflict');
});

test('list bindings by name', async () => {
  const name = uniqueName('listed');
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, name);
  const result = await sm.get(`/v1/service_bindings?fieldQuery=${query(`name eq '${name}'`)}`);
  assert.equal(result.json.items.length, 1);
  assert.equal(result.json.items[0].id, binding.id);
  assert.equal(typeof result.json.items[0].credentials.clientsecret, 'string');
});

test('patch name and labels only', async () => {
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('patch'));
  const renamed = uniqueName('patched');
  const result = await sm.patch(`/v1/service_bindings/${binding.id}`, { name: renamed, labels: [{ op: 'add', key: 'purpose', values: ['islm'] }] });
  assert.equal(result.status, 200);
  assert.equal(result.json.name, renamed);
  assert.deepEqual(result.json.labels.purpose, ['islm']);
  const byLabel = await sm.get(`/v1/service_bindings?labelQuery=${query("purpose eq 'islm'")}`);
  assert.ok(byLabel.json.items.some((item: { id: string }) => item.id === binding.id));
  const rejected = await sm.patch(`/v1/service_bindings/${binding.id}`, { parameters: {} });
  assert.equal(rejected.status, 400);
});

test('async delete then 404', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=deleted, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('delete'), x509Parameters(certificate));
  const deleted = await sm.delete(`/v1/service_bindings/${binding.id}`);
  assert.equal(deleted.status, 202);
  const location = String(deleted.headers.location);
  await sm.get(location);
  const operation = await sm.get(location);
  assert.equal(operation.json.state, 'succeeded');
  assert.equal(operation.json.type, 'delete');
  assert.equal((await sm.get(`/v1/service_bindings/${binding.id}`)).status, 404);
  assert.equal((await sm.delete(`/v1/service_bindings/${binding.id}`)).status, 404);
  const token = await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem);
  assert.equal(token.status, 401, 'deleting the binding stops the certificate');
});

test('sync delete answers 200', async () => {
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('sync-delete'));
  const deleted = await sm.delete(`/v1/service_bindings/${binding.id}?async=false`);
  assert.equal(deleted.status, 200);
  assert.equal((await sm.get(`/v1/service_bindings/${binding.id}`)).status, 404);
});

test('missing SM token is rejected', async () => {
  const result = await call(agentFor(sandbox), `${sandbox.urls.serviceManager}/v1/service_instances`);
  assert.equal(result.status, 401);
  assert.equal(result.json.error, 'Unauthorized');
});

test('AI Core token rejected by SM', async () => {
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('wrong-audience'));
  const token = await secretToken(sandbox, binding.credentials);
  const result = await call(agentFor(sandbox), `${sandbox.urls.serviceManager}/v1/service_instances`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(result.status, 403);
});

test('rate limit answers 429', async () => {
  const limited = await startTestSandbox({ rateLimits: [{ pathPrefix: '/v1/service_bindings', limit: 2, windowMs: 60_000 }] });
  const limitedSm = await serviceManager(limited);
  assert.equal((await limitedSm.get('/v1/service_bindings')).status, 200);
  assert.equal((await limitedSm.get('/v1/service_bindings')).status, 200);
  const result = await limitedSm.get('/v1/service_bindings');
  assert.equal(result.status, 429);
  const retryAt = Date.parse(String(result.headers['retry-after']));
  assert.ok(retryAt > Date.now(), 'Retry-After is an HTTP-date in the future');
  assert.ok(retryAt <= Date.now() + 61_000, 'Retry-After is within the one-minute window');
  assert.match(result.json.description, /allowed request limit of 2/);
  assert.equal((await limitedSm.get('/v1/service_instances')).status, 200, 'other paths are not limited');
});
