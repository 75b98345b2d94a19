/**
 * `GET /v1/classes/:id/join-slips.pdf`: the paper that goes home in the schoolbag — one slip
 * per child and guardian with the QR codes that link the guardian's chat (services/join-slips.ts).
 * A teacher prints their own classes'; staff and admins any class of their school.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PipelineContext } from '../services/context.js';
import { classJoinSlips } from '../services/join-slips.js';
import { renderJoinSlipsPdf } from '../services/join-slips-pdf.js';
import { schoolOf } from './auth.js';
import { ApiError } from './errors.js';
import { assertTeacherClass, teacherClasses } from './teacher-scope.js';

const params = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a valid id') });

export function joinSlipRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/classes/:id/join-slips.pdf', {
      config: { access: 'teacher' },
      schema: {
        tags: ['roster'],
        summary: "Printable join slips for a class (A4 PDF): one per child and guardian, with a QR code per chat app that links the guardian's chat",
        params,
        querystring: z.object({ school: z.string().optional() }),
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      assertTeacherClass(request.params.id, await teacherClasses(ctx, request));
      const sheet = await classJoinSlips(ctx, schoolId, request.params.id, { simulatorPage: simulatorPageOf(ctx, request) });
      if (!sheet) throw new ApiError(404, 'not_found', `no class ${request.params.id}`);
      if (!sheet.slips.some((s) => s.codes.length)) {
        throw new ApiError(409, 'no_join_links', 'no chat app account that makes join links serves this school (or the class has no guardians): nothing to print');
      }
      const pdf = await renderJoinSlipsPdf(sheet);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="join-slips-${request.params.id}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    });
  };
}

/** The simulator's page of a simulated phone, on this server's public address (or the one the request came to). */
function simulatorPageOf(ctx: PipelineContext, request: { protocol: string; host: string }): (address: string) => string {
  const base = (ctx.config.PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  return (address) => `${base}/simulator#/${encodeURIComponent(address)}`;
}
