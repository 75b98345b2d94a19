/**
 * How evenly a series of timestamps (ms, one per accepted send) went out: the rate from the
 * first to the last, a least-squares slope that a burst at either end does not bend, the most
 * that fell in any one window (what a sliding-window or token-bucket limit sees), and the
 * longest silence (a queue paused by a 429 shows up here).
 */
export interface Pace {
  count: number;
  /** Last − first, ms. */
  spanMs: number;
  /** (count − 1) / span, per second. */
  firstToLastPerS: number;
  /** Slope of send index over time (least squares), per second. */
  slopePerS: number;
  /** Most sends within any window of `windowMs` (sliding, starting at a send). */
  peakInWindow: number;
  windowMs: number;
  /** Longest gap between two consecutive sends, ms. */
  longestGapMs: number;
}

export function pace(times: readonly number[], windowMs = 1000): Pace {
  const t = [...times].sort((a, b) => a - b);
  const n = t.length;
  const first = t[0] ?? 0;
  const spanMs = n > 1 ? (t[n - 1] as number) - first : 0;
  let peak = 0;
  let longestGapMs = 0;
  for (let i = 0, j = 0; i < n; i++) {
    while (j < n && (t[j] as number) < (t[i] as number) + windowMs) j++;
    peak = Math.max(peak, j - i);
    if (i > 0) longestGapMs = Math.max(longestGapMs, (t[i] as number) - (t[i - 1] as number));
  }
  return {
    count: n,
    spanMs,
    firstToLastPerS: spanMs > 0 ? ((n - 1) * 1000) / spanMs : Number.NaN,
    slopePerS: slope(t) * 1000,
    peakInWindow: peak,
    windowMs,
    longestGapMs,
  };
}

/** Least-squares slope of index (0…n−1) against time: sends per ms. */
function slope(t: readonly number[]): number {
  const n = t.length;
  if (n < 2) return Number.NaN;
  const meanT = t.reduce((s, x) => s + x, 0) / n;
  const meanI = (n - 1) / 2;
  let num = 0;
  let den = 0;
  t.forEach((x, i) => {
    num += (x - meanT) * (i - meanI);
    den += (x - meanT) ** 2;
  });
  return den > 0 ? num / den : Number.NaN;
}
