import type { SandboxCore } from '../core.ts';
import { accept, HttpError, readBody, sendJson, type RequestContext } from '../http.ts';
import { findClient, secretMatches, type XsuaaClient } from './clients.ts';
import { issueAccessToken } from './access-tokens.ts';
import { matchCertificate } from './certificate-match.ts';

const wwwAuthenticate = 'Basic realm="UAA/client", error="unauthorized", error_description="Bad credentials"';

/** 401 `invalid_client` as XSUAA sends it; the sandbox appends the reason to the description. */
function badCredentials(reason: string): HttpError {
  return new HttpError(401, { error: 'invalid_client', error_description: `Bad credentials: ${reason}` }, reason, {
    'www-authenticate': wwwAuthenticate,
  });
}

function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description }, description);
}

interface TokenForm {
  params: URLSearchParams;
  basic?: { clientId: string; secret: string };
}

async function readTokenForm(ctx: RequestContext): Promise<TokenForm> {
  const contentType = ctx.req.headers['content-type'] ?? '';
  const queryNames = [...ctx.url.searchParams.keys()].filter((name) => ['grant_type', 'client_id', 'client_secret'].includes(name));
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    throw oauthError(400, 'invalid_request', `Content-Type must be application/x-www-form-urlencoded, got "${contentType || 'none'}"`);
  }
  const params = new URLSearchParams((await readBody(ctx, 64 * 1024)).toString('utf8'));
  if (queryNames.length > 0 && !params.has('grant_type')) {
    throw oauthError(400, 'invalid_request', `token parameters (${queryNames.join(', ')}) must be sent in the form body, not in the query`);
  }
  const header = ctx.req.headers.authorization;
  if (header === undefined) return { params };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) throw badCredentials('the Authorization header is not HTTP Basic');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw badCredentials('the Basic credentials have no ":" separator');
  // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
  const clientId = decodeFormComponent(decoded.slice(0, colon));
  const secret = decodeFormComponent(decoded.slice(colon + 1));
  return { params, basic: { clientId, secret } };
}

function decodeFormComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function checkGrant(params: URLSearchParams): void {
  const grant = params.get('grant_type');
  if (grant === null || grant === '') throw oauthError(400, 'invalid_request', 'Missing grant type');
  if (grant !== 'client_credentials') {
    throw oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant}`);
  }
}

async function respondWithToken(core: SandboxCore, ctx: RequestContext, client: XsuaaClient, reason: string): Promise<void> {
  const token = await issueAccessToken(core, client);
  accept(ctx, reason);
  sendJson(ctx, 200, token, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

/** `POST {url}/oauth/token`: client-secret clients only. */
export async function handleSecretTokenRequest(core: SandboxCore, ctx: RequestContext): Promise<void> {
  const { params, basic } = await readTokenForm(ctx);
  checkGrant(params);

  const formClientId = params.get('client_id') ?? undefined;
  if (basic !== undefined && formClientId !== undefined && formClientId !== basic.clientId) {
    throw oauthError(400, 'invalid_request', 'client_id in the form body differs from the client in the Authorization header');
  }
  const clientId = basic?.clientId ?? formClientId;
  if (clientId === undefined) throw badCredentials('no client authentication: send client_id and client_secret, or HTTP Basic');
  ctx.clientId = clientId;

  const client = findClient(core.state.xsuaa, clientId);
  if (client === undefined) throw badCredentials(`client "${clientId}" does not exist`);

  const hasCertificates = client.credentials.some((credential) => credential.type === 'x509');
  const hasSecrets = client.credentials.some((credential) => credential.type === 'binding-secret');
  const secret = basic?.secret ?? params.get('client_secret') ?? undefined;
  if (hasCertificates && (secret === undefined || !hasSecrets)) {
    const reason = `client "${clientId}" has x509 credentials; request the token from certurl with the client certificate`;
    throw new HttpError(401, { error: 'unauthorized', error_description: `Unsupported instance credential: ${reason}` }, reason);
  }
  if (secret === undefined) throw badCredentials(`no client_secret for client "${clientId}"`);
  if (!secretMatches(client, secret)) throw badCredentials(`the client secret for client "${clientId}" is wrong`);
  await respondWithToken(core, ctx, client, 'client secret matched');
}

/** `POST {certurl}/oauth/token`: x509 clients authenticated by the TLS client certificate. */
export async function handleCertificateTokenRequest(core: SandboxCore, ctx: RequestContext): Promise<void> {
  const { params } = await readTokenForm(ctx);
  checkGrant(params);

  const clientId = params.get('client_id');
  if (clientId === null || clientId === '') {
    throw oauthError(400, 'invalid_request', 'Missing client_id: the mTLS token endpoint needs client_id in the form body');
  }
  ctx.clientId = clientId;
  const presented = ctx.clientCertificate;
  if (presented === undefined) {
    throw badCredentials('no client certificate was presented in the TLS handshake; certurl requires mutual TLS with the certificate and key of the binding');
  }

  const client = findClient(core.state.xsuaa, clientId);
  if (client === undefined) throw badCredentials(`client "${clientId}" does not exist`);

  const match = matchCertificate(client, presented, core.anchors, core.clock.now());
  if (!match.ok) throw badCredentials(match.reason);
  if (!match.credential.pinning) core.markDirty();
  await respondWithToken(core, ctx, client, match.reason);
}
