/**
 * A school that shortens its quiet hours, or turns them off: the invitations held for the end of
 * the old ones go at the end of the new ones (or at once), not an hour later than staff now
 * expect. Quiet hours made longer need nothing here: an invitation that comes due inside them is
 * held again when it does (invitations.ts).
 */
import type { Job } from 'bullmq';
import type { School } from '../core/types.js';
import { computeDueAt } from '../domain/schedule.js';
import type { OutboundJobData } from '../queue/jobs.js';
import type { PipelineContext } from './context.js';
import { readCache } from './read-cache.js';

/** Held jobs read per page of a queue, and at most per queue (a school's own, or its share of a shared account). */
const PAGE = 500;
const MOST = 50_000;

/** Moves the school's invitations held for quiet hours to the new end; how many invitations moved. */
export async function retimeHeld(ctx: PipelineContext, school: School): Promise<number> {
  const accounts = ctx.channels.accounts.filter((a) => a.schools === '*' || a.schools.has(school.id));
  let moved = 0;
  for (const account of accounts) {
    const queue = ctx.queues.outbound(account.adapter.platform, account.adapter.accountId);
    // Read first, then move: moving a job earlier reorders the list being paged through.
    const held: Array<Job<OutboundJobData>> = [];
    for (let start = 0; start < MOST; start += PAGE) {
      const page = (await queue.getDelayed(start, start + PAGE - 1)) as Array<Job<OutboundJobData> | undefined>;
      held.push(...page.filter((j): j is Job<OutboundJobData> => j?.data?.schoolId === school.id));
      if (page.length < PAGE) break;
    }
    for (const job of held) moved += await retimeJob(ctx, school, job);
  }
  return moved;
}

async function retimeJob(ctx: PipelineContext, school: School, job: Job<OutboundJobData>): Promise<number> {
  const { data } = job;
  const event = await readCache.event(ctx, data.eventId);
  if (!event?.respectQuietHours) return 0;
  const guardianIds = data.kind === 'batch' ? data.recipients.map((r) => r.guardianId) : [data.guardianId];
  const rows = [...(await ctx.stores.events.getRows(data.eventId, guardianIds)).values()];
  // Only what waits for quiet hours (not a time staff chose, a tier, a paused account).
  if (!rows.length || !rows.every((r) => r.status === 'queued' && r.reason === 'quiet_hours_pending' && r.dueAt)) return 0;
  const now = ctx.now();
  const due = computeDueAt({ now, ...(event.sendAt ? { sendAt: new Date(event.sendAt) } : {}), respectQuietHours: true, quietHours: school.quietHours, timeZone: school.timeZone });
  const held = Math.min(...rows.map((r) => Date.parse(r.dueAt as string)));
  if (due.dueAt.getTime() >= held) return 0;
  try {
    await job.changeDelay(Math.max(0, due.dueAt.getTime() - now.getTime()));
  } catch {
    return 0; // it started meanwhile (no longer delayed): it goes now anyway
  }
  if (due.reason === 'quiet_hours_pending') await Promise.all(rows.map((r) => ctx.stores.events.postpone(data.eventId, r.guardianId, 'quiet_hours_pending', due.dueAt)));
  return rows.length;
}
