/** The district's own routes (DESIGN §10): the schools, and opening a new one with its first admin. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOCALES } from '../core/types.js';
import { localeField, nameField } from '../domain/roster/fields.js';
import { CHANNEL_FIELDS } from '../services/roster.js';
import { isValidTimeZone } from '../domain/zoned-time.js';
import type { PipelineContext } from '../services/context.js';
import { PeopleError } from '../services/people.js';
import { openSchool, SchoolExistsError } from '../services/schools.js';
import { audit } from './audit-log.js';
import { ApiError } from './errors.js';
import { schoolView } from './schools.js';
import { baseUrl, loginField } from './people.js';

const newSchool = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '1–64 of A-Z, a-z, 0-9, dot, dash, underscore'),
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone such as Africa/Casablanca').optional(),
  defaultLocale: z.enum(LOCALES).optional(),
  admin: z.object({ name: nameField, login: loginField, channels: CHANNEL_FIELDS.channels.optional(), locale: localeField.optional() }).strict(),
}).strict();

export function districtRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    const district = { config: { access: 'district' as const } };

    app.get('/v1/schools', { ...district, schema: { tags: ['district'], summary: 'Every school of the deployment' } }, async () => ({
      items: await Promise.all((await ctx.stores.schools.list()).map(async (id) => schoolView(await ctx.stores.schools.get(id)))),
    }));

    app.post('/v1/schools', { ...district, schema: { tags: ['district'], summary: 'Open a school with its first admin (who gets a one-time sign-in link)', body: newSchool } }, async (request, reply) => {
      try {
        const opened = await openSchool(ctx, request.body, request.caller!.id, baseUrl(request, ctx));
        await audit(ctx, request, 'school_created', { type: 'school', id: opened.school.id }, { admin: opened.admin.id }, opened.school.id);
        return reply.status(201).send(opened);
      } catch (err) {
        if (err instanceof SchoolExistsError) throw new ApiError(409, 'school_exists', err.message, { field: 'id' });
        if (err instanceof PeopleError) throw new ApiError(409, err.code, err.message, { field: `admin.${err.field ?? 'login'}` });
        throw err;
      }
    });
  };
}
