import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { request as undiciRequest, type Dispatcher } from 'undici';

import { logDebug } from '../diagnostics.ts';
import { displayUrl, HttpTransportError } from './errors.ts';
import { buildDispatcher, type Environment } from './dispatcher.ts';
import { backoffDelay, defaultRetryPolicy, isIdempotent, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.ts';
import { prepareTlsIdentity, type IdentitySummary, type TlsIdentity } from './tls-identity.ts';
import { isRetryableTransportError, mapTransportError } from './transport-errors.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  /** Client certificate and key presented in every TLS handshake of this client. */
  identity?: TlsIdentity;
  /** PEM texts of CA certificates to trust besides Node's roots (a private or proxy CA). */
  extraCaCertificates?: readonly string[];
  /** TCP connect plus TLS handshake, in milliseconds; 10 000 by default. */
  connectTimeoutMs?: number;
  /** Wait for response headers, and between body chunks, in milliseconds; 30 000 by default. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Source of HTTPS_PROXY, HTTP_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS; `process.env` by default. */
  environment?: Environment;
  /** Largest response body read, in bytes; 10 MiB by default. */
  maxResponseBytes?: number;
  userAgent?: string;
  /** Random source for the backoff jitter, in [0, 1). */
  random?: () => number;
}

/** Connection settings without the TLS identity, for functions that choose the identity themselves. */
export type HttpSettings = Omit<HttpClientOptions, 'identity'>;

export interface HttpRequest {
  method: HttpMethod;
  url: string | URL;
  /** Request headers; names are case-insensitive. Authorization values are never logged. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Correlation id to send as `X-CorrelationID`; a random UUID by default. */
  requestId?: string;
  signal?: AbortSignal;
  /** `false` disables retries for this request; an object overrides parts of the client policy. */
  retry?: false | Partial<RetryPolicy>;
}

export interface HttpResponse {
  status: number;
  /** Response headers with lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The body decoded as UTF-8. */
  text(): string;
  /** Media type without parameters, lower case, e.g. `application/json`. */
  contentType: string | undefined;
  method: HttpMethod;
  /** URL without user information. */
  url: string;
  /** The `X-CorrelationID` sent. */
  requestId: string;
  /** The request id the server or router returned, if any. */
  serverRequestId: string | undefined;
  attempts: number;
}

export interface HttpClient {
  /** The client certificate this client presents, if it has one. */
  readonly identity: IdentitySummary | undefined;
  /** Problems found while checking the identity (missing intermediate, expired leaf). */
  readonly warnings: readonly string[];
  /**
   * Sends a request and returns the response for every HTTP status; only failures without a
   * response throw (HttpTransportError). Idempotent requests are retried after transport
   * failures and 408/5xx responses; every method is retried after 429.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Creates an HTTPS client for one TLS identity. The identity is checked before any connection. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const prepared = options.identity ? prepareTlsIdentity(options.identity) : undefined;
  const environment = options.environment ?? process.env;
  const { dispatcher, proxyFor, takeTlsAlert } = buildDispatcher({
    identity: prepared,
    extraCaCertificates: options.extraCaCertificates ?? [],
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    environment,
  });
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const settings: RequestSettings = {
    dispatcher,
    proxyFor,
    takeTlsAlert,
    identity: prepared?.summary,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024,
    userAgent: options.userAgent ?? 'aicore-mtls',
    random: options.random ?? Math.random,
  };
  if (prepared) logDebug('http', 'client identity', { ...prepared.summary });

  return {
    identity: prepared?.summary,
    warnings: prepared?.warnings ?? [],
    request: (request) => sendWithRetries(request, request.retry === false ? { ...policy, maxRetries: 0 } : { ...policy, ...request.retry }, settings),
    close: () => dispatcher.close(),
  };
}

interface RequestSettings {
  dispatcher: Dispatcher;
  proxyFor(url: URL): string | undefined;
  takeTlsAlert(url: URL, since: number): Error | undefined;
  identity: IdentitySummary | undefined;
  requestTimeoutMs: number;
  maxResponseBytes: number;
  userAgent: string;
  random: () => number;
}

async function sendWithRetries(request: HttpRequest, policy: RetryPolicy, settings: RequestSettings): Promise<HttpResponse> {
  const url = new URL(request.url);
  const requestId = request.requestId ?? randomUUID();
  const shownUrl = displayUrl(url);
  const proxy = settings.proxyFor(url);

  for (let attempt = 1; ; attempt += 1) {
    const started = Date.now();
    logDebug('http', 'request', { method: request.method, url: shownUrl, requestId, attempt, ...(proxy ? { proxy } : {}) });
    let response: HttpResponse;
    try {
      response = await sendOnce(request, url, requestId, attempt, settings);
    } catch (error) {
      const alert = settings.takeTlsAlert(url, started);
      const mapped =
        error instanceof HttpTransportError
          ? error
          : mapTransportError(alert ?? error, { method: request.method, url: shownUrl, requestId, attempts: attempt, identity: settings.identity, proxy });
      const canRetry = isIdempotent(request.method) && isRetryableTransportError(mapped) && attempt <= policy.maxRetries && !request.signal?.aborted;
      logDebug('http', canRetry ? 'transport failure, retrying' : 'transport failure', {
        method: request.method,
        url: shownUrl,
        requestId,
        attempt,
        code: mapped.code,
        nodeCode: mapped.details.nodeCode,
      });
      if (!canRetry) throw mapped;
      await sleep(backoffDelay(attempt - 1, policy, settings.random), request, shownUrl, requestId);
      continue;
    }

    logDebug('http', 'response', {
      method: request.method,
      url: shownUrl,
      requestId,
      attempt,
      status: response.status,
      durationMs: Date.now() - started,
      serverRequestId: response.serverRequestId,
    });
    if (attempt > policy.maxRetries || !isRetryableStatus(request.method, response.status, response.headers)) return response;

    const retryAfter = parseRetryAfter(response.headers['retry-after']);
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
      logDebug('http', 'Retry-After exceeds the limit, not retrying', { requestId, retryAfterMs: retryAfter, limitMs: policy.maxRetryAfterMs });
      return response;
    }
    const wait = retryAfter ?? backoffDelay(attempt - 1, policy, settings.random);
    logDebug('http', 'retrying after status', { requestId, status: response.status, delayMs: wait, retryAfter: retryAfter !== undefined });
    await sleep(wait, request, shownUrl, requestId);
  }
}

async function sleep(milliseconds: number, request: HttpRequest, url: string, requestId: string): Promise<void> {
  try {
    await delay(milliseconds, undefined, { signal: request.signal });
  } catch (error) {
    throw mapTransportError(error, { method: request.method, url, requestId });
  }
}

async function sendOnce(request: HttpRequest, url: URL, requestId: string, attempt: number, settings: RequestSettings): Promise<HttpResponse> {
  const headers: Record<string, string> = {
    'user-agent': settings.userAgent,
    'x-correlationid': requestId,
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;

  const response = await undiciRequest(url, {
    method: request.method,
    headers,
    body: request.body,
    dispatcher: settings.dispatcher,
    signal: request.signal,
    headersTimeout: settings.requestTimeoutMs,
    bodyTimeout: settings.requestTimeoutMs,
  });

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > settings.maxResponseBytes) {
      response.body.destroy();
      throw new HttpTransportError(
        'ERR_HTTP_RESPONSE_TOO_LARGE',
        `the response from ${url.host} is larger than ${settings.maxResponseBytes} bytes`,
        { method: request.method, url: displayUrl(url), requestId, attempts: attempt },
        { fix: 'Check that the URL points at the expected service API.' },
      );
    }
    chunks.push(buffer);
  }

  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = Buffer.concat(chunks);
  return {
    status: response.statusCode,
    headers: responseHeaders,
    body,
    text: () => body.toString('utf8'),
    contentType: responseHeaders['content-type']?.split(';')[0]?.trim().toLowerCase(),
    method: request.method,
    url: displayUrl(url),
    requestId,
    serverRequestId: responseHeaders['x-vcap-request-id'] ?? responseHeaders['x-request-id'] ?? responseHeaders['x-correlationid'],
    attempts: attempt,
  };
}
