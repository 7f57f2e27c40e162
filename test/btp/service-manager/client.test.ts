import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createServiceManagerClient, normalizeState, quoteQueryValue, type ServiceManagerClient } from '../../../src/btp/service-manager/index.ts';
import { logChannel, type LogEvent } from '../../../src/diagnostics.ts';
import { createUntrustedCa, type ClientCertificate } from '../../../src/sandbox/index.ts';
import { startSandboxSession, type SandboxSession } from '../sandbox-session.ts';

let session: SandboxSession;
let sm: ServiceManagerClient;
let certificate: ClientCertificate;

before(async () => {
  session = await startSandboxSession();
  sm = createServiceManagerClient({
    credentials: session.serviceManagerCredentials,
    http: session.http,
    cache: session.cache,
    poll: { initialDelayMs: 20, maxDelayMs: 100, timeoutMs: 20_000 },
  });
  certificate = await session.sandbox.issueClientCertificate({ subject: 'CN=sm-tests, O=aicore-mtls tests, C=DE' });
});

after(async () => {
  await sm?.close();
  await session?.stop();
});

let counter = 0;
function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

function x509Parameters(chainPem: string) {
  return { xsuaa: { 'credential-type': 'x509', x509: { certificate: chainPem, 'certificate-pinning': false } } };
}

async function freshCertificate(): Promise<ClientCertificate> {
  // Each self-managed certificate (subject and issuer pair with pinning false) is usable once per instance.
  counter += 1;
  return session.sandbox.issueClientCertificate({ subject: `CN=sm-tests-${counter}, O=aicore-mtls tests, C=DE` });
}

test('instance found by name', async () => {
  const instance = await sm.findInstanceByName(session.sandbox.aicoreInstanceName);
  assert.equal(instance.id, session.sandbox.aicoreInstanceId);
});

test('unknown instance not found', async () => {
  await assert.rejects(sm.findInstanceByName("no-such-instance"), { code: 'ERR_SM_NOT_FOUND', message: /service instance "no-such-instance" was not found/ });
});

test('synchronous binding returns credentials', async () => {
  const name = uniqueName('sync');
  const binding = await sm.createBinding({
    name,
    serviceInstanceId: session.sandbox.aicoreInstanceId,
    parameters: x509Parameters(certificate.chainPem),
    async: false,
    expectX509: true,
  });
  assert.equal(binding.name, name);
  assert.equal(binding.credentials?.certurl, session.sandbox.urls.uaaCert);
  const calls = session.sandbox.requestLog().filter((entry) => entry.service === 'service-manager' && entry.method === 'POST');
  assert.equal(calls.at(-1)?.path, '/v1/service_bindings?async=false');
  assert.equal(calls.at(-1)?.status, 201);
});

test('duplicate binding name rejected', async () => {
  const name = uniqueName('dup');
  const cert = await freshCertificate();
  await sm.createBinding({ name, serviceInstanceId: session.sandbox.aicoreInstanceId, async: false });
  await assert.rejects(sm.createBinding({ name, serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem) }), {
    code: 'ERR_SM_BINDING_EXISTS',
    message: /already exists/,
  });
});

test('misplaced x509 parameters detected', async () => {
  const name = uniqueName('misplaced');
  const cert = await freshCertificate();
  await assert.rejects(
    sm.createBinding({
      name,
      serviceInstanceId: session.sandbox.aicoreInstanceId,
      parameters: { 'credential-type': 'x509', x509: { certificate: cert.chainPem } },
      expectX509: true,
    }),
    (error: unknown) => {
      const typed = error as { code?: string; fix?: string; details: Record<string, unknown> };
      assert.equal(typed.code, 'ERR_SM_BINDING_NOT_X509');
      assert.match(typed.fix ?? '', /under "xsuaa"/);
      assert.equal(typeof typed.details.bindingId, 'string');
      return true;
    },
  );
});

test('untrusted certificate fails operation', async () => {
  const untrusted = await createUntrustedCa();
  const cert = await untrusted.issue({ subject: 'CN=not-trusted, O=aicore-mtls tests, C=DE' });
  await assert.rejects(
    sm.createBinding({ name: uniqueName('untrusted'), serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem) }),
    (error: unknown) => {
      const typed = error as { code?: string; message: string };
      // Asynchronous creation accepts the request (202); the operation then fails with the reason.
      assert.equal(typed.code, 'ERR_SM_OPERATION_FAILED');
      assert.match(typed.message, /creating binding "untrusted-\d+" failed/);
      assert.match(typed.message, /trust|anchor|root|CA/i);
      return true;
    },
  );
});

test('untrusted certificate rejected synchronously', async () => {
  const untrusted = await createUntrustedCa();
  const cert = await untrusted.issue({ subject: 'CN=not-trusted-sync, O=aicore-mtls tests, C=DE' });
  await assert.rejects(
    sm.createBinding({ name: uniqueName('untrusted-sync'), serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem), async: false }),
    (error: unknown) => {
      const typed = error as { code?: string; message: string; details: Record<string, unknown> };
      assert.equal(typed.code, 'ERR_SM_BAD_REQUEST');
      assert.match(typed.message, /Service Manager rejected the request \(BadRequest: /);
      assert.equal(typed.details.status, 400);
      return true;
    },
  );
});

test('429 during creation retried', async () => {
  const cert = await freshCertificate();
  session.sandbox.faults.add({ service: 'service-manager', method: 'POST', path: '/v1/service_bindings', kind: 'status', status: 429, retryAfterSeconds: 2 });
  const events: LogEvent[] = [];
  const listener = (event: unknown) => events.push(event as LogEvent);
  logChannel.subscribe(listener);
  let binding;
  try {
    binding = await sm.createBinding({ name: uniqueName('rate'), serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem), expectX509: true });
  } finally {
    logChannel.unsubscribe(listener);
  }
  assert.ok(binding.id);
  // Service Manager sends Retry-After as an HTTP-date, so the wait is 1–2 s after second rounding.
  const retry = events.find((event) => event.message === 'retrying after status');
  assert.equal(retry?.fields?.status, 429);
  assert.equal(retry?.fields?.retryAfter, true);
  assert.ok(Number(retry?.fields?.delayMs) >= 900, `waited ${String(retry?.fields?.delayMs)} ms`);
  const posts = session.sandbox.requestLog().filter((entry) => entry.service === 'service-manager' && entry.method === 'POST').slice(-2);
  assert.deepEqual(
    posts.map((entry) => entry.status),
    [429, 202],
  );
});

test('503 on operation poll retried', async () => {
  const cert = await freshCertificate();
  session.sandbox.faults.add({ service: 'service-manager', method: 'GET', path: '/v1/service_bindings/*', kind: 'status', status: 503, count: 2 });
  const binding = await sm.createBinding({ name: uniqueName('poll503'), serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem) });
  assert.ok(binding.credentials);
  const faults = session.sandbox.requestLog().filter((entry) => entry.decision === 'fault' && entry.status === 503);
  assert.ok(faults.length >= 2);
});

test('connection reset on poll retried', async () => {
  const cert = await freshCertificate();
  session.sandbox.faults.add({ service: 'service-manager', method: 'GET', path: '/v1/service_bindings/*', kind: 'reset' });
  const binding = await sm.createBinding({ name: uniqueName('reset'), serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem) });
  assert.ok(binding.id);
});

test('503 on create not repeated', async () => {
  const cert = await freshCertificate();
  session.sandbox.faults.add({ service: 'service-manager', method: 'POST', path: '/v1/service_bindings', kind: 'status', status: 503 });
  await assert.rejects(
    sm.createBinding({ name: uniqueName('post503'), serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem) }),
    (error: unknown) => {
      const typed = error as { code?: string; message: string; fix?: string };
      assert.equal(typed.code, 'ERR_SM_REQUEST_FAILED');
      assert.match(typed.message, /failed with status 503/);
      assert.match(typed.fix ?? '', /try again/);
      return true;
    },
  );
});

test('HTML gateway page reported', async () => {
  session.sandbox.faults.add({ service: 'service-manager', method: 'GET', path: '/v1/service_instances', kind: 'html', status: 404 });
  await assert.rejects(sm.findInstanceByName(session.sandbox.aicoreInstanceName), { code: 'ERR_HTTP_HTML_RESPONSE', message: /returned an HTML page \(status 404\)/ });
});

test('list pages through tokens', async () => {
  const names = [uniqueName('page'), uniqueName('page'), uniqueName('page')];
  for (const name of names) await sm.createBinding({ name, serviceInstanceId: session.sandbox.aicoreInstanceId, async: false });
  const before = session.sandbox.requestLog().length;

  const all = await sm.listBindings({ maxItems: 1 });
  for (const name of names) assert.ok(all.some((binding) => binding.name === name), `${name} listed`);
  const pageCalls = session.sandbox.requestLog().slice(before).filter((entry) => entry.path.startsWith('/v1/service_bindings?'));
  assert.equal(pageCalls.length, all.length, 'one request per item with max_items=1');

  const filtered = await sm.listBindings({ fieldQuery: `name eq ${quoteQueryValue(names[1]!)}` });
  assert.deepEqual(
    filtered.map((binding) => binding.name),
    [names[1]],
  );
});

test('binding read and deleted', async () => {
  const cert = await freshCertificate();
  const created = await sm.createBinding({ name: uniqueName('del'), serviceInstanceId: session.sandbox.aicoreInstanceId, parameters: x509Parameters(cert.chainPem) });
  const read = await sm.getBinding(created.id);
  assert.equal(read.credentials?.clientid, created.credentials?.clientid);

  assert.deepEqual(await sm.deleteBinding(created.id), { deleted: true, alreadyGone: false });
  assert.deepEqual(await sm.deleteBinding(created.id), { deleted: false, alreadyGone: true });
  await assert.rejects(sm.getBinding(created.id), { code: 'ERR_SM_NOT_FOUND' });
});

test('operation state normalised', () => {
  assert.equal(normalizeState('IN_PROGRESS'), 'in progress');
  assert.equal(normalizeState('Succeeded'), 'succeeded');
  assert.equal(normalizeState('in progress'), 'in progress');
  assert.equal(quoteQueryValue("it's"), "'it''s'");
});
