import { certurlMissing } from '../credentials/normalize.ts';
import type { ServiceCredentials } from '../credentials/types.ts';
import { logDebug } from '../diagnostics.ts';
import { createHttpClient, prepareTlsIdentity, type HttpSettings, type IdentitySummary, type TlsIdentity } from '../http/index.ts';
import { XsuaaError } from './errors.ts';
import { defaultTokenCache, TokenCache } from './token-cache.ts';
import { tokenFailure } from './token-errors.ts';
import { validateTokenResponse } from './token-response.ts';

export interface AccessToken {
  /** The bearer token; registered as a secret. */
  accessToken: string;
  tokenType: 'bearer';
  /** Lifetime in seconds as the server stated it. */
  expiresIn: number;
  expiresAt: Date;
  scope: string[];
  clientid: string;
  /** The token URL used: `certurl` or `url` plus `/oauth/token`. */
  endpoint: string;
  authentication: 'certificate' | 'secret';
  /** The client certificate presented, for certificate authentication. */
  identity?: IdentitySummary;
  /** True when the token came from the cache without a request. */
  fromCache: boolean;
  /** `X-CorrelationID` of the token request. */
  requestId: string;
  /** Problems with the client identity that did not stop the request. */
  warnings: string[];
}

export interface TokenRequestOptions {
  credentials: ServiceCredentials;
  /**
   * Client certificate and key to present instead of `certificate` and `key` from the
   * credentials. Needed for self-managed certificates, whose key is never in the binding.
   */
  identity?: TlsIdentity;
  /** CA certificates, proxy environment, timeouts and retries of the token request. */
  http?: HttpSettings;
  /** Token cache; `false` disables caching. The process-wide `defaultTokenCache` by default. */
  cache?: TokenCache | false;
  /** Ignore a cached token and request a new one. */
  forceRefresh?: boolean;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  signal?: AbortSignal;
}

/**
 * Gets an access token with the OAuth 2.0 client credentials grant from XSUAA.
 *
 * x509 credentials always go to `certurl` + `/oauth/token` over mutual TLS, with `client_id`
 * in the form body and no Authorization header. The client presents the leaf, its
 * intermediates and the key. Secret credentials go to `url` + `/oauth/token` with
 * `client_id` and `client_secret` in the form body. The response must be JSON with an
 * `access_token` and a sensible `expires_in`.
 */
export async function fetchClientCredentialsToken(options: TokenRequestOptions): Promise<AccessToken> {
  const { credentials } = options;
  const now = options.now ?? Date.now;
  const plan = planTokenRequest(credentials, options.identity);
  const cache = options.cache === false ? undefined : options.cache ?? defaultTokenCache;
  const cacheKey = TokenCache.key(credentials.clientid, plan.endpoint, plan.identity?.summary.fingerprint256);

  if (cache && !options.forceRefresh) {
    const cached = cache.get(cacheKey, now());
    if (cached) {
      logDebug('xsuaa', 'token from cache', { clientid: credentials.clientid, endpoint: plan.endpoint, expiresAt: cached.expiresAt.toISOString() });
      return { ...cached, fromCache: true };
    }
  }

  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientid });
  if (plan.authentication === 'secret') form.set('client_secret', credentials.clientsecret!);

  const http = createHttpClient({ ...options.http, identity: plan.identity?.tls });
  try {
    logDebug('xsuaa', 'token request', {
      clientid: credentials.clientid,
      endpoint: plan.endpoint,
      authentication: plan.authentication,
      ...(http.identity ? { subject: http.identity.subject, serialNumber: http.identity.serialNumber } : {}),
    });
    const response = await http.request({
      method: 'POST',
      url: plan.endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
      body: form.toString(),
      signal: options.signal,
    });
    if (response.status !== 200) {
      throw tokenFailure(response, { endpoint: plan.endpoint, clientid: credentials.clientid, authentication: plan.authentication, identity: http.identity });
    }
    const validated = validateTokenResponse(response, plan.endpoint, now());
    const token: AccessToken = {
      accessToken: validated.accessToken,
      tokenType: 'bearer',
      expiresIn: validated.expiresIn,
      expiresAt: new Date(now() + validated.expiresIn * 1000),
      scope: validated.scope,
      clientid: credentials.clientid,
      endpoint: plan.endpoint,
      authentication: plan.authentication,
      ...(http.identity ? { identity: http.identity } : {}),
      fromCache: false,
      requestId: response.requestId,
      warnings: [...http.warnings],
    };
    logDebug('xsuaa', 'token received', { clientid: credentials.clientid, expiresIn: token.expiresIn, requestId: token.requestId });
    cache?.set(cacheKey, token);
    return token;
  } finally {
    await http.close();
  }
}

/** A function that returns a valid bearer token, fetching a new one when the cached one expires. */
export type AccessTokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string>;

/** Binds token options into a provider for the service clients. */
export function createTokenProvider(options: TokenRequestOptions): AccessTokenProvider {
  return async (call) => (await fetchClientCredentialsToken({ ...options, forceRefresh: call?.forceRefresh ?? options.forceRefresh })).accessToken;
}

interface TokenRequestPlan {
  endpoint: string;
  authentication: 'certificate' | 'secret';
  identity?: { tls: TlsIdentity; summary: IdentitySummary };
}

/**
 * Chooses the token URL and client authentication from the credentials. x509 always means
 * `certurl`: sending a certificate-based client to `url` gets 401 "Unsupported instance
 * credential".
 */
export function planTokenRequest(credentials: ServiceCredentials, identity?: TlsIdentity): TokenRequestPlan {
  if (credentials.credentialType === 'x509') {
    if (!credentials.certurl) throw certurlMissing(credentials.source, credentials.url);
    const tls = identity ?? identityFromCredentials(credentials);
    // The identity is checked here, before any connection: parse, passphrase, key match.
    const summary = prepareTlsIdentity(tls).summary;
    return { endpoint: tokenEndpoint(credentials.certurl), authentication: 'certificate', identity: { tls, summary } };
  }
  if (!credentials.url) {
    throw new XsuaaError('ERR_XSUAA_URL_MISSING', `${credentials.source.description} has a client secret but no "url" for the token request`, {
      fix: 'Use the complete service key, which contains "url".',
      details: { source: credentials.source.source },
    });
  }
  if (!credentials.clientsecret) {
    throw new XsuaaError('ERR_XSUAA_CLIENT_IDENTITY_MISSING', `${credentials.source.description} has neither a client secret nor a client certificate`, {
      details: { source: credentials.source.source },
    });
  }
  return { endpoint: tokenEndpoint(credentials.url), authentication: 'secret' };
}

function identityFromCredentials(credentials: ServiceCredentials): TlsIdentity {
  const missing = [credentials.certificate ? undefined : '"certificate"', credentials.key ? undefined : '"key"'].filter(Boolean);
  if (missing.length > 0) {
    throw new XsuaaError(
      'ERR_XSUAA_CLIENT_IDENTITY_MISSING',
      `${credentials.source.description} is an x509 key without ${missing.join(' and ')}, so no client certificate can be presented to certurl`,
      {
        fix: 'Give the client certificate and its private key separately. A binding with a self-managed certificate never contains the key, and "hide-certificate" leaves out the certificate.',
        details: { source: credentials.source.source, missing },
      },
    );
  }
  return {
    certificatePem: credentials.certificate!,
    privateKey: credentials.key!,
    origin: `"certificate" and "key" of ${credentials.source.description}`,
  };
}

/** `/oauth/token` under the given base URL; a path in the base URL is kept. */
export function tokenEndpoint(base: string): string {
  return `${base.replace(/\/+$/, '')}/oauth/token`;
}
