/**
 * `GET /v1/events/:id/survey-progress`: of a survey sending, how many families finished, started
 * and have not started (services/survey-progress.ts). 404 when the event asks no survey itself.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PipelineContext } from '../services/context.js';
import { surveyProgress } from '../services/survey-progress.js';
import { assertSchool } from './auth.js';
import { notFound } from './errors.js';
import { assertTeacherSees } from './teacher-scope.js';

const params = z.object({ id: z.string().regex(/^ev[a-z0-9]{8,40}$/, 'not an event id') });

export function surveyProgressRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/events/:id/survey-progress', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events', 'surveys'],
        summary: 'Of a survey sending: families who finished, started, and have not started',
        params,
        querystring: z.object({ school: z.string().optional() }),
        response: {
          200: z.object({ surveyId: z.string(), recipients: z.number().int(), completed: z.number().int(), started: z.number().int(), notStarted: z.number().int() }),
        },
      },
    }, async (request) => {
      const event = await ctx.stores.events.get(request.params.id);
      if (!event) throw notFound('event', request.params.id);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      const progress = await surveyProgress(ctx, event);
      if (!progress) throw notFound('survey', undefined, 'this event asks no survey');
      const { finished: _f, begun: _b, ...counts } = progress;
      return counts;
    });
  };
}
