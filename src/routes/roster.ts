/**
 * The roster: import (JSON or a spreadsheet's CSV export), read, and erase a guardian.
 * An import is all-or-nothing by default: with any error nothing is written and every error is
 * listed (row number or id, field, reason). `?partial=true` writes the good rows and lists the
 * rest, for a school that wants the 590 good rows in now and the 10 fixed later.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Roster } from '../core/types.js';
import { RosterImportBody, type ImportError } from '../domain/roster/import.js';
import type { PipelineContext } from '../services/context.js';
import { eraseGuardian } from '../services/erasure.js';
import { guardianJoinLinks } from '../services/join-links.js';
import { countsOf, importRoster } from '../services/roster.js';
import { schoolOf } from './auth.js';
import { audit } from './audit-log.js';
import { ApiError, notFound } from './errors.js';
import { assertTeacherClass, teacherClasses } from './teacher-scope.js';

const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a valid id') });
const page = z.object({
  school: z.string().optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export function rosterRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    // A school's spreadsheet export; parsed by the route, so Fastify only hands over the text.
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

    app.post('/v1/roster/import', {
      config: { access: 'admin' },
      schema: {
        tags: ['roster'],
        summary: 'Import classes, guardians, children and teachers (JSON, or CSV: one row per child–guardian pair)',
        consumes: ['application/json', 'text/csv'],
        querystring: z.object({ school: z.string().optional(), partial: z.enum(['true', 'false']).default('false') }),
        body: z.union([RosterImportBody, z.string().describe('text/csv')]),
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request, typeof request.body === 'object' ? (request.body as { schoolId?: string }).schoolId : undefined);
      const outcome = await importRoster(ctx, schoolId, request.body, { partial: request.query.partial === 'true' });
      if (!outcome.written) {
        throw new ApiError(422, 'roster_invalid', describe(outcome.errors), { errors: outcome.errors, imported: countsOf(emptyRoster()) }, { errors: outcome.errors.length });
      }
      await audit(ctx, request, 'roster_imported', undefined, { ...outcome.imported, errors: outcome.errors.length });
      return reply.status(200).send({ imported: outcome.imported, errors: outcome.errors });
    });

    app.get('/v1/roster', { config: { access: 'staff' }, schema: { tags: ['roster'], summary: 'How many classes, guardians, children and teachers', querystring: z.object({ school: z.string().optional() }) } },
      async (request) => ctx.stores.roster.counts(schoolOf(request)));

    app.get('/v1/classes', { config: { access: 'teacher' }, schema: { tags: ['roster'], querystring: page } }, async (request) => {
      const mine = await teacherClasses(ctx, request);
      const classes = await ctx.stores.roster.listClasses(schoolOf(request));
      return paginate(mine ? classes.filter((c) => mine.has(c.id)) : classes, request.query);
    });

    app.get('/v1/guardians', {
      config: { access: 'teacher' },
      schema: { tags: ['roster'], querystring: page.extend({ classId: z.string().optional() }) },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const { classId } = request.query;
      const mine = await teacherClasses(ctx, request);
      if (mine && classId) assertTeacherClass(classId, mine);
      let guardians = await ctx.stores.roster.listGuardians(schoolId);
      const classes = classId ? new Set([classId]) : mine;
      if (classes) {
        const inClass = new Set((await ctx.stores.roster.listChildren(schoolId)).filter((c) => classes.has(c.classId)).flatMap((c) => c.guardianIds));
        guardians = guardians.filter((g) => inClass.has(g.id));
      }
      return paginate(guardians, request.query);
    });

    app.get('/v1/guardians/:id', { config: { access: 'teacher' }, schema: { tags: ['roster'], params: idParams, querystring: z.object({ school: z.string().optional() }) } }, async (request) => {
      const schoolId = schoolOf(request);
      const guardian = await ctx.stores.roster.getGuardian(schoolId, request.params.id);
      const children = guardian ? (await ctx.stores.roster.listChildren(schoolId)).filter((c) => c.guardianIds.includes(guardian.id)) : [];
      const mine = await teacherClasses(ctx, request);
      if (!guardian || (mine && !children.some((c) => mine.has(c.classId)))) throw notFound('guardian', request.params.id);
      return { ...guardian, children };
    });

    app.get('/v1/guardians/:id/links', {
      config: { access: 'staff' },
      schema: {
        tags: ['roster'],
        summary: "Links that connect a guardian's chat app to the school (one per channel account); the first message carrying the code links that chat",
        params: idParams,
        querystring: z.object({ school: z.string().optional() }),
      },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const guardian = await ctx.stores.roster.getGuardian(schoolId, request.params.id);
      if (!guardian) throw notFound('guardian', request.params.id);
      return { guardianId: guardian.id, links: await guardianJoinLinks(ctx, schoolId, guardian) };
    });

    app.delete('/v1/guardians/:id', {
      config: { access: 'admin' },
      schema: { tags: ['roster'], summary: "Erase a guardian's personal data everywhere (delivery counts are kept)", params: idParams, querystring: z.object({ school: z.string().optional() }) },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const erased = await eraseGuardian(ctx, schoolId, request.params.id);
      if (!erased) throw notFound('guardian', request.params.id);
      request.log.info({ schoolId, guardianId: request.params.id }, 'guardian erased');
      await audit(ctx, request, 'guardian_erased', { type: 'guardian', id: request.params.id });
      return reply.status(204).send();
    });

    app.get('/v1/children', { config: { access: 'teacher' }, schema: { tags: ['roster'], querystring: page } }, async (request) => {
      const mine = await teacherClasses(ctx, request);
      const children = await ctx.stores.roster.listChildren(schoolOf(request));
      return paginate(mine ? children.filter((c) => mine.has(c.classId)) : children, request.query);
    });

    app.get('/v1/teachers', { config: { access: 'staff' }, schema: { tags: ['roster'], querystring: page } }, async (request) =>
      paginate(await ctx.stores.roster.listTeachers(schoolOf(request)), request.query));
  };
}

function paginate<T>(items: T[], q: { offset: number; limit: number }) {
  return { total: items.length, offset: q.offset, limit: q.limit, items: items.slice(q.offset, q.offset + q.limit) };
}


function emptyRoster(): Roster {
  return { classes: [], guardians: [], children: [], teachers: [] };
}

function describe(errors: ImportError[]): string {
  const first = errors[0] as ImportError;
  const where = first.row !== undefined ? `row ${first.row}` : `${first.entity} ${first.id ?? ''}`.trim();
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `nothing was imported: ${where}, ${first.field}: ${first.message}${more}`;
}
