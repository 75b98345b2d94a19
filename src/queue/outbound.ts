/**
 * The outbound worker: one invitation to one guardian on one channel. It re-reads the row
 * first (a crashed worker's job may come back after the send was recorded), renders in the
 * guardian's language, sends, records. Typed channel errors become BullMQ's vocabulary here
 * and nowhere else.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { ChannelAccount } from '../adapters.js';
import type { ChannelError } from '../core/errors.js';
import { channelErrorInfo } from '../core/errors.js';
import type { SendResult } from '../core/adapter.js';
import type { Child, Guardian } from '../core/types.js';
import { pickChannel } from '../domain/channel-choice.js';
import { composeInvitation } from '../domain/invitation.js';
import type { PipelineContext } from './context.js';
import { addOutboundJobs } from './fanout.js';
import type { OutboundJob, OutboundJobData } from './jobs.js';
import { processReply } from './replies.js';
import { readCache } from './read-cache.js';

/** A job rate-limited this many times is given up (a platform that never lets go). */
const MAX_RATE_LIMITED_STARTS = 200;

export async function processOutbound(job: Job<OutboundJobData>, account: ChannelAccount, ctx: PipelineContext): Promise<string> {
  if (job.data.kind === 'reply') return processReply(job.data, account, ctx, job.attemptsStarted ?? 0);
  return processInvitation(job as Job<OutboundJob>, account, ctx);
}

async function processInvitation(job: Job<OutboundJob>, account: ChannelAccount, ctx: PipelineContext): Promise<string> {
  const { eventId, schoolId, guardianId, platform, childIds } = job.data;
  const { events, roster } = ctx.stores;
  // Everything this send needs, read at once: the row (already sent?), the guardian, the event.
  const [row, guardian, event, school, children] = await Promise.all([
    events.getRow(eventId, guardianId),
    roster.getGuardian(schoolId, guardianId),
    readCache.event(ctx, eventId),
    readCache.school(ctx, schoolId),
    childIds.length ? roster.getChildren(schoolId, childIds) : Promise.resolve(new Map<string, Child>()),
  ]);
  if (!row || row.s !== 'queued' || row.c !== platform) return 'already_done';
  if (!guardian || !event) return 'erased';
  if (guardian.optedOutAt) {
    await events.transition(eventId, guardianId, { s: 'skipped', r: 'opted_out', due: null }, ['queued']);
    return 'opted_out';
  }
  const address = guardian.channels[platform];
  if (!address || guardian.unreachable?.[platform]) return fallBack(job, ctx, guardian, 'unreachable');
  const names = childIds.map((id) => children.get(id)?.name).filter((n): n is string => Boolean(n));
  const message = composeInvitation(event, school, guardian, names);
  const { capabilities } = account.adapter;
  const lastInboundAt = capabilities.messagingWindowHours ? await ctx.stores.chats.lastInbound(platform, address) : undefined;
  let result: SendResult;
  try {
    result = await account.adapter.send(account.adapter.plan(message), {
      address,
      idempotencyKey: job.id ?? `${eventId}-${guardianId}`,
      ...(lastInboundAt ? { lastInboundAt } : {}),
      confirmedEventUpdate: row.a === 'yes',
    });
  } catch (err) {
    return handleSendError(err, job, account, ctx, guardian);
  }
  // Recorded outside the send's try: a Redis hiccup here must not be taken for a failed send
  // (a retry would find the row still queued and send again only if this never landed).
  const delivered = result.deliveredAt !== undefined;
  await Promise.all([
    events.transition(eventId, guardianId, {
      s: delivered ? 'delivered' : 'sent', m: result.platformMessageId, t: result.sentAt.toISOString(),
      d: result.deliveredAt?.toISOString() ?? null, r: null, due: null,
    }, ['queued']),
    // Receipts and poll votes name the sent message; a channel with neither needs no index.
    !delivered || capabilities.choiceUi === 'poll'
      ? ctx.stores.chats.rememberSent(platform, address, result.platformMessageId, { eventId, guardianId })
      : undefined,
  ]);
  ctx.metrics.sends.inc({ platform, outcome: 'sent' });
  return 'sent';
}

async function handleSendError(err: unknown, job: Job<OutboundJob>, account: ChannelAccount, ctx: PipelineContext, guardian: Guardian): Promise<string> {
  const info = channelErrorInfo(err);
  const { platform, eventId, guardianId } = job.data;
  const logCtx = { eventId, guardianId, platform, code: info?.code, attempt: job.attemptsMade + 1 };
  if (info?.code === 'rate_limited') {
    ctx.metrics.sends.inc({ platform, outcome: 'rate_limited' });
    if ((job.attemptsStarted ?? 0) < MAX_RATE_LIMITED_STARTS) {
      await ctx.queues.outbound(platform, account.adapter.accountId).rateLimit(info.retryAfterMs ?? 1000);
      throw Worker.RateLimitError();
    }
  }
  if (info?.code === 'unreachable' || info?.code === 'invalid_address' || info?.code === 'outside_window') {
    ctx.metrics.sends.inc({ platform, outcome: info.code });
    ctx.log.info(logCtx, 'channel cannot reach this guardian; trying the next one');
    return fallBack(job, ctx, guardian, info.code, info.code !== 'outside_window');
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const retryable = info ? info.code === 'transient' || info.code === 'rate_limited' : true;
  ctx.metrics.sends.inc({ platform, outcome: retryable && !lastAttempt ? 'retry' : 'failed' });
  if (retryable && !lastAttempt) {
    ctx.log.warn({ ...logCtx, err: (err as Error).message }, 'send failed; will retry');
    throw err instanceof Error ? err : new Error(String(err));
  }
  ctx.log.error({ ...logCtx, err: (err as Error).message }, 'send failed for good');
  await ctx.stores.events.transition(eventId, guardianId, { s: 'failed', r: (err as ChannelError).code ?? 'error', f: ctx.now().toISOString(), due: null }, ['queued']);
  throw new UnrecoverableError((err as Error).message);
}

/** Marks the channel (if the platform said so) and moves the invitation to the next channel. */
async function fallBack(job: Job<OutboundJob>, ctx: PipelineContext, guardian: Guardian, reason: string, markUnreachable = true): Promise<string> {
  const { eventId, schoolId, guardianId, platform } = job.data;
  if (markUnreachable && !guardian.unreachable?.[platform]) {
    guardian.unreachable = { ...guardian.unreachable, [platform]: ctx.now().toISOString() };
    await ctx.stores.roster.saveGuardian(schoolId, guardian);
  }
  const tried = [...job.data.tried, platform];
  const next = pickChannel(guardian, ctx.channels.availabilityFor(schoolId), new Set(tried));
  const account = next && ctx.channels.accountFor(schoolId, next.platform);
  if (!next || !account) {
    await ctx.stores.events.transition(eventId, guardianId, { s: 'failed', r: reason, f: ctx.now().toISOString(), due: null }, ['queued']);
    return reason;
  }
  await ctx.stores.events.transition(eventId, guardianId, { c: next.platform }, ['queued']);
  await addOutboundJobs(ctx, [{ ...job.data, platform: next.platform, accountId: account.adapter.accountId, tried }], 0);
  return `fallback_${next.platform}`;
}
