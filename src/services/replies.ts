/**
 * Conversation replies: what the engine (or carrying out its effects) decided to say, to the
 * parent who wrote or to someone else (a note forwarded to a teacher, a teacher's answer back).
 *
 * Each reply is stored in the chat's outbox entry (session-store.ts) and sent by a job that
 * names only chat, cause and index, so job data carries no address and no text. Replies have
 * a queue per account of their own, without BullMQ's limiter (names.ts), so a parent's answer is
 * not stuck behind a fan-out's jobs; the account's pacer (send.ts) keeps replies and bulk
 * together within the platform's rate. A reply marked sent is never sent again, whatever retried.
 *
 * Order: the replies to one chat carry the chat's sequence numbers, in the order the steps were
 * written; a reply whose predecessor is not out yet waits (delayed, not holding a worker), so
 * question 4 never reaches the phone before question 3. A predecessor that never goes out
 * (it failed for good) holds its successors at most MAX_ORDER_WAIT_MS.
 */
import type { ChannelAccount } from '../core/adapter-module.js';
import { channelErrorInfo } from '../core/errors.js';
import type { OutboundMessage, Platform } from '../core/types.js';
import { enqueueReplies } from '../queue/enqueue.js';
import type { ReplyJob } from '../queue/jobs.js';
import type { SentMessageRef } from '../store/chat-store.js';
import type { PipelineContext } from './context.js';
import { sendThrough } from './send.js';

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
/** A reply whose predecessor never goes out (it failed for good) waits for it this long at most. */
const MAX_ORDER_WAIT_MS = 30_000;

/** Queues replies `base`, `base+1`, … of a cause; job ids make a repeat add nothing. */
export async function queueReplies(ctx: PipelineContext, chat: string, cause: string, replies: ReplyRecord[], base = 0): Promise<void> {
  await enqueueReplies(ctx.queues, chat, cause, replies, base);
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

/**
 * Reply `index` of a cause: sent once, in its chat's order. 'wait' when an earlier reply to the
 * chat is still to go (the worker puts the job back for a moment, holding nothing); a rate
 * limit or a transient error is thrown for the worker to retry; any other channel error drops
 * the reply (it is logged: the person cannot be reached there now).
 */
export async function sendReply(ctx: PipelineContext, account: ChannelAccount, job: ReplyJob, queuedAt: number): Promise<string> {
  const { chat, cause, index } = job;
  const record = await loadRecord(ctx, job);
  if (!record) return 'gone'; // erased, or expired with its session
  const done = async (outcome: string) => {
    // Whatever became of it, the next reply to the chat need not wait for it any longer.
    if (record.seq !== undefined) await ctx.stores.sessions.advanceSeq(chat, record.seq);
    return outcome;
  };
  if (await ctx.stores.sessions.wasSent(chat, cause, index)) return done('already_sent');
  const address = record.address ?? (await guardianAddress(ctx, record));
  if (!address) return done('gone');
  const earlierPending = record.seq !== undefined && record.seq > (await ctx.stores.sessions.sentSeq(chat)) + 1;
  if (earlierPending && Date.now() - queuedAt <= MAX_ORDER_WAIT_MS) return 'wait';
  try {
    const { result } = await sendThrough(ctx, {
      account, address, schoolId: record.schoolId, message: record.message, idempotencyKey: `${chat}-${cause}-${index}`, ...(record.memo ? { memo: record.memo } : {}),
    });
    await ctx.stores.sessions.markSent(chat, cause, index, result.platformMessageId);
    ctx.metrics.sends.inc({ platform: record.platform, outcome: 'reply_sent' });
    return done('sent');
  } catch (err) {
    const info = channelErrorInfo(err);
    if (!info || info.code === 'rate_limited' || info.code === 'transient') throw err;
    ctx.log.info({ platform: record.platform, code: info.code }, 'reply not deliverable; dropped');
    return done(info.code);
  }
}

async function loadRecord(ctx: PipelineContext, job: ReplyJob): Promise<ReplyRecord | undefined> {
  const { sessions } = ctx.stores;
  if (job.index >= FOLLOW_UP_BASE) return (await sessions.followUps<ReplyRecord>(job.chat, job.cause))[job.index - FOLLOW_UP_BASE];
  return (await sessions.outbox<OutboxEntry>(job.chat, job.cause))?.replies[job.index];
}

/** The guardian's address on the record's platform now; none when erased, unlinked or opted out. */
async function guardianAddress(ctx: PipelineContext, record: ReplyRecord): Promise<string | undefined> {
  if (!record.to) return undefined;
  const guardian = await ctx.stores.roster.getGuardian(record.to.schoolId, record.to.guardianId);
  return guardian && !guardian.optedOutAt ? guardian.channels[record.platform] : undefined;
}
