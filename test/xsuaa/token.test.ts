import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { credentialsFromObject } from '../../src/credentials/index.ts';
import { redactText } from '../../src/redact.ts';
import { compareCertUrl, checkCertUrl, fetchClientCredentialsToken, TokenCache } from '../../src/xsuaa/index.ts';
import { createTestPkis, sendJson, startHttpsServer, type SeenRequest, type TestPkis, type TestServer } from '../http/https-server.ts';

let pkis: TestPkis;
before(async () => {
  pkis = await createTestPkis();
});

const clientid = 'sb-00000000-0000-0000-0000-000000000001!b12345|aicore!b540';

function x509Credentials(certurl: string, extra: Record<string, unknown> = {}) {
  return credentialsFromObject(
    {
      clientid,
      'credential-type': 'x509',
      certificate: pkis.client.leaf.certificatePem + pkis.client.intermediate.certificatePem,
      key: pkis.client.leaf.privateKeyPem,
      url: 'https://my-sub.authentication.eu10.hana.ondemand.com',
      certurl,
      serviceurls: { AI_API_URL: 'https://api.ai.example.test' },
      ...extra,
    },
    'test key',
  );
}

const http = () => ({ extraCaCertificates: [pkis.server.root.certificatePem], environment: {}, retry: { maxRetries: 0 } });

function tokenBody(expiresIn: unknown = 43199) {
  return { access_token: `eyJhbGciOiJSUzI1NiJ9.e30.sig-${Math.random().toString(36).slice(2)}`, token_type: 'bearer', expires_in: expiresIn, scope: 'uaa.resource ai.read' };
}

async function tokenServer(respond: (request: SeenRequest) => { status: number; body: unknown; headers?: Record<string, string> }): Promise<TestServer> {
  const server = await startHttpsServer(
    pkis,
    (request, response) => {
      const { status, body, headers } = respond(request);
      sendJson(response, status, body, headers);
    },
    { requestCert: true },
  );
  after(() => server.close());
  return server;
}

test('certificate token from certurl', async () => {
  const server = await tokenServer((request) => ({ status: request.clientCommonName ? 200 : 401, body: tokenBody() }));
  const token = await fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache: false });

  assert.equal(token.authentication, 'certificate');
  assert.equal(token.endpoint, `${server.url}/oauth/token`);
  assert.equal(token.expiresIn, 43199);
  assert.deepEqual(token.scope, ['uaa.resource', 'ai.read']);
  assert.match(token.identity?.subject ?? '', /CN=test-client/);
  const seen = server.requests[0]!;
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/oauth/token');
  assert.equal(seen.headers.authorization, undefined, 'no Authorization header');
  assert.match(String(seen.headers['content-type']), /^application\/x-www-form-urlencoded/);
  const form = new URLSearchParams(seen.body);
  assert.equal(form.get('grant_type'), 'client_credentials');
  assert.equal(form.get('client_id'), clientid);
  assert.equal(form.has('client_secret'), false);
  // The server trusts only the root, so verification succeeds only if the intermediate was sent.
  assert.equal(seen.authorized, true, 'leaf and intermediate presented');
  assert.equal(seen.clientChainLength, 3, 'leaf, intermediate and root in the verified path');
  assert.equal(redactText(token.accessToken), '[redacted]', 'token registered as secret');
});

test('secret token from url', async () => {
  const server = await tokenServer(() => ({ status: 200, body: tokenBody('600') }));
  const credentials = credentialsFromObject({ clientid: 'sb-secret', clientsecret: 'form-secret-value', url: server.url }, 'secret key');
  const token = await fetchClientCredentialsToken({ credentials, http: http(), cache: false });

  assert.equal(token.authentication, 'secret');
  assert.equal(token.expiresIn, 600);
  const form = new URLSearchParams(server.requests[0]!.body);
  assert.equal(form.get('client_id'), 'sb-secret');
  assert.equal(form.get('client_secret'), 'form-secret-value');
  assert.equal(server.requests[0]!.clientCommonName, undefined);
});

test('tokens cached until near expiry', async () => {
  const server = await tokenServer(() => ({ status: 200, body: tokenBody(1000) }));
  const cache = new TokenCache();
  let now = Date.parse('2026-05-01T10:00:00Z');
  const options = { credentials: x509Credentials(server.url), http: http(), cache, now: () => now };

  const first = await fetchClientCredentialsToken(options);
  const second = await fetchClientCredentialsToken(options);
  assert.equal(second.fromCache, true);
  assert.equal(second.accessToken, first.accessToken);
  assert.equal(server.requests.length, 1);

  // 10 % of 1000 s before expiry the cached token is no longer handed out.
  now += 899_000;
  assert.equal((await fetchClientCredentialsToken(options)).fromCache, true);
  now += 2_000;
  const third = await fetchClientCredentialsToken(options);
  assert.equal(third.fromCache, false);
  assert.equal(server.requests.length, 2);

  await fetchClientCredentialsToken({ ...options, forceRefresh: true });
  assert.equal(server.requests.length, 3);
});

test('cache key uses certificate', async () => {
  const server = await tokenServer(() => ({ status: 200, body: tokenBody() }));
  const cache = new TokenCache();
  await fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache });
  const other = await createTestPkis();
  await fetchClientCredentialsToken({
    credentials: x509Credentials(server.url),
    identity: { certificatePem: other.client.leaf.certificatePem + other.client.intermediate.certificatePem, privateKey: other.client.leaf.privateKeyPem },
    http: http(),
    cache,
  });
  assert.equal(server.requests.length, 2);
  assert.equal(cache.size, 2);
});

test('unsupported instance credential mapped', async () => {
  const server = await tokenServer(() => ({
    status: 401,
    body: { error: 'unauthorized', error_description: 'Unsupported instance credential' },
  }));
  await assert.rejects(fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache: false }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_XSUAA_TOKEN_URL_NOT_CERTURL');
    assert.match((error as Error).message, /only the certificate host \("certurl"\) accepts/);
    assert.match((error as { fix?: string }).fix ?? '', /not from "url"/);
    return true;
  });
});

test('bad credentials names identity', async () => {
  const server = await tokenServer(() => ({
    status: 401,
    body: { error: 'invalid_client', error_description: 'Bad credentials' },
    headers: { 'www-authenticate': 'Basic realm="UAA/client", error="unauthorized", error_description="Bad credentials"' },
  }));
  await assert.rejects(fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache: false }), (error: unknown) => {
    const typed = error as { code?: string; message: string; details: Record<string, unknown>; fix?: string };
    assert.equal(typed.code, 'ERR_XSUAA_CLIENT_REJECTED');
    assert.match(typed.message, /did not accept the client certificate ".*CN=test-client" \(serial [0-9A-F]+, issued by ".*CN=Test Client CA", valid until \d{4}-\d\d-\d\dT/);
    assert.match(typed.message, new RegExp(`for client id "${clientid.replace(/[|!]/g, '\\$&')}" \\(invalid_client: Bad credentials\\)`));
    assert.match(typed.fix ?? '', /certificate-pinning/);
    assert.equal(typed.details.status, 401);
    assert.equal(typeof typed.details.requestId, 'string');
    return true;
  });
});

test('bad client secret mapped', async () => {
  const server = await tokenServer(() => ({ status: 401, body: { error: 'invalid_client', error_description: 'Bad credentials' } }));
  const credentials = credentialsFromObject({ clientid: 'sb-secret', clientsecret: 'wrong-secret-value', url: server.url }, 'secret key');
  await assert.rejects(fetchClientCredentialsToken({ credentials, http: http(), cache: false }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_XSUAA_CLIENT_REJECTED');
    assert.match((error as Error).message, /did not accept the client secret for client id "sb-secret"/);
    assert.doesNotMatch(JSON.stringify(error), /wrong-secret-value/);
    return true;
  });
});

test('invalid request mapped', async () => {
  const server = await tokenServer(() => ({ status: 400, body: { error: 'invalid_request', error_description: 'Missing client_id' } }));
  await assert.rejects(fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache: false }), {
    code: 'ERR_XSUAA_INVALID_REQUEST',
    message: /rejected the token request as invalid \(invalid_request: Missing client_id\)/,
  });
});

test('HTML instead of token rejected', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html><head><title>Corporate Proxy</title></head><body>Access denied by policy</body></html>');
  });
  after(() => server.close());
  await assert.rejects(fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache: false }), {
    code: 'ERR_HTTP_HTML_RESPONSE',
    message: /HTML page \(status 200\) instead of JSON: "Corporate Proxy: Access denied by policy"/,
  });
});

test('implausible token responses rejected', async () => {
  for (const [body, problem] of [
    [{ token_type: 'bearer', expires_in: 100 }, /"access_token" is missing/],
    [{ ...tokenBody(0) }, /"expires_in" is 0 seconds/],
    [{ ...tokenBody(), token_type: 'mac' }, /"token_type" is "mac"/],
    [{ access_token: 'opaque-token-without-exp' }, /"expires_in" is missing/],
  ] as const) {
    const server = await tokenServer(() => ({ status: 200, body }));
    await assert.rejects(fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache: false }), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'ERR_XSUAA_INVALID_TOKEN_RESPONSE');
      assert.match((error as Error).message, problem);
      return true;
    });
  }
});

test('expiry from JWT exp', async () => {
  const now = Date.parse('2026-05-01T10:00:00Z');
  const payload = Buffer.from(JSON.stringify({ exp: now / 1000 + 1200 })).toString('base64url');
  const server = await tokenServer(() => ({ status: 200, body: { access_token: `eyJhbGciOiJSUzI1NiJ9.${payload}.sig` } }));
  const token = await fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: http(), cache: false, now: () => now });
  assert.equal(token.expiresIn, 1200);
});

test('x509 without certurl rejected', async () => {
  const credentials = x509Credentials('https://unused.example');
  delete credentials.certurl;
  await assert.rejects(fetchClientCredentialsToken({ credentials, cache: false }), { code: 'ERR_CREDENTIALS_CERTURL_MISSING' });
});

test('x509 without key needs identity', async () => {
  const server = await tokenServer(() => ({ status: 200, body: tokenBody() }));
  const credentials = x509Credentials(server.url);
  delete credentials.key;
  await assert.rejects(fetchClientCredentialsToken({ credentials, http: http(), cache: false }), {
    code: 'ERR_XSUAA_CLIENT_IDENTITY_MISSING',
    message: /is an x509 key without "key"/,
  });
  assert.equal(server.requests.length, 0, 'no request without an identity');

  const token = await fetchClientCredentialsToken({
    credentials,
    identity: { certificatePem: pkis.client.leaf.certificatePem + pkis.client.intermediate.certificatePem, privateKey: pkis.client.leaf.privateKeyPem },
    http: http(),
    cache: false,
  });
  assert.equal(token.authentication, 'certificate');
});

test('rate limit retried then reported', async () => {
  const server = await tokenServer(() => ({ status: 429, body: { error: 'too_many_requests' }, headers: { 'retry-after': '0' } }));
  await assert.rejects(
    fetchClientCredentialsToken({ credentials: x509Credentials(server.url), http: { ...http(), retry: { maxRetries: 2, baseDelayMs: 1 } }, cache: false }),
    { code: 'ERR_XSUAA_TOKEN_REQUEST_FAILED', message: /failed with status 429/ },
  );
  assert.equal(server.requests.length, 3);
});

test('certurl cross-check', async () => {
  let published = '';
  const server = await startHttpsServer(pkis, (_request, response) =>
    sendJson(response, 200, { issuer: 'x', token_endpoint: 'https://a/oauth/token', mtls_endpoint_aliases: { token_endpoint: published } }),
  );
  after(() => server.close());
  published = 'https://my-sub.authentication.cert.eu10.hana.ondemand.com/oauth/token';
  const credentials = credentialsFromObject(
    { clientid, 'credential-type': 'x509', url: server.url, certurl: 'https://my-sub.authentication.cert.eu10.hana.ondemand.com/' },
    'k',
  );
  const check = await checkCertUrl(credentials, { http: http() });
  assert.equal(check.matches, true);
  assert.equal(server.requests[0]!.url, '/.well-known/openid-configuration');

  const mismatch = compareCertUrl({ mtls_endpoint_aliases: { token_endpoint: 'https://other.authentication.cert.eu10.hana.ondemand.com/oauth/token' } }, 'https://my-sub.authentication.cert.eu10.hana.ondemand.com');
  assert.equal(mismatch.matches, false);
  assert.match(mismatch.message, /XSUAA publishes https:\/\/other/);
  assert.equal(compareCertUrl({}, 'https://x').matches, false);
});
