import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, test } from 'node:test';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { redactRequestPath } from '../../src/sandbox/request-log.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { destinationClient } from './destination-helpers.ts';
import { agentFor, call, certificateToken, form, serviceManager, startTestSandbox, uniqueName, x509Parameters } from './helpers.ts';

let sandbox: Sandbox;
const secrets: string[] = [];
// Created at the top level: a temporary folder made inside a hook is removed when the hook ends.
const dir = await createTempDir();

before(async () => {
  sandbox = await startTestSandbox({ dir });
  const sm = await serviceManager(sandbox);
  secrets.push(sm.token, String(sandbox.serviceManagerKey['clientsecret']), String(sandbox.destinationServiceKey['clientsecret']));

  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=logged, O=Tests, C=DE' });
  secrets.push(certificate.privateKeyPem.split('\n')[1]!);
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('logged'), x509Parameters(certificate));
  const token = await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem);
  secrets.push(token.json.access_token);
  const secretBinding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('logged-secret'));
  secrets.push(secretBinding.credentials.clientsecret);

  const destination = await destinationClient(sandbox);
  secrets.push(destination.token);
  await destination.post({ Name: 'logged.p12', Attributes: { CN: 'logged', Password: 'p12-password-value' } });
  secrets.push('p12-password-value');
  const content = (await destination.get('/logged.p12')).json.Content as string;
  secrets.push(content.slice(0, 40));

  // A client that puts its secret into the query string, which XSUAA rejects.
  const query = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sb-x', client_secret: 'query-secret-value' });
  await call(agentFor(sandbox), `${sandbox.urls.uaa}/oauth/token?${query}`, { method: 'POST', ...form({}) });
  secrets.push('query-secret-value');
  await call(agentFor(sandbox), `${sandbox.urls.uaa}/oauth/token`, { method: 'POST', ...form({ grant_type: 'client_credentials', client_id: 'sb-x', client_secret: 'wrong-secret-value' }) });
  secrets.push('wrong-secret-value');
});

test('log entries have every field', () => {
  const entry = sandbox.requestLog().find((candidate) => candidate.service === 'xsuaa-cert');
  assert.ok(entry);
  assert.equal(entry.method, 'POST');
  assert.equal(entry.path, '/oauth/token');
  assert.equal(entry.status, 200);
  assert.equal(entry.decision, 'accepted');
  assert.match(entry.reason, /pinned certificate/);
  assert.equal(entry.clientCertificateSubject, 'CN=logged, O=Tests, C=DE');
  assert.match(entry.clientId ?? '', /\|aicore!b540$/);
  assert.ok(!Number.isNaN(Date.parse(entry.time)));
  assert.ok(!Number.isNaN(Date.parse(entry.sandboxTime)));
});

test('rejections carry their reason', () => {
  const entry = sandbox.requestLog().find((candidate) => candidate.status === 401 && candidate.service === 'xsuaa');
  assert.ok(entry);
  assert.equal(entry.decision, 'rejected');
  assert.match(entry.reason, /does not exist/);
});

test('query secrets are redacted', () => {
  assert.equal(redactRequestPath('/oauth/token?client_id=a&client_secret=b&x=1'), '/oauth/token?client_id=a&client_secret=[redacted]&x=1');
  assert.ok(sandbox.requestLog().some((entry) => entry.path.includes('client_secret=[redacted]')));
});

test('log holds no secret', async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const memory = JSON.stringify(sandbox.requestLog());
  const file = await readFile(sandbox.files!.requestLog, 'utf8');
  assert.ok(secrets.length >= 10);
  for (const secret of secrets) {
    assert.ok(!memory.includes(secret), `in-memory log contains a secret (${secret.slice(0, 6)}…)`);
    assert.ok(!file.includes(secret), `log file contains a secret (${secret.slice(0, 6)}…)`);
  }
  assert.ok(file.split('\n').filter((line) => line !== '').length >= sandbox.requestLog().length - 1);
});
