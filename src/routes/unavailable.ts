/**
 * While Redis is unreachable, every route that needs it answers at once: 503 unavailable with
 * Retry-After, before auth and before the body is read, instead of trying commands that fail
 * (or, worse, wait). A request already running when Redis went away gets the same answer from
 * the error handler (errors.ts). /healthz (the process is up), /readyz (its own 503 not_ready)
 * and the static pages (console, simulator, /docs) need no Redis and are not gated.
 */
import type { FastifyRequest } from 'fastify';
import { redisUnavailable } from './errors.js';

/** onRequest hook: 503 at once while `health` says Redis is away (store/redis-health.ts). */
export function createUnavailableGate(health: { readonly available: boolean }) {
  return async function refuseWhileRedisIsDown(_request: FastifyRequest): Promise<void> {
    if (!health.available) throw redisUnavailable();
  };
}
