import type { ServiceCredentials } from '../credentials/types.ts';
import { createHttpClient, readJson, unexpectedStatusError, type HttpSettings } from '../http/index.ts';
import { XsuaaError } from './errors.ts';
import { tokenEndpoint } from './token.ts';

/** The fields of an OpenID Provider configuration this tool reads (RFC 8414, RFC 8705 section 5). */
export interface OpenIdConfiguration {
  issuer?: string;
  token_endpoint?: string;
  token_endpoint_auth_methods_supported?: string[];
  mtls_endpoint_aliases?: { token_endpoint?: string };
}

/** Reads `{url}/.well-known/openid-configuration` of an XSUAA tenant (no authentication needed). */
export async function fetchOpenIdConfiguration(url: string, options: { http?: HttpSettings; signal?: AbortSignal } = {}): Promise<OpenIdConfiguration> {
  const http = createHttpClient(options.http);
  const address = `${url.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  try {
    const response = await http.request({ method: 'GET', url: address, headers: { accept: 'application/json' }, signal: options.signal });
    if (response.status !== 200) throw unexpectedStatusError(response, `reading the OpenID configuration at ${address}`);
    const body = readJson(response, `the OpenID configuration at ${address}`);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new XsuaaError('ERR_XSUAA_INVALID_TOKEN_RESPONSE', `the OpenID configuration at ${address} is not a JSON object`, { details: { url: address } });
    }
    return body as OpenIdConfiguration;
  } finally {
    await http.close();
  }
}

export interface CertUrlCheck {
  /** True when `mtls_endpoint_aliases.token_endpoint` equals `certurl` + `/oauth/token`. */
  matches: boolean;
  /** The token URL the credentials lead to. */
  certurlTokenEndpoint: string;
  /** The mTLS token URL the server publishes, if any. */
  publishedTokenEndpoint?: string;
  /** One sentence for the user. */
  message: string;
}

/** Compares the published mTLS token endpoint with the one built from `certurl`. */
export function compareCertUrl(configuration: OpenIdConfiguration, certurl: string): CertUrlCheck {
  const certurlTokenEndpoint = tokenEndpoint(certurl);
  const published = configuration.mtls_endpoint_aliases?.token_endpoint;
  if (typeof published !== 'string' || published === '') {
    return {
      matches: false,
      certurlTokenEndpoint,
      message: 'the OpenID configuration publishes no mtls_endpoint_aliases.token_endpoint, so certurl cannot be cross-checked',
    };
  }
  const matches = sameEndpoint(published, certurlTokenEndpoint);
  return {
    matches,
    certurlTokenEndpoint,
    publishedTokenEndpoint: published,
    message: matches
      ? `certurl matches the published mTLS token endpoint ${published}`
      : `certurl leads to ${certurlTokenEndpoint}, but XSUAA publishes ${published} as its mTLS token endpoint`,
  };
}

/** Reads the OpenID configuration from the credentials' `url` and cross-checks their `certurl`. */
export async function checkCertUrl(credentials: ServiceCredentials, options: { http?: HttpSettings; signal?: AbortSignal } = {}): Promise<CertUrlCheck> {
  if (!credentials.url || !credentials.certurl) {
    throw new XsuaaError('ERR_XSUAA_URL_MISSING', `${credentials.source.description} needs both "url" and "certurl" for this check`, {
      details: { source: credentials.source.source },
    });
  }
  return compareCertUrl(await fetchOpenIdConfiguration(credentials.url, options), credentials.certurl);
}

function sameEndpoint(left: string, right: string): boolean {
  try {
    const a = new URL(left);
    const b = new URL(right);
    const path = (url: URL) => url.pathname.replace(/\/+$/, '');
    return a.protocol === b.protocol && a.host.toLowerCase() === b.host.toLowerCase() && path(a) === path(b);
  } catch {
    return false;
  }
}
