import { HttpTransportError, type HttpTransportErrorCode, type RequestContext } from './errors.ts';
import type { IdentitySummary } from './tls-identity.ts';

/** Context of a failed request, used to make the message specific. */
export interface TransportFailureContext extends RequestContext {
  /** The client certificate sent, when the client has an identity. */
  identity?: IdentitySummary;
  /** Proxy URL (without credentials) the request went through, if any. */
  proxy?: string;
}

const untrustedServerCodes = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** TLS alerts with which a server rejects a client certificate that it received. */
const clientCertificateRejectedAlerts = new Set([
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

const certificateRequiredAlerts = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_TLSV1_ALERT_CERTIFICATE_REQUIRED',
]);

/** Transport failures worth another attempt on an idempotent request. */
const retryableCodes = new Set<HttpTransportErrorCode>(['ERR_HTTP_CONNECT_TIMEOUT', 'ERR_HTTP_TIMEOUT', 'ERR_HTTP_CONNECTION_RESET']);

export function isRetryableTransportError(error: HttpTransportError): boolean {
  if (retryableCodes.has(error.code)) return true;
  // A temporary DNS failure (EAI_AGAIN) is retryable; an unknown host (ENOTFOUND) is not.
  return error.code === 'ERR_HTTP_HOST_NOT_FOUND' && error.details.nodeCode === 'EAI_AGAIN';
}

/**
 * Translates a Node or undici error into a typed error that names what failed and what to do.
 * The original error stays as `cause`, and its code goes into `details.nodeCode`.
 */
export function mapTransportError(error: unknown, context: TransportFailureContext): HttpTransportError {
  const codes = collectCodes(error);
  const nodeCode = codes[0];
  const host = hostOf(context.url);
  const make = (code: HttpTransportErrorCode, message: string, fix?: string, extra: Record<string, unknown> = {}) =>
    new HttpTransportError(code, message, context, {
      cause: error,
      fix,
      details: { ...(nodeCode === undefined ? {} : { nodeCode }), ...(context.proxy ? { proxy: context.proxy } : {}), ...extra },
    });
  const has = (set: Set<string>) => codes.find((code) => set.has(code));
  const identityText = context.identity
    ? `"${context.identity.subject}" (serial ${context.identity.serialNumber}, valid until ${context.identity.notAfter})`
    : undefined;

  if (has(certificateRequiredAlerts) || (!context.identity && codes.includes('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'))) {
    return make(
      'ERR_TLS_CLIENT_CERTIFICATE_REQUIRED',
      `the server ${host} asked for a client certificate and none was sent`,
      'Give the client certificate and its private key for this call. Token requests to "certurl" always need them; the plain "url" takes a client secret instead.',
    );
  }
  const rejectedAlert = has(clientCertificateRejectedAlerts);
  if (rejectedAlert) {
    return make(
      'ERR_TLS_CLIENT_CERTIFICATE_REJECTED',
      `the server ${host} rejected the client certificate ${identityText ?? ''} during the TLS handshake (${alertName(rejectedAlert)})`.replace('  ', ' '),
      'Check that the certificate is still valid, that its whole chain (leaf and intermediate CA) is sent, and that the server trusts its issuing CA.',
      context.identity ? { identity: context.identity } : {},
    );
  }
  if (codes.includes('ERR_OSSL_X509_KEY_VALUES_MISMATCH')) {
    return make(
      'ERR_TLS_KEY_MISMATCH',
      'the private key does not match the client certificate',
      'Use the private key that was generated together with this certificate, or the certificate issued for this key.',
    );
  }
  const untrusted = has(untrustedServerCodes);
  if (untrusted) {
    return make(
      'ERR_TLS_SERVER_UNTRUSTED',
      `the certificate of ${host} is not trusted: ${untrustedReason(untrusted)}`,
      'Add the CA certificate that issued the server certificate to the trusted CAs: pass it as an extra CA file, or set NODE_EXTRA_CA_CERTS to a PEM file that holds it. Behind a TLS-inspecting proxy, that is the proxy\'s root CA.',
    );
  }
  if (codes.includes('CERT_HAS_EXPIRED') || codes.includes('CERT_NOT_YET_VALID')) {
    const expired = codes.includes('CERT_HAS_EXPIRED');
    return make(
      'ERR_TLS_SERVER_CERTIFICATE_EXPIRED',
      `the certificate of ${host} ${expired ? 'has expired' : 'is not valid yet'}`,
      'Check this computer\'s date and time. If they are right, the server\'s certificate must be renewed by its operator.',
    );
  }
  if (codes.includes('ERR_TLS_CERT_ALTNAME_INVALID')) {
    return make(
      'ERR_TLS_HOSTNAME_MISMATCH',
      `the certificate of ${host} is not issued for that host name`,
      'Check the URL in the service key. Behind a TLS-inspecting proxy, the proxy may present a certificate for another name.',
    );
  }
  if (codes.includes('UND_ERR_PRX_TLS') || codes.some((code) => code === 'UND_ERR_PROXY') || isProxyRefusal(error)) {
    return make(
      'ERR_HTTP_PROXY_FAILED',
      `the proxy ${context.proxy ?? ''} did not open a tunnel to ${host}: ${proxyReason(error)}`.replace('  ', ' '),
      'Check HTTPS_PROXY (and its credentials), or list the host in NO_PROXY if it must be reached directly.',
    );
  }
  if (codes.includes('ECONNREFUSED')) {
    const target = addressOf(error) ?? host;
    return make('ERR_HTTP_CONNECTION_REFUSED', `the connection to ${target} was refused`, 'Check the URL and port, and that the service (or the proxy) is running and reachable from here.');
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
    return make('ERR_HTTP_HOST_NOT_FOUND', `the host name of ${host} cannot be resolved`, 'Check the URL in the service key and this computer\'s DNS settings; behind a proxy, set HTTPS_PROXY.', {
      nodeCode: codes.includes('EAI_AGAIN') ? 'EAI_AGAIN' : 'ENOTFOUND',
    });
  }
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')) {
    return make('ERR_HTTP_CONNECT_TIMEOUT', `connecting to ${host} timed out`, 'Check that the host is reachable from this network, or whether a proxy (HTTPS_PROXY) is needed.');
  }
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT') || codes.includes('UND_ERR_BODY_TIMEOUT')) {
    return make('ERR_HTTP_TIMEOUT', `the request to ${host} timed out`, 'Try again later, or raise the request timeout.');
  }
  if (codes.includes('ECONNRESET') || codes.includes('UND_ERR_SOCKET') || codes.includes('EPIPE')) {
    return make(
      'ERR_HTTP_CONNECTION_RESET',
      `${host} closed the connection unexpectedly`,
      context.identity
        ? 'If this happens on every attempt, the server may not accept the client certificate chain: send the leaf together with its intermediate CA certificate.'
        : 'Try again. If the server requires a client certificate (token requests to "certurl" do), give the certificate and key; otherwise check proxies or firewalls between this computer and the service.',
    );
  }
  if (codes.includes('UND_ERR_ABORTED') || codes.includes('ABORT_ERR') || (error instanceof Error && error.name === 'AbortError')) {
    return make('ERR_HTTP_ABORTED', `the request to ${host} was cancelled`);
  }
  if (codes.some((code) => code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO')) {
    return make(
      'ERR_TLS_HANDSHAKE_FAILED',
      `the TLS handshake with ${host} failed (${nodeCode})`,
      context.identity
        ? `Check that the server accepts the client certificate ${identityText} and supports TLS 1.2 or 1.3.`
        : 'Check that the URL is an HTTPS endpoint that supports TLS 1.2 or 1.3.',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return make('ERR_HTTP_NETWORK', `the request to ${host} failed: ${message}`);
}

/** Codes along the cause chain and inside AggregateErrors, outermost first. */
function collectCodes(error: unknown): string[] {
  const codes: string[] = [];
  const queue: unknown[] = [error];
  for (let steps = 0; queue.length > 0 && steps < 20; steps += 1) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) continue;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    if ('cause' in current) queue.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  return codes;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function addressOf(error: unknown): string | undefined {
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift() as { address?: unknown; port?: unknown; cause?: unknown; errors?: unknown } | undefined;
    if (typeof current !== 'object' || current === null) continue;
    if (typeof current.address === 'string') return typeof current.port === 'number' ? `${current.address}:${current.port}` : current.address;
    if (current.cause) queue.push(current.cause);
    if (Array.isArray(current.errors)) queue.push(...current.errors);
  }
  return undefined;
}

function alertName(code: string): string {
  return 'TLS alert ' + code.replace(/^ERR_SSL_(TLSV13|TLSV1|SSLV3)_ALERT_/, '').toLowerCase();
}

function untrustedReason(code: string): string {
  switch (code) {
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'its chain ends in a root CA that is not in the trusted list';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'it is self-signed';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'the issuer of its certificate is unknown (the server may not send its intermediate CA)';
    default:
      return 'its issuing CA is not in the trusted list';
  }
}

function isProxyRefusal(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /when HTTP Tunneling|Proxy Authentication Required/i.test(message);
}

function proxyReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = /Proxy response \((\d{3})\)/.exec(message)?.[1] ?? /\((407)\)/.exec(message)?.[1];
  if (status === '407') return 'the proxy requires authentication (407)';
  if (status) return `the proxy responded with status ${status}`;
  return message;
}
