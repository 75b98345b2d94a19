/** What a parent's tap or join code means: an RSVP recorded, a chat linked; each answered. */
import type { InboundEvent } from '../core/adapter.js';
import { decodeRsvpChoice } from '../core/choice.js';
import type { Locale, RsvpAnswer } from '../core/types.js';
import { RSVP_ANSWERS } from '../core/types.js';
import type { PipelineContext } from './context.js';
import { queueReply } from './replies.js';

type ChoiceEvent = Extract<InboundEvent, { type: 'choice' }>;

export async function handleChoice(ctx: PipelineContext, e: ChoiceEvent): Promise<string> {
  const tap = await resolveTap(ctx, e);
  if (!tap) return 'unknown_choice';
  const owner = await ctx.stores.roster.findByAddress(e.platform, e.from);
  if (!owner || owner.kind !== 'guardian') return 'unknown_sender';
  const event = await ctx.stores.events.get(tap.eventId);
  // A tap only counts for an RSVP invitation this guardian actually received.
  if (!event || !event.rsvp || event.schoolId !== owner.schoolId) return 'not_an_invitation';
  const row = await ctx.stores.events.transition(tap.eventId, owner.id, { a: tap.answer, at: e.receivedAt.toISOString() }, ['queued', 'sent', 'delivered']);
  if (!row) return 'not_a_recipient';
  const guardian = await ctx.stores.roster.getGuardian(owner.schoolId, owner.id);
  await queueReply(ctx, { platform: e.platform, accountId: e.accountId, address: e.from, locale: guardian?.locale ?? 'ar', key: `rsvp.thanks.${tap.answer}` }, e.platformMessageId);
  return `rsvp_${tap.answer}`;
}

/** By choice id (buttons, quick replies), or by position in the message it answers (a poll). */
async function resolveTap(ctx: PipelineContext, e: ChoiceEvent): Promise<{ answer: RsvpAnswer; eventId: string } | undefined> {
  if (e.choiceId) return decodeRsvpChoice(e.choiceId);
  if (e.optionIndex === undefined || !e.replyTo) return undefined;
  const ref = await ctx.stores.chats.findSent(e.platform, e.from, e.replyTo);
  const answer = RSVP_ANSWERS[e.optionIndex];
  return ref && answer ? { answer, eventId: ref.eventId } : undefined;
}

export async function handleJoin(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'join' }>): Promise<string> {
  const claim = await ctx.stores.chats.consumeJoinCode(e.payload, e.platform);
  const reply = (locale: Locale, key: string, values?: Record<string, string>) =>
    queueReply(ctx, { platform: e.platform, accountId: e.accountId, address: e.from, locale, key, ...(values ? { values } : {}) }, e.platformMessageId);
  const hinted: Locale = e.languageHint?.toLowerCase().startsWith('en') ? 'en' : 'ar';
  if (!claim) {
    await reply(hinted, 'join.invalid');
    return 'invalid_code';
  }
  const linked = await ctx.stores.roster.linkChannel(claim.owner, e.platform, e.from, e.receivedAt);
  if (!linked) {
    await reply(hinted, 'join.invalid');
    return 'owner_gone';
  }
  const school = await ctx.stores.schools.get(claim.owner.schoolId);
  const locale = ('locale' in linked && linked.locale) || school.defaultLocale;
  await reply(locale, 'join.welcome', { name: linked.name, school: school.name });
  ctx.log.info({ schoolId: claim.owner.schoolId, kind: claim.owner.kind, id: claim.owner.id, platform: e.platform }, 'chat linked');
  return 'linked';
}
