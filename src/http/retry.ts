/** How often and how long a client retries. All times in milliseconds. */
export interface RetryPolicy {
  /** Attempts after the first one; 0 disables retries. */
  maxRetries: number;
  /** Upper bound of the first backoff; it doubles with each retry. */
  baseDelayMs: number;
  /** Upper bound of any computed backoff. */
  maxDelayMs: number;
  /** Maximum `Retry-After` the client waits. A longer one ends the retries and returns the 429/503 response. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Methods that may be repeated without changing the result (RFC 9110 section 9.2.2). */
const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return idempotentMethods.has(method.toUpperCase());
}

/** Statuses that a repeated idempotent request may get past; 429 is retried for every method. */
const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Decides whether a response is worth another attempt. A Cloud Foundry router 404 with
 * `X-Cf-RouterError: unknown_route` comes from a route that is being re-registered, so it is
 * treated like a 503.
 */
export function isRetryableStatus(method: string, status: number, headers: Record<string, string>): boolean {
  if (status === 429) return true;
  if (!isIdempotent(method)) return false;
  if (retryableStatuses.has(status)) return true;
  return status === 404 && headers['x-cf-routererror'] === 'unknown_route';
}

/** "Full jitter" backoff: a random delay between 0 and min(max, base · 2^retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Reads `Retry-After` as delay-seconds or HTTP-date (RFC 9110 section 10.2.3) and returns
 * milliseconds from `now`, or undefined when the header is absent or unreadable. A date in
 * the past yields 0.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names the month; without this check Date.parse reads "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
