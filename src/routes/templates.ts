/**
 * A school's approved WhatsApp templates (what reaches parents outside the 24-hour window), the
 * use of its numbers' tiers, and the reach of a send before it goes (services/reach.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tierCounter } from '../core/adapter.js';
import { EVENT_KINDS } from '../core/types.js';
import { audienceSchema } from '../domain/event-schema.js';
import { TEMPLATE_FIELDS, templateMappingsSchema } from '../domain/templates.js';
import { channelHealth } from '../services/channel-health.js';
import type { PipelineContext } from '../services/context.js';
import { EventRequestError } from '../services/events.js';
import { estimateReach } from '../services/reach.js';
import { audit } from './audit-log.js';
import { schoolOf } from './auth.js';
import { ApiError } from './errors.js';
import { assertTeacherAudience, teacherClasses } from './teacher-scope.js';

const query = z.object({ school: z.string().optional() });

export function templateRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/school/whatsapp-templates', {
      config: { access: 'admin' },
      schema: { tags: ['school'], summary: "The school's approved WhatsApp templates, and its numbers' tiers today", querystring: query },
    }, async (request) => {
      const schoolId = schoolOf(request);
      return { templates: await ctx.stores.schools.templates(schoolId), fields: TEMPLATE_FIELDS, numbers: await numbersOf(ctx, schoolId) };
    });

    app.put('/v1/school/whatsapp-templates', {
      config: { access: 'admin' },
      schema: {
        tags: ['school'],
        summary: 'Map each kind of message and language to an approved template and its parameters, in order',
        querystring: query,
        body: z.object({ templates: templateMappingsSchema }).strict(),
      },
    }, async (request) => {
      const schoolId = schoolOf(request);
      await ctx.stores.schools.putTemplates(schoolId, request.body.templates);
      await audit(ctx, request, 'templates_updated', { type: 'school', id: schoolId }, { count: request.body.templates.length });
      return { templates: request.body.templates };
    });

    app.post('/v1/events/reach', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: 'Before sending: the families each channel reaches, and what a WhatsApp tier leaves for tomorrow',
        body: z.object({ schoolId: z.string().optional(), audience: audienceSchema, kind: z.enum(EVENT_KINDS) }).strict(),
      },
    }, async (request) => {
      const schoolId = schoolOf(request, request.body.schoolId);
      assertTeacherAudience(request.body.audience, await teacherClasses(ctx, request));
      try {
        return await estimateReach(ctx, schoolId, request.body.audience, request.body.kind);
      } catch (err) {
        if (err instanceof EventRequestError) throw new ApiError(400, err.code, err.message, err.details);
        throw err;
      }
    });
  };
}

/**
 * The school's numbers with daily limits: a Cloud API number's tier and its use over the last 24 hours; a
 * phone's cap today (its warm-up day), pacing and sends so far today (UTC day); each with its health.
 */
async function numbersOf(ctx: PipelineContext, schoolId: string) {
  const now = ctx.now();
  const health = new Map((await channelHealth(ctx)).map((h) => [`${h.platform}:${h.accountId}`, h]));
  // The accounts with daily limits of their own: tiers, or a phone's caps.
  const limited = (a: (typeof ctx.channels.accounts)[number]) => {
    const caps = a.adapter.capabilities;
    return caps.uniqueRecipientsPerDay !== undefined || caps.templatesOutsideWindow === true || a.adapter.pacing !== undefined;
  };
  const mine = ctx.channels.accounts.filter((a) => limited(a) && (a.schools === '*' || a.schools.has(schoolId)));
  return Promise.all(mine.map(async ({ adapter, kind }) => {
    const h = health.get(`${adapter.platform}:${adapter.accountId}`);
    const base = { platform: adapter.platform, kind, accountId: adapter.accountId, ready: h?.ready ?? true, detail: h?.detail ?? null };
    const tier = adapter.capabilities.uniqueRecipientsPerDay;
    if (tier !== undefined) {
      const use = await ctx.stores.pacer.newRecipients(adapter.platform, tierCounter(adapter), now);
      const group = adapter.capabilities.tierGroup;
      return { ...base, tier, ...(group ? { tierShared: group.replace(/^portfolio:/, '') } : {}), used: use.count, remaining: Math.max(0, tier - use.count), ...(use.nextFreeAt ? { nextFreeAt: use.nextFreeAt.toISOString() } : {}) };
    }
    const pacing = adapter.pacing?.(now);
    // A number whose tier is unlimited: no daily count to show.
    if (!pacing) return base;
    const sentToday = await ctx.stores.chats.dailyCount(`${kind}:${adapter.accountId}`, now.toISOString().slice(0, 10));
    return { ...base, pacing, sentToday, remainingToday: Math.max(0, pacing.dailyCap - sentToday) };
  }));
}
