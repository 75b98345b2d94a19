/** A parent's or teacher's join code: the chat is linked to them, and welcomed in their language. */
import type { InboundEvent } from '../core/adapter.js';
import type { Locale, OutboundMessage } from '../core/types.js';
import { message } from '../domain/conversation-messages.js';
import { causeId, chatId } from '../store/session-store.js';
import type { PipelineContext } from './context.js';
import { queueReplies, type ReplyRecord } from './replies.js';

export async function handleJoin(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'join' }>): Promise<string> {
  const claim = await ctx.stores.chats.consumeJoinCode(e.payload, e.platform);
  const hinted: Locale = e.languageHint?.toLowerCase().startsWith('en') ? 'en' : 'ar';
  if (!claim) {
    await replyDirect(ctx, e, [message(hinted, 'join.invalid')]);
    return 'invalid_code';
  }
  const linked = await ctx.stores.roster.linkChannel(claim.owner, e.platform, e.from, e.receivedAt);
  if (!linked) {
    await replyDirect(ctx, e, [message(hinted, 'join.invalid')]);
    return 'owner_gone';
  }
  const school = await ctx.stores.schools.get(claim.owner.schoolId);
  const locale = ('locale' in linked && linked.locale) || school.defaultLocale;
  await replyDirect(ctx, e, [message(locale, 'join.welcome', { name: linked.name, school: school.name })]);
  ctx.log.info({ schoolId: claim.owner.schoolId, kind: claim.owner.kind, id: claim.owner.id, platform: e.platform }, 'chat linked');
  return 'linked';
}

/** Replies to the sender outside a conversation step: stored in the chat's outbox, then queued. */
export async function replyDirect(ctx: PipelineContext, e: InboundEvent, messages: OutboundMessage[]): Promise<void> {
  const chat = chatId(e.platform, e.from);
  const cause = causeId(e.platformMessageId);
  const replies: ReplyRecord[] = messages.map((m) => ({ platform: e.platform, accountId: e.accountId, address: e.from, message: m }));
  await ctx.stores.sessions.putOutbox(chat, cause, { effects: [], replies });
  await queueReplies(ctx, chat, cause, replies);
}
