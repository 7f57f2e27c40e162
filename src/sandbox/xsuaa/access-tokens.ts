import type { SandboxCore } from '../core.ts';
import { findClient, type XsuaaClient } from './clients.ts';
import { newJti, type AccessTokenClaims } from './tokens.ts';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  jti: string;
}

/**
 * Issues a client-credentials token. `exp` is `token-validity` (43200 s by default) after
 * `iat` on the sandbox clock; `expires_in` is one second less, as XSUAA reports it.
 */
export async function issueAccessToken(core: SandboxCore, client: XsuaaClient): Promise<TokenResponse> {
  const iat = Math.floor(core.clock.now().getTime() / 1000);
  const jti = newJti();
  const audiences = new Set<string>();
  for (const scope of client.scopes) {
    const dot = scope.indexOf('.');
    if (dot > 0) audiences.add(scope.slice(0, dot));
  }
  audiences.add(client.clientId);

  const claims: AccessTokenClaims = {
    jti,
    ext_attr: {
      enhancer: 'XSUAA',
      subaccountid: core.identity.subaccountId,
      zdn: core.identity.subdomain,
      serviceinstanceid: client.serviceInstanceId,
    },
    sub: client.clientId,
    authorities: client.scopes,
    scope: client.scopes,
    client_id: client.clientId,
    cid: client.clientId,
    azp: client.clientId,
    grant_type: 'client_credentials',
    rev_sig: jti.slice(0, 8),
    iat,
    exp: iat + core.settings.tokenValiditySeconds,
    iss: `${core.urls.uaa}/oauth/token`,
    zid: core.identity.zoneId,
    aud: [...audiences],
  };
  return {
    access_token: await core.signer.signAsync(claims),
    token_type: 'bearer',
    expires_in: core.settings.tokenValiditySeconds - 1,
    scope: client.scopes.join(' '),
    jti,
  };
}

export type BearerCheck = { ok: true; claims: AccessTokenClaims; client: XsuaaClient | undefined } | { ok: false; reason: string; status: 401 | 403 };

/**
 * Checks a bearer token the way a resource server behind XSUAA does: signature and expiry
 * (sandbox clock), issuer, zone, and that `audience` is among the token's audiences.
 */
export function checkBearer(core: SandboxCore, token: string | undefined, audience: string): BearerCheck {
  if (token === undefined) return { ok: false, status: 401, reason: 'no bearer token in the Authorization header' };
  const checked = core.signer.verify(token, core.clock.now());
  if (!checked.ok) return { ok: false, status: 401, reason: checked.reason };
  const claims = checked.claims;
  if (claims.iss !== `${core.urls.uaa}/oauth/token`) {
    return { ok: false, status: 401, reason: `the token issuer ${String(claims.iss)} is not this XSUAA` };
  }
  if (claims.zid !== core.identity.zoneId) {
    return { ok: false, status: 401, reason: `the token zone ${String(claims.zid)} is not the zone ${core.identity.zoneId} of this service instance` };
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(audience)) {
    return { ok: false, status: 403, reason: `the token audiences [${audiences.join(', ')}] do not include ${audience}` };
  }
  return { ok: true, claims, client: findClient(core.state.xsuaa, String(claims.client_id)) };
}
