/**
 * What one conversation step needs, read before it runs (the engine is pure): who wrote, their
 * school, the invitations recently sent to the chat and the guardian's answers to them, the
 * surveys those refer to, and what a poll vote or a quoted reply points at.
 */
import { keepMedia } from '../inbound/media.js';
import type { InboundEvent } from '../../core/adapter.js';
import type { SurveyDefinition } from '../../core/survey.js';
import type { Locale, RsvpAnswer, SchoolEvent, Slot } from '../../core/types.js';
import { RSVP_ANSWERS } from '../../core/types.js';
import { decodeAbsenceChoice, decodeControlChoice, decodeRsvpChoice, decodeSlotChoice, decodeSurveyChoice, encodeRsvpChoice } from '../../core/choice.js';
import type { EventInfo, GuardianSender, Session, StrangerSender, TeacherSender, TurnContext, TurnInput } from '../../domain/conversation/types.js';
import type { SentMessageRef } from '../../store/chat-store.js';
import type { DeliveryState } from '../../store/event-store.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { readCache } from '../read-cache.js';
import { findSurvey } from '../surveys.js';
import { noticeDay } from './absence-effects.js';

export type TurnEvent = Extract<InboundEvent, { type: 'text' | 'choice' | 'media' | 'unsupported' }>;

export interface LoadedTurn {
  owner: AddressOwner | undefined;
  input: TurnInput;
  context: TurnContext;
}

/**
 * `owner` is who wrote, in the school the message was routed to (turn-routing.ts); a chat no
 * school knows is spoken to as the school the channel says it was sent to, if any.
 */
/** `probe`: a dry reading by a school the message may not be for (routing.ts): nothing is kept for it. */
export async function loadTurn(ctx: PipelineContext, e: TurnEvent, session: Session | undefined, cause: string, owner: AddressOwner | undefined, probe = false): Promise<LoadedTurn> {
  const schoolId = owner?.schoolId ?? e.schoolId;
  const school = schoolId ? await readCache.school(ctx, schoolId) : undefined;
  const sender = await loadSender(ctx, owner, e);
  const input = await loadInput(ctx, e, cause, owner, probe);
  if (!owner || !school || sender.kind !== 'guardian') {
    const context = { school: { id: school?.id ?? '', ...(school?.name ? { name: school.name } : {}), timeZone: school?.timeZone ?? ctx.config.DEFAULT_TIME_ZONE }, sender, prompts: [], events: {}, surveys: {} };
    return { owner, input, context };
  }
  const prompts = await ctx.stores.events.recentlySent(owner.schoolId, owner.id);
  // A reply quoting an invitation: its message id is on the guardian's delivery row.
  const quoted = e.replyTo && !input.replyToEventId ? prompts.find((p) => p.delivery.platformMessageId === e.replyTo) : undefined;
  if (quoted) input.replyToEventId = quoted.eventId;
  const ids = new Set([...prompts.map((p) => p.eventId), ...referencedEvents(session, input)]);
  const events = await loadEvents(ctx, owner, [...ids], new Map(prompts.map((p) => [p.eventId, p.delivery])));
  const surveys = await loadSurveys(ctx, owner.schoolId, events, session);
  await loadProgress(ctx, owner, events, surveys);
  return {
    owner,
    input,
    context: {
      school: { id: school.id, ...(school.name ? { name: school.name } : {}), timeZone: school.timeZone },
      sender,
      prompts: prompts.filter((p) => events[p.eventId]).map((p) => ({ eventId: p.eventId, at: p.at })),
      events,
      surveys,
    },
  };
}

/** The language to speak to an owner in: theirs, else their school's. */
export async function ownerLocale(ctx: PipelineContext, owner: AddressOwner): Promise<Locale> {
  const person = owner.kind === 'guardian'
    ? await ctx.stores.roster.getGuardian(owner.schoolId, owner.id)
    : (await ctx.stores.roster.getTeachers(owner.schoolId, [owner.id])).get(owner.id);
  return person?.locale ?? (await readCache.school(ctx, owner.schoolId)).defaultLocale;
}

async function loadSender(ctx: PipelineContext, owner: AddressOwner | undefined, e: TurnEvent): Promise<GuardianSender | TeacherSender | StrangerSender> {
  const hinted: Locale = e.languageHint?.toLowerCase().startsWith('en') ? 'en' : 'ar';
  if (owner?.kind === 'guardian') {
    const g = await ctx.stores.roster.getGuardian(owner.schoolId, owner.id);
    if (g) return { kind: 'guardian', id: g.id, locale: g.locale, ...(g.optedOutAt ? { optedOutAt: g.optedOutAt } : {}) };
  }
  if (owner?.kind === 'teacher') {
    const teacher = (await ctx.stores.roster.getTeachers(owner.schoolId, [owner.id])).get(owner.id);
    if (teacher) {
      const school = await readCache.school(ctx, owner.schoolId);
      const classes = (await ctx.stores.roster.listClasses(owner.schoolId)).filter((c) => teacher.classIds.includes(c.id));
      return { kind: 'teacher', id: teacher.id, name: teacher.name, locale: teacher.locale ?? school.defaultLocale, localeChosen: teacher.locale !== undefined, classes: classes.map((c) => ({ id: c.id, name: c.name })), ...(teacher.gender ? { gender: teacher.gender } : {}) };
    }
  }
  return { kind: 'stranger', locale: hinted };
}

/**
 * The message as the engine reads it. A poll vote (an option's position in a message we sent)
 * becomes the choice id that message offered; a teacher's quoted reply names its note.
 */
async function loadInput(ctx: PipelineContext, e: TurnEvent, cause: string, owner: AddressOwner | undefined, probe: boolean): Promise<TurnInput> {
  // A phone's clock can run ahead of ours: a message is never taken as sent after it arrived.
  const sentAt = e.sentAt && e.sentAt.getTime() < e.receivedAt.getTime() ? e.sentAt : e.receivedAt;
  const input: TurnInput = { id: cause, sentAt, channel: e.platform, ...(e.sentAt ? { stamped: true } : {}) };
  if (e.type === 'text') input.text = e.text;
  if (e.type === 'unsupported') input.mediaRefused = 'unsupported';
  if (e.type === 'media') {
    if (e.text) input.text = e.text;
    // Kept only for someone the school knows; a stranger is told how to link, whatever they sent.
    const kept = probe ? { media: { id: 'probe', kind: e.media.kind, contentType: '', size: 0 } } : owner ? await keepMedia(ctx, e, owner.schoolId, cause) : { refused: 'unavailable' as const };
    if ('media' in kept) input.media = kept.media;
    else input.mediaRefused = kept.refused;
    if (input.mediaRefused === 'too_big') input.mediaLimitMb = Math.max(1, Math.round(ctx.config.MEDIA_MAX_BYTES / 1024 / 1024));
  }
  const { ref, choiceId } = await readChoice(ctx, e);
  if (choiceId) input.choiceId = choiceId;
  else if (e.type === 'choice' && e.text) input.text = e.text;
  // A quoted message counts only when it is this school's: a shared chat holds two schools' messages.
  if (ref?.kind === 'note' && owner && ref.schoolId === owner.schoolId) input.replyToNoteRef = ref.ref;
  if (ref?.kind === 'invitation' && owner?.kind === 'guardian' && ref.schoolId === owner.schoolId && ref.guardianId === owner.id) input.replyToEventId = ref.eventId;
  return input;
}

/**
 * What a message points at: the message it quotes or votes in (a reply, a poll vote), and the
 * choice it taps — a poll vote (an option's position) becomes the choice id that poll offered.
 */
export async function readChoice(ctx: PipelineContext, e: TurnEvent): Promise<{ ref?: SentMessageRef; choiceId?: string }> {
  const ref = e.replyTo ? await ctx.stores.chats.findSent(e.platform, e.accountId, e.from, e.replyTo) : undefined;
  const choiceId = e.type === 'choice' ? (e.choiceId ?? voteChoice(ref, e.optionIndex)) : undefined;
  return { ...(ref ? { ref } : {}), ...(choiceId ? { choiceId } : {}) };
}

function voteChoice(ref: SentMessageRef | undefined, optionIndex: number | undefined): string | undefined {
  if (!ref || optionIndex === undefined || ref.kind === 'note') return undefined;
  if (ref.choiceIds) return ref.choiceIds[optionIndex];
  const answer: RsvpAnswer | undefined = RSVP_ANSWERS[optionIndex];
  return ref.kind === 'invitation' && answer ? encodeRsvpChoice(answer, ref.eventId) : undefined;
}

function referencedEvents(session: Session | undefined, input: TurnInput): string[] {
  const ids: string[] = [];
  if (session?.mode.m === 'rsvp' || session?.mode.m === 'survey' || session?.mode.m === 'slot' || session?.mode.m === 'absence') ids.push(session.mode.eventId);
  if (session?.topicEventId) ids.push(session.topicEventId);
  for (const run of session?.runs ?? []) ids.push(run.eventId);
  const tapped = input.choiceId ? (decodeRsvpChoice(input.choiceId) ?? decodeSurveyChoice(input.choiceId) ?? decodeSlotChoice(input.choiceId) ?? decodeAbsenceChoice(input.choiceId)) : undefined;
  if (tapped) ids.push(tapped.eventId);
  const control = input.choiceId ? decodeControlChoice(input.choiceId) : undefined;
  // "More times" carries its page and event; "none of these" its event.
  if (control?.action === 'more' && control.arg) ids.push(control.arg.replace(/^\d+-/, ''));
  if (control?.action === 'noslot' && control.arg) ids.push(control.arg);
  if (input.replyToEventId) ids.push(input.replyToEventId);
  return ids;
}

/**
 * Events of the guardian's school that the guardian received (a row exists), with their answer;
 * `rows` are those already read (the recent invitations), the others are read here.
 */
async function loadEvents(ctx: PipelineContext, owner: AddressOwner, ids: string[], rows: ReadonlyMap<string, DeliveryState>): Promise<Record<string, EventInfo>> {
  const out: Record<string, EventInfo> = {};
  await Promise.all(ids.map(async (id) => {
    const [event, row] = await Promise.all([readCache.event(ctx, id), rows.get(id) ?? ctx.stores.events.getRow(id, owner.id)]);
    if (!event || event.schoolId !== owner.schoolId || !row) return;
    const info = eventInfo(event, row.rsvp);
    if (event.slots?.length) Object.assign(info, await meetingTimes(ctx, event.id, event.slots, owner.id));
    if (event.kind === 'absence') info.absenceAnswered = await absenceAnswered(ctx, event, owner.id);
    out[id] = info;
  }));
  return out;
}

/** Whether the family already gave the reason for every child the notice named. */
async function absenceAnswered(ctx: PipelineContext, event: SchoolEvent, guardianId: string): Promise<boolean> {
  if (!event.startsAt) return true;
  const date = noticeDay(event.startsAt, (await readCache.school(ctx, event.schoolId)).timeZone);
  const named = new Set('children' in event.audience ? event.audience.children : []);
  const children = (await ctx.stores.roster.childrenOf(event.schoolId, guardianId)).filter((c) => named.has(c.id));
  const records = await Promise.all(children.map((c) => ctx.stores.absences.get(event.schoolId, date, c.id)));
  return records.every((r) => !r || r.reason !== undefined || r.text !== undefined || r.mediaId !== undefined);
}

/** A meeting's times, each free or not now, and the time this guardian booked. */
async function meetingTimes(ctx: PipelineContext, eventId: string, slots: readonly Slot[], guardianId: string): Promise<Pick<EventInfo, 'times' | 'booked'>> {
  const { bookings, taken } = await ctx.stores.slots.state(eventId);
  const booked = bookings.get(guardianId);
  return {
    times: slots.map((s) => ({ index: s.index, startsAt: s.startsAt, free: (taken.get(s.index) ?? 0) < s.capacity })),
    ...(booked !== undefined ? { booked } : {}),
  };
}

function eventInfo(event: SchoolEvent, answer: RsvpAnswer | undefined): EventInfo {
  return {
    id: event.id,
    kind: event.kind,
    rsvp: event.rsvp,
    createdBy: event.createdBy,
    ...(event.title ? { title: event.title } : {}),
    ...(event.startsAt ? { startsAt: event.startsAt } : {}),
    ...(event.survey ? { survey: event.survey } : {}),
    ...(event.surveyDefinition ? { surveyDefinition: event.surveyDefinition } : {}),
    ...(event.place ? { place: event.place } : {}),
    ...(answer ? { answer } : {}),
  };
}

/** Where the guardian stands in each event's survey, from the stored answers. */
async function loadProgress(ctx: PipelineContext, owner: AddressOwner, events: Record<string, EventInfo>, surveys: Record<string, SurveyDefinition>): Promise<void> {
  await Promise.all(Object.values(events).map(async (event) => {
    const survey = event.surveyDefinition ?? (event.survey ? surveys[event.survey.id] : undefined);
    if (!survey) return;
    const response = await ctx.stores.surveys.response(owner.schoolId, survey.id, event.id, owner.id);
    if (!response) return;
    const next = survey.questions.findIndex((q) => !response.answers[q.id] && !response.skipped?.[q.id]);
    event.progress = { next: next < 0 ? survey.questions.length : next, finished: Boolean(response.completedAt ?? response.stoppedAt) };
  }));
}

async function loadSurveys(ctx: PipelineContext, schoolId: string, events: Record<string, EventInfo>, session: Session | undefined): Promise<Record<string, SurveyDefinition>> {
  const ids = new Set([...Object.values(events).flatMap((e) => (e.survey ? [e.survey.id] : [])), ...(session?.runs ?? []).map((r) => r.surveyId)]);
  const out: Record<string, SurveyDefinition> = {};
  await Promise.all([...ids].map(async (id) => {
    const survey = await findSurvey(ctx, schoolId, id);
    if (survey) out[id] = survey;
  }));
  return out;
}
