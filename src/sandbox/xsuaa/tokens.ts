import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/** Claims of a client-credentials access token, as XSUAA issues them. */
export interface AccessTokenClaims {
  jti: string;
  ext_attr: { enhancer: 'XSUAA'; subaccountid: string; zdn: string; serviceinstanceid: string };
  sub: string;
  authorities: string[];
  scope: string[];
  client_id: string;
  cid: string;
  azp: string;
  grant_type: 'client_credentials';
  rev_sig: string;
  iat: number;
  exp: number;
  iss: string;
  zid: string;
  aud: string[];
  [claim: string]: unknown;
}

export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: string };

/**
 * Signs and verifies RS256 JWTs with the sandbox XSUAA key. The key id is derived from the
 * public key, so a restarted sandbox with a persisted key keeps accepting its old tokens.
 */
export class TokenSigner {
  readonly keyId: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
    const spki = this.publicKey.export({ type: 'spki', format: 'der' });
    this.keyId = `sandbox-${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
  }

  /** PEM of the public key, as XSUAA puts it into `verificationkey`. */
  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  /** Returns the JWKS document served at `/token_keys`. */
  jwks(): { keys: Array<Record<string, unknown>> } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', kid: this.keyId, alg: 'RS256', use: 'sig', e: jwk.e, n: jwk.n, value: this.publicKeyPem }] };
  }

  sign(claims: Record<string, unknown>): string {
    const input = this.signingInput(claims);
    const signature = sign('sha256', Buffer.from(input), this.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /** Like `sign`, but computes the RSA signature on the libuv thread pool, off the event loop. */
  signAsync(claims: Record<string, unknown>): Promise<string> {
    const input = this.signingInput(claims);
    return new Promise((resolve, reject) => {
      sign('sha256', Buffer.from(input), this.privateKey, (error, signature) => {
        if (error !== null) reject(error);
        else resolve(`${input}.${signature.toString('base64url')}`);
      });
    });
  }

  private signingInput(claims: Record<string, unknown>): string {
    const header = { alg: 'RS256', kid: this.keyId, typ: 'JWT' };
    return `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
  }

  /**
   * Checks the signature, algorithm and key id, and that `exp` is after `now` (the sandbox
   * clock). Audience and zone are the resource server's business.
   */
  verify(token: string, now: Date): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'the bearer token is not a JWT' };
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    let header: { alg?: unknown; kid?: unknown };
    let claims: AccessTokenClaims;
    try {
      header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
      claims = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as AccessTokenClaims;
    } catch {
      return { ok: false, reason: 'the bearer token is not a JWT' };
    }
    if (header.alg !== 'RS256') return { ok: false, reason: `the token algorithm ${String(header.alg)} is not RS256` };
    if (header.kid !== this.keyId) return { ok: false, reason: `the token key id ${String(header.kid)} is unknown to this XSUAA` };
    const valid = verify('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`), this.publicKey, Buffer.from(encodedSignature, 'base64url'));
    if (!valid) return { ok: false, reason: 'the token signature is invalid' };
    if (typeof claims.exp !== 'number') return { ok: false, reason: 'the token has no exp claim' };
    if (claims.exp * 1000 <= now.getTime()) {
      return { ok: false, reason: `the token expired at ${new Date(claims.exp * 1000).toISOString()} (sandbox time ${now.toISOString()})` };
    }
    return { ok: true, claims };
  }
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Creates a random token id in XSUAA's form (32 hex characters). */
export function newJti(): string {
  return randomBytes(16).toString('hex');
}
