/**
 * Live progress of an event as server-sent events: `GET /v1/events/:id/stream`.
 *
 * Each connection reads the event's counters in Redis every POLL_MS and sends them only when
 * they changed (one HGETALL per tick; nothing is sent while nothing happens), with a comment
 * line every HEARTBEAT_MS so proxies and phones on mobile networks keep the connection open.
 * The browser reads it with fetch() and a stream reader, because EventSource cannot send the
 * Authorization header and a key must never travel in a URL that servers log.
 * Streams end when the client goes away, and all of them when the app closes, so `app.close()`
 * is never held up by an open page.
 *
 * A caller holds at most STREAMS_PER_CALLER streams at once, counted in Redis across API
 * processes (stream-slots.ts): the next one is refused with 429 and Retry-After; a closed stream
 * gives its place back at once, a crashed process's places come back when their lease ends.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { PipelineContext } from '../services/context.js';
import type { EventCounts } from '../store/event-store.js';
import { isConnectionError } from '../store/redis-health.js';
import { assertSchool } from './auth.js';
import { notFound, RetryLaterError } from './errors.js';
import { assertTeacherSees } from './teacher-scope.js';

/** How often one connection reads the counters; about twice a second feels live. */
export const POLL_MS = 500;
/** Well under the 30–60 s idle timeouts of common proxies and mobile carriers. */
export const HEARTBEAT_MS = 15_000;
/** How long the browser waits before reconnecting after a dropped stream (the SSE `retry:`). */
const RETRY_MS = 2000;
/** A place's lease: a crashed process's streams stop counting within a minute. */
const SLOT_LEASE_MS = 60_000;
/** Three renewals per lease, so one late renewal never drops a live stream. */
const SLOT_RENEW_MS = 20_000;
/** When a refused caller may try again: places free when a stream closes, which we cannot foresee. */
const SLOT_RETRY_AFTER_S = 10;

const params = z.object({ id: z.string().regex(/^ev[a-z0-9]{8,40}$/, 'not an event id') });

export function streamRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    const open = new Set<() => Promise<void>>();
    // preClose runs before the server stops taking requests and waits for in-flight ones; the
    // places are given back before the runtime closes Redis.
    app.addHook('preClose', async () => {
      await Promise.all([...open].map((stop) => stop()));
    });

    app.get('/v1/events/:id/stream', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: "The event's counts as server-sent events (`event: counts`), sent whenever they change",
        params,
        querystring: z.object({ school: z.string().optional() }),
      },
    }, async (request, reply) => {
      const event = await ctx.stores.events.get(request.params.id);
      if (!event) throw notFound('event', request.params.id);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      const slot = await takeSlot(ctx, request);

      const body = new PassThrough();
      let last = '';
      let pollTimer: NodeJS.Timeout | undefined;
      const heartbeat = setInterval(() => body.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const stop = () => {
        open.delete(stop);
        clearTimeout(pollTimer);
        clearInterval(heartbeat);
        body.end();
        return slot.release();
      };
      const poll = async () => {
        try {
          // A meeting of appointments: how many families hold a time, with the answers.
          const booked = event.slots?.length ? { booked: await ctx.stores.slots.bookedCount(event.id) } : {};
          const data = JSON.stringify({ ...view(await ctx.stores.events.counts(event.id, event.rsvp), event.rsvp, event.recipients), ...booked });
          if (data !== last) body.write(`event: counts\ndata: ${data}\n\n`);
          last = data;
        } catch (err) {
          // While Redis is away the outage is logged once (redis-health.ts), not twice a second per stream.
          if (!isConnectionError(err)) request.log.warn({ err: (err as Error).message, eventId: event.id }, 'stream: reading counts failed; trying again');
        }
        if (open.has(stop)) pollTimer = setTimeout(poll, POLL_MS);
      };
      open.add(stop);
      // 'close' on the response: the client went away or the response ended.
      reply.raw.on('close', () => void stop());
      // A client that left while the place was being taken saw no 'close' to come.
      if (request.socket.destroyed) void stop();
      body.write(`retry: ${RETRY_MS}\n\n`);
      void poll();

      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        // nginx would otherwise hold the events back in its buffer.
        .header('x-accel-buffering', 'no')
        .send(body);
    });
  };
}

/** Whose streams count against the cap: the signed-in person, or the API key (the caller's label). */
export function streamOwner(request: FastifyRequest): string {
  return request.caller?.label ?? 'anonymous';
}

/** A place for one more stream of the caller, renewed until released; 429 when all are taken. */
async function takeSlot(ctx: PipelineContext, request: FastifyRequest): Promise<{ release(): Promise<void> }> {
  const owner = streamOwner(request);
  const id = randomUUID();
  const cap = ctx.config.STREAMS_PER_CALLER;
  if (!(await ctx.stores.streams.take(owner, id, cap, SLOT_LEASE_MS))) {
    throw new RetryLaterError(429, 'too_many_streams', `at most ${cap} live streams at once per caller: close one (another tab or page) or try again later`, SLOT_RETRY_AFTER_S, { cap });
  }
  const ignore = () => undefined;
  const renew = setInterval(() => void ctx.stores.streams.renew(owner, id, SLOT_LEASE_MS).catch(ignore), SLOT_RENEW_MS);
  let released: Promise<void> | undefined;
  return {
    release() {
      clearInterval(renew);
      released ??= ctx.stores.streams.release(owner, id).catch(ignore);
      return released;
    },
  };
}

/** The same shape as GET /v1/events/:id's counts, rsvp and fanout (and booked, for a meeting of appointments). */
function view(c: EventCounts, rsvp: boolean, recipients: number) {
  return { counts: c.counts, rsvp: rsvp ? c.rsvp : null, fanout: { done: c.fannedOut, total: recipients } };
}
