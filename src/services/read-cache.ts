/**
 * Events never change after creation and school settings rarely do; a worker sending ten
 * thousand invitations of one event reads them once, not ten thousand times.
 */
import type { School, SchoolEvent } from '../core/types.js';
import type { PipelineContext } from './context.js';

const SCHOOL_TTL_MS = 30_000;
const MAX_EVENTS = 500;

const events = new WeakMap<PipelineContext, Map<string, SchoolEvent>>();
const schools = new WeakMap<PipelineContext, Map<string, { school: School; at: number }>>();

export const readCache = {
  async event(ctx: PipelineContext, eventId: string): Promise<SchoolEvent | undefined> {
    let cache = events.get(ctx);
    if (!cache) events.set(ctx, (cache = new Map()));
    const hit = cache.get(eventId);
    if (hit) return hit;
    const event = await ctx.stores.events.get(eventId);
    if (event) {
      if (cache.size >= MAX_EVENTS) cache.delete(cache.keys().next().value as string);
      cache.set(eventId, event);
    }
    return event;
  },

  async school(ctx: PipelineContext, schoolId: string): Promise<School> {
    let cache = schools.get(ctx);
    if (!cache) schools.set(ctx, (cache = new Map()));
    const hit = cache.get(schoolId);
    if (hit && Date.now() - hit.at < SCHOOL_TTL_MS) return hit.school;
    const school = await ctx.stores.schools.get(schoolId);
    cache.set(schoolId, { school, at: Date.now() });
    return school;
  },
};
