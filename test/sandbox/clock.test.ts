import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createSandboxClock, parseDuration } from '../../src/sandbox/index.ts';

test('clock advance and set', () => {
  const clock = createSandboxClock(new Date('2027-01-01T00:00:00Z'));
  assert.ok(Math.abs(clock.now().getTime() - Date.parse('2027-01-01T00:00:00Z')) < 1000);
  const seen: Date[] = [];
  const unsubscribe = clock.onChange((now) => seen.push(now));
  clock.advance(86_400_000);
  assert.ok(Math.abs(clock.now().getTime() - Date.parse('2027-01-02T00:00:00Z')) < 1000);
  clock.set(new Date('2026-06-01T00:00:00Z'));
  assert.equal(seen.length, 2);
  unsubscribe();
  clock.advance(1);
  assert.equal(seen.length, 2);
  assert.throws(() => clock.advance(-1), /only move forward/);
});

test('duration parsing', () => {
  assert.equal(parseDuration('335d'), 335 * 86_400_000);
  assert.equal(parseDuration('12h30m'), 12.5 * 3_600_000);
  assert.equal(parseDuration('1w2d'), 9 * 86_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('soon'), undefined);
  assert.equal(parseDuration('5'), undefined);
  assert.equal(parseDuration('-5d'), undefined);
});
