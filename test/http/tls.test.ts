import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import { after, before, test } from 'node:test';

import { createHttpClient, type HttpClientOptions } from '../../src/http/client.ts';
import { HttpTransportError } from '../../src/http/errors.ts';
import { mapTransportError } from '../../src/http/transport-errors.ts';
import { prepareTlsIdentity } from '../../src/http/tls-identity.ts';
import { createTestPkis, sendJson, startHttpsServer, type TestPkis } from './https-server.ts';
import { hasOpenssl, startOpensslServer } from './openssl-server.ts';

let pkis: TestPkis;
before(async () => {
  pkis = await createTestPkis();
});

function identity() {
  return {
    certificatePem: pkis.client.leaf.certificatePem + pkis.client.intermediate.certificatePem,
    privateKey: pkis.client.leaf.privateKeyPem,
    origin: 'test identity',
  };
}

function client(options: HttpClientOptions = {}) {
  const created = createHttpClient({ extraCaCertificates: [pkis.server.root.certificatePem], environment: {}, retry: { maxRetries: 0 }, ...options });
  after(() => created.close());
  return created;
}

test('client certificate presented', async () => {
  const server = await startHttpsServer(pkis, (request, response) => sendJson(response, 200, { cn: request.clientCommonName }), {
    requireClientCertificate: true,
  });
  after(() => server.close());

  const http = client({ identity: identity() });
  const response = await http.request({ method: 'GET', url: server.url });
  assert.equal(response.status, 200);
  assert.equal(server.requests[0]!.authorized, true);
  assert.equal(server.requests[0]!.clientCommonName, 'test-client');
  // The server trusts only the client root: verification needs the intermediate from the client.
  assert.equal(server.requests[0]!.clientChainLength, 3, 'leaf and intermediate sent');
  assert.match(http.identity!.subject, /CN=test-client/);
});

test('chain reordered leaf first', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}), { requireClientCertificate: true });
  after(() => server.close());

  // Intermediate before the leaf, as some exports write it.
  const http = client({
    identity: { ...identity(), certificatePem: pkis.client.intermediate.certificatePem + pkis.client.leaf.certificatePem },
  });
  const response = await http.request({ method: 'GET', url: server.url });
  assert.equal(response.status, 200);
  assert.equal(server.requests[0]!.clientCommonName, 'test-client');
});

test('missing client certificate mapped', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}), { requireClientCertificate: true });
  after(() => server.close());

  await assert.rejects(client().request({ method: 'GET', url: server.url }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.code, 'ERR_TLS_CLIENT_CERTIFICATE_REQUIRED');
    assert.match(error.message, /asked for a client certificate and none was sent/);
    assert.match(error.fix ?? '', /certurl/);
    assert.equal(error.details.nodeCode, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    assert.ok(error.cause instanceof Error, 'Node error kept as cause');
    return true;
  });
});

test('unverifiable client certificate reset', async () => {
  // A Node server drops the connection without an alert when it cannot verify the client.
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}), { requireClientCertificate: true });
  after(() => server.close());
  const stranger = await createTestPkis();

  const http = client({
    identity: {
      certificatePem: stranger.client.leaf.certificatePem + stranger.client.intermediate.certificatePem,
      privateKey: stranger.client.leaf.privateKeyPem,
    },
  });
  await assert.rejects(http.request({ method: 'GET', url: server.url }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.code, 'ERR_HTTP_CONNECTION_RESET');
    assert.match(error.fix ?? '', /client certificate chain/);
    return true;
  });
});

test('OpenSSL alerts mapped', { skip: !hasOpenssl && 'no /usr/bin/openssl' }, async () => {
  const server = await startOpensslServer(pkis);
  after(() => server.close());
  const stranger = await createTestPkis();

  await assert.rejects(client().request({ method: 'GET', url: server.url }), (error: unknown) => {
    assert.equal((error as HttpTransportError).code, 'ERR_TLS_CLIENT_CERTIFICATE_REQUIRED');
    return true;
  });

  const rejected = client({
    identity: {
      certificatePem: stranger.client.leaf.certificatePem + stranger.client.intermediate.certificatePem,
      privateKey: stranger.client.leaf.privateKeyPem,
    },
  });
  await assert.rejects(rejected.request({ method: 'GET', url: server.url }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.code, 'ERR_TLS_CLIENT_CERTIFICATE_REJECTED');
    assert.match(error.message, /rejected the client certificate ".*CN=test-client" \(serial [0-9A-F]+, valid until \d{4}-/);
    assert.match(error.message, /TLS alert unknown_ca/);
    assert.equal(error.details.nodeCode, 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    return true;
  });

  const accepted = await client({ identity: identity() }).request({ method: 'GET', url: server.url });
  assert.equal(accepted.status, 200);
});

test('untrusted server mapped with fix', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}));
  after(() => server.close());

  await assert.rejects(client({ extraCaCertificates: [] }).request({ method: 'GET', url: server.url }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.code, 'ERR_TLS_SERVER_UNTRUSTED');
    assert.match(error.message, /the certificate of 127\.0\.0\.1:\d+ is not trusted/);
    assert.match(error.fix ?? '', /NODE_EXTRA_CA_CERTS/);
    assert.doesNotMatch(error.fix ?? '', /reject|disable|insecure/i);
    assert.equal(error.details.nodeCode, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    return true;
  });
});

test('extra CA keeps bundled roots', async () => {
  const server = await startHttpsServer(pkis, (_request, response) => sendJson(response, 200, {}));
  after(() => server.close());
  // The root comes in through NODE_EXTRA_CA_CERTS only; the intermediate as the explicit extra CA.
  const { createTempDir } = await import('../helpers/temp-dir.ts');
  const { writeFile } = await import('node:fs/promises');
  const folder = await createTempDir();
  await writeFile(`${folder}/extra.pem`, pkis.server.root.certificatePem);

  const unrelated = (await createTestPkis()).server.root.certificatePem;
  const response = await client({ extraCaCertificates: [unrelated], environment: { NODE_EXTRA_CA_CERTS: `${folder}/extra.pem` } }).request({
    method: 'GET',
    url: server.url,
  });
  assert.equal(response.status, 200);
});

test('key mismatch found before connecting', async () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  assert.throws(() => createHttpClient({ identity: { ...identity(), privateKey: other }, environment: {} }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_TLS_KEY_MISMATCH');
    assert.match((error as Error).message, /the private key in test identity does not belong to the client certificate ".*CN=test-client"/);
    return true;
  });
});

test('key mismatch from TLS mapped', () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  let nodeError: unknown;
  try {
    createSecureContext({ cert: pkis.client.leaf.certificatePem, key: other });
  } catch (error) {
    nodeError = error;
  }
  assert.equal((nodeError as { code?: string }).code, 'ERR_OSSL_X509_KEY_VALUES_MISMATCH');
  const mapped = mapTransportError(nodeError, { method: 'GET', url: 'https://127.0.0.1:1/', requestId: 'r1' });
  assert.equal(mapped.code, 'ERR_TLS_KEY_MISMATCH');
  assert.equal(mapped.cause, nodeError);
  assert.equal(mapped.details.requestId, 'r1');
});

test('encrypted key needs passphrase', () => {
  const encrypted = pkis.client.leaf.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'correct-horse' }) as string;
  assert.throws(() => prepareTlsIdentity({ ...identity(), privateKey: encrypted }), { code: 'ERR_PASSWORD_MISSING' });
  assert.throws(() => prepareTlsIdentity({ ...identity(), privateKey: encrypted, passphrase: 'wrong' }), { code: 'ERR_PASSWORD_INCORRECT' });
  const prepared = prepareTlsIdentity({ ...identity(), privateKey: encrypted, passphrase: 'correct-horse' });
  assert.match(prepared.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
});

test('leaf without intermediate warned', () => {
  const prepared = prepareTlsIdentity({ ...identity(), certificatePem: pkis.client.leaf.certificatePem });
  assert.equal(prepared.warnings.length, 1);
  assert.match(prepared.warnings[0]!, /without its issuing CA certificate/);
  assert.equal(prepared.summary.chainLength, 1);
});

test('certificate without PEM block rejected', () => {
  assert.throws(() => prepareTlsIdentity({ ...identity(), certificatePem: 'not a certificate' }), {
    code: 'ERR_INPUT_FORMAT',
    message: /test identity contains no PEM certificate/,
  });
});

test('connect timeout mapped', async () => {
  // A TCP server that accepts connections and never responds to the TLS ClientHello.
  const sockets: Socket[] = [];
  const server = createNetServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const port = (server.address() as AddressInfo).port;

  await assert.rejects(client({ connectTimeoutMs: 150 }).request({ method: 'GET', url: `https://127.0.0.1:${port}/` }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.code, 'ERR_HTTP_CONNECT_TIMEOUT');
    return true;
  });
});

test('host not found mapped', () => {
  // Resolving a real name would send a DNS query off this machine, so the Node error is built here.
  const nodeError = Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND', hostname: 'api.example.invalid' });
  const mapped = mapTransportError(nodeError, { method: 'GET', url: 'https://api.example.invalid/v2/lm/meta', requestId: 'r2' });
  assert.equal(mapped.code, 'ERR_HTTP_HOST_NOT_FOUND');
  assert.match(mapped.message, /api\.example\.invalid cannot be resolved/);
});
