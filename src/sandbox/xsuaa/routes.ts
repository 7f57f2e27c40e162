import type { SandboxCore } from '../core.ts';
import { accept, HttpError, Router, sendJson, type RequestContext } from '../http.ts';
import { handleCertificateTokenRequest, handleSecretTokenRequest } from './token-endpoint.ts';

function openIdConfiguration(core: SandboxCore): Record<string, unknown> {
  return {
    issuer: `${core.urls.uaa}/oauth/token`,
    authorization_endpoint: `${core.urls.uaa}/oauth/authorize`,
    token_endpoint: `${core.urls.uaa}/oauth/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'tls_client_auth'],
    jwks_uri: `${core.urls.uaa}/token_keys`,
    grant_types_supported: ['client_credentials'],
    response_types_supported: ['token'],
    id_token_signing_alg_values_supported: ['RS256'],
    mtls_endpoint_aliases: { token_endpoint: `${core.urls.uaaCert}/oauth/token` },
    tls_client_certificate_bound_access_tokens: false,
  };
}

function notFound(message: string): HttpError {
  return new HttpError(404, { error: 'not_found', error_description: message }, message);
}

function shared(core: SandboxCore, router: Router): Router {
  return router
    .add('GET', '/.well-known/openid-configuration', async (ctx) => {
      accept(ctx, 'OpenID configuration');
      sendJson(ctx, 200, openIdConfiguration(core));
    })
    .add('GET', '/token_keys', async (ctx) => {
      accept(ctx, 'token keys');
      sendJson(ctx, 200, core.signer.jwks());
    });
}

/** Creates the handler of the XSUAA `url` host. */
export function createXsuaaHandler(core: SandboxCore): (ctx: RequestContext) => Promise<void> {
  const router = shared(core, new Router()).add('POST', '/oauth/token', (ctx) => handleSecretTokenRequest(core, ctx));
  return async (ctx) => {
    const result = await router.handle(ctx, (message) => new HttpError(400, { error: 'invalid_request', error_description: message }, message));
    if (result === 'not-found') throw notFound(`no XSUAA endpoint ${ctx.url.pathname}`);
    if (result === 'method-not-allowed') throw new HttpError(405, { error: 'method_not_allowed', error_description: `${ctx.method} is not allowed on ${ctx.url.pathname}` }, 'method not allowed');
  };
}

/** Creates the handler of the XSUAA `certurl` host, whose TLS server requests a client certificate. */
export function createXsuaaCertHandler(core: SandboxCore): (ctx: RequestContext) => Promise<void> {
  const router = shared(core, new Router()).add('POST', '/oauth/token', (ctx) => handleCertificateTokenRequest(core, ctx));
  return async (ctx) => {
    const result = await router.handle(ctx, (message) => new HttpError(400, { error: 'invalid_request', error_description: message }, message));
    if (result === 'not-found') throw notFound(`no XSUAA endpoint ${ctx.url.pathname}`);
    if (result === 'method-not-allowed') throw new HttpError(405, { error: 'method_not_allowed', error_description: `${ctx.method} is not allowed on ${ctx.url.pathname}` }, 'method not allowed');
  };
}
