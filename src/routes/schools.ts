/** The school's own settings: name, time zone, quiet hours, default language. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOCALES, type School } from '../core/types.js';
import { isValidTimeZone } from '../domain/zoned-time.js';
import type { PipelineContext } from '../services/context.js';
import { retimeHeld } from '../services/quiet-retime.js';
import { audit } from './audit-log.js';
import { schoolOf } from './auth.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour clock');

const schoolSettings = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone such as Africa/Casablanca').optional(),
  quietHours: z.object({ start: clock, end: clock }).strict().optional(),
  defaultLocale: z.enum(LOCALES).optional(),
  reminders: z.object({
    eveningBefore: clock.nullable().describe('The evening before, at this school time (null: none)'),
    hoursBefore: z.number().int().min(1).max(48).nullable().describe('This many hours before (null: none)'),
  }).strict().optional().describe('When families who said yes (or booked a time) are reminded; default 18:00 the evening before and 2 hours before'),
}).strict();

/**
 * A school as the API shows it: `name` is always text (the id until an admin names the school,
 * as before), and `named` says whether anyone has; messages never sign with the id.
 */
export function schoolView(school: School) {
  return { ...school, name: school.name ?? school.id, named: school.name !== undefined };
}

export function schoolRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    const query = z.object({ school: z.string().optional() });
    app.get('/v1/school', { config: { access: 'teacher' }, schema: { tags: ['school'], summary: "The school's settings", querystring: query } },
      async (request) => schoolView(await ctx.stores.schools.get(schoolOf(request))));

    app.patch('/v1/school', { config: { access: 'admin' }, schema: { tags: ['school'], summary: "Change the school's settings", querystring: query, body: schoolSettings } }, async (request) => {
      const current = await ctx.stores.schools.get(schoolOf(request));
      const next = { ...current, ...request.body };
      await ctx.stores.schools.put(next);
      // Shorter quiet hours (or another zone): what waited for the old end goes at the new one.
      if (request.body.quietHours || request.body.timeZone) {
        const moved = await retimeHeld(ctx, next);
        if (moved) request.log.info({ schoolId: next.id, moved }, 'invitations held for quiet hours moved to their new end');
      }
      await audit(ctx, request, 'school_updated', { type: 'school', id: next.id }, { fields: Object.keys(request.body).sort().join(',') });
      return schoolView(next);
    });
  };
}
