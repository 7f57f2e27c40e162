import { errorBodySummary, parseRetryAfter, rejectHtml, responseContext, type HttpResponse } from '../../http/index.ts';
import { ServiceManagerError, type ServiceManagerErrorCode } from './errors.ts';

/** Maps an unexpected Service Manager response (`{"error","description"}` body) to a typed error. */
export function serviceManagerFailure(response: HttpResponse, action: string, resource?: string): Error {
  rejectHtml(response, action);
  const summary = errorBodySummary(response);
  const details: Record<string, unknown> = {
    ...responseContext(response),
    status: response.status,
    ...(resource ? { resource } : {}),
    ...(response.serverRequestId ? { serverRequestId: response.serverRequestId } : {}),
  };
  const make = (code: ServiceManagerErrorCode, message: string, fix?: string) => new ServiceManagerError(code, message, { fix, details });

  switch (response.status) {
    case 400:
    case 422:
      return make('ERR_SM_BAD_REQUEST', `${action} failed: Service Manager rejected the request (${summary})`, 'Check the binding parameters against the service\'s documented shape.');
    case 401:
      return make('ERR_SM_UNAUTHORIZED', `${action} failed: Service Manager rejected the access token (${summary})`, 'Use the credentials of a Service Manager binding with plan subaccount-admin.');
    case 403:
      return make(
        'ERR_SM_FORBIDDEN',
        `${action} failed: Service Manager denied access (${summary})`,
        'The Service Manager binding needs plan subaccount-admin; plan service-operator-access is for the Kubernetes operator only.',
      );
    case 404:
    case 410:
      return make('ERR_SM_NOT_FOUND', `${action} failed: ${resource ?? 'the resource'} was not found (${summary})`);
    case 409:
      return make('ERR_SM_BINDING_EXISTS', `${action} failed: ${resource ?? 'the binding'} already exists (${summary})`, 'Choose another binding name, or delete the existing binding first.');
    case 429: {
      const retryAfter = parseRetryAfter(response.headers['retry-after']);
      if (retryAfter !== undefined) details.retryAfterSeconds = Math.ceil(retryAfter / 1000);
      return make(
        'ERR_SM_RATE_LIMITED',
        `${action} failed: Service Manager's rate limit was reached (${summary})`,
        retryAfter !== undefined ? `Try again in ${Math.ceil(retryAfter / 1000)} seconds.` : 'Try again in a minute.',
      );
    }
    default:
      return make(
        'ERR_SM_REQUEST_FAILED',
        `${action} failed with status ${response.status} (${summary})`,
        response.status >= 500 ? 'Service Manager is unavailable; try again in a few minutes.' : undefined,
      );
  }
}

export function invalidResponse(response: HttpResponse, message: string): ServiceManagerError {
  return new ServiceManagerError('ERR_SM_INVALID_RESPONSE', message, { details: { ...responseContext(response), status: response.status } });
}
