import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

import type { IssuedCertificate } from '../../x509/certificate-authority.ts';
import type { SandboxService } from '../services.ts';

export interface ServerSlot {
  name: SandboxService | 'control';
  /** Ask TLS clients for a certificate (certurl only). */
  requestCert: boolean;
}

/**
 * Creates the HTTPS server of one slot. The certurl server requests a client certificate but
 * does not reject a handshake without one or with an unknown issuer, so that XSUAA can respond
 * with 401 and the reason instead of a TLS alert the client cannot explain.
 */
export function createHttpsServer(serverCertificate: IssuedCertificate, slot: ServerSlot): Server {
  const server = createServer({
    key: serverCertificate.privateKeyPem,
    cert: serverCertificate.certificatePem,
    requestCert: slot.requestCert,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  });
  server.keepAliveTimeout = 5000;
  return server;
}

/**
 * Listens on `port` (0 = ephemeral). A taken port is reported with the port number so the
 * caller can name it.
 */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
