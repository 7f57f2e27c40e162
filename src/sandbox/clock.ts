/**
 * The sandbox clock. Token lifetimes, certificate validity, pinning dates and automatic
 * renewal all read this clock instead of `Date.now()`, so a test or `sandbox time advance`
 * can move a whole lifecycle (issue, renew, expire) forward in seconds.
 *
 * The clock is real time plus an offset, so it keeps ticking between changes.
 */
export interface SandboxClock {
  /** The current sandbox time. */
  now(): Date;
  /** Moves the clock forward by `ms` milliseconds (must not be negative). */
  advance(ms: number): void;
  /** Jumps to `date`, forwards or backwards. */
  set(date: Date): void;
  /** Difference between sandbox time and real time, in milliseconds. */
  readonly offsetMs: number;
  /** Calls `listener` after every `advance` or `set`; returns a function that removes it. */
  onChange(listener: (now: Date) => void): () => void;
}

/** Creates a clock that starts at `start` (real now by default) and then runs in real time. */
export function createSandboxClock(start?: Date): SandboxClock {
  let offset = start === undefined ? 0 : start.getTime() - Date.now();
  const listeners = new Set<(now: Date) => void>();

  const notify = (): void => {
    const now = new Date(Date.now() + offset);
    for (const listener of listeners) listener(now);
  };

  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`the sandbox clock can only move forward; got ${ms} ms`);
      }
      offset += ms;
      notify();
    },
    set(date: Date): void {
      if (Number.isNaN(date.getTime())) throw new RangeError('the sandbox clock cannot be set to an invalid date');
      offset = date.getTime() - Date.now();
      notify();
    },
    get offsetMs() {
      return offset;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const durationUnits: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * Parses a duration such as `335d`, `12h30m` or `90s` into milliseconds.
 * Returns `undefined` for anything else, so the caller can name the bad value in its error.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) {
    total += Number(match[1]) * durationUnits[match[2]!]!;
  }
  return Number.isSafeInteger(total) ? total : undefined;
}
