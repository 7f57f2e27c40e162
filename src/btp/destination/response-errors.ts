import { errorBodySummary, rejectHtml, responseContext, type HttpResponse } from '../../http/index.ts';
import { DestinationError, type DestinationErrorCode } from './errors.ts';

/**
 * Maps an unexpected Destination service response to a typed error. Error bodies come in two
 * forms, a plain string (`Duplicate key`) or `{"ErrorMessage": "…"}`, on every status; both
 * are shown.
 */
export function destinationFailure(response: HttpResponse, action: string, name?: string): Error {
  rejectHtml(response, action);
  const summary = errorBodySummary(response);
  const details = { ...responseContext(response), status: response.status, ...(name ? { name } : {}), ...(response.serverRequestId ? { serverRequestId: response.serverRequestId } : {}) };
  const make = (code: DestinationErrorCode, message: string, fix?: string) => new DestinationError(code, message, { fix, details });
  const subject = name ? `certificate "${name}"` : 'the certificate list';

  switch (response.status) {
    case 409:
      return make(
        'ERR_DESTINATION_CERTIFICATE_EXISTS',
        `${action} failed: a certificate named "${name ?? ''}" already exists (${summary})`,
        'Choose another name, read the existing certificate instead, or delete it first if it is no longer used.',
      );
    case 404:
      return make(
        'ERR_DESTINATION_CERTIFICATE_NOT_FOUND',
        `${action} failed: ${subject} was not found (${summary})`,
        'Check the name (including its extension) and the level: subaccount certificates and instance certificates are stored separately.',
      );
    case 401:
      return make(
        'ERR_DESTINATION_UNAUTHORIZED',
        `${action} failed: the Destination service rejected the access token (${summary})`,
        'Use the credentials of a Destination service binding or service key; tokens of other services are not accepted.',
      );
    case 403:
      return make(
        'ERR_DESTINATION_FORBIDDEN',
        `${action} failed: the Destination service denied access (${summary})`,
        'Check that the binding belongs to a Destination service instance in this subaccount.',
      );
    case 400:
      return make('ERR_DESTINATION_BAD_REQUEST', `${action} failed: the Destination service rejected the request (${summary})`);
    case 412:
      return make('ERR_DESTINATION_PRECONDITION_FAILED', `${action} failed: ${subject} changed since it was read (${summary})`, 'Read it again and repeat.');
    default:
      return make(
        'ERR_DESTINATION_REQUEST_FAILED',
        `${action} failed with status ${response.status} (${summary})`,
        response.status >= 500 ? 'The Destination service is unavailable; try again in a few minutes.' : undefined,
      );
  }
}
