/**
 * The one send path (DESIGN §2): invitations, conversation replies, notes relayed to teachers,
 * staff's and teachers' answers and sign-in codes all leave through `sendThrough`:
 *
 *   plan (the channel's own shape: parts, buttons, a poll) → pace (the account's next slot on
 *   Redis's clock, one per platform call) → window (may we write freely now?) → send → remember
 *   (what the message was, when a receipt, a vote or a quoted reply may refer to it later).
 *
 * A platform error is thrown as the adapter typed it; the caller decides what it means for its
 * record, and the worker alone turns it into BullMQ's vocabulary (workers/job-errors.ts).
 */
import type { ChannelAccount } from '../core/adapter-module.js';
import type { ChannelAdapter, PlannedMessage, SendResult } from '../core/adapter.js';
import type { MediaRef } from '../core/media.js';
import type { OutboundMessage } from '../core/types.js';
import { SEND_MARGIN_MS, withinWindow } from '../domain/windows.js';
import type { SentMessageRef } from '../store/chat-store.js';
import type { PipelineContext } from './context.js';

export interface Outgoing {
  account: ChannelAccount;
  address: string;
  /** The school it speaks for ('' before a school is known). */
  schoolId: string;
  message: OutboundMessage;
  /** The same for every try of one message: platforms and fakes that dedupe see one. */
  idempotencyKey: string;
  /** The guardian said yes to this event (a platform with a window may allow an update outside it). */
  confirmedEventUpdate?: boolean;
  /** What the message is: remembered when something may refer to it later (see `remember`). */
  memo?: SentMessageRef;
}

export async function sendThrough(ctx: PipelineContext, out: Outgoing): Promise<{ planned: PlannedMessage; result: SendResult }> {
  const { adapter } = out.account;
  const planned = adapter.plan(out.message);
  const media = await mediaToSend(ctx, out);
  // The file is one more platform call.
  await waitForSendSlot(ctx, out.account, platformCalls(adapter, planned) + (media ? 1 : 0));
  const window = await windowNow(ctx, out.account, out.address);
  const result = await adapter.send(planned, {
    address: out.address,
    schoolId: out.schoolId,
    idempotencyKey: out.idempotencyKey,
    ...(window === undefined ? {} : { withinWindow: window }),
    ...(out.confirmedEventUpdate ? { confirmedEventUpdate: true } : {}),
    ...(media ? { media } : {}),
  });
  await remember(ctx, out, planned, result);
  return { planned, result };
}

/**
 * The stored file a message carries, when the channel sends that kind (the message's text was
 * written knowing it: relay.ts). A file erased meanwhile leaves the text alone.
 */
async function mediaToSend(ctx: PipelineContext, out: Outgoing): Promise<(MediaRef & { bytes: Buffer }) | undefined> {
  const ref = out.message.media;
  if (!ref || !out.schoolId || !out.account.adapter.capabilities.sendsMedia?.includes(ref.kind)) return undefined;
  const stored = await ctx.stores.media.get(out.schoolId, ref.id);
  return stored ? { ...stored.ref, bytes: stored.bytes } : undefined;
}

/** One slot per platform call: each part of a long text, and the poll a question rides in. */
function platformCalls(adapter: ChannelAdapter, planned: PlannedMessage): number {
  return planned.parts.length + (adapter.capabilities.choiceUi === 'poll' && planned.choices?.length ? 1 : 0);
}

/** Waits for the account's next send slot (pacer-store.ts); no wait when limits are lifted. */
async function waitForSendSlot(ctx: PipelineContext, account: ChannelAccount, calls: number): Promise<void> {
  const { max, durationMs } = account.adapter.capabilities.rateLimit;
  if (max <= 0) return;
  const waitMs = await ctx.stores.pacer.takeSlot(account.adapter.platform, account.adapter.accountId, (durationMs / max) * calls);
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
}

/** The chat's own last message to this account decides (a relayed answer may come days later). */
async function windowNow(ctx: PipelineContext, account: ChannelAccount, address: string): Promise<boolean | undefined> {
  const hours = account.adapter.capabilities.messagingWindowHours;
  if (!hours) return undefined;
  const last = await ctx.stores.chats.lastInbound(account.adapter.platform, account.adapter.accountId, address);
  return withinWindow(last, ctx.now(), hours, SEND_MARGIN_MS);
}

/**
 * What a sent message was, for what later refers to it by its id: a receipt (not delivered at
 * sending), a vote (a poll's options are its choices), a quoted reply (a note forwarded to a
 * teacher). An invitation on a channel where sending is delivery and that shows no poll needs
 * nothing: a quote of it is found on the guardian's delivery row.
 */
async function remember(ctx: PipelineContext, out: Outgoing, planned: PlannedMessage, result: SendResult): Promise<void> {
  const { platform, accountId, capabilities } = out.account.adapter;
  const poll = capabilities.choiceUi === 'poll' && planned.choices?.length ? planned.choices.map((c) => c.id) : undefined;
  let memo = out.memo;
  if (memo?.kind === 'invitation' && poll) memo = { ...memo, choiceIds: poll };
  if (!memo && poll) memo = { schoolId: out.schoolId, kind: 'choices', choiceIds: poll };
  const needed = memo && (memo.kind !== 'invitation' || result.deliveredAt === undefined || poll);
  if (memo && needed) await ctx.stores.chats.rememberSent(platform, accountId, out.address, result.platformMessageId, memo);
  // A reply to the file itself (the voice note above the words) refers to the same thing.
  if (memo && needed && result.fileMessageId) await ctx.stores.chats.rememberSent(platform, accountId, out.address, result.fileMessageId, memo);
}
