/**
 * A meeting's appointment times and who booked each (`GET /v1/events/:id/slots`): the day's
 * schedule per teacher, with the families waiting for a time to free up (and the time offered
 * to them, until they take it), and the families none of the times suits. Names come from the
 * roster now (an erased family's booking shows without a name).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PipelineContext } from '../services/context.js';
import { assertSchool } from './auth.js';
import { ApiError } from './errors.js';
import { meetingChildren } from '../services/meeting-children.js';
import { assertTeacherSees } from './teacher-scope.js';

const params = z.object({ id: z.string().regex(/^ev[a-z0-9]{8,40}$/, 'not an event id') });

export function slotRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/events/:id/slots', {
      config: { access: 'teacher' },
      schema: { tags: ['events'], summary: "A meeting's appointment times, who booked each, and who waits for one", params },
    }, async (request) => {
      const event = await ctx.stores.events.get(request.params.id);
      if (!event) throw new ApiError(404, 'not_found', `no event ${request.params.id}`);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      if (!event.slots?.length) throw new ApiError(404, 'not_found', 'this event has no appointment times');
      const { bookings, waiting, offered } = await ctx.stores.slots.state(event.id);
      const byIndex = new Map<number, string[]>();
      for (const [guardianId, index] of bookings) byIndex.set(index, [...(byIndex.get(index) ?? []), guardianId]);
      // Families who said none of the times suits them (or gave theirs back): a "no", with no time held.
      const declinedIds = await declinedFamilies(ctx, event.id, bookings);
      const ids = [...new Set([...bookings.keys(), ...waiting, ...declinedIds])];
      const [guardians, classes] = await Promise.all([ctx.stores.roster.getGuardians(event.schoolId, ids), ctx.stores.roster.listClasses(event.schoolId)]);
      const children = await meetingChildren(ctx, event, ids);
      const family = (id: string) => ({
        guardianId: id,
        name: guardians.get(id)?.name ?? null,
        children: (children.get(id) ?? []).map((c) => ({ name: c.name, className: classes.find((k) => k.id === c.classId)?.name ?? c.classId })),
      });
      const teachers = await ctx.stores.roster.getTeachers(event.schoolId, [...new Set(event.slots.flatMap((s) => (s.teacherId ? [s.teacherId] : [])))]);
      return {
        eventId: event.id,
        slots: event.slots.map((s) => {
          const booked = (byIndex.get(s.index) ?? []).sort();
          return {
            index: s.index, startsAt: s.startsAt, endsAt: s.endsAt, capacity: s.capacity,
            teacherId: s.teacherId ?? null, teacherName: s.teacherId ? (teachers.get(s.teacherId)?.name ?? null) : null,
            teacherGender: s.teacherId ? (teachers.get(s.teacherId)?.gender ?? null) : null, room: s.room ?? null,
            guardianId: booked[0] ?? null,
            families: booked.map(family),
          };
        }),
        // Each family waiting, with the time offered to them when one freed up and they have not taken it yet.
        waiting: waiting.map((id) => {
          const index = offered.get(id);
          const slot = index === undefined ? undefined : event.slots?.find((s) => s.index === index);
          return { ...family(id), offered: slot ? { index: slot.index, startsAt: slot.startsAt } : null };
        }),
        // Each family no time suits (their answer is no and they hold none), by name: the teacher may call them.
        declined: declinedIds.map(family).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
      };
    });
  };
}

/** The guardians of the event whose answer is no and who hold no time. */
async function declinedFamilies(ctx: PipelineContext, eventId: string, bookings: Map<string, number>): Promise<string[]> {
  const total = await ctx.stores.events.recipientCount(eventId);
  const recipients = await ctx.stores.events.recipients(eventId, 0, total);
  const rows = await ctx.stores.events.getRows(eventId, recipients.map((r) => r.guardianId));
  return recipients.map((r) => r.guardianId).filter((id) => rows.get(id)?.rsvp === 'no' && !bookings.has(id));
}
