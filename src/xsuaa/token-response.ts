import { readJson, responseContext, type HttpResponse } from '../http/index.ts';
import { registerSecret } from '../redact.ts';
import { XsuaaError } from './errors.ts';

/** Maximum token lifetime accepted, in seconds. XSUAA allows at most 86 400 s, and a week leaves room for other services. */
const maxLifetimeSeconds = 7 * 24 * 3600;

export interface ValidatedToken {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  scope: string[];
  jti?: string;
}

/**
 * Checks that a 200 response is a real OAuth token: JSON (not an HTML page), a non-empty
 * `access_token` without whitespace, `token_type` bearer when present, and an `expires_in`
 * between 1 second and a week. When `expires_in` is missing, the JWT `exp` claim is used.
 * The token is registered as a secret before anything else can see it.
 */
export function validateTokenResponse(response: HttpResponse, endpoint: string, now: number): ValidatedToken {
  const body = readJson(response, `the token request to ${endpoint}`);
  if (typeof body === 'object' && body !== null && typeof (body as { access_token?: unknown }).access_token === 'string') {
    registerSecret((body as { access_token: string }).access_token);
  }
  const invalid = (problem: string) =>
    new XsuaaError('ERR_XSUAA_INVALID_TOKEN_RESPONSE', `the token response from ${endpoint} is not a usable token: ${problem}`, {
      fix: 'Check that the token URL is the XSUAA host from the service key ("certurl" or "url"); a proxy or gateway may have responded instead.',
      details: { ...responseContext(response), status: response.status },
    });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body is not a JSON object');
  const record = body as Record<string, unknown>;

  const accessToken = record.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw invalid('"access_token" is missing');
  if (/\s/.test(accessToken)) throw invalid('"access_token" contains whitespace');

  const tokenType = typeof record.token_type === 'string' ? record.token_type : 'bearer';
  if (tokenType.toLowerCase() !== 'bearer') throw invalid(`"token_type" is "${tokenType}", expected "bearer"`);

  let expiresIn = typeof record.expires_in === 'string' && /^\d+$/.test(record.expires_in) ? Number(record.expires_in) : record.expires_in;
  if (expiresIn === undefined) expiresIn = lifetimeFromJwt(accessToken, now);
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) throw invalid('"expires_in" is missing or not a number');
  if (expiresIn < 1 || expiresIn > maxLifetimeSeconds) throw invalid(`"expires_in" is ${expiresIn} seconds, outside 1 to ${maxLifetimeSeconds}`);

  const scope = typeof record.scope === 'string' ? record.scope.split(/\s+/).filter(Boolean) : [];
  return { accessToken, tokenType: 'bearer', expiresIn, scope, ...(typeof record.jti === 'string' ? { jti: record.jti } : {}) };
}

function lifetimeFromJwt(token: string, now: number): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? Math.floor(claims.exp - now / 1000) : undefined;
  } catch {
    return undefined;
  }
}
