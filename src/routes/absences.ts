/**
 * Absences: `POST /v1/absences` marks children absent for a day (a teacher: children of their
 * classes), `POST /v1/absences/import` takes the day's absences as CSV (MASSAR-like columns:
 * child id, date, session; row errors as the roster import gives them, nothing marked), and
 * `GET /v1/absences` lists them with the families' reasons and the children absent several
 * school days in a row.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseAbsenceCsv } from '../domain/absences.js';
import { listAbsences, markAbsent, schoolToday, type MarkOutcome } from '../services/absences.js';
import { audit } from './audit-log.js';
import type { PipelineContext } from '../services/context.js';
import { schoolOf } from './auth.js';
import { ApiError, notFound } from './errors.js';
import { sendMedia } from './inbox.js';
import { creatorOf } from './events.js';
import { teacherClasses } from './teacher-scope.js';

const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });
const query = z.object({ school: z.string().optional() });

export function absenceRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

    /** Children the caller may mark: all of the school's for staff, those of their classes for a teacher. */
    const assertMayMark = async (request: Parameters<typeof teacherClasses>[1], schoolId: string, ids: string[]) => {
      const children = await ctx.stores.roster.getChildren(schoolId, ids);
      const unknown = ids.filter((id) => !children.has(id));
      if (unknown.length) throw new ApiError(400, 'unknown_children', `unknown children: ${unknown.slice(0, 20).join(', ')}`, { field: 'children', ids: unknown });
      const classes = await teacherClasses(ctx, request);
      const others = classes ? ids.filter((id) => !classes.has(children.get(id)?.classId ?? '')) : [];
      if (others.length) throw new ApiError(403, 'forbidden', 'these children are not in your classes', { ids: others }, { reason: 'not_your_class' });
    };

    /** One entry per day marked (ids and counts only: no child's name). */
    const auditMarked = async (request: FastifyRequest, days: MarkOutcome[]) => {
      for (const d of days) {
        if (!d.marked.length) continue;
        await audit(ctx, request, 'absences_marked', d.eventId ? { type: 'event', id: d.eventId } : undefined, { date: d.date, children: d.marked.length, recipients: d.recipients ?? 0 });
      }
    };

    app.post('/v1/absences', {
      config: { access: 'teacher' },
      schema: {
        tags: ['absences'],
        summary: 'Mark children absent for a day (today by default): their families are asked why, once per child and day',
        querystring: query,
        body: z.object({ date: day.optional(), children: z.array(z.string().min(1).max(64)).min(1).max(2000), session: z.string().trim().min(1).max(40).optional() }).strict(),
      },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const { children, session } = request.body;
      await assertMayMark(request, schoolId, children);
      const date = request.body.date ?? (await schoolToday(ctx, schoolId));
      const [outcome] = await markAbsent(ctx, schoolId, children.map((childId) => ({ childId, date, ...(session ? { session } : {}) })), creatorOf(request.caller));
      if (outcome) await auditMarked(request, [outcome]);
      return outcome;
    });

    app.post('/v1/absences/import', {
      config: { access: 'staff' },
      schema: {
        tags: ['absences'],
        summary: "The day's absences as CSV (columns child_id or code_massar, date, session): every row right, or nothing is marked",
        consumes: ['text/csv'],
        querystring: query,
        body: z.string().min(1).max(2_000_000).describe('text/csv'),
      },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const { rows, errors } = parseAbsenceCsv(request.body);
      const known = await ctx.stores.roster.getChildren(schoolId, [...new Set(rows.map((r) => r.childId))]);
      rows.forEach((r) => {
        if (!known.has(r.childId)) errors.push({ row: r.line ?? 0, code: 'missing_child', column: 'child_id', value: r.childId, message: `no child ${r.childId} in the roster` });
      });
      if (errors.length) throw new ApiError(422, 'absences_invalid', `${errors.length} row(s) need fixing; nothing was marked`, { errors: errors.sort((a, b) => a.row - b.row) }, { errors: errors.length });
      const days = await markAbsent(ctx, schoolId, rows, creatorOf(request.caller));
      await auditMarked(request, days);
      return { days };
    });

    app.get('/v1/absences/:date/:childId/document', {
      config: { access: 'teacher' },
      schema: {
        tags: ['absences'],
        summary: 'The photo or PDF (a certificate) the family sent for an absence',
        params: z.object({ date: day, childId: z.string().min(1).max(64) }),
        querystring: query,
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const { date, childId } = request.params;
      const record = await ctx.stores.absences.get(schoolId, date, childId);
      const classes = await teacherClasses(ctx, request);
      const child = record && classes ? (await ctx.stores.roster.getChildren(schoolId, [childId])).get(childId) : undefined;
      if (!record || (classes && !classes.has(child?.classId ?? ''))) throw notFound('file', undefined, 'no such absence');
      const stored = record.mediaId ? await ctx.stores.media.get(schoolId, record.mediaId) : undefined;
      if (!stored) throw notFound('file', undefined, 'this absence carries no document');
      return sendMedia(reply, stored.ref, stored.bytes);
    });

    app.get('/v1/absences', {
      config: { access: 'teacher' },
      schema: {
        tags: ['absences'],
        summary: 'Absences with the reasons families gave, and the children absent 3 school days in a row',
        querystring: query.extend({ date: day.optional() }),
      },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const classIds = await teacherClasses(ctx, request);
      return listAbsences(ctx, schoolId, { ...(request.query.date ? { date: request.query.date } : {}), ...(classIds ? { classIds } : {}) });
    });
  };
}
