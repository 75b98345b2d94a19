/** "status" from a teacher: how the parents answered the teacher's latest invitations. */
import { eventTitle } from '../../domain/conversation/messages.js';
import * as said from '../../domain/conversation/said.js';
import { formatDate } from '../../i18n/index.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { localeOf, toOrigin, type TurnOrigin } from './origin.js';
import { readCache } from '../read-cache.js';
import type { ReplyRecord } from '../replies.js';

/** The newest invitations a status lists. */
const STATUS_EVENTS = 3;

export async function teacherStatus(ctx: PipelineContext, origin: TurnOrigin, owner: AddressOwner): Promise<ReplyRecord | undefined> {
  if (owner.kind !== 'teacher') return undefined;
  const teacher = (await ctx.stores.roster.getTeachers(owner.schoolId, [owner.id])).get(owner.id);
  if (!teacher) return undefined;
  const locale = await localeOf(ctx, owner.schoolId, teacher);
  const events = await ctx.stores.events.teacherEvents(owner.schoolId, teacher.id, STATUS_EVENTS);
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
  return toOrigin(origin, said.teacherStatus(locale, facts));
}
