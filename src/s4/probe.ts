import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, rootCertificates, type DetailedPeerCertificate } from 'node:tls';

import { logDebug } from '../diagnostics.ts';
import { AicoreMtlsError } from '../errors.ts';
import { summarizeCertificate, type CertificateSummary } from './certificate-summary.ts';

export interface ProbeOptions {
  host: string;
  port: number;
  /** Extra trusted roots (PEM), added to Node's bundled CA store. */
  extraCa?: string[];
  timeoutMs?: number;
}

export interface ProbedCertificate {
  summary: CertificateSummary;
  pem: string;
}

export interface ProbeResult {
  host: string;
  port: number;
  protocol: string | null;
  /** The verified chain, leaf first; the last entry is the trust anchor. */
  chain: ProbedCertificate[];
  root: ProbedCertificate;
}

/** A TLS probe could not read a verified chain from the host. */
export class S4ProbeError extends AicoreMtlsError {
  constructor(host: string, port: number, reason: string, code: string, fix: string, cause?: unknown) {
    super('ERR_S4_PROBE_FAILED', `TLS probe of ${host}:${port} failed: ${reason} (${code})`, {
      cause,
      fix,
      details: { host, port, systemCode: code },
    });
  }
}

const defaultTimeoutMs = 10_000;

/**
 * Connects to a host with TLS, verifies its certificate against Node's bundled CA store plus
 * `extraCa`, and returns the chain it served, completed up to the trust anchor as OpenSSL
 * built it. Sends no client certificate and no request. Over TLS 1.3 the server's chain
 * arrives before the server checks the client, so hosts that demand a client certificate
 * (the XSUAA `certurl` host) still show their chain.
 *
 * NOTE: such a host limited to TLS 1.2 aborts the handshake before the chain can be read, and
 * the probe connects directly, without HTTPS_PROXY; both cases end in S4ProbeError.
 */
export async function probeServerChain(options: ProbeOptions): Promise<ProbeResult> {
  const { host, port } = options;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  logDebug('s4.probe', 'connecting', { host, port });

  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      // SNI carries host names only; RFC 6066 forbids IP addresses in it.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ca: [...rootCertificates, ...(options.extraCa ?? [])],
      rejectUnauthorized: true,
    });
    let settled = false;
    // The action runs before the socket closes: a closed socket no longer returns its peer
    // certificate. After a handshake the socket ends with close_notify, as a polite client
    // does; a socket that is still open a second later is destroyed.
    const finish = (action: () => void, graceful = false) => {
      if (settled) return;
      settled = true;
      action();
      if (!graceful) {
        socket.destroy();
        return;
      }
      socket.on('error', () => undefined);
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    };

    socket.setTimeout(timeoutMs, () => {
      finish(() =>
        reject(new S4ProbeError(host, port, `no TLS handshake within ${timeoutMs / 1000} s`, 'ETIMEDOUT', reachabilityFix)),
      );
    });
    socket.once('secureConnect', () => {
      finish(() => {
        try {
          const chain = chainOf(socket.getPeerCertificate(true));
          const root = chain[chain.length - 1]!;
          logDebug('s4.probe', 'chain read', { host, port, length: chain.length, root: root.summary.subject });
          resolve({ host, port, protocol: socket.getProtocol(), chain, root });
        } catch (cause) {
          reject(new S4ProbeError(host, port, 'the server sent no certificate', 'ERR_NO_PEER_CERTIFICATE', reachabilityFix, cause));
        }
      }, true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      finish(() => reject(translateError(host, port, error)));
    });
  });
}

const reachabilityFix =
  'Run the command where the host is reachable (direct HTTPS, no proxy), or leave out --probe; the sheet then names the expected root.';

function chainOf(leaf: DetailedPeerCertificate): ProbedCertificate[] {
  if (!leaf || !leaf.raw) throw new Error('no peer certificate');
  const chain: ProbedCertificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    const certificate = new X509Certificate(current.raw);
    chain.push({ summary: summarizeCertificate(certificate), pem: certificate.toString() });
    current = current.issuerCertificate;
  }
  return chain;
}

function translateError(host: string, port: number, error: NodeJS.ErrnoException): S4ProbeError {
  const code = error.code ?? 'UNKNOWN';
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new S4ProbeError(host, port, 'the host name does not resolve', code, reachabilityFix, error);
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new S4ProbeError(host, port, 'the connection failed', code, reachabilityFix, error);
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return new S4ProbeError(
        host,
        port,
        'the server chain does not lead to a trusted root',
        code,
        'If a proxy on this network intercepts TLS, its root is not the one S/4HANA needs; probe from a network without interception. To trust another root for the probe, pass it with --ca-file.',
        error,
      );
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return new S4ProbeError(host, port, 'the server certificate is outside its validity period', code, 'Check the system clock, and whether something between this machine and the host presents another certificate.', error);
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new S4ProbeError(host, port, 'the server certificate does not name this host', code, 'Check the host in the service key and the DNS resolution of this machine.', error);
    default:
      return new S4ProbeError(host, port, error.message.split('\n')[0] ?? 'TLS error', code, reachabilityFix, error);
  }
}
