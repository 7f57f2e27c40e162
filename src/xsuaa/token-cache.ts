import { createHash } from 'node:crypto';

import type { AccessToken } from './token.ts';

/**
 * Access tokens kept until shortly before they expire. Keys are hashes of the client id, the
 * token endpoint and the client certificate fingerprint; secrets never enter a key.
 */
export class TokenCache {
  readonly #entries = new Map<string, AccessToken>();

  /** Time before expiry after which a cached token is not handed out: 10 % of its lifetime, at most 5 minutes. */
  static refreshMargin(token: AccessToken): number {
    return Math.min(300_000, token.expiresIn * 100);
  }

  static key(clientid: string, endpoint: string, certificateFingerprint: string | undefined): string {
    return createHash('sha256')
      .update(`${clientid}\n${endpoint}\n${certificateFingerprint ?? 'client-secret'}`)
      .digest('hex');
  }

  get(key: string, now: number): AccessToken | undefined {
    const token = this.#entries.get(key);
    if (!token) return undefined;
    if (token.expiresAt.getTime() - TokenCache.refreshMargin(token) <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return token;
  }

  set(key: string, token: AccessToken): void {
    this.#entries.set(key, token);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** The cache used when a caller passes none. */
export const defaultTokenCache = new TokenCache();
