import { logDebug } from '../diagnostics.ts';
import { AicoreMtlsError } from '../errors.ts';
import { probeHost, TlsProbeError, type HostProbe } from '../tls/probe-host.ts';
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
  let probe: HostProbe;
  try {
    probe = await probeHost({ host, port, extraCa: options.extraCa, timeoutMs: options.timeoutMs ?? defaultTimeoutMs });
  } catch (error) {
    if (!(error instanceof TlsProbeError)) throw error;
    throw translateError(host, port, error.systemCode, error.reason, error.cause ?? error);
  }
  if (!probe.authorized) {
    const code = probe.authorizationError ?? 'UNKNOWN';
    throw translateError(host, port, code, `the server certificate did not verify (${code})`);
  }
  if (probe.chain.length === 0) {
    throw new S4ProbeError(host, port, 'the server sent no certificate', 'ERR_NO_PEER_CERTIFICATE', reachabilityFix);
  }

  const chain = probe.chain.map((certificate) => ({ summary: summarizeCertificate(certificate), pem: certificate.toString() }));
  const root = chain[chain.length - 1]!;
  logDebug('s4.probe', 'chain read', { host, port, length: chain.length, root: root.summary.subject });
  return { host, port, protocol: probe.protocol, chain, root };
}

const reachabilityFix =
  'Run the command where the host is reachable (direct HTTPS, no proxy), or leave out --probe; the sheet then names the expected root.';

function translateError(host: string, port: number, code: string, reason: string, error?: unknown): S4ProbeError {
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
      return new S4ProbeError(host, port, reason, code, reachabilityFix, error);
  }
}
