import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { logChannel, type LogEvent } from '../../src/diagnostics.ts';
import { createHttpClient, type HttpClient } from '../../src/http/client.ts';
import { HttpTransportError } from '../../src/http/errors.ts';
import { readJson } from '../../src/http/response.ts';
import { createTestPkis, sendJson, startHttpsServer, type TestPkis } from './https-server.ts';

let pkis: TestPkis;
before(async () => {
  pkis = await createTestPkis();
});

function client(options: Parameters<typeof createHttpClient>[0] = {}): HttpClient {
  const created = createHttpClient({
    extraCaCertificates: [pkis.server.root.certificatePem],
    environment: {},
    retry: { baseDelayMs: 10, maxDelayMs: 40 },
    ...options,
  });
  after(() => created.close());
  return created;
}

test('GET retried after 503', async () => {
  const server = await startHttpsServer(pkis, (_request, response, count) => {
    if (count < 3) sendJson(response, 503, { description: 'busy' });
    else sendJson(response, 200, { ok: true });
  });
  after(() => server.close());

  const response = await client().request({ method: 'GET', url: `${server.url}/items` });
  assert.equal(response.status, 200);
  assert.equal(response.attempts, 3);
  assert.equal(server.requests.length, 3);
  const ids = new Set(server.requests.map((request) => request.headers['x-correlationid']));
  assert.equal(ids.size, 1, 'one correlation id across retries');
  assert.equal([...ids][0], response.requestId);
});

test('GET retries end at limit', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 502, {}));
  after(() => server.close());

  const response = await client({ retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10 } }).request({ method: 'GET', url: server.url });
  assert.equal(response.status, 502);
  assert.equal(response.attempts, 3);
});

test('POST not retried after 503', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 503, {}));
  after(() => server.close());

  const response = await client().request({ method: 'POST', url: server.url, body: 'x=1' });
  assert.equal(response.status, 503);
  assert.equal(server.requests.length, 1);
});

test('POST retried after 429', async () => {
  const server = await startHttpsServer(pkis, (_request, response, count) => {
    if (count === 1) sendJson(response, 429, { description: 'limit' }, { 'retry-after': '0' });
    else sendJson(response, 201, { id: 'b1' });
  });
  after(() => server.close());

  const response = await client().request({ method: 'POST', url: server.url, body: '{}' });
  assert.equal(response.status, 201);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[1]!.body, '{}', 'body sent again');
});

test('Retry-After seconds honoured', async () => {
  const server = await startHttpsServer(pkis, (_request, response, count) => {
    if (count === 1) sendJson(response, 429, {}, { 'retry-after': '1' });
    else sendJson(response, 200, {});
  });
  after(() => server.close());

  const started = Date.now();
  const response = await client({ random: () => 0 }).request({ method: 'GET', url: server.url });
  assert.equal(response.status, 200);
  assert.ok(Date.now() - started >= 950, `waited ${Date.now() - started} ms`);
});

test('Retry-After beyond cap stops', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 429, {}, { 'retry-after': '3600' }));
  after(() => server.close());

  const started = Date.now();
  const response = await client({ retry: { maxRetryAfterMs: 5000 } }).request({ method: 'GET', url: server.url });
  assert.equal(response.status, 429);
  assert.equal(response.attempts, 1);
  assert.ok(Date.now() - started < 2000);
});

test('request timeout mapped', async () => {
  const server = await startHttpsServer(pkis, () => {
    // Never responds.
  });
  after(() => server.close());

  await assert.rejects(
    client({ requestTimeoutMs: 150 }).request({ method: 'GET', url: server.url, retry: false }),
    (error: unknown) => {
      assert.ok(error instanceof HttpTransportError);
      assert.equal(error.code, 'ERR_HTTP_TIMEOUT');
      assert.match(error.message, /the request to 127\.0\.0\.1:\d+ timed out/);
      assert.equal(typeof error.details.requestId, 'string');
      return true;
    },
  );
});

test('timeout retried for GET', async () => {
  const server = await startHttpsServer(pkis, (_request, response, count) => {
    if (count > 1) sendJson(response, 200, {});
  });
  after(() => server.close());

  const response = await client({ requestTimeoutMs: 150 }).request({ method: 'GET', url: server.url });
  assert.equal(response.status, 200);
  assert.equal(response.attempts, 2);
});

test('connection reset mapped', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => {
    response.socket?.destroy();
  });
  after(() => server.close());

  await assert.rejects(client({ retry: { maxRetries: 1, baseDelayMs: 1 } }).request({ method: 'GET', url: server.url }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.code, 'ERR_HTTP_CONNECTION_RESET');
    assert.equal(error.details.attempts, 2);
    return true;
  });
  assert.equal(server.requests.length, 2);
});

test('connection refused mapped', async () => {
  const server = await startHttpsServer(pkis, () => undefined);
  const url = server.url;
  await server.close();

  await assert.rejects(client().request({ method: 'GET', url }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.code, 'ERR_HTTP_CONNECTION_REFUSED');
    assert.match(error.message, /127\.0\.0\.1:\d+ was refused/);
    assert.equal(error.details.attempts, 1, 'refused connections are not retried');
    return true;
  });
});

test('HTML error page rejected', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!DOCTYPE html><html><head><title>Sign in</title><style>p{}</style></head><body><p>Please   log on to continue</p></body></html>');
  });
  after(() => server.close());

  const response = await client().request({ method: 'GET', url: server.url });
  assert.throws(() => readJson(response, 'the token request'), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_HTTP_HTML_RESPONSE');
    assert.match((error as Error).message, /the token request returned an HTML page \(status 200\)/);
    assert.match((error as Error).message, /"Sign in: Please log on to continue"/);
    return true;
  });
});

test('invalid JSON rejected without body', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"access_token":"secret-value-1234"');
  });
  after(() => server.close());

  const response = await client().request({ method: 'GET', url: server.url });
  assert.throws(() => readJson(response, 'the call'), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_HTTP_INVALID_RESPONSE');
    assert.doesNotMatch((error as Error).message, /secret-value/);
    assert.equal((error as Error).cause, undefined);
    return true;
  });
});

test('response size limited', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('x'.repeat(5000));
  });
  after(() => server.close());

  await assert.rejects(client({ maxResponseBytes: 1000 }).request({ method: 'GET', url: server.url }), { code: 'ERR_HTTP_RESPONSE_TOO_LARGE' });
});

test('logs omit secrets and bodies', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, { access_token: 'token-from-server-5678' }));
  after(() => server.close());
  const events: LogEvent[] = [];
  const listener = (message: unknown) => events.push(message as LogEvent);
  logChannel.subscribe(listener);
  try {
    const response = await client().request({
      method: 'POST',
      url: `${server.url}/oauth/token`,
      headers: { Authorization: 'Bearer header-secret-9012', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_secret=body-secret-3456',
    });
    assert.equal(response.status, 200);
  } finally {
    logChannel.unsubscribe(listener);
  }
  const logged = JSON.stringify(events);
  assert.ok(events.length >= 2, 'request and response logged');
  assert.doesNotMatch(logged, /header-secret-9012/);
  assert.doesNotMatch(logged, /body-secret-3456/);
  assert.doesNotMatch(logged, /token-from-server-5678/);
  assert.equal(server.requests[0]!.headers.authorization, 'Bearer header-secret-9012', 'header still sent');
});

test('abort signal cancels request', async () => {
  const server = await startHttpsServer(pkis, () => undefined);
  after(() => server.close());
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);

  await assert.rejects(client().request({ method: 'GET', url: server.url, signal: controller.signal }), { code: 'ERR_HTTP_ABORTED' });
});
