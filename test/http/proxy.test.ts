import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createHttpClient } from '../../src/http/client.ts';
import { createTestPkis, sendJson, startConnectProxy, startHttpsServer, type TestPkis } from './https-server.ts';

let pkis: TestPkis;
before(async () => {
  pkis = await createTestPkis();
});

function identity() {
  return {
    certificatePem: pkis.client.leaf.certificatePem + pkis.client.intermediate.certificatePem,
    privateKey: pkis.client.leaf.privateKeyPem,
  };
}

test('client certificate through CONNECT', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}), { requireClientCertificate: true });
  const proxy = await startConnectProxy();
  after(() => Promise.all([server.close(), proxy.close()]));

  const http = createHttpClient({
    identity: identity(),
    extraCaCertificates: [pkis.server.root.certificatePem],
    environment: { HTTPS_PROXY: proxy.url },
  });
  after(() => http.close());
  const response = await http.request({ method: 'GET', url: `${server.url}/oauth/token` });

  assert.equal(response.status, 200);
  assert.deepEqual(proxy.tunnels, [`127.0.0.1:${server.port}`]);
  assert.equal(server.requests[0]!.authorized, true);
  assert.equal(server.requests[0]!.clientCommonName, 'test-client');
});

test('lower-case https_proxy used', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}));
  const proxy = await startConnectProxy();
  after(() => Promise.all([server.close(), proxy.close()]));

  const http = createHttpClient({ extraCaCertificates: [pkis.server.root.certificatePem], environment: { https_proxy: proxy.url } });
  after(() => http.close());
  await http.request({ method: 'GET', url: server.url });
  assert.equal(proxy.tunnels.length, 1);
});

test('NO_PROXY bypasses proxy', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}), { requireClientCertificate: true });
  const proxy = await startConnectProxy();
  after(() => Promise.all([server.close(), proxy.close()]));

  const http = createHttpClient({
    identity: identity(),
    extraCaCertificates: [pkis.server.root.certificatePem],
    environment: { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' },
  });
  after(() => http.close());
  const response = await http.request({ method: 'GET', url: server.url });

  assert.equal(response.status, 200);
  assert.deepEqual(proxy.tunnels, []);
  assert.equal(server.requests[0]!.clientCommonName, 'test-client');
});

test('proxy refusal mapped', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}));
  const proxy = await startConnectProxy();
  after(() => Promise.all([server.close(), proxy.close()]));

  // The test proxy responds with 403 to targets other than 127.0.0.1 and localhost.
  const http = createHttpClient({
    extraCaCertificates: [pkis.server.root.certificatePem],
    environment: { HTTPS_PROXY: proxy.url },
    retry: { maxRetries: 0 },
  });
  after(() => http.close());
  await assert.rejects(http.request({ method: 'GET', url: `https://127.0.0.2:${server.port}/` }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_HTTP_PROXY_FAILED');
    assert.match((error as Error).message, /the proxy responded with status 403/);
    return true;
  });
  assert.deepEqual(proxy.tunnels, [`127.0.0.2:${server.port}`]);
});
