/**
 * A parent's or teacher's join code: the chat is linked to them, and welcomed in their language.
 * A code links only on an account that serves the owner's school (the simulator: the school's
 * own simulated bot); elsewhere it is left untouched for the right one.
 */
import type { InboundEvent } from '../../core/adapter.js';
import type { Locale, OutboundMessage } from '../../core/types.js';
import * as said from '../../domain/conversation/said.js';
import type { PipelineContext } from '../context.js';
import { putDirectReplies, replayDirectReplies, type ReplyRecord } from '../replies.js';
import { causeId, chatId } from '../../core/ids.js';

type JoinEvent = Extract<InboundEvent, { type: 'join' }>;

export async function handleJoin(ctx: PipelineContext, e: JoinEvent): Promise<string> {
  if (await replayDirectReplies(ctx, chatId(e.platform, e.from, ''), causeId(e.platformMessageId))) return 'replayed';
  const hinted: Locale = e.languageHint?.toLowerCase().startsWith('en') ? 'en' : 'ar';
  const peeked = await ctx.stores.chats.peekJoinCode(e.payload, e.platform);
  const inScope = peeked && (e.schoolId ? peeked.owner.schoolId === e.schoolId : ctx.channels.serves(e.platform, e.accountId, peeked.owner.schoolId));
  const claim = inScope ? await ctx.stores.chats.consumeJoinCode(e.payload, e.platform) : undefined;
  if (!claim) {
    await replyDirect(ctx, e, e.schoolId ?? '', [said.joinInvalid(hinted)]);
    return 'invalid_code';
  }
  const { owner } = claim;
  const linked = owner.kind === 'person'
    ? await ctx.stores.people.linkChannel(owner.schoolId, owner.id, e.platform, e.from)
    : await ctx.stores.roster.linkChannel({ ...owner, kind: owner.kind }, e.platform, e.from, e.receivedAt);
  if (!linked) {
    await replyDirect(ctx, e, owner.schoolId, [said.joinInvalid(hinted)]);
    return 'owner_gone';
  }
  const school = await ctx.stores.schools.get(owner.schoolId);
  const locale = ('locale' in linked && linked.locale) || school.defaultLocale;
  // A person's chat is where their sign-in codes come; a parent's or teacher's, the school's messages.
  await replyDirect(ctx, e, owner.schoolId, [said.joinWelcome(locale, owner.kind === 'person' ? 'staff' : 'family', linked.name, school.name)]);
  ctx.log.info({ schoolId: owner.schoolId, kind: owner.kind, id: owner.id, platform: e.platform }, 'chat linked');
  return 'linked';
}

/**
 * Replies to the sender outside a conversation step, speaking for `schoolId`: stored in the
 * outbox of the chat's own level first (a retried job finds them there), then queued.
 */
export async function replyDirect(ctx: PipelineContext, e: InboundEvent, schoolId: string, messages: OutboundMessage[]): Promise<void> {
  const replies: ReplyRecord[] = messages.map((m) => ({ platform: e.platform, accountId: e.accountId, schoolId, address: e.from, message: m }));
  await putDirectReplies(ctx, chatId(e.platform, e.from, ''), causeId(e.platformMessageId), replies);
}
