/**
 * Liveness and readiness (Redis and queues answer), with no key and whether Redis answers or
 * not; Prometheus metrics (they read queue depths in Redis), open, behind a key for every school,
 * or not served (METRICS_ACCESS, ops-access.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { channelHealth } from '../services/channel-health.js';
import type { PipelineContext } from '../services/context.js';
import type { OpsGate } from './ops-access.js';

export function healthRoutes(ctx: PipelineContext, ping: () => Promise<boolean>): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { schema: { tags: ['operations'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));

    app.get('/readyz', { schema: { tags: ['operations'], summary: 'Redis and the queues answer' } }, async (_request, reply) => {
      const redis = await ping();
      const queues = redis && (await Promise.all(ctx.queues.all().map((q) => q.getJobCounts('waiting').then(() => true, () => false)))).every(Boolean);
      const ok = redis && queues;
      // Channels are reported, not required: a school's phone being offline does not make the
      // API unable to take events (they wait in the queue), but staff must see it.
      const channels = redis ? await channelHealth(ctx) : [];
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks: { redis, queues }, channels });
    });
  };
}

export function metricsRoutes(ctx: PipelineContext, metrics: OpsGate): FastifyPluginAsync {
  return async (app) => {
    if (!metrics.served) return;
    const config = metrics.access ? { config: { access: metrics.access } } : {};
    app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics' }, ...config, ...metrics.hooks }, async (_request, reply) => {
      const body = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(body);
    });
  };
}
