import { logDebug } from '../diagnostics.ts';
import type { HttpClient, HttpRequest, HttpResponse } from './client.ts';

/** Returns a bearer token. With `forceRefresh` it fetches a new one instead of returning a cached one. */
export type BearerTokenSource = (options?: { forceRefresh?: boolean }) => Promise<string>;

/**
 * Sends a request with `Authorization: Bearer …`. A 401 response is retried once with a freshly
 * fetched token, because a cached token may have been revoked or issued for an earlier binding.
 */
export async function sendWithBearer(http: HttpClient, token: BearerTokenSource, request: HttpRequest): Promise<HttpResponse> {
  const send = async (accessToken: string) =>
    http.request({ ...request, headers: { accept: 'application/json', ...request.headers, authorization: `Bearer ${accessToken}` } });
  const response = await send(await token());
  if (response.status !== 401) return response;
  logDebug('http', '401 with a bearer token, retrying once with a new token', { url: response.url, requestId: response.requestId });
  return send(await token({ forceRefresh: true }));
}
