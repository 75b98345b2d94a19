/**
 * Booking a meeting time, giving one back, and what follows: the family is told the outcome
 * (booked, already theirs, just taken with what is left, or their place on the waiting list), a
 * time given back is offered to the first family waiting, and the teacher hears of each change.
 * Idempotent: booking a time one already has changes nothing and says so.
 */
import type { Guardian, SchoolEvent } from '../../core/types.js';
import type { Effect } from '../../domain/conversation/types.js';
import { bookingReply, slotWhen, type BookingOutcome } from '../../domain/conversation/slots.js';
import { eventTitle, message } from '../../domain/conversation/messages.js';
import { formatList } from '../../i18n/index.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { readCache } from '../read-cache.js';
import type { ReplyRecord } from '../replies.js';
import { toOrigin, type TurnOrigin } from './origin.js';
import { reachable } from './relay.js';
import { meetingChildren } from '../meeting-children.js';

type SlotEffect = Extract<Effect, { type: 'book' | 'unbook' }>;

export async function slotEffect(ctx: PipelineContext, origin: TurnOrigin, owner: AddressOwner, effect: SlotEffect): Promise<ReplyRecord[]> {
  const [event, school, guardian] = await Promise.all([readCache.event(ctx, effect.eventId), readCache.school(ctx, owner.schoolId), ctx.stores.roster.getGuardian(owner.schoolId, owner.id)]);
  if (!event?.slots?.length || event.schoolId !== owner.schoolId || !guardian) return [];
  const times = await freeTimes(ctx, event);
  const tell = (outcome: BookingOutcome) => toOrigin(origin, bookingReply(guardian.locale, school.timeZone, { id: event.id, times }, outcome));
  if (effect.type === 'unbook') {
    const freed = await ctx.stores.slots.cancel(event.id, guardian.id);
    if (effect.declined) {
      // None of the times suits them: the answer is no, they wait for nothing, and the teacher knows.
      await Promise.all([ctx.stores.events.recordRsvp(event.id, guardian.id, 'no', effect.at), ctx.stores.slots.withdraw(event.id, guardian.id)]);
      return [...(await teacherHears(ctx, event, guardian, freed, 'declined')), ...(freed === undefined ? [] : await afterFreed(ctx, event, freed, guardian, false))];
    }
    if (freed === undefined) return [tell({ kind: 'none' })];
    // A time given back means they will not come: counted as a no, so no reminder goes to them.
    await ctx.stores.events.recordRsvp(event.id, guardian.id, 'no', effect.at, effect.from);
    return [tell({ kind: 'cancelled', index: freed }), ...(await afterFreed(ctx, event, freed, guardian))];
  }
  const slot = event.slots.find((s) => s.index === effect.index);
  if (!slot) return [];
  const got = await ctx.stores.slots.book(event.id, guardian.id, slot.index, slot.capacity);
  if (got.outcome === 'same') return [tell({ kind: 'same', index: slot.index })];
  if (got.outcome === 'taken') {
    const left = await freeTimes(ctx, event);
    if (left.some((s) => s.free)) return [toOrigin(origin, bookingReply(guardian.locale, school.timeZone, { id: event.id, times: left }, { kind: 'taken', index: slot.index }))];
    return [tell({ kind: 'full', place: await ctx.stores.slots.wait(event.id, guardian.id) })];
  }
  // Booked: the answer is yes (counted with the event's answers), by the message's own time and words.
  await ctx.stores.events.recordRsvp(event.id, guardian.id, 'yes', effect.at, effect.from);
  const teacher = slot.teacherId ? (await ctx.stores.roster.getTeachers(event.schoolId, [slot.teacherId])).get(slot.teacherId) : undefined;
  const where = [teacher?.name, slot.room].filter(Boolean).join(guardian.locale === 'ar' ? '، ' : ', ');
  const out = [tell({ kind: 'booked', index: slot.index, ...(where ? { where } : {}) }), ...(await teacherHears(ctx, event, guardian, slot.index, 'booked'))];
  if (got.previous !== undefined) out.push(...(await afterFreed(ctx, event, got.previous, guardian)));
  return out;
}

/** The event's times, each free or not now. */
async function freeTimes(ctx: PipelineContext, event: SchoolEvent): Promise<Array<{ index: number; startsAt: string; free: boolean }>> {
  const { taken } = await ctx.stores.slots.state(event.id);
  return (event.slots ?? []).map((s) => ({ index: s.index, startsAt: s.startsAt, free: (taken.get(s.index) ?? 0) < s.capacity }));
}

/** A time given back: the teacher hears of it (unless told otherwise already), and the first family waiting is offered it. */
async function afterFreed(ctx: PipelineContext, event: SchoolEvent, index: number, by: Guardian, tellTeacher = true): Promise<ReplyRecord[]> {
  const out = tellTeacher ? await teacherHears(ctx, event, by, index, 'freed') : [];
  const waitingId = await ctx.stores.slots.nextWaiting(event.id, index);
  const waiting = waitingId ? await ctx.stores.roster.getGuardian(event.schoolId, waitingId) : undefined;
  if (!waiting || waiting.optedOutAt) return out;
  const to = await reachable(ctx, event.schoolId, waiting);
  if (!to) return out;
  const school = await readCache.school(ctx, event.schoolId);
  const times = await freeTimes(ctx, event);
  const { address: _address, ...channel } = to;
  const offer = bookingReply(waiting.locale, school.timeZone, { id: event.id, times }, { kind: 'offer', index });
  return [...out, { ...channel, schoolId: event.schoolId, to: { schoolId: event.schoolId, guardianId: waiting.id }, message: offer }];
}

const TEACHER_HEARS = { booked: 'conv.slot.teacherBooked', freed: 'conv.slot.teacherFreed', declined: 'conv.slot.teacherDeclined' } as const;

/**
 * The teacher the family meets hears of a booking, a time given back, or a family no time suits.
 * Only the children the meeting is about are named (not a brother in another class).
 */
async function teacherHears(ctx: PipelineContext, event: SchoolEvent, guardian: Guardian, index: number | undefined, what: keyof typeof TEACHER_HEARS): Promise<ReplyRecord[]> {
  const slot = index === undefined ? undefined : event.slots?.find((s) => s.index === index);
  if (!slot && what !== 'declined') return [];
  const children = (await meetingChildren(ctx, event, [guardian.id])).get(guardian.id) ?? [];
  const teachers = await teachersMet(ctx, event, slot, children.map((c) => c.classId));
  if (!teachers.length) return [];
  const school = await readCache.school(ctx, event.schoolId);
  const out = await Promise.all(teachers.map(async (teacher): Promise<ReplyRecord | undefined> => {
    const to = await reachable(ctx, event.schoolId, teacher);
    if (!to) return undefined;
    const locale = teacher.locale ?? school.defaultLocale;
    const text = message(locale, TEACHER_HEARS[what], {
      title: eventTitle(event, locale), time: slot ? slotWhen(locale, school.timeZone, slot.startsAt) : '', family: guardian.name, children: formatList(children.map((c) => c.name), locale),
    });
    return { ...to, schoolId: event.schoolId, message: text };
  }));
  return out.filter((r): r is ReplyRecord => r !== undefined);
}

/**
 * Who the family meets: the slot's teacher, else the one who sent the invitation. With no slot (a
 * family that booked nothing says none suits), the meeting's teacher of the children's class when
 * times are planned per teacher (the only one when there is one), else the one who sent it.
 */
async function teachersMet(ctx: PipelineContext, event: SchoolEvent, slot: { teacherId?: string } | undefined, classIds: readonly string[]) {
  const sender = /^teacher:(.+)$/.exec(event.createdBy)?.[1];
  let ids = slot ? [slot.teacherId ?? sender] : [...new Set((event.slots ?? []).map((s) => s.teacherId))];
  if (!slot && ids.includes(undefined)) ids = [sender];
  const wanted = ids.filter((id): id is string => Boolean(id));
  const teachers = [...(await ctx.stores.roster.getTeachers(event.schoolId, wanted)).values()];
  if (teachers.length <= 1) return teachers;
  const theirs = teachers.filter((t) => t.classIds.some((c) => classIds.includes(c)));
  if (theirs.length) return theirs;
  return teachers.filter((t) => t.id === sender);
}
