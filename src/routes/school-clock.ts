/**
 * The school's clock for the console: `GET /v1/school/offsets` lists the UTC offsets of the
 * school's time zone over the months around now, as transitions.
 *
 * Why the server and not the browser's Intl: browsers ship their own time-zone data and it goes
 * stale. Debian's Chromium 156 says Africa/Casablanca is UTC+0 from October 2026 on (it is UTC+1
 * outside Ramadan), which would put every meeting an hour off. The server's Node is updated with
 * the deployment, and it is the one that turns times into instants for quiet hours; the console
 * takes its offsets from here, so both read the same clock.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { timeZoneOffsetMs } from '../domain/zoned-time.js';
import type { PipelineContext } from '../services/context.js';
import { schoolOf } from './auth.js';

const DAY_MS = 86_400_000;
/** Back far enough for last year's events, ahead far enough for next year's planning. */
const BEFORE_DAYS = 400;
const AHEAD_DAYS = 800;

export interface OffsetTransition {
  /** From this instant (ms) on… */
  at: number;
  /** …the zone is this many minutes ahead of UTC. */
  offsetMinutes: number;
}

/**
 * The offsets over [fromMs, toMs]: one sample a day (no zone changes its offset twice in a day),
 * then a binary search to the minute where two samples differ. ~1,200 Intl calls: a few ms.
 */
export function offsetTransitions(timeZone: string, fromMs: number, toMs: number): OffsetTransition[] {
  const minutes = (ms: number) => Math.round(timeZoneOffsetMs(new Date(ms), timeZone) / 60_000);
  const out: OffsetTransition[] = [{ at: fromMs, offsetMinutes: minutes(fromMs) }];
  for (let a = fromMs; a < toMs; a += DAY_MS) {
    const b = Math.min(a + DAY_MS, toMs);
    const before = minutes(a);
    if (minutes(b) === before) continue;
    let lo = a;
    let hi = b;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (minutes(mid) === before) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, offsetMinutes: minutes(hi) });
  }
  return out;
}

export function schoolClockRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  // Per zone and UTC day: the table only changes when the day does.
  const cache = new Map<string, OffsetTransition[]>();
  return async (app) => {
    app.get('/v1/school/offsets', {
      config: { access: 'teacher' },
      schema: {
        tags: ['school'],
        summary: "UTC offsets of the school's time zone around now (transitions), for clients whose own time-zone data may be stale",
        querystring: z.object({ school: z.string().optional() }),
        response: { 200: z.object({ timeZone: z.string(), from: z.number(), to: z.number(), transitions: z.array(z.object({ at: z.number(), offsetMinutes: z.number() })) }) },
      },
    }, async (request) => {
      const { timeZone } = await ctx.stores.schools.get(schoolOf(request));
      const today = Math.floor(ctx.now().getTime() / DAY_MS) * DAY_MS;
      const from = today - BEFORE_DAYS * DAY_MS;
      const to = today + AHEAD_DAYS * DAY_MS;
      const key = `${timeZone}|${today}`;
      let transitions = cache.get(key);
      if (!transitions) {
        transitions = offsetTransitions(timeZone, from, to);
        if (cache.size > 50) cache.clear();
        cache.set(key, transitions);
      }
      return { timeZone, from, to, transitions };
    });
  };
}
