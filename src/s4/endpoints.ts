import { isIP } from 'node:net';

import { InputFormatError } from '../errors.ts';

/** A service-key URL reduced to what the S/4HANA fields need. */
export interface ServiceUrl {
  /** The service-key field it came from, as SAP spells it (`url`, `certurl`, `serviceurls.AI_API_URL`). */
  field: string;
  /** The value as given. */
  original: string;
  /** Lower-case host name without brackets (IPv6 literals included), as SM59's Host field takes it. */
  host: string;
  port: number;
  /** `host` or `host:port` when the port is not 443; IPv6 literals keep their brackets here. */
  authority: string;
  /** Things that were dropped or assumed, for the sheet's warnings. */
  warnings: string[];
}

const tokenPath = '/oauth/token';

/**
 * Parses a URL from the service key. Accepts any case of the scheme, a trailing slash and a
 * missing scheme (assumed https, with a warning). Drops a path, query or fragment with a
 * warning, because the S/4HANA fields take the host alone. Rejects other schemes, since
 * both connections are TLS.
 */
export function parseServiceUrl(field: string, value: string): ServiceUrl {
  const warnings: string[] = [];
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new InputFormatError(`service key field "${field}" is empty`, {
      fix: `Use the service key of the SAP AI Core x509 binding; its "${field}" holds an https URL.`,
      details: { field },
    });
  }

  let text = trimmed;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    warnings.push(`"${field}" has no scheme; https:// was assumed.`);
    text = `https://${text}`;
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new InputFormatError(`service key field "${field}" is not a valid URL: "${value}"`, {
      cause,
      fix: `Check "${field}" in the service key; it should look like https://host.example.com.`,
      details: { field, value },
    });
  }
  if (url.protocol !== 'https:') {
    throw new InputFormatError(`service key field "${field}" uses "${url.protocol.slice(0, -1)}", expected https: "${value}"`, {
      fix: `Check "${field}" in the service key; S/4HANA reaches SAP AI Core over TLS only.`,
      details: { field, value },
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputFormatError(`service key field "${field}" contains user information before the host`, {
      fix: `Remove the "user@" part from "${field}"; the S/4HANA fields take the host alone.`,
      details: { field },
    });
  }

  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && !(field !== 'serviceurls.AI_API_URL' && path === tokenPath)) {
    warnings.push(`"${field}" has the path "${url.pathname}"; it was dropped because the S/4HANA field takes the host only.`);
  }
  if (url.search !== '' || url.hash !== '') {
    warnings.push(`"${field}" has a query or fragment; it was dropped.`);
  }

  const port = url.port === '' ? 443 : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostForAuthority = isIP(host) === 6 ? `[${host}]` : host;
  return {
    field,
    original: value,
    host,
    port,
    authority: port === 443 ? hostForAuthority : `${hostForAuthority}:${port}`,
    warnings,
  };
}

/**
 * Formats a token endpoint as OA2C_CONFIG takes it: no protocol, the host (and a non-443
 * port), then `/oauth/token`. XSUAA serves the token endpoint at that fixed path on both hosts.
 */
export function tokenEndpointOf(url: ServiceUrl): string {
  return `${url.authority}${tokenPath}`;
}
