/**
 * The children a meeting is about, per family: those that made the family a recipient (a class
 * meeting names the child in that class, not a brother in another one); every child of the
 * family when the event named guardians rather than classes or children.
 */
import type { Child, SchoolEvent } from '../core/types.js';
import type { PipelineContext } from './context.js';

export async function meetingChildren(ctx: PipelineContext, event: SchoolEvent, guardianIds: readonly string[]): Promise<Map<string, Child[]>> {
  const wanted = new Set(guardianIds);
  const total = await ctx.stores.events.recipientCount(event.id);
  const named = new Map((await ctx.stores.events.recipients(event.id, 0, total)).filter((r) => wanted.has(r.guardianId)).map((r) => [r.guardianId, new Set(r.childIds)]));
  const out = new Map<string, Child[]>();
  await Promise.all([...wanted].map(async (guardianId) => {
    const all = await ctx.stores.roster.childrenOf(event.schoolId, guardianId);
    const ids = named.get(guardianId);
    out.set(guardianId, ids?.size ? all.filter((c) => ids.has(c.id)) : all);
  }));
  return out;
}
