import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type ServerOptions } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ServerResponse } from 'node:http';

import { createTestPki, type TestPki } from '../helpers/pki.ts';

/** Server and client PKIs for one test file: the server leaf is valid for 127.0.0.1. */
export interface TestPkis {
  server: TestPki;
  client: TestPki;
}

export async function createTestPkis(): Promise<TestPkis> {
  const [server, client] = await Promise.all([
    createTestPki({ leafProfile: 'server', leafSubject: 'CN=127.0.0.1, O=aicore-mtls tests', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'] }),
    createTestPki({ leafSubject: 'CN=test-client, OU=Clients, O=aicore-mtls tests, C=DE' }),
  ]);
  return { server, client };
}

/** What the server saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  authorized: boolean;
  /** CN of the client certificate, if one was presented. */
  clientCommonName: string | undefined;
  /** Length of the client certificate path the server verified, its own trusted root included. */
  clientChainLength: number;
}

export type TestHandler = (request: SeenRequest, response: ServerResponse, count: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts an HTTPS server on 127.0.0.1 that records each request and hands it to `handler`. */
export async function startHttpsServer(
  pkis: TestPkis,
  handler: TestHandler,
  options: { requireClientCertificate?: boolean; requestCert?: boolean } = {},
): Promise<TestServer> {
  const serverOptions: ServerOptions = {
    cert: pkis.server.leaf.certificatePem + pkis.server.intermediate.certificatePem,
    key: pkis.server.leaf.privateKeyPem,
    ca: [pkis.client.root.certificatePem],
    requestCert: options.requestCert ?? options.requireClientCertificate ?? false,
    rejectUnauthorized: options.requireClientCertificate ?? false,
  };
  const requests: SeenRequest[] = [];
  const server = createServer(serverOptions, (incoming, response) => {
    void record(incoming).then(async (seen) => {
      requests.push(seen);
      await handler(seen, response, requests.length);
    });
  });
  return listen(server, requests);
}

async function record(incoming: IncomingMessage): Promise<SeenRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const socket = incoming.socket as TLSSocket;
  const peer = socket.getPeerCertificate(true);
  let chainLength = 0;
  if (peer && peer.raw) {
    const seen = new Set<string>();
    let current: typeof peer | undefined = peer;
    while (current && current.raw && !seen.has(current.fingerprint256)) {
      seen.add(current.fingerprint256);
      chainLength += 1;
      current = current.issuerCertificate as typeof peer | undefined;
    }
  }
  return {
    method: incoming.method ?? '',
    url: incoming.url ?? '',
    headers: incoming.headers,
    body: Buffer.concat(chunks).toString('utf8'),
    authorized: socket.authorized,
    clientCommonName: peer && peer.subject ? (peer.subject.CN as string | undefined) : undefined,
    clientChainLength: chainLength,
  };
}

async function listen(server: Server | HttpServer, requests: SeenRequest[]): Promise<TestServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TestProxy {
  url: string;
  /** `host:port` targets of the CONNECT requests received. */
  tunnels: string[];
  close(): Promise<void>;
}

/** Starts a plain HTTP proxy on 127.0.0.1 that only handles CONNECT, as corporate proxies do for HTTPS. */
export async function startConnectProxy(): Promise<TestProxy> {
  const tunnels: string[] = [];
  const server = createHttpServer((_request, response) => {
    response.writeHead(405).end();
  });
  const sockets = new Set<Socket>();
  server.on('connect', (request: IncomingMessage, clientSocket: Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const [host, port] = target.split(':');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      clientSocket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = netConnect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    sockets.add(upstream);
    sockets.add(clientSocket);
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
