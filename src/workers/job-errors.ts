/**
 * The one translation of channel errors into BullMQ's vocabulary (DESIGN §5), for every worker
 * that sends: a rate limit pauses the account's queue for what the platform said and retries
 * without spending an attempt (`Worker.RateLimitError`); a transient error is retried with
 * backoff until the job's last attempt, then given up (`UnrecoverableError`); anything else the
 * service has already settled, and is not seen here.
 */
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { channelErrorInfo } from '../core/errors.js';
import type { Platform } from '../core/types.js';
import type { PipelineContext } from '../services/context.js';

export interface Retrying {
  queue: Queue;
  platform: Platform;
  /** A job rate-limited this many times is given up (a platform that never lets go). */
  maxRateLimitedStarts: number;
  /** What giving up means for the job's record (an invitation marked failed, with the reason). */
  giveUp?(reason: string): Promise<void>;
}

export async function retryOrGiveUp(ctx: PipelineContext, job: Job, err: unknown, r: Retrying): Promise<never> {
  const info = channelErrorInfo(err);
  const error = err instanceof Error ? err : new Error(String(err));
  if (info?.code === 'rate_limited') {
    ctx.metrics.sends.inc({ platform: r.platform, outcome: 'rate_limited' });
    if ((job.attemptsStarted ?? 0) < r.maxRateLimitedStarts) {
      await r.queue.rateLimit(info.retryAfterMs ?? 1000);
      throw Worker.RateLimitError();
    }
    await r.giveUp?.('rate_limited');
    throw new UnrecoverableError(error.message);
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (!lastAttempt) {
    ctx.metrics.sends.inc({ platform: r.platform, outcome: 'retry' });
    ctx.log.warn({ platform: r.platform, code: info?.code, attempt: job.attemptsMade + 1, err: error.message }, 'send failed; will retry');
    throw error;
  }
  await r.giveUp?.(info?.code ?? 'error');
  throw new UnrecoverableError(error.message);
}
