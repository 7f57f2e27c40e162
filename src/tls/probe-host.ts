import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, rootCertificates, type DetailedPeerCertificate } from 'node:tls';

import { logDebug } from '../diagnostics.ts';
import { AicoreMtlsError } from '../errors.ts';

export interface HostProbe {
  host: string;
  port: number;
  /** Whether OpenSSL verified the chain and the host name against the trusted roots. */
  authorized: boolean;
  /** OpenSSL's or Node's code when it did not, such as UNABLE_TO_GET_ISSUER_CERT_LOCALLY. */
  authorizationError?: string;
  /** Leaf first: the served chain, completed up to the trusted root when verification succeeded. */
  chain: X509Certificate[];
  /** Negotiated TLS version, such as `TLSv1.3`. */
  protocol: string | null;
}

/** A TLS probe that reached no handshake: no connection, a timeout, or a TLS alert. */
export class TlsProbeError extends AicoreMtlsError {
  /** The failure in words, without the host. */
  readonly reason: string;
  /** The system or OpenSSL code, such as ECONNREFUSED or ETIMEDOUT. */
  readonly systemCode: string;

  constructor(host: string, port: number, reason: string, systemCode: string, cause?: unknown) {
    super('ERR_TLS_PROBE_FAILED', `TLS probe of ${host}:${port} failed: ${reason} (${systemCode})`, {
      cause,
      fix: 'Run the command where the host is reachable directly (the probe does not use HTTPS_PROXY), or leave out --probe.',
      details: { host, port, systemCode },
    });
    this.reason = reason;
    this.systemCode = systemCode;
  }
}

export interface ProbeHostOptions {
  host: string;
  port: number;
  /** PEM certificates trusted besides Node's bundled roots. */
  extraCa?: readonly string[];
  timeoutMs?: number;
}

/**
 * Reads the certificate chain a host serves in a TLS handshake and reports whether it
 * verifies. Unlike an HTTPS client, a failed verification is reported instead of aborting the
 * handshake, because naming the root the host chains to is the purpose of the probe. Nothing
 * flows over the connection: no client certificate and no request are sent, and the socket
 * closes right after the handshake.
 *
 * NOTE: the probe connects directly and ignores HTTPS_PROXY; behind a proxy it fails although
 * the token request (which uses the proxy) may succeed.
 */
export function probeHost(options: ProbeHostOptions): Promise<HostProbe> {
  const { host, port } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  logDebug('tls.probe', 'connecting', { host, port });
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ca: [...rootCertificates, ...(options.extraCa ?? [])],
      rejectUnauthorized: false,
    });
    let settled = false;
    // The action runs before the socket closes, because a closed socket no longer returns its
    // peer certificate. After a handshake the socket ends with close_notify, as a polite client
    // does; a socket still open a second later is destroyed.
    const finish = (action: () => void, graceful = false) => {
      if (settled) return;
      settled = true;
      action();
      socket.on('error', () => undefined);
      if (!graceful) {
        socket.destroy();
        return;
      }
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    socket.setTimeout(timeoutMs, () => {
      const error = new TlsProbeError(host, port, `no TLS handshake within ${timeoutMs / 1000} s`, 'ETIMEDOUT');
      finish(() => reject(error));
    });
    socket.once('secureConnect', () => {
      finish(() => {
        const chain = chainOf(socket.getPeerCertificate(true));
        const authorizationError = socket.authorizationError === null || socket.authorizationError === undefined ? undefined : String(socket.authorizationError);
        logDebug('tls.probe', 'chain read', { host, port, length: chain.length, authorized: socket.authorized, authorizationError });
        resolve({ host, port, authorized: socket.authorized, ...(authorizationError ? { authorizationError } : {}), chain, protocol: socket.getProtocol() });
      }, true);
    });
    socket.once('error', (cause: NodeJS.ErrnoException) => {
      const error = new TlsProbeError(host, port, cause.message.split('\n')[0] ?? 'TLS error', cause.code ?? 'UNKNOWN', cause);
      finish(() => reject(error));
    });
  });
}

function chainOf(leaf: DetailedPeerCertificate | undefined): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current = leaf;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}
