import { AicoreMtlsError } from '../errors.ts';
import { createHttpClient, type HttpSettings } from '../http/index.ts';
import type { OpenIdConfiguration } from '../xsuaa/index.ts';

/** Result of one unauthenticated request to XSUAA: its clock and its OpenID configuration. */
export interface XsuaaMetadata {
  /** The URL requested. */
  url: string;
  host: string;
  /** The `Date` response header; undefined when absent or unparsable. */
  serverDate?: Date;
  /** Local clock just before sending and right after the response arrived. */
  localBefore: Date;
  localAfter: Date;
  configuration?: OpenIdConfiguration;
  /** Reason the request or the body failed, when one did. */
  error?: string;
}

/**
 * Reads `{base}/.well-known/openid-configuration` of XSUAA. The request needs no
 * authentication and no client certificate, so it also works when the token request fails.
 */
export async function readXsuaaMetadata(base: string, http: HttpSettings, now: () => Date): Promise<XsuaaMetadata> {
  const url = `${base.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const client = createHttpClient(http);
  const localBefore = now();
  try {
    const response = await client.request({ method: 'GET', url, headers: { accept: 'application/json' }, retry: false });
    const metadata: XsuaaMetadata = { url, host: new URL(url).host, localBefore, localAfter: now() };
    const date = Date.parse(response.headers['date'] ?? '');
    if (!Number.isNaN(date)) metadata.serverDate = new Date(date);
    if (response.status !== 200) {
      metadata.error = `status ${response.status}`;
      return metadata;
    }
    try {
      const body = JSON.parse(response.text()) as unknown;
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) metadata.configuration = body as OpenIdConfiguration;
      else metadata.error = 'the body is not a JSON object';
    } catch {
      metadata.error = 'the body is not JSON';
    }
    return metadata;
  } catch (error) {
    if (!(error instanceof AicoreMtlsError)) throw error;
    return { url, host: new URL(url).host, localBefore, localAfter: now(), error: `${error.message} [${error.code}]` };
  } finally {
    await client.close();
  }
}
