/**
 * Carrying out what a conversation step decided, after its session is written: RSVPs, survey
 * answers, notes relayed to teachers, consent, language, a teacher's new event. Every effect
 * is idempotent (ids derive from the message, stores merge by time), so a retried job that
 * carries them out again changes nothing twice. Some produce replies of their own — the
 * teacher's recipient count, the note forwarded to a teacher — returned as follow-ups.
 */
import type { Teacher } from '../../core/types.js';
import { teacherCreator } from '../../core/types.js';
import type { Effect } from '../../domain/conversation/types.js';
import * as said from '../../domain/conversation/said.js';
import { createEventSchema } from '../../domain/event-schema.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { createEvent, EventRequestError } from '../events.js';
import { readCache } from '../read-cache.js';
import { answerForGuardian, noteForTeacher } from './relay.js';
import type { ReplyRecord } from '../replies.js';
import { absenceEffect } from './absence-effects.js';
import { slotEffect } from './slot-effects.js';
import { surveyEffect } from './survey-effects.js';
import { teacherStatus } from './teacher-status.js';
import { localeOf, toOrigin, type TurnOrigin } from './origin.js';
import { chatId, noteId } from '../../core/ids.js';

export async function applyEffects(ctx: PipelineContext, origin: TurnOrigin, effects: Effect[]): Promise<ReplyRecord[]> {
  const followUps: ReplyRecord[] = [];
  for (const effect of effects) followUps.push(...(await applyEffect(ctx, origin, effect)));
  return followUps;
}

async function applyEffect(ctx: PipelineContext, origin: TurnOrigin, effect: Effect): Promise<ReplyRecord[]> {
  const { owner } = origin;
  if (!owner) return [];
  const { roster, events } = ctx.stores;
  switch (effect.type) {
    case 'rsvp':
      // Only forward in time: an RSVP written before the one stored changes nothing.
      await events.recordRsvp(effect.eventId, owner.id, effect.answer, effect.at, effect.from);
      return [];
    case 'answer':
    case 'skip':
    case 'survey_end':
      await surveyEffect(ctx, owner, origin.platform, effect);
      return [];
    case 'opt_out':
    case 'opt_in':
      if (await roster.setConsent(owner.schoolId, owner.id, effect.type === 'opt_out' ? 'out' : 'in', effect.at)) {
        ctx.log.info({ schoolId: owner.schoolId, guardianId: owner.id, consent: effect.type }, 'consent changed');
      }
      return [];
    case 'locale':
      await roster.setLocale(owner, effect.locale);
      return [];
    case 'note':
      return relayNote(ctx, origin, owner, effect);
    case 'teacher_answer':
      return teacherAnswer(ctx, origin, owner, effect);
    case 'create_event':
      return teacherEvent(ctx, origin, owner, effect.request);
    case 'status':
      return teacherStatus(ctx, origin, owner);
    case 'book':
    case 'unbook':
      return slotEffect(ctx, origin, owner, effect);
    case 'absence_reason':
      await absenceEffect(ctx, owner, effect);
      return [];
  }
}

async function relayNote(ctx: PipelineContext, origin: TurnOrigin, owner: AddressOwner, effect: Extract<Effect, { type: 'note' }>): Promise<ReplyRecord[]> {
  const event = effect.eventId ? await readCache.event(ctx, effect.eventId) : undefined;
  const teacherId = /^teacher:(.+)$/.exec(event?.createdBy ?? '')?.[1];
  const note = await ctx.stores.notes.create(owner.schoolId, {
    // From chat and message: a platform's message ids may repeat across chats (some restart
    // their counters after a quiet week), a note's id must not.
    id: noteId(chatId(origin.platform, origin.address, owner.schoolId), origin.cause),
    guardianId: owner.id,
    text: effect.text,
    at: effect.at,
    channel: origin.platform,
    ...(effect.eventId ? { eventId: effect.eventId, ...(effect.guessed ? { guessed: true as const } : {}) } : {}),
    ...(teacherId ? { teacherId } : {}),
    ...(effect.media ? { media: effect.media } : {}),
  });
  ctx.metrics.inbound.inc({ platform: origin.platform, type: 'note' });
  const teacher = teacherId ? (await ctx.stores.roster.getTeachers(owner.schoolId, [teacherId])).get(teacherId) : undefined;
  const forward = teacher && (await noteForTeacher(ctx, owner.schoolId, note, teacher));
  return forward ? [forward] : [];
}

async function teacherAnswer(ctx: PipelineContext, origin: TurnOrigin, owner: AddressOwner, effect: Extract<Effect, { type: 'teacher_answer' }>): Promise<ReplyRecord[]> {
  const teacher = await teacherOf(ctx, owner);
  if (!teacher) return [];
  const locale = await localeOf(ctx, owner.schoolId, teacher);
  const note = await ctx.stores.notes.byRef(owner.schoolId, effect.ref);
  if (!note || note.teacherId !== teacher.id) return [toOrigin(origin, said.teacherAnswerOutcome(locale, { unknownRef: effect.ref }))];
  const outcome = await answerForGuardian(ctx, owner.schoolId, note, { by: 'teacher', byId: teacher.id, byName: teacher.name, ...(teacher.gender ? { byGender: teacher.gender } : {}), text: effect.text, at: effect.at, ...(effect.media ? { media: effect.media } : {}) });
  await ctx.stores.notes.addReply(owner.schoolId, note.id, outcome.reply, origin.cause);
  const ack = toOrigin(origin, said.teacherAnswerOutcome(locale, outcome.toGuardian ? 'sent' : outcome.reply.undelivered === 'opted_out' ? 'opted_out' : 'not_reached'));
  return outcome.toGuardian ? [outcome.toGuardian, ack] : [ack];
}

/** The teacher's confirmed draft, through the same validation and service as POST /v1/events. */
async function teacherEvent(ctx: PipelineContext, origin: TurnOrigin, owner: AddressOwner, request: unknown): Promise<ReplyRecord[]> {
  const teacher = await teacherOf(ctx, owner);
  if (!teacher) return [];
  const locale = await localeOf(ctx, owner.schoolId, teacher);
  const parsed = createEventSchema.safeParse(request);
  const fail = (failed: string) => [toOrigin(origin, said.teacherInvitation(locale, { failed }))];
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? 'invalid');
  const audience = parsed.data.audience;
  const classIds = 'classes' in audience ? audience.classes : [];
  if (!classIds.length || classIds.some((c) => !teacher.classIds.includes(c))) return fail('no_class');
  try {
    const created = await createEvent(ctx, owner.schoolId, parsed.data, { idempotencyKey: `teacher-${origin.cause}`, createdBy: teacherCreator(teacher.id) });
    await ctx.stores.audit.record(owner.schoolId, {
      at: ctx.now().toISOString(), actor: { kind: 'teacher_bot', id: teacher.id, role: 'teacher' }, action: 'event_sent',
      target: { type: 'event', id: created.eventId }, details: { kind: parsed.data.kind, recipients: created.recipients },
    });
    const classes = await ctx.stores.roster.listClasses(owner.schoolId);
    const name = classIds.map((id) => classes.find((c) => c.id === id)?.name ?? id).join(', ');
    return [toOrigin(origin, said.teacherInvitation(locale, { sent: created.recipients, className: name }))];
  } catch (err) {
    if (err instanceof EventRequestError && err.code === 'empty_audience') return fail('empty_class');
    if (err instanceof EventRequestError) return fail(err.message);
    throw err;
  }
}

async function teacherOf(ctx: PipelineContext, owner: AddressOwner): Promise<Teacher | undefined> {
  if (owner.kind !== 'teacher') return undefined;
  return (await ctx.stores.roster.getTeachers(owner.schoolId, [owner.id])).get(owner.id);
}
