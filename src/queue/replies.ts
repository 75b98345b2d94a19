/**
 * Conversation replies: what the engine (or carrying out its effects) decided to say, to the
 * parent who wrote or to someone else (a note forwarded to a teacher, a teacher's answer back).
 *
 * Each reply is stored in the chat's outbox entry (session-store.ts) and sent by a job that
 * names only chat, cause and index, so job data carries no address and no text. Replies have
 * a queue per account of their own, without BullMQ's limiter (names.ts), so a parent's answer is
 * not stuck behind a fan-out's jobs; the account's pacer (pacing.ts) keeps replies and bulk
 * together within the platform's rate. A reply marked sent is never sent again, whatever retried.
 *
 * Order: the replies to one chat carry the chat's sequence numbers, in the order the steps were
 * written; a reply whose predecessor is not out yet waits (delayed, not holding a worker), so
 * question 4 never reaches the phone before question 3. A predecessor that never goes out
 * (it failed for good) holds its successors at most MAX_ORDER_WAIT_MS.
 */
import { DelayedError, Worker, type Job } from 'bullmq';
import type { ChannelAccount } from '../adapters.js';
import { channelErrorInfo } from '../core/errors.js';
import type { OutboundMessage, Platform } from '../core/types.js';
import type { SentMessageRef } from '../store/chat-store.js';
import type { PipelineContext } from './context.js';
import type { ReplyJob } from './jobs.js';
import { waitForSendSlot } from './pacing.js';

export interface ReplyRecord {
  platform: Platform;
  accountId: string;
  /** The school it speaks for ('' before a school is known: "which school is this about?"). */
  schoolId: string;
  /** Where it goes; or `to`, a guardian looked up when it is sent (see below). */
  address?: string;
  /**
   * A guardian, for a message stored in someone else's outbox (a teacher's answer): no address
   * is kept there, so an erased guardian's number is not left behind, and a guardian erased or
   * opted out before it goes gets nothing.
   */
  to?: { schoolId: string; guardianId: string };
  message: OutboundMessage;
  /** What the sent message is, for a later reply or vote that refers to it. */
  memo?: SentMessageRef;
  /** Its place among the replies to the chat it answers (absent: no order to keep). */
  seq?: number;
}

/** An outbox entry: the step's effects and its replies; follow-ups live beside it. */
export interface OutboxEntry<E = unknown> {
  effects: E[];
  replies: ReplyRecord[];
}

/** Follow-up replies (those carrying out effects produced) are numbered from here. */
export const FOLLOW_UP_BASE = 100;
const MAX_RATE_LIMITED_STARTS = 50;
const MAX_ORDER_WAIT_MS = 30_000;
const ORDER_RECHECK_MS = 50;

/** Queues replies `base`, `base+1`, … of a cause; job ids make a repeat add nothing. */
export async function queueReplies(ctx: PipelineContext, chat: string, cause: string, replies: ReplyRecord[], base = 0): Promise<void> {
  const byQueue = new Map<string, Array<{ record: ReplyRecord; index: number }>>();
  replies.forEach((record, i) => {
    const key = `${record.platform}\u0000${record.accountId}`;
    byQueue.set(key, [...(byQueue.get(key) ?? []), { record, index: base + i }]);
  });
  for (const group of byQueue.values()) {
    const first = group[0]!.record;
    await ctx.queues.replies(first.platform, first.accountId).addBulk(group.map(({ index }) => ({
      name: 'reply',
      data: { chat, cause, index },
      opts: { jobId: `r-${chat}-${cause}-${index}` },
    })));
  }
}

/**
 * Replies decided outside a conversation step (a join code's welcome, "which school is this
 * about?"): kept in the chat's outbox under the message's cause first, then queued.
 */
export async function putDirectReplies(ctx: PipelineContext, chat: string, cause: string, replies: ReplyRecord[]): Promise<void> {
  await ctx.stores.sessions.putOutbox(chat, cause, { effects: [], replies });
  await queueReplies(ctx, chat, cause, replies);
}

/** A retried job whose direct replies were decided already: queued again (their job ids dedupe). */
export async function replayDirectReplies(ctx: PipelineContext, chat: string, cause: string): Promise<boolean> {
  const entry = await ctx.stores.sessions.outbox<OutboxEntry>(chat, cause);
  if (entry) await queueReplies(ctx, chat, cause, entry.replies);
  return entry !== undefined;
}

async function loadRecord(ctx: PipelineContext, job: ReplyJob): Promise<ReplyRecord | undefined> {
  const { sessions } = ctx.stores;
  if (job.index >= FOLLOW_UP_BASE) return (await sessions.followUps<ReplyRecord>(job.chat, job.cause))[job.index - FOLLOW_UP_BASE];
  return (await sessions.outbox<OutboxEntry>(job.chat, job.cause))?.replies[job.index];
}

export async function processReply(job: Job<ReplyJob>, account: ChannelAccount, ctx: PipelineContext, token?: string): Promise<string> {
  const { chat, cause, index } = job.data;
  const record = await loadRecord(ctx, job.data);
  if (!record) return 'gone'; // erased, or expired with its session
  const done = async (outcome: string) => {
    // Whatever became of it, the next reply to the chat need not wait for it any longer.
    if (record.seq !== undefined) await ctx.stores.sessions.advanceSeq(chat, record.seq);
    return outcome;
  };
  if (await ctx.stores.sessions.wasSent(chat, cause, index)) return done('already_sent');
  const address = record.address ?? (await guardianAddress(ctx, record));
  if (!address) return done('gone');
  if (record.seq !== undefined && (await waitForTurn(ctx, job, chat, record.seq, token))) throw new DelayedError();
  return done(await sendReply(job, { ...record, address }, account, ctx));
}

/** True when an earlier reply to the chat is still to go: the job is put back for a moment. */
async function waitForTurn(ctx: PipelineContext, job: Job<ReplyJob>, chat: string, seq: number, token: string | undefined): Promise<boolean> {
  if (seq <= (await ctx.stores.sessions.sentSeq(chat)) + 1 || Date.now() - job.timestamp > MAX_ORDER_WAIT_MS) return false;
  await job.moveToDelayed(Date.now() + ORDER_RECHECK_MS, token);
  return true;
}

/** The guardian's address on the record's platform now; none when erased, unlinked or opted out. */
async function guardianAddress(ctx: PipelineContext, record: ReplyRecord): Promise<string | undefined> {
  if (!record.to) return undefined;
  const guardian = await ctx.stores.roster.getGuardian(record.to.schoolId, record.to.guardianId);
  return guardian && !guardian.optedOutAt ? guardian.channels[record.platform] : undefined;
}

async function sendReply(job: Job<ReplyJob>, record: ReplyRecord & { address: string }, account: ChannelAccount, ctx: PipelineContext): Promise<string> {
  const { chat, cause, index } = job.data;
  try {
    const { adapter } = account;
    const planned = adapter.plan(record.message);
    const calls = planned.parts.length + (adapter.capabilities.choiceUi === 'poll' && planned.choices?.length ? 1 : 0);
    await waitForSendSlot(ctx, account, calls);
    // The chat's own last message decides a messaging window (a relayed answer may come days later).
    const lastInboundAt = adapter.capabilities.messagingWindowHours ? await ctx.stores.chats.lastInbound(record.platform, record.accountId, record.address) : undefined;
    const result = await adapter.send(planned, { address: record.address, schoolId: record.schoolId, idempotencyKey: `${chat}-${cause}-${index}`, ...(lastInboundAt ? { lastInboundAt } : {}) });
    await ctx.stores.sessions.markSent(chat, cause, index, result.platformMessageId);
    const poll = adapter.capabilities.choiceUi === 'poll' && planned.choices?.length ? { schoolId: record.schoolId, kind: 'choices' as const, choiceIds: planned.choices.map((c) => c.id) } : undefined;
    const memo = record.memo ?? poll;
    if (memo) await ctx.stores.chats.rememberSent(record.platform, record.accountId, record.address, result.platformMessageId, memo);
    ctx.metrics.sends.inc({ platform: record.platform, outcome: 'reply_sent' });
    return 'sent';
  } catch (err) {
    const info = channelErrorInfo(err);
    if (info?.code === 'rate_limited' && (job.attemptsStarted ?? 0) < MAX_RATE_LIMITED_STARTS) {
      await ctx.queues.replies(record.platform, record.accountId).rateLimit(info.retryAfterMs ?? 1000);
      throw Worker.RateLimitError();
    }
    if (info && info.code !== 'transient') {
      ctx.log.info({ platform: record.platform, code: info.code }, 'reply not deliverable; dropped');
      return info.code;
    }
    throw err instanceof Error ? err : new Error(String(err));
  }
}
