/** Events: create (fan-out), list, progress counts, per-guardian deliveries. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DELIVERY_STATUSES, teacherCreator, type SchoolEvent, type Teacher } from '../core/types.js';
import { createEventSchema } from '../domain/event-schema.js';
import type { Principal } from '../core/people.js';
import type { PipelineContext } from '../services/context.js';
import { createEvent, EventRequestError } from '../services/events.js';
import { audit } from './audit-log.js';
import { assertSchool, schoolOf } from './auth.js';
import { ApiError } from './errors.js';
import { nextPage, pageQuery } from './paging.js';
import { assertTeacherAudience, assertTeacherSees, teacherClasses, teacherSees } from './teacher-scope.js';

/** How a teacher's events are marked in `createdBy`: `teacher:<id>`. */
const TEACHER_PREFIX = teacherCreator('');
const eventIdParams = z.object({ id: z.string().regex(/^ev[a-z0-9]{8,40}$/, 'not an event id') });

export function eventRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/v1/events', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: 'Send an invitation or notice to a class, a grade, the school, or named guardians/children',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
        body: createEventSchema,
        response: {
          202: z.object({
            eventId: z.string(),
            recipients: z.number().int(),
            followUp: z.object({ eventId: z.string(), sendAt: z.string() }).optional().describe('The survey sent after the event (survey.send = after_event)'),
          }),
        },
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request, request.body.schoolId);
      const { schoolId: _named, ...body } = request.body;
      assertTeacherAudience(body.audience, await teacherClasses(ctx, request));
      try {
        const created = await createEvent(ctx, schoolId, body, {
          createdBy: creatorOf(request.caller),
          ...(request.headers['idempotency-key'] ? { idempotencyKey: request.headers['idempotency-key'] } : {}),
        });
        await audit(ctx, request, 'event_sent', { type: 'event', id: created.eventId }, { kind: body.kind, recipients: created.recipients });
        return reply.status(202).send(created);
      } catch (err) {
        if (err instanceof EventRequestError) {
          const status = err.code === 'idempotency_key_reused' ? 409 : err.code === 'starts_in_past' ? 422 : 400;
          throw new ApiError(status, err.code, err.message, err.details);
        }
        throw err;
      }
    });

    app.get('/v1/events', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: 'Events of the school, newest first',
        querystring: pageQuery,
      },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const { limit } = request.query;
      // A reminder is shown on the page of the event it reminds of, not as an event of its own:
      // pages are read on past reminders until the page is full (at most a few more reads).
      const events: SchoolEvent[] = [];
      let read = await ctx.stores.events.list(schoolId, limit, request.query.before);
      events.push(...read);
      for (let more = 0; more < 5 && read.length === limit && events.filter((e) => !e.reminds).length < limit; more++) {
        const last = read.at(-1)!;
        read = await ctx.stores.events.list(schoolId, limit, { ms: Date.parse(last.createdAt), id: last.id });
        events.push(...read);
      }
      const listed = events.filter((e) => !e.reminds).slice(0, limit);
      // The next page starts after the last event listed (or the last read, when only reminders were).
      const cursorAt = listed.length === limit ? events.indexOf(listed.at(-1)!) + 1 : events.length;
      const classes = await teacherClasses(ctx, request);
      const visible = classes ? listed.filter((e) => teacherSees(e, request.caller?.teacherId, classes)) : listed;
      const senders = await sendersOf(ctx, schoolId, visible);
      const answers = await Promise.all(visible.map((e) => (e.rsvp ? ctx.stores.events.counts(e.id, true).then((c) => c.rsvp) : null)));
      // A meeting of appointments: how many times, and how many families booked one.
      const booked = await Promise.all(visible.map((e) => (e.slots?.length ? ctx.stores.slots.bookedCount(e.id) : undefined)));
      // What tells one row from another in a list: to whom, who sent it, and how parents answered.
      const items = visible.map((e, i) => ({
        ...summary(e), audience: e.audience, sender: senders.get(e.createdBy) ?? OFFICE, rsvp: answers[i] ?? null,
        ...(e.slots?.length ? { slots: e.slots.length, booked: booked[i] ?? 0 } : {}),
      }));
      // The cursor follows the page read, so a teacher's next page goes on past what was hidden.
      const consumed = events.slice(0, cursorAt);
      return { items, ...(listed.length === limit || read.length === limit ? nextPage(consumed.slice(-1), 1, (e) => e.createdAt) : {}) };
    });

    app.get('/v1/events/:id', {
      config: { access: 'teacher' },
      schema: { tags: ['events'], summary: 'An event with its delivery and RSVP counts', params: eventIdParams },
    }, async (request) => {
      const event = await loadEvent(ctx, request.params.id);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      const c = await ctx.stores.events.counts(event.id, event.rsvp);
      // Its reminders, with what became of each (sent to those who said yes, the others skipped with why).
      const reminders = await Promise.all((event.reminders ?? []).map(async (r) => ({ ...r, counts: (await ctx.stores.events.counts(r.eventId, false)).counts })));
      return {
        ...summary(event), audience: event.audience, counts: c.counts, rsvp: event.rsvp ? c.rsvp : null, fanout: { done: c.fannedOut, total: event.recipients },
        // A meeting of appointments: how many times, and the span they cover (first start, last end, minutes each).
        ...(event.slots?.length ? { slots: event.slots.length, booked: await ctx.stores.slots.bookedCount(event.id), slotsSpan: { from: event.slots[0]!.startsAt, to: event.slots.at(-1)!.endsAt, minutes: Math.round((Date.parse(event.slots[0]!.endsAt) - Date.parse(event.slots[0]!.startsAt)) / 60_000) } } : {}), reminders,
      };
    });

    app.get('/v1/events/:id/deliveries', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: 'One row per guardian: channel, status, reason, RSVP, timestamps',
        params: eventIdParams,
        querystring: z.object({
          school: z.string().optional(),
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          status: z.enum(DELIVERY_STATUSES).optional(),
        }),
      },
    }, async (request) => {
      const event = await loadEvent(ctx, request.params.id);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      const { offset, limit, status } = request.query;
      const page = await ctx.stores.events.deliveries(event.id, { offset, limit, ...(status ? { status } : {}) });
      return { total: page.total, offset, limit, items: page.items };
    });
  };
}

/** Who an event says sent it: a teacher as the bot says it (their notes are relayed to them), else the caller's label. */
export function creatorOf(caller: Principal | undefined): string {
  if (caller?.role === 'teacher' && caller.teacherId) return teacherCreator(caller.teacherId);
  return caller?.label ?? 'api';
}

/** Who sent an event, as staff say it: a teacher (by name when the roster has them) or the school's office. */
interface Sender {
  kind: 'teacher' | 'office';
  name: string | null;
}
const OFFICE: Sender = { kind: 'office', name: null };
const PERSON_LABEL = /^person-(.+)$/;

/**
 * The senders of a page of events, each `createdBy` read once: `teacher:<id>` is a teacher of
 * the roster; `person-<id>` a person of the school (a teacher's account says teacher); an API
 * key or a person since removed is the office without a name.
 */
async function sendersOf(ctx: PipelineContext, schoolId: string, events: readonly SchoolEvent[]): Promise<Map<string, Sender>> {
  const creators = [...new Set(events.map((e) => e.createdBy))];
  const teacherIds = creators.filter((c) => c.startsWith(TEACHER_PREFIX)).map((c) => c.slice(TEACHER_PREFIX.length));
  const teachers = teacherIds.length ? await ctx.stores.roster.getTeachers(schoolId, teacherIds) : new Map<string, Teacher>();
  const senders = new Map<string, Sender>();
  for (const id of teacherIds) senders.set(teacherCreator(id), { kind: 'teacher', name: teachers.get(id)?.name ?? null });
  await Promise.all(creators.map(async (c) => {
    const personId = PERSON_LABEL.exec(c)?.[1];
    const person = personId ? await ctx.stores.people.get(schoolId, personId) : undefined;
    if (person) senders.set(c, { kind: person.role === 'teacher' ? 'teacher' : 'office', name: person.name });
  }));
  return senders;
}

async function loadEvent(ctx: PipelineContext, id: string): Promise<SchoolEvent> {
  const event = await ctx.stores.events.get(id);
  if (!event) throw new ApiError(404, 'not_found', `no event ${id}`);
  return event;
}

function summary(e: SchoolEvent) {
  return {
    id: e.id,
    kind: e.kind,
    title: e.title ?? null,
    startsAt: e.startsAt ?? null,
    place: e.place ?? null,
    rsvpRequested: e.rsvp,
    sendAt: e.sendAt ?? null,
    respectQuietHours: e.respectQuietHours,
    recipients: e.recipients,
    createdAt: e.createdAt,
    createdBy: e.createdBy,
    survey: e.survey ?? null,
    followUpOf: e.followUpOf ?? null,
  };
}
