/** The outbound worker: one guardian's invitation, or a batch of one event's guardians (services/invitations.ts). */
import type { Job } from 'bullmq';
import type { ChannelAccount } from '../core/adapter-module.js';
import type { OutboundJobData } from '../queue/jobs.js';
import type { PipelineContext } from '../services/context.js';
import { deliverBatch, deliverInvitation, giveUpInvitation } from '../services/invitations.js';
import { retryOrGiveUp } from './job-errors.js';

/** A rate limit that never lets go gives an invitation up after this many starts. */
const MAX_RATE_LIMITED_STARTS = 200;

export async function processOutbound(job: Job<OutboundJobData>, account: ChannelAccount, ctx: PipelineContext): Promise<string> {
  const { data } = job;
  const retrying = { queue: ctx.queues.outbound(data.platform, account.adapter.accountId), platform: data.platform, maxRateLimitedStarts: MAX_RATE_LIMITED_STARTS };
  try {
    if (data.kind === 'batch') return await deliverBatch(ctx, account, data, job.id ?? data.eventId);
    return await deliverInvitation(ctx, account, data, job.id ?? `${data.eventId}-${data.guardianId}`);
  } catch (err) {
    // A batch's guardians keep their rows queued: its retry (or their own jobs) sends them.
    const giveUp = data.kind === 'invitation' ? { giveUp: (reason: string) => giveUpInvitation(ctx, data, reason) } : {};
    return retryOrGiveUp(ctx, job, err, { ...retrying, ...giveUp });
  }
}

/**
 * A job BullMQ gave up on because it stalled too often never reached the service, so its row
 * would stay "queued" forever: it is failed, so counts add up.
 */
export async function recordStalled(ctx: PipelineContext, job: Job<OutboundJobData> | undefined, err: Error): Promise<void> {
  if (!job || job.data.kind !== 'invitation' || !/stalled more than allowable limit/i.test(err.message)) return;
  await giveUpInvitation(ctx, job.data, 'stalled').catch((e: Error) => ctx.log.error({ err: e.message, jobId: job.id }, 'could not record a stalled job'));
}
