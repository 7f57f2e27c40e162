import { after } from 'node:test';

import { Agent, request, type Dispatcher } from 'undici';

import { startSandbox, type ClientCertificate, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';

const started: Sandbox[] = [];
after(async () => {
  await Promise.all(started.map((sandbox) => sandbox.stop()));
});

/**
 * Starts a sandbox that is stopped when the test file finishes. Async operations complete at
 * the second poll (or after 5 s), so tests see `in progress` first.
 */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ operationCompletion: { afterMs: 5000, afterPolls: 2 }, ...options });
  started.push(sandbox);
  return sandbox;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

const agents: Agent[] = [];
after(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
});

/** Creates an undici Agent that trusts the sandbox CA and optionally presents a client certificate. */
export function agentFor(sandbox: Sandbox, client?: { cert: string; key: string }): Agent {
  const agent = new Agent({ connect: { ca: sandbox.caCertificatePem, ...(client ?? {}) } });
  agents.push(agent);
  return agent;
}

export async function call(
  dispatcher: Dispatcher,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; json?: unknown } = {},
): Promise<HttpResult> {
  const headers = { ...(options.headers ?? {}) };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await request(url, { method: (options.method ?? 'GET') as Dispatcher.HttpMethod, headers, body, dispatcher });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

export function form(values: Record<string, string>): { headers: Record<string, string>; body: string } {
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(values).toString() };
}

/** Gets a token with a client-secret key (form body). */
export async function secretToken(sandbox: Sandbox, key: Record<string, unknown>): Promise<string> {
  const result = await call(agentFor(sandbox), `${String(key['url'])}/oauth/token`, {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: String(key['clientid']), client_secret: String(key['clientsecret']) }),
  });
  if (result.status !== 200) throw new Error(`token request failed: ${result.status} ${result.text}`);
  return result.json.access_token as string;
}

/** Requests a token from certurl presenting `presented` (PEM chain) and `key`. */
export async function certificateToken(sandbox: Sandbox, credentials: Record<string, any>, presented: string, key: string): Promise<HttpResult> {
  return call(agentFor(sandbox, { cert: presented, key }), `${credentials.certurl ?? sandbox.urls.uaaCert}/oauth/token`, {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: credentials.clientid }),
  });
}

/** Creates a small Service Manager client that uses the sandbox Service Manager key. */
export async function serviceManager(sandbox: Sandbox) {
  const token = await secretToken(sandbox, sandbox.serviceManagerKey);
  const agent = agentFor(sandbox);
  const base = String(sandbox.serviceManagerKey['sm_url']);
  const auth = { authorization: `Bearer ${token}` };
  return {
    token,
    get: (path: string) => call(agent, `${base}${path}`, { headers: auth }),
    post: (path: string, json: unknown) => call(agent, `${base}${path}`, { method: 'POST', headers: auth, json }),
    patch: (path: string, json: unknown) => call(agent, `${base}${path}`, { method: 'PATCH', headers: auth, json }),
    delete: (path: string) => call(agent, `${base}${path}`, { method: 'DELETE', headers: auth }),
    /** Creates a binding synchronously and returns its credentials; throws on any other status. */
    async bindSync(instanceId: string, name: string, parameters?: unknown): Promise<{ id: string; credentials: Record<string, any> }> {
      const result = await call(agent, `${base}/v1/service_bindings?async=false`, {
        method: 'POST',
        headers: auth,
        json: { name, service_instance_id: instanceId, ...(parameters === undefined ? {} : { parameters }) },
      });
      if (result.status !== 201) throw new Error(`binding failed: ${result.status} ${result.text}`);
      return { id: result.json.id, credentials: result.json.credentials };
    },
  };
}

/** x509 parameters under `xsuaa`, as SAP AI Core expects them. */
export function x509Parameters(certificate: ClientCertificate | string, options: Record<string, unknown> = {}): unknown {
  const pem = typeof certificate === 'string' ? certificate : certificate.chainPem;
  return { xsuaa: { 'credential-type': 'x509', x509: { certificate: pem, ...options } } };
}

let bindingCounter = 0;
export function uniqueName(prefix = 'binding'): string {
  bindingCounter += 1;
  return `${prefix}-${bindingCounter}-${process.pid}`;
}

export function decodeJwt(token: string): { header: any; payload: any } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')),
  };
}
