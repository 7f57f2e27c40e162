import type { ServiceCredentials } from '../credentials/index.ts';
import { UsageError } from '../errors.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { CheckOutcome } from './types.ts';

/**
 * Turns a token endpoint as a user copies it into a URL: OA2C_CONFIG stores hosts without
 * https:// (`my-sub.authentication.cert.eu10.hana.ondemand.com/oauth/token`), so a missing
 * scheme means https. Returns the base URL without `/oauth/token`.
 */
export function normalizeTokenUrl(value: string): string {
  const trimmed = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`--token-url "${value}" is not a URL`, { fix: 'Give the token endpoint as https://HOST/oauth/token or as OA2C_CONFIG shows it (HOST/oauth/token).' });
  }
  if (url.protocol !== 'https:') {
    throw new UsageError(`--token-url "${value}" must use https, not ${url.protocol}`, { fix: 'XSUAA token endpoints are https URLs.' });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/oauth\/token$/, '')}`;
}

/**
 * Checks offline where a token request would go: an x509 client must post to certurl. A
 * --token-url that is the key's `url` reproduces an OA2C_CONFIG without the mTLS alias.
 */
export function checkTokenUrl(credentials: ServiceCredentials, tokenUrl: string | undefined): CheckOutcome {
  const outcome = emptyOutcome();
  if (credentials.credentialType !== 'x509' || !credentials.certurl) return outcome;
  if (tokenUrl === undefined) {
    outcome.passed.push(`token endpoint: ${credentials.certurl.replace(/\/+$/, '')}/oauth/token (certurl), as the x509 key requires`);
    return outcome;
  }

  const target = originOf(tokenUrl);
  if (target === originOf(credentials.certurl)) {
    outcome.passed.push(`token endpoint: --token-url ${tokenUrl}/oauth/token is the certurl host`);
    return outcome;
  }
  const role =
    credentials.url !== undefined && target === originOf(credentials.url)
      ? 'is the service key\'s "url", the host for client secrets'
      : 'is neither the service key\'s "certurl" nor its "url"';
  outcome.diagnoses.push(
    diagnose('TOKEN_URL_NOT_CERTURL', [`--token-url ${tokenUrl}/oauth/token ${role}; the x509 client "${credentials.clientid}" gets tokens only from ${credentials.certurl.replace(/\/+$/, '')}/oauth/token`]),
  );
  return outcome;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}
