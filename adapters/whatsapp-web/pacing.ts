/**
 * Pure pacing decisions for one WhatsApp number: how long to wait before a send, whether today's
 * cap is spent, how long to wait before reconnecting. Time and randomness are arguments.
 */

const DAY_MS = 86_400_000;

/** Random extra wait before a send, uniform in [0, jitterMs) ms, so sends are not metronomic. */
export function jitterDelayMs(jitterMs: number, random: () => number): number {
  return Math.floor(jitterMs * clamp01(random()));
}

/**
 * The daily counter's key: the UTC date, YYYY-MM-DD. UTC rather than Africa/Casablanca keeps it
 * simple and DST-free; the cap resets at 00:00 UTC (01:00 in Morocco, 00:00 during Ramadan).
 */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Ms from `now` until the next 00:00 UTC; always in (0, 24 h]. */
export function msUntilNextUtcMidnight(now: Date): number {
  return DAY_MS - (((now.getTime() % DAY_MS) + DAY_MS) % DAY_MS);
}

export type DailyCapDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** `countToday` includes the send being decided (the counter's value after incrementing). */
export function decideDailyCap(countToday: number, dailyCap: number, now: Date): DailyCapDecision {
  if (countToday <= dailyCap) return { allowed: true };
  return { allowed: false, retryAfterMs: msUntilNextUtcMidnight(now) };
}

/** Reconnection waits double from 2 s up to 5 min. */
export const RECONNECT_BASE_MS = 2_000;
export const RECONNECT_MAX_MS = 300_000;

/**
 * Wait before reconnect attempt `attempt` (0-based): between half and all of
 * min(2 s × 2^attempt, 5 min), so several numbers restarting together do not reconnect in step.
 */
export function reconnectDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(Math.max(attempt, 0), 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * clamp01(random()));
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : 0;
}
