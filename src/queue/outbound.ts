/**
 * The outbound worker: invitations (one guardian, or a batch of one event's guardians);
 * conversation replies have their own queue (replies.ts). Typed channel errors become BullMQ's vocabulary here and nowhere else:
 * rate-limited → queue.rateLimit + retry without spending an attempt; transient → exponential
 * backoff with jitter (a batch hands the guardian to a job of its own); unreachable, invalid
 * address or outside the window → the guardian's next channel; otherwise failed with reason.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { ChannelAccount } from '../adapters.js';
import { channelErrorInfo, type ChannelErrorCode } from '../core/errors.js';
import type { Guardian } from '../core/types.js';
import type { PipelineContext } from './context.js';
import { addOutboundJobs } from './fanout.js';
import { fallBack, loadForSending, sendInvitation } from './invitation-send.js';
import type { OutboundBatchJob, OutboundJob, OutboundJobData } from './jobs.js';

/** A job rate-limited this many times is given up (a platform that never lets go). */
const MAX_RATE_LIMITED_STARTS = 200;
const FALLBACK_CODES: ReadonlySet<ChannelErrorCode> = new Set(['unreachable', 'invalid_address', 'outside_window']);

export async function processOutbound(job: Job<OutboundJobData>, account: ChannelAccount, ctx: PipelineContext): Promise<string> {
  switch (job.data.kind) {
    case 'batch':
      return processBatch(job as Job<OutboundBatchJob>, account, ctx);
    case 'invitation':
      return processInvitation(job as Job<OutboundJob>, account, ctx);
  }
}

async function processInvitation(job: Job<OutboundJob>, account: ChannelAccount, ctx: PipelineContext): Promise<string> {
  const { data } = job;
  const loaded = await loadForSending(ctx, data.eventId, data.schoolId, [data]);
  try {
    return await sendInvitation(ctx, account, data, loaded, job.id ?? `${data.eventId}-${data.guardianId}`);
  } catch (err) {
    const guardian = loaded.guardians.get(data.guardianId) as Guardian;
    const handled = await handleChannelError(err, job, account, ctx, data, guardian);
    if (handled !== undefined) return handled;
    // Transient: retry this job with backoff, or give up on its last attempt.
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    ctx.metrics.sends.inc({ platform: data.platform, outcome: lastAttempt ? 'failed' : 'retry' });
    if (!lastAttempt) throw asError(err);
    await recordFailed(ctx, data, channelErrorInfo(err)?.code ?? 'error');
    throw new UnrecoverableError(asError(err).message);
  }
}

/** Sends one after the other (a batch is one job's worth of the channel's rate). */
async function processBatch(job: Job<OutboundBatchJob>, account: ChannelAccount, ctx: PipelineContext): Promise<string> {
  const { recipients, ...common } = job.data;
  const loaded = await loadForSending(ctx, common.eventId, common.schoolId, recipients);
  let sent = 0;
  for (const r of recipients) {
    const data: OutboundJob = { ...common, kind: 'invitation', guardianId: r.guardianId, childIds: r.childIds, tried: [] };
    try {
      if ((await sendInvitation(ctx, account, data, loaded, `${job.id}-${r.guardianId}`, true)) === 'sent') sent++;
    } catch (err) {
      const handled = await handleChannelError(err, job, account, ctx, data, loaded.guardians.get(r.guardianId) as Guardian);
      if (handled !== undefined) continue;
      // Transient: this guardian gets a job of their own, with its own attempts and backoff;
      // the row says so first, so a re-run of this batch leaves them to it.
      ctx.metrics.sends.inc({ platform: data.platform, outcome: 'retry' });
      await ctx.stores.events.transition(data.eventId, data.guardianId, { h: 1 }, ['queued']);
      await addOutboundJobs(ctx, [data], ctx.config.OUTBOUND_BACKOFF_MS);
    }
  }
  return `sent_${sent}_of_${recipients.length}`;
}

/**
 * The errors every job kind treats alike. Returns an outcome when handled; undefined for a
 * transient error, which the caller retries its own way. A rate limit throws BullMQ's
 * RateLimitError: the whole job waits, spends no attempt, and rows already sent are skipped.
 */
async function handleChannelError(err: unknown, job: Job, account: ChannelAccount, ctx: PipelineContext, data: OutboundJob, guardian: Guardian): Promise<string | undefined> {
  const info = channelErrorInfo(err);
  const logCtx = { eventId: data.eventId, guardianId: data.guardianId, platform: data.platform, code: info?.code, attempt: job.attemptsMade + 1 };
  if (info?.code === 'rate_limited') {
    ctx.metrics.sends.inc({ platform: data.platform, outcome: 'rate_limited' });
    if ((job.attemptsStarted ?? 0) < MAX_RATE_LIMITED_STARTS) {
      await ctx.queues.outbound(data.platform, account.adapter.accountId).rateLimit(info.retryAfterMs ?? 1000);
      throw Worker.RateLimitError();
    }
    await recordFailed(ctx, data, 'rate_limited');
    return 'rate_limited';
  }
  if (info && FALLBACK_CODES.has(info.code)) {
    ctx.metrics.sends.inc({ platform: data.platform, outcome: info.code });
    ctx.log.info(logCtx, 'channel cannot reach this guardian; trying the next one');
    return fallBack(ctx, data, guardian, info.code, info.code !== 'outside_window');
  }
  if (info && info.code !== 'transient') {
    ctx.metrics.sends.inc({ platform: data.platform, outcome: 'failed' });
    ctx.log.error({ ...logCtx, err: asError(err).message }, 'send failed for good');
    await recordFailed(ctx, data, info.code);
    return info.code;
  }
  ctx.log.warn({ ...logCtx, err: asError(err).message }, 'send failed; will retry');
  return undefined;
}

async function recordFailed(ctx: PipelineContext, data: OutboundJob, reason: string): Promise<void> {
  await ctx.stores.events.transition(data.eventId, data.guardianId, { s: 'failed', r: reason, f: ctx.now().toISOString(), due: null }, ['queued']);
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
