import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { destinationClient } from './destination-helpers.ts';
import { agentFor, call, secretToken, serviceManager, startTestSandbox, uniqueName } from './helpers.ts';

let sandbox: Sandbox;
let destination: Awaited<ReturnType<typeof destinationClient>>;
let chainPem: string;

before(async () => {
  sandbox = await startTestSandbox();
  destination = await destinationClient(sandbox);
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=uploaded, O=Tests, C=DE' });
  chainPem = certificate.chainPem + certificate.rootPem;
});

const upload = (name: string, pem = chainPem) => ({ Name: name, Type: 'CERTIFICATE', Content: Buffer.from(pem).toString('base64') });

test('upload and read back', async () => {
  const created = await destination.post(upload('upload.pem'));
  assert.equal(created.status, 201);
  const read = await destination.get('/upload.pem');
  assert.equal(read.status, 200);
  assert.equal(read.json.Name, 'upload.pem');
  assert.equal(read.json.Type, 'CERTIFICATE');
  assert.equal(Buffer.from(read.json.Content, 'base64').toString('utf8'), chainPem);
  assert.match(String(read.headers.etag), /^"[0-9a-f]+"$/);
});

test('upload with incomplete chain', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=incomplete, O=Tests, C=DE' });
  const result = await destination.post(upload('incomplete.pem', certificate.chainPem));
  assert.equal(result.status, 400);
  assert.match(result.text, /whole chain up to the root CA/);
});

test('upload with invalid base64', async () => {
  const result = await destination.post({ Name: 'broken.pem', Content: 'not base64!' });
  assert.equal(result.status, 400);
  assert.match(result.text, /not valid base64/);
});

test('ETag with If-None-Match and If-Match', async () => {
  await destination.post(upload('etag.pem'));
  const read = await destination.get('/etag.pem');
  const etag = String(read.headers.etag);
  const notModified = await destination.get('/etag.pem', { 'if-none-match': etag });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.text, '');
  const matching = await destination.get('/etag.pem', { 'if-match': etag });
  assert.equal(matching.status, 200);
  const mismatch = await destination.get('/etag.pem', { 'if-match': '"other"' });
  assert.equal(mismatch.status, 412);
});

test('missing certificate is plain Not Found', async () => {
  const result = await destination.get('/missing.pem');
  assert.equal(result.status, 404);
  assert.equal(result.text, 'Not Found');
});

test('publicKeys of PEM and keystore', async () => {
  await destination.post({ Name: 'keys.pem', Attributes: { CN: 'keys', Password: 'example-only' } });
  const pem = await destination.get('/keys.pem/publicKeys');
  assert.equal(pem.status, 200);
  assert.equal(pem.json.length, 1);
  assert.match(pem.json[0].Content, /^-----BEGIN CERTIFICATE-----/);
  assert.doesNotMatch(pem.json[0].Content, /PRIVATE KEY/);
  assert.match(pem.json[0].SubjectDN, /^CN=keys,L=/);

  await destination.post({ Name: 'keys.p12', Attributes: { CN: 'keys', Password: 'example-only' } });
  const keystore = await destination.get('/keys.p12/publicKeys');
  assert.equal(keystore.status, 400);
  assert.deepEqual(keystore.json, { ErrorMessage: 'The keystore is password-protected and public keys cannot be retrieved' });
});

test('list with select filter and paging', async () => {
  const names = ['page-a.pem', 'page-b.pem', 'page-c.pem'];
  for (const name of names) await destination.post(upload(name));

  const selected = await destination.get('?$select=Name');
  assert.equal(selected.status, 200);
  for (const item of selected.json) assert.deepEqual(Object.keys(item), ['Name']);

  const filtered = await destination.get(`?$filter=${encodeURIComponent("Name in ('page-a.pem','page-c.pem')")}`);
  assert.deepEqual(filtered.json.map((item: { Name: string }) => item.Name), ['page-a.pem', 'page-c.pem']);

  const paged = await destination.get('?$page=1&$pageSize=2&$pageCount=true&$entityCount=true');
  assert.equal(paged.json.length, 2);
  assert.equal(paged.headers['page-count'], String(Math.ceil(Number(paged.headers['entity-count']) / 2)));
  assert.match(String(paged.headers.link), /\$page=2&\$pageSize=2>; rel='next'/);

  const metadata = await destination.get(`?$filter=${encodeURIComponent("Name in ('page-a.pem')")}&$includeMetadata=etag;labels`);
  assert.deepEqual(Object.keys(metadata.json[0].$metadata).sort(), ['etag', 'labels']);

  const combined = await destination.get('?$select=Name&$page=1');
  assert.equal(combined.status, 400);
});

test('PUT overwrites existing only', async () => {
  await destination.post(upload('put.pem'));
  const before = await destination.get('/put.pem');
  const other = await sandbox.issueClientCertificate({ subject: 'CN=replacement, O=Tests, C=DE' });
  const updated = await destination.put(upload('put.pem', other.chainPem + other.rootPem));
  assert.equal(updated.status, 200);
  assert.deepEqual(updated.json, { Count: 1 });
  const after = await destination.get('/put.pem');
  assert.notEqual(after.headers.etag, before.headers.etag);
  const missing = await destination.put(upload('never-created.pem'));
  assert.equal(missing.status, 404);
});

test('delete one and bulk delete', async () => {
  await destination.post(upload('delete-me.pem'));
  const deleted = await destination.delete('/delete-me.pem');
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.json, { Count: 1 });
  assert.equal((await destination.delete('/delete-me.pem')).status, 404);

  await destination.post(upload('bulk-1.pem'));
  await destination.post(upload('bulk-2.pem'));
  const bulk = await destination.delete(`?$filter=${encodeURIComponent("Name in ('bulk-1.pem','bulk-2.pem','bulk-3.pem')")}`);
  assert.equal(bulk.status, 200);
  assert.equal(bulk.json.Count, 2);
  assert.deepEqual(bulk.json.Summary.map((entry: { status: string }) => entry.status), ['DELETED', 'DELETED', 'NOT_FOUND']);
  assert.equal((await destination.delete('')).status, 400, 'bulk delete without $filter');
});

test('bulk upload with a duplicate', async () => {
  await destination.post(upload('bulk-dup.pem'));
  const result = await destination.post([upload('bulk-new.pem'), upload('bulk-dup.pem')]);
  assert.equal(result.status, 207);
  assert.equal(result.json[0].status, 201);
  assert.equal(result.json[1].status, 409);
  assert.equal(result.json[1].cause, 'Duplicate key');
  const all = await destination.post([upload('bulk-x.pem'), upload('bulk-y.pem')]);
  assert.equal(all.status, 201);
});

test('labels replace patch and filter', async () => {
  await destination.post(upload('labelled.pem'));
  assert.equal((await destination.put([{ key: 'env', values: ['test'] }], '/labelled.pem/labels')).status, 204);
  assert.equal((await destination.patch({ action: 'ADD', labels: [{ key: 'env', values: ['prod'] }] }, '/labelled.pem/labels')).status, 204);
  const labels = await destination.get('/labelled.pem/labels');
  assert.deepEqual(labels.json, [{ key: 'env', values: ['test', 'prod'] }]);
  const filtered = await destination.get(`?$filter=${encodeURIComponent("Label['env'] HAS ('prod')")}`);
  assert.deepEqual(filtered.json.map((item: { Name: string }) => item.Name), ['labelled.pem']);
});

test('requests without token', async () => {
  const result = await call(agentFor(sandbox), destination.base);
  assert.equal(result.status, 401);
  assert.equal(result.text, 'Unauthorized');
});

test('AI Core token is forbidden', async () => {
  const sm = await serviceManager(sandbox);
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('dest-forbidden'));
  const token = await secretToken(sandbox, binding.credentials);
  const result = await call(agentFor(sandbox), destination.base, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(result.status, 403);
  assert.equal(result.text, 'Forbidden');
});

test('instance store is separate', async () => {
  const instance = await destinationClient(sandbox, 'instanceCertificates');
  await instance.post(upload('instance-only.pem'));
  assert.equal((await instance.get('/instance-only.pem')).status, 200);
  assert.equal((await destination.get('/instance-only.pem')).status, 404);
});

test('Destination x509 binding token works', async () => {
  const sm = await serviceManager(sandbox);
  const instances = await sm.get(`/v1/service_instances?fieldQuery=${encodeURIComponent("name eq 'sandbox-destination'")}`);
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=destination-mtls, O=Tests, C=DE' });
  const binding = await sm.bindSync(instances.json.items[0].id, uniqueName('dest-x509'), {
    xsuaa: { 'credential-type': 'x509', x509: { certificate: certificate.chainPem } },
  });
  assert.equal(binding.credentials['credential-type'], 'x509');
  assert.equal(binding.credentials.uri, sandbox.urls.destination);
  const tokenResult = await call(agentFor(sandbox, { cert: certificate.chainPem, key: certificate.privateKeyPem }), `${binding.credentials.certurl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: binding.credentials.clientid }).toString(),
  });
  assert.equal(tokenResult.status, 200);
  const list = await call(agentFor(sandbox), `${binding.credentials.uri}/destination-configuration/v1/instanceCertificates`, {
    headers: { authorization: `Bearer ${tokenResult.json.access_token}` },
  });
  assert.equal(list.status, 200);
});
