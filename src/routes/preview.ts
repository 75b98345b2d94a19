/**
 * `POST /v1/events/preview`: the body of `POST /v1/events`, answered with the message parents
 * will read, per language and per channel (services/preview.ts). Nothing is stored or sent.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createEventSchema } from '../domain/event-schema.js';
import type { PipelineContext } from '../services/context.js';
import { EventRequestError } from '../services/events.js';
import { previewEvent } from '../services/preview.js';
import { schoolOf } from './auth.js';
import { ApiError } from './errors.js';
import { creatorOf } from './events.js';
import { assertTeacherAudience, teacherClasses } from './teacher-scope.js';

export function previewRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/v1/events/preview', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: 'The invitation as parents will read it, per language and channel, before it is sent (nothing is stored or sent)',
        body: createEventSchema,
      },
    }, async (request) => {
      const schoolId = schoolOf(request, request.body.schoolId);
      const { schoolId: _named, ...body } = request.body;
      assertTeacherAudience(body.audience, await teacherClasses(ctx, request));
      try {
        return await previewEvent(ctx, schoolId, body, creatorOf(request.caller));
      } catch (err) {
        if (err instanceof EventRequestError) throw new ApiError(400, err.code, err.message, err.details);
        throw err;
      }
    });
  };
}
