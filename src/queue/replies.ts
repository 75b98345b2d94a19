/**
 * Short answers to someone who just wrote (a welcome after linking, a thank-you for an RSVP).
 * They share the account's outbound queue, but are added LIFO so they jump ahead of a bulk
 * fan-out draining behind them.
 */
import { Worker } from 'bullmq';
import type { ChannelAccount } from '../adapters.js';
import { channelErrorInfo } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { sha256 } from '../store/idempotency-store.js';
import type { PipelineContext } from './context.js';
import type { ReplyJob } from './jobs.js';
import { waitForSendSlot } from './pacing.js';

const MAX_RATE_LIMITED_STARTS = 50;

/** Queues a reply; `causeId` (the inbound message id) makes a retried handler add it once. */
export async function queueReply(ctx: PipelineContext, reply: Omit<ReplyJob, 'kind'>, causeId: string): Promise<void> {
  const jobId = `r-${sha256(`${reply.platform}|${causeId}|${reply.key}`).slice(0, 32)}`;
  await ctx.queues.outbound(reply.platform, reply.accountId).add('reply', { kind: 'reply', ...reply }, { jobId, lifo: true, attempts: 4 });
}

export async function processReply(reply: ReplyJob, account: ChannelAccount, ctx: PipelineContext, attemptsStarted: number): Promise<string> {
  const text = t(reply.locale, reply.key, reply.values);
  try {
    await waitForSendSlot(ctx, account);
    await account.adapter.send(account.adapter.plan({ text, locale: reply.locale }), { address: reply.address, idempotencyKey: reply.key, lastInboundAt: ctx.now() });
    ctx.metrics.sends.inc({ platform: reply.platform, outcome: 'reply_sent' });
    return 'sent';
  } catch (err) {
    const info = channelErrorInfo(err);
    if (info?.code === 'rate_limited' && attemptsStarted < MAX_RATE_LIMITED_STARTS) {
      await ctx.queues.outbound(reply.platform, reply.accountId).rateLimit(info.retryAfterMs ?? 1000);
      throw Worker.RateLimitError();
    }
    if (info && info.code !== 'transient') {
      ctx.log.info({ platform: reply.platform, code: info.code }, 'reply not deliverable; dropped');
      return info.code;
    }
    throw err instanceof Error ? err : new Error(String(err));
  }
}
