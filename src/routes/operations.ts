/**
 * The operations view for admins (services/operations.ts): `GET /v1/operations` (queues, failed
 * jobs with their reason, channel health), `POST /v1/operations/failed/retry` for one job and
 * `POST /v1/operations/failed/retry-all`. A school's admin sees and retries their school's;
 * the district, with `?all=true`, the whole deployment.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PipelineContext } from '../services/context.js';
import { OpsError, operationsView, retryAllFailed, retryFailedJob, type OpsScope } from '../services/operations.js';
import { audit } from './audit-log.js';
import { schoolOf } from './auth.js';
import { ApiError } from './errors.js';

const query = z.object({ school: z.string().optional(), all: z.enum(['true', 'false']).optional() });
const jobRef = z.object({ queue: z.string().min(1).max(200), jobId: z.string().min(1).max(300) }).strict();

export function operationsRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/operations', {
      config: { access: 'admin' },
      schema: { tags: ['operations'], summary: 'Queues and their depth, jobs that failed for good with the reason, and channel health', querystring: query },
    }, async (request) => operationsView(ctx, scopeOf(request)));

    app.post('/v1/operations/failed/retry', {
      config: { access: 'admin' },
      schema: { tags: ['operations'], summary: 'Run a failed job again (an invitation that failed is queued again first)', querystring: query, body: jobRef },
    }, async (request) => {
      const scope = scopeOf(request);
      const { queue, jobId } = request.body;
      try {
        const job = await retryFailedJob(ctx, scope, queue, jobId);
        await audit(ctx, request, 'job_retried', { type: 'job', id: jobId }, { queue, kind: job.kind, ...(job.eventId ? { eventId: job.eventId } : {}) }, job.schoolId);
        return { retried: 1, job };
      } catch (err) {
        if (!(err instanceof OpsError)) throw err;
        if (err.code === 'already_settled') throw new ApiError(409, 'already_settled', err.message);
        throw new ApiError(404, 'not_found', err.message);
      }
    });

    app.post('/v1/operations/failed/retry-all', {
      config: { access: 'admin' },
      schema: { tags: ['operations'], summary: 'Run every failed job the caller sees again', querystring: query },
    }, async (request) => {
      const scope = scopeOf(request);
      const { bySchool, ...outcome } = await retryAllFailed(ctx, scope);
      // Each school's log says what was retried of its own (a job of no school, e.g. an inbound message, is in the process log).
      for (const [schoolId, count] of Object.entries(bySchool)) await audit(ctx, request, 'job_retried', { type: 'school', id: schoolId }, { count }, schoolId);
      return outcome;
    });
  };
}

/** A school's admin: their school. The district: the school it names, or everything with `all=true`. */
function scopeOf(request: FastifyRequest): OpsScope {
  const q = request.query as { all?: string };
  if (q.all === 'true') {
    if (request.caller?.school !== '*') throw new ApiError(403, 'forbidden', 'only the district sees every school', undefined, { reason: 'other_school' });
    return 'all';
  }
  return { schoolId: schoolOf(request) };
}
