import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../errors.ts';

/** Codes of failures below HTTP: connection, TLS handshake, proxy, timeouts. */
export type HttpTransportErrorCode =
  | 'ERR_TLS_CLIENT_CERTIFICATE_REQUIRED'
  | 'ERR_TLS_CLIENT_CERTIFICATE_REJECTED'
  | 'ERR_TLS_SERVER_UNTRUSTED'
  | 'ERR_TLS_SERVER_CERTIFICATE_EXPIRED'
  | 'ERR_TLS_HOSTNAME_MISMATCH'
  | 'ERR_TLS_KEY_MISMATCH'
  | 'ERR_TLS_HANDSHAKE_FAILED'
  | 'ERR_HTTP_CONNECTION_REFUSED'
  | 'ERR_HTTP_HOST_NOT_FOUND'
  | 'ERR_HTTP_CONNECT_TIMEOUT'
  | 'ERR_HTTP_TIMEOUT'
  | 'ERR_HTTP_CONNECTION_RESET'
  | 'ERR_HTTP_PROXY_FAILED'
  | 'ERR_HTTP_ABORTED'
  | 'ERR_HTTP_RESPONSE_TOO_LARGE'
  | 'ERR_HTTP_NETWORK';

/** Codes of failures in an HTTP response that the caller did not expect. */
export type HttpResponseErrorCode = 'ERR_HTTP_STATUS' | 'ERR_HTTP_HTML_RESPONSE' | 'ERR_HTTP_INVALID_RESPONSE';

export type HttpErrorCode = HttpTransportErrorCode | HttpResponseErrorCode;

/** Where a request went; every HTTP error carries it in `details`. */
export interface RequestContext {
  method: string;
  /** URL without user information. */
  url: string;
  /** The `X-CorrelationID` this client sent. */
  requestId: string;
  /** Number of attempts made, retries included. */
  attempts?: number;
}

/** A request that produced no HTTP response: DNS, TCP, TLS, proxy or timeout. */
export class HttpTransportError extends AicoreMtlsError {
  declare readonly code: HttpTransportErrorCode;
  readonly requestId: string;

  constructor(code: HttpTransportErrorCode, message: string, context: RequestContext, options: AicoreMtlsErrorOptions = {}) {
    super(code, message, { ...options, details: { ...contextDetails(context), ...options.details } });
    this.requestId = context.requestId;
  }
}

export interface HttpResponseErrorOptions extends AicoreMtlsErrorOptions {
  status?: number;
  /** Request id the server returned (`x-vcap-request-id`, `x-request-id`, `x-correlationid`). */
  serverRequestId?: string;
}

/** A response that arrived but cannot be used: unexpected status, HTML page, malformed body. */
export class HttpResponseError extends AicoreMtlsError {
  declare readonly code: string;
  readonly requestId: string;
  readonly status: number | undefined;

  constructor(code: string, message: string, context: RequestContext, options: HttpResponseErrorOptions = {}) {
    const details: Record<string, unknown> = { ...contextDetails(context) };
    if (options.status !== undefined) details.status = options.status;
    if (options.serverRequestId !== undefined) details.serverRequestId = options.serverRequestId;
    super(code, message, { ...options, details: { ...details, ...options.details } });
    this.requestId = context.requestId;
    this.status = options.status;
  }
}

function contextDetails(context: RequestContext): Record<string, unknown> {
  const details: Record<string, unknown> = { method: context.method, url: context.url, requestId: context.requestId };
  if (context.attempts !== undefined) details.attempts = context.attempts;
  return details;
}

/** Returns the URL as text without user name and password, which may be credentials. */
export function displayUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/** A private key that belongs to none of the client certificates; found before connecting. */
export class KeyMismatchError extends AicoreMtlsError {
  declare readonly code: 'ERR_TLS_KEY_MISMATCH';

  constructor(message: string, options: AicoreMtlsErrorOptions = {}) {
    super('ERR_TLS_KEY_MISMATCH', message, {
      fix: 'Use the private key that was generated together with this certificate, or the certificate issued for this key.',
      ...options,
    });
  }
}
