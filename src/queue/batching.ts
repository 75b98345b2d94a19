/**
 * Outbound jobs carry several guardians of one event when the channel's rate allows: BullMQ's
 * per-job cost (two or three scripts, a lock, events) is then paid once per batch instead of
 * once per guardian, and a batch reads its rows, guardians and children in one call each.
 * The queue's limiter counts jobs, so it is divided by the batch size: messages per window
 * never exceed the channel's declared rate. Slow channels (a phone's one send per 4 s) keep one
 * guardian per job.
 */
export const MAX_BATCH = 25;

/** Guardians per outbound job: a fifth of the per-window rate, so a window holds ≥ 5 jobs. */
export function batchSize(rate: { max: number }): number {
  if (rate.max <= 0) return MAX_BATCH; // limits lifted
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(rate.max / 5)));
}

/** The BullMQ limiter for batches of `size`: jobs per window such that messages ≤ rate. */
export function jobLimiter(rate: { max: number; durationMs: number }): { max: number; duration: number } | undefined {
  if (rate.max <= 0) return undefined;
  return { max: Math.max(1, Math.floor(rate.max / batchSize(rate))), duration: rate.durationMs };
}
