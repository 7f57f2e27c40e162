import assert from 'node:assert/strict';
import { test } from 'node:test';

import { backoffDelay, defaultRetryPolicy, isRetryableStatus, parseRetryAfter } from '../../src/http/retry.ts';

test('Retry-After seconds parsed', () => {
  assert.equal(parseRetryAfter('7'), 7000);
  assert.equal(parseRetryAfter(' 0 '), 0);
});

test('Retry-After HTTP-date parsed', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  assert.equal(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now), 0);
});

test('Retry-After unreadable ignored', () => {
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter('-5'), undefined);
});

test('backoff full jitter bounds', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(backoffDelay(0, policy, () => 0), 0);
  assert.equal(backoffDelay(0, policy, () => 0.999), 99);
  assert.equal(backoffDelay(2, policy, () => 0.5), 200);
  assert.equal(backoffDelay(10, policy, () => 0.999), 999, 'capped at maxDelayMs');
});

test('retryable status per method', () => {
  assert.equal(isRetryableStatus('GET', 503, {}), true);
  assert.equal(isRetryableStatus('DELETE', 502, {}), true);
  assert.equal(isRetryableStatus('POST', 503, {}), false, 'POST is not idempotent');
  assert.equal(isRetryableStatus('POST', 429, {}), true, '429 means the request was not processed');
  assert.equal(isRetryableStatus('GET', 404, {}), false);
  assert.equal(isRetryableStatus('GET', 404, { 'x-cf-routererror': 'unknown_route' }), true);
  assert.equal(isRetryableStatus('GET', 400, {}), false);
});
