/**
 * A number's circuit breaker, in the process that holds its session (the only one that sends
 * for it). After `threshold` failed sends in a row the number pauses for `cooldownMs`; then one
 * send is let through: success closes the breaker, failure pauses it again for twice as long (up
 * to an hour). While it is paused, sends are refused at once (code `paused`): the service gives
 * its parents their next channel instead of hammering a number WhatsApp may be about to ban.
 * Pure apart from the clock it is given.
 */
export const MAX_COOLDOWN_MS = 3_600_000;

export interface BreakerState {
  open: boolean;
  /** Failed sends in a row. */
  failures: number;
  /** When a paused number may try again. */
  retryAt?: Date;
  /** The last failure, as said (no phone numbers). */
  lastError?: string;
}

export function createBreaker(opts: { threshold: number; cooldownMs: number; now: () => Date }) {
  let failures = 0;
  let openUntil = 0;
  let cooldown = opts.cooldownMs;
  let lastError: string | undefined;
  /** A trial send is out: the others wait for its outcome. */
  let trial = false;

  return {
    /** 0 when a send may go now; otherwise the ms until the number may try again. */
    waitMs(): number {
      if (failures < opts.threshold) return 0;
      const left = openUntil - opts.now().getTime();
      if (left > 0) return left;
      if (trial) return 1000;
      trial = true;
      return 0;
    },
    success(): void {
      failures = 0;
      trial = false;
      cooldown = opts.cooldownMs;
      lastError = undefined;
    },
    failure(error: string): void {
      lastError = error;
      failures++;
      if (failures < opts.threshold) return;
      // A failed trial doubles the rest; the first opening uses the configured one.
      if (trial) cooldown = Math.min(cooldown * 2, MAX_COOLDOWN_MS);
      trial = false;
      openUntil = opts.now().getTime() + cooldown;
    },
    state(): BreakerState {
      const open = failures >= opts.threshold;
      return { open, failures, ...(open ? { retryAt: new Date(openUntil) } : {}), ...(lastError ? { lastError } : {}) };
    },
  };
}

export type Breaker = ReturnType<typeof createBreaker>;
