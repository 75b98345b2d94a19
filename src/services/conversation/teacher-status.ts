/** "status" from a teacher: how the parents answered the teacher's latest invitations. */
import type { Locale, OutboundMessage, SchoolEvent } from '../../core/types.js';
import { eventTitle, joined } from '../../domain/conversation/messages.js';
import * as said from '../../domain/conversation/said.js';
import { formatDate, formatList, formatTime, t } from '../../i18n/index.js';
import type { AddressOwner } from '../../store/roster-store.js';
import { meetingChildren } from '../meeting-children.js';
import type { PipelineContext } from '../context.js';
import { localeOf, toOrigin, type TurnOrigin } from './origin.js';
import { readCache } from '../read-cache.js';
import type { ReplyRecord } from '../replies.js';

/** The newest invitations a status lists. */
const STATUS_EVENTS = 3;

export async function teacherStatus(ctx: PipelineContext, origin: TurnOrigin, owner: AddressOwner): Promise<ReplyRecord[]> {
  if (owner.kind !== 'teacher') return [];
  const teacher = (await ctx.stores.roster.getTeachers(owner.schoolId, [owner.id])).get(owner.id);
  if (!teacher) return [];
  const locale = await localeOf(ctx, owner.schoolId, teacher);
  // Reminders are the events' own business: the status lists what the teacher sent.
  const events = (await ctx.stores.events.teacherEvents(owner.schoolId, teacher.id, STATUS_EVENTS * 3)).filter((e) => !e.reminds).slice(0, STATUS_EVENTS);
  const school = await readCache.school(ctx, owner.schoolId);
  const classes = await ctx.stores.roster.listClasses(owner.schoolId);
  const facts = await Promise.all(events.map(async (event) => {
    const { counts, rsvp } = await ctx.stores.events.counts(event.id, event.rsvp);
    const classIds = 'classes' in event.audience ? event.audience.classes : [];
    return {
      title: eventTitle(event, locale),
      className: classIds.map((id) => classes.find((c) => c.id === id)?.name ?? id).join(', '),
      date: event.startsAt ? formatDate(new Date(event.startsAt), locale, school.timeZone) : '',
      reached: counts.sent + counts.delivered,
      total: event.recipients,
      ...(event.rsvp ? { rsvp } : {}),
    };
  }));
  const schedules = await Promise.all(events.filter((e) => e.slots?.length && Date.parse(e.slots.at(-1)!.startsAt) > ctx.now().getTime())
    .map((e) => teacherSchedule(ctx, e, locale, school.timeZone)));
  return [toOrigin(origin, said.teacherStatus(locale, facts)), ...schedules.map((m) => toOrigin(origin, m))];
}

/** A meeting's appointments as the teacher reads them in the chat: each time, the family and children, or free. */
async function teacherSchedule(ctx: PipelineContext, event: SchoolEvent, locale: Locale, timeZone: string): Promise<OutboundMessage> {
  const { bookings, waiting } = await ctx.stores.slots.state(event.id);
  const byIndex = new Map<number, string[]>();
  for (const [g, i] of bookings) byIndex.set(i, [...(byIndex.get(i) ?? []), g]);
  const [guardians, children] = await Promise.all([ctx.stores.roster.getGuardians(event.schoolId, [...bookings.keys()]), meetingChildren(ctx, event, [...bookings.keys()])]);
  const lines = (event.slots ?? []).map((slot) => {
    const families = (byIndex.get(slot.index) ?? []).map((id) => {
      const names = (children.get(id) ?? []).map((c) => c.name);
      return `${guardians.get(id)?.name ?? '—'}${names.length ? ` (${formatList(names, locale)})` : ''}`;
    });
    return `${formatTime(new Date(slot.startsAt), locale, timeZone)} ${families.length ? families.join(locale === 'ar' ? '، ' : ', ') : t(locale, 'conv.slot.free')}`;
  });
  const head = t(locale, 'conv.slot.teacherSchedule', { title: eventTitle(event, locale), day: formatDate(new Date(event.slots?.[0]?.startsAt ?? event.createdAt), locale, timeZone) });
  const tail = waiting.length ? [t(locale, 'conv.slot.waitingLine', { n: String(waiting.length) })] : [];
  return joined(locale, [head, lines.join('\n'), ...tail]);
}
