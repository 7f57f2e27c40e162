export { createHttpClient, type HttpClient, type HttpClientOptions, type HttpMethod, type HttpRequest, type HttpResponse, type HttpSettings } from './client.ts';
export { sendWithBearer, type BearerTokenSource } from './bearer.ts';
export type { Environment } from './dispatcher.ts';
export {
  displayUrl,
  HttpResponseError,
  HttpTransportError,
  KeyMismatchError,
  type HttpErrorCode,
  type HttpResponseErrorCode,
  type HttpTransportErrorCode,
  type RequestContext,
} from './errors.ts';
export { context as responseContext, errorBodySummary, htmlExcerpt, isHtmlResponse, readJson, rejectHtml, unexpectedStatusError } from './response.ts';
export { backoffDelay, defaultRetryPolicy, isIdempotent, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.ts';
export { describeCertificateChain, displayName, prepareTlsIdentity, type IdentitySummary, type PreparedIdentity, type TlsIdentity } from './tls-identity.ts';
export { mapTransportError, type TransportFailureContext } from './transport-errors.ts';
