/**
 * The reply worker: one conversation reply (services/replies.ts). A reply whose chat has an
 * earlier one still to go is put back for a moment (delayed, holding no worker), so question 4
 * never reaches the phone before question 3.
 */
import { DelayedError, type Job } from 'bullmq';
import type { ChannelAccount } from '../core/adapter-module.js';
import type { ReplyJob } from '../queue/jobs.js';
import type { PipelineContext } from '../services/context.js';
import { sendReply } from '../services/replies.js';
import { retryOrGiveUp } from './job-errors.js';

const MAX_RATE_LIMITED_STARTS = 50;
const ORDER_RECHECK_MS = 50;

export async function processReply(job: Job<ReplyJob>, account: ChannelAccount, ctx: PipelineContext, token?: string): Promise<string> {
  const { platform, accountId } = account.adapter;
  try {
    const outcome = await sendReply(ctx, account, job.data, job.timestamp);
    if (outcome !== 'wait') return outcome;
  } catch (err) {
    return retryOrGiveUp(ctx, job, err, { queue: ctx.queues.replies(platform, accountId), platform, maxRateLimitedStarts: MAX_RATE_LIMITED_STARTS });
  }
  await job.moveToDelayed(Date.now() + ORDER_RECHECK_MS, token);
  throw new DelayedError();
}
