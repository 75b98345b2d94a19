/** Events: create (fan-out), list, progress counts, per-guardian deliveries. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DELIVERY_STATUSES, teacherCreator, type SchoolEvent } from '../core/types.js';
import { createEventSchema } from '../domain/event-schema.js';
import type { Principal } from '../core/people.js';
import type { PipelineContext } from '../services/context.js';
import { createEvent, EventRequestError } from '../services/events.js';
import { audit } from './audit-log.js';
import { assertSchool, schoolOf } from './auth.js';
import { ApiError } from './errors.js';
import { nextPage, pageQuery } from './paging.js';
import { assertTeacherAudience, assertTeacherSees, teacherClasses, teacherSees } from './teacher-scope.js';

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
      const events = await ctx.stores.events.list(schoolId, request.query.limit, request.query.before);
      const classes = await teacherClasses(ctx, request);
      const visible = classes ? events.filter((e) => teacherSees(e, request.caller?.teacherId, classes)) : events;
      // The cursor follows the page read, so a teacher's next page goes on past what was hidden.
      return { items: visible.map(summary), ...nextPage(events, request.query.limit, (e) => e.createdAt) };
    });

    app.get('/v1/events/:id', {
      config: { access: 'teacher' },
      schema: { tags: ['events'], summary: 'An event with its delivery and RSVP counts', params: eventIdParams },
    }, async (request) => {
      const event = await loadEvent(ctx, request.params.id);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      const c = await ctx.stores.events.counts(event.id, event.rsvp);
      return { ...summary(event), audience: event.audience, counts: c.counts, rsvp: event.rsvp ? c.rsvp : null, fanout: { done: c.fannedOut, total: event.recipients } };
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
function creatorOf(caller: Principal | undefined): string {
  if (caller?.role === 'teacher' && caller.teacherId) return teacherCreator(caller.teacherId);
  return caller?.label ?? 'api';
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
