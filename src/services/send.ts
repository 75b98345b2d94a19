/**
 * The one send path (DESIGN §2): invitations, conversation replies, notes relayed to teachers,
 * staff's and teachers' answers and sign-in codes all leave through `sendThrough`:
 *
 *   plan (the channel's own shape: parts, buttons, a poll) → pace (the account's next slot on
 *   Redis's clock, one per platform call; the chat's own, where the platform limits messages to
 *   one person) → window (may we write freely now? outside it, a platform may take the school's
 *   template, within the account's tier of new people a day) → send → remember (what the message
 *   was, when a receipt, a vote or a quoted reply may refer to it later).
 *
 * A platform error is thrown as the adapter typed it; the caller decides what it means for its
 * record, and the worker alone turns it into BullMQ's vocabulary (workers/job-errors.ts).
 */
import type { ChannelAccount } from '../core/adapter-module.js';
import { tierCounter, type ChannelAdapter, type PlannedMessage, type SendContext, type SendResult, type TemplateMessage } from '../core/adapter.js';
import { PermanentError } from '../core/errors.js';
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
  /** The school's approved template for it, on a platform that takes only templates outside its window. */
  template?: TemplateMessage;
}

export async function sendThrough(ctx: PipelineContext, out: Outgoing): Promise<{ planned: PlannedMessage; result: SendResult }> {
  const { adapter } = out.account;
  const { capabilities } = adapter;
  const planned = adapter.plan(out.message);
  // Each step below that has nothing to do for this channel or message is not awaited at all:
  // during a fan-out this path runs once per guardian.
  const media = out.message.media ? await mediaToSend(ctx, out) : undefined;
  // The file is one more platform call.
  const calls = platformCalls(adapter, planned) + (media ? 1 : 0);
  if (capabilities.rateLimit.max > 0) await waitForSendSlot(ctx, out.account, calls);
  if (capabilities.pairIntervalMs) await waitForChat(ctx, out.account, out.address, calls);
  const window = capabilities.messagingWindowHours ? await windowNow(ctx, out.account, out.address) : undefined;
  const template = window === false && capabilities.templatesOutsideWindow ? out.template : undefined;
  if (template) await takeTier(ctx, out.account, out.address);
  const sendCtx: SendContext = { address: out.address, schoolId: out.schoolId, idempotencyKey: out.idempotencyKey };
  if (window !== undefined) sendCtx.withinWindow = window;
  if (out.confirmedEventUpdate) sendCtx.confirmedEventUpdate = true;
  if (media) sendCtx.media = media;
  if (out.template) sendCtx.template = out.template;
  const result = await adapter.send(planned, sendCtx);
  // A template sent because the platform's window had closed before ours: counted, never refused.
  if (result.asTemplate && !template) await takeTier(ctx, out.account, out.address, false);
  const memo = toRemember(out, planned, result);
  if (memo) await remember(ctx, out, result, memo);
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

/**
 * A platform's pair rate (one message every few seconds to one person): this message's calls
 * take the chat's next slots, so a reply right after an invitation waits its turn.
 */
async function waitForChat(ctx: PipelineContext, account: ChannelAccount, address: string, calls: number): Promise<void> {
  const interval = account.adapter.capabilities.pairIntervalMs;
  if (!interval) return;
  const waitMs = await ctx.stores.pacer.takeSlot(`${account.adapter.platform}:chat`, `${account.adapter.accountId}:${address}`, interval * calls);
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
}

/**
 * One new person in the account's tier (a conversation the school starts by template). When
 * the tier is used up the message does not go: `tier_limit`, with when one more will fit.
 */
async function takeTier(ctx: PipelineContext, account: ChannelAccount, address: string, refuse = true): Promise<void> {
  const { platform, accountId, capabilities } = account.adapter;
  const limit = capabilities.uniqueRecipientsPerDay;
  if (limit === undefined) return;
  const waitMs = await ctx.stores.pacer.takeNewRecipient(platform, tierCounter(account.adapter), address, refuse ? limit : Infinity);
  if (waitMs > 0) throw new PermanentError('tier_limit', `the ${limit} new people a day of account ${accountId}'s tier are used up`, { platform, retryAfterMs: waitMs });
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
function toRemember(out: Outgoing, planned: PlannedMessage, result: SendResult): SentMessageRef | undefined {
  const poll = out.account.adapter.capabilities.choiceUi === 'poll' && planned.choices?.length ? planned.choices.map((c) => c.id) : undefined;
  let memo = out.memo;
  if (memo?.kind === 'invitation' && poll) memo = { ...memo, choiceIds: poll };
  if (!memo && poll) memo = { schoolId: out.schoolId, kind: 'choices', choiceIds: poll };
  const needed = memo && (memo.kind !== 'invitation' || result.deliveredAt === undefined || poll);
  return needed ? memo : undefined;
}

async function remember(ctx: PipelineContext, out: Outgoing, result: SendResult, memo: SentMessageRef): Promise<void> {
  const { platform, accountId } = out.account.adapter;
  await ctx.stores.chats.rememberSent(platform, accountId, out.address, result.platformMessageId, memo);
  // A reply to the file itself (the voice note above the words) refers to the same thing.
  if (result.fileMessageId) await ctx.stores.chats.rememberSent(platform, accountId, out.address, result.fileMessageId, memo);
}
