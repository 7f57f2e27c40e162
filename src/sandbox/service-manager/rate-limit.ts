import type { RateLimitRule } from '../core.ts';
import { HttpError } from '../http.ts';

/**
 * Fixed-window request counters per rule, in real time: clients compute their wait from the
 * `Retry-After` HTTP-date against their own clock, so the sandbox clock must not shift it.
 */
export class RateLimiter {
  private readonly windows = new Map<number, { start: number; count: number }>();

  constructor(private readonly rules: RateLimitRule[]) {}

  /** Counts the request; throws 429 with `Retry-After` when a rule's limit is exceeded. */
  check(path: string): void {
    const now = Date.now();
    this.rules.forEach((rule, index) => {
      if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) return;
      let window = this.windows.get(index);
      if (window === undefined || now - window.start >= rule.windowMs) {
        window = { start: now, count: 0 };
        this.windows.set(index, window);
      }
      window.count += 1;
      if (window.count > rule.limit) {
        const retryAt = new Date(window.start + rule.windowMs);
        const scope = rule.pathPrefix === undefined ? '' : ` for ${rule.pathPrefix}`;
        const description =
          `The allowed request limit of ${rule.limit} requests per ${describeWindow(rule.windowMs)}${scope} has been reached. ` +
          `Check the 'Retry-After' header for the time to retry.`;
        // SAP's documented 429 body has only `description`.
        throw new HttpError(429, { description }, description, { 'retry-after': retryAt.toUTCString() });
      }
    });
  }
}

function describeWindow(ms: number): string {
  if (ms === 60_000) return 'minute';
  if (ms === 3_600_000) return 'hour';
  return `${ms / 1000} seconds`;
}

/** SAP's published Service Manager limits. */
export const defaultRateLimits: RateLimitRule[] = [
  { limit: 1000, windowMs: 60_000 },
  { limit: 10_000, windowMs: 3_600_000 },
  { pathPrefix: '/v1/service_bindings', limit: 600, windowMs: 60_000 },
  { pathPrefix: '/v1/service_bindings', limit: 6000, windowMs: 3_600_000 },
];
