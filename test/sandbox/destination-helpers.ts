import type { Sandbox } from '../../src/sandbox/index.ts';
import { agentFor, call, secretToken, type HttpResult } from './helpers.ts';

/** Creates a client for the certificate API of the sandbox Destination service. */
export async function destinationClient(sandbox: Sandbox, level: 'subaccountCertificates' | 'instanceCertificates' = 'subaccountCertificates', key = sandbox.destinationServiceKey) {
  const token = await secretToken(sandbox, key);
  const agent = agentFor(sandbox);
  const base = `${String(key['uri'])}/destination-configuration/v1/${level}`;
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  return {
    base,
    token,
    get: (path = '', extra: Record<string, string> = {}): Promise<HttpResult> => call(agent, `${base}${path}`, { headers: headers(extra) }),
    post: (json: unknown, path = ''): Promise<HttpResult> => call(agent, `${base}${path}`, { method: 'POST', headers: headers(), json }),
    put: (json: unknown, path = ''): Promise<HttpResult> => call(agent, `${base}${path}`, { method: 'PUT', headers: headers(), json }),
    patch: (json: unknown, path = ''): Promise<HttpResult> => call(agent, `${base}${path}`, { method: 'PATCH', headers: headers(), json }),
    delete: (path = ''): Promise<HttpResult> => call(agent, `${base}${path}`, { method: 'DELETE', headers: headers() }),
    /** Reads a certificate and returns its decoded Content. */
    async content(name: string): Promise<Buffer> {
      const result = await call(agent, `${base}/${encodeURIComponent(name)}`, { headers: headers() });
      if (result.status !== 200) throw new Error(`read ${name}: ${result.status} ${result.text}`);
      return Buffer.from(result.json.Content, 'base64');
    },
  };
}

export function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z ]+)-----/g)].map((match) => match[1]!);
}
