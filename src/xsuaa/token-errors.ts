import { errorBodySummary, isHtmlResponse, rejectHtml, responseContext, type HttpResponse, type IdentitySummary } from '../http/index.ts';
import { XsuaaError } from './errors.ts';

interface OAuthErrorBody {
  error?: string;
  error_description?: string;
}

export interface TokenFailureContext {
  endpoint: string;
  clientid: string;
  authentication: 'certificate' | 'secret';
  identity?: IdentitySummary;
}

/** Turns a non-200 token response into an error that names the cause and the fix. */
export function tokenFailure(response: HttpResponse, context: TokenFailureContext): Error {
  rejectHtml(response, `the token request to ${context.endpoint}`);
  const body = parseOAuthError(response);
  const summary = errorBodySummary(response);
  const description = body.error_description ?? '';
  const details = {
    ...responseContext(response),
    status: response.status,
    endpoint: context.endpoint,
    clientid: context.clientid,
    ...(body.error ? { oauthError: body.error } : {}),
    ...(response.serverRequestId ? { serverRequestId: response.serverRequestId } : {}),
    ...(context.identity ? { identity: context.identity } : {}),
  };

  if (response.status === 401 && /unsupported instance credential/i.test(description)) {
    return new XsuaaError(
      'ERR_XSUAA_TOKEN_URL_NOT_CERTURL',
      `XSUAA at ${hostOf(context.endpoint)} rejected client "${context.clientid}": it has x509 credentials, which only the certificate host ("certurl") accepts (${summary})`,
      {
        fix: 'Request the token from "certurl" (https://<subdomain>.authentication.cert.<landscape>/oauth/token) with the client certificate, not from "url". If this was already the certurl, check that the service key\'s "certurl" field was not replaced by "url".',
        details,
      },
    );
  }
  if (response.status === 401) {
    const presented =
      context.authentication === 'certificate'
        ? context.identity
          ? `the client certificate "${context.identity.subject}" (serial ${context.identity.serialNumber}, issued by "${context.identity.issuer}", valid until ${context.identity.notAfter})`
          : 'the client certificate'
        : 'the client secret';
    return new XsuaaError(
      'ERR_XSUAA_CLIENT_REJECTED',
      `XSUAA at ${hostOf(context.endpoint)} did not accept ${presented} for client id "${context.clientid}" (${summary})`,
      {
        fix:
          context.authentication === 'certificate'
            ? 'Use the certificate bound to this client id. With certificate-pinning true only that exact certificate works; with pinning false the subject and issuer DN must match and the certificate must not be older than the newest one already used. A deleted binding, a different client id, or an XSUAA instance without "x509" in credential-types cause the same response.'
            : 'Copy the current clientid and clientsecret from the service key; a deleted service key or binding invalidates its secret.',
        details,
      },
    );
  }
  if (response.status === 400) {
    return new XsuaaError('ERR_XSUAA_INVALID_REQUEST', `XSUAA at ${hostOf(context.endpoint)} rejected the token request as invalid (${summary})`, {
      fix: 'The request is built from the service key: check that "clientid" is complete and unchanged. If it is, report this with the request id.',
      details,
    });
  }
  return new XsuaaError('ERR_XSUAA_TOKEN_REQUEST_FAILED', `the token request to ${context.endpoint} failed with status ${response.status} (${summary})`, {
    fix: response.status === 429 || response.status >= 500 ? 'XSUAA is busy or unavailable; try again in a few minutes.' : 'Check the token URL in the service key.',
    details,
  });
}

function parseOAuthError(response: HttpResponse): OAuthErrorBody {
  if (isHtmlResponse(response)) return {};
  try {
    const parsed = JSON.parse(response.text()) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const record = parsed as Record<string, unknown>;
    return {
      ...(typeof record.error === 'string' ? { error: record.error } : {}),
      ...(typeof record.error_description === 'string' ? { error_description: record.error_description } : {}),
    };
  } catch {
    return {};
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
