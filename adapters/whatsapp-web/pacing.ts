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

/**
 * A new number's daily caps over its first two weeks: a slow start, then about +15 % a day.
 * WhatsApp documents no safe curve [U]; this follows what bulk senders report, and is data.
 */
export const DEFAULT_WARM_UP_CAPS: readonly number[] = [20, 25, 30, 40, 50, 60, 75, 90, 105, 120, 140, 160, 180, 200];

export interface DailyCapToday {
  cap: number;
  /** Day n (1-based) of the warm-up, when the number is still in it. */
  warmUpDay?: number;
  warmUpDays?: number;
}

/** Today's cap: the warm-up curve's value for the day since `warmUpFrom` (never above `dailyCap`), then `dailyCap`. */
export function dailyCapOn(account: { dailyCap: number; warmUpFrom?: string | undefined; warmUpCaps?: readonly number[] | undefined }, now: Date): DailyCapToday {
  if (!account.warmUpFrom) return { cap: account.dailyCap };
  const curve = account.warmUpCaps ?? DEFAULT_WARM_UP_CAPS;
  const day = Math.floor((now.getTime() - Date.parse(`${account.warmUpFrom}T00:00:00Z`)) / DAY_MS);
  if (day < 0) return { cap: Math.min(curve[0] ?? account.dailyCap, account.dailyCap), warmUpDay: 1, warmUpDays: curve.length };
  if (day >= curve.length) return { cap: account.dailyCap };
  return { cap: Math.min(curve[day] ?? account.dailyCap, account.dailyCap), warmUpDay: day + 1, warmUpDays: curve.length };
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
