import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { after } from 'node:test';
import { createServer, type TLSSocket } from 'node:tls';

import { createTestPki, type TestPki } from '../helpers/pki.ts';

export interface TestTlsServer {
  pki: TestPki;
  port: number;
  /** TCP connections accepted, to show that a probe really reached this server. */
  connections: number;
}

/**
 * Starts a TLS server on 127.0.0.1 whose chain (leaf + intermediate, no root, as public
 * servers send it) comes from a fresh test PKI. `requireClientCertificate` makes it behave
 * like the XSUAA certurl host; `withoutIpAddress` leaves 127.0.0.1 out of the certificate's
 * names. Closed when the test file ends.
 */
export async function startTlsServer(options: { requireClientCertificate?: boolean; withoutIpAddress?: boolean } = {}): Promise<TestTlsServer> {
  const pki = await createTestPki({
    leafProfile: 'server',
    leafSubject: 'CN=localhost, O=aicore-mtls tests, C=DE',
    dnsNames: ['localhost'],
    ipAddresses: options.withoutIpAddress ? [] : ['127.0.0.1'],
  });
  const state: TestTlsServer = { pki, port: 0, connections: 0 };
  const server = createServer(
    {
      key: pki.leaf.privateKeyPem,
      cert: pki.leaf.certificatePem + pki.intermediate.certificatePem,
      requestCert: options.requireClientCertificate === true,
      rejectUnauthorized: options.requireClientCertificate === true,
      ca: [pki.root.certificatePem],
    },
    (socket: TLSSocket) => socket.end(),
  );
  server.on('connection', () => (state.connections += 1));
  server.on('tlsClientError', () => undefined);
  state.port = await listen(server);
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return state;
}

/** Starts a TCP server that accepts connections and never sends a byte, for timeouts. */
export async function startSilentServer(): Promise<number> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return port;
}

/** Returns a port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
