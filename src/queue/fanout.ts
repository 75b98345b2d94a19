/**
 * The fan-out worker: an event's recipients, chunk by chunk, become delivery rows and
 * outbound jobs. Every step is idempotent (rows are created once, job ids derive from event +
 * guardian) and progress is saved per chunk, so a worker killed mid-way resumes without
 * sending anything twice.
 */
import type { Job } from 'bullmq';
import type { Guardian, Platform, School, SchoolEvent } from '../core/types.js';
import { noChannelReason, pickChannel, type ChannelAvailability } from '../domain/channel-choice.js';
import { computeDueAt } from '../domain/schedule.js';
import type { StoredRow } from '../store/delivery-row.js';
import type { Recipient } from '../store/event-store.js';
import type { PipelineContext } from './context.js';
import { batchSize } from './batching.js';
import type { FanoutJob, OutboundBatchJob, OutboundJob } from './jobs.js';
import { outboundBatchJobId, outboundJobId } from './names.js';

export async function processFanout(job: Job<FanoutJob>, ctx: PipelineContext): Promise<void> {
  const { events, schools } = ctx.stores;
  const event = await events.get(job.data.eventId);
  if (!event) return; // erased or never stored: nothing to send
  const school = await schools.get(event.schoolId);
  const now = ctx.now();
  const due = computeDueAt({
    now,
    ...(event.sendAt ? { sendAt: new Date(event.sendAt) } : {}),
    respectQuietHours: event.respectQuietHours,
    quietHours: school.quietHours,
    timeZone: school.timeZone,
  });
  const total = await events.recipientCount(event.id);
  let offset = savedOffset(job);
  while (offset < total) {
    const chunk = await events.recipients(event.id, offset, ctx.config.FANOUT_CHUNK);
    await fanOutChunk(ctx, event, school, chunk, { now, dueAt: due.dueAt, reason: due.reason, offset });
    offset += chunk.length;
    await Promise.all([job.updateProgress({ offset }), events.setFanoutProgress(event.id, offset)]);
  }
  ctx.log.info({ eventId: event.id, recipients: total }, 'fan-out done');
}

interface Timing {
  now: Date;
  dueAt: Date;
  reason: string | undefined;
  /** Where this chunk starts in the event's recipients: part of batch job ids. */
  offset: number;
}

async function fanOutChunk(ctx: PipelineContext, event: SchoolEvent, school: School, chunk: Recipient[], timing: Timing): Promise<void> {
  const ids = chunk.map((r) => r.guardianId);
  const [guardians, declined] = await Promise.all([ctx.stores.roster.getGuardians(school.id, ids), declinedParent(ctx, event, ids)]);
  const available = ctx.channels.availabilityFor(school.id);
  const rows: Array<{ guardianId: string; row: StoredRow }> = [];
  const jobs: OutboundJob[] = [];
  for (const recipient of chunk) {
    const guardian = guardians.get(recipient.guardianId);
    if (!guardian) continue; // erased since the event was created
    const row: StoredRow = declined.has(guardian.id) ? { s: 'skipped', r: 'declined' } : planRow(guardian, available, timing);
    rows.push({ guardianId: guardian.id, row });
    if (row.s === 'queued' && row.c) jobs.push(outboundJob(event, guardian, recipient, row.c, ctx));
  }
  // Rows first: an outbound job must find its row. A retry re-adds jobs; their ids dedupe them.
  await ctx.stores.events.createRows(event.id, rows);
  await addInvitationJobs(ctx, jobs, Math.max(0, timing.dueAt.getTime() - timing.now.getTime()), timing.offset);
}

/**
 * The chunk's invitations as outbound jobs, per account queue: batches where the channel's
 * rate allows (batching.ts), one guardian per job elsewhere. Ids are deterministic, so a
 * retried fan-out adds nothing twice.
 */
async function addInvitationJobs(ctx: PipelineContext, jobs: OutboundJob[], delayMs: number, chunkOffset: number): Promise<void> {
  const singles: OutboundJob[] = [];
  for (const group of groupByQueue(jobs)) {
    const first = group[0] as OutboundJob;
    const account = ctx.channels.byId(first.platform, first.accountId);
    const size = account ? batchSize(account.adapter.capabilities.rateLimit) : 1;
    if (size === 1) {
      singles.push(...group);
      continue;
    }
    const batches = [];
    for (let i = 0; i < group.length; i += size) {
      const part = group.slice(i, i + size);
      const data: OutboundBatchJob = {
        kind: 'batch', eventId: first.eventId, schoolId: first.schoolId, platform: first.platform, accountId: first.accountId,
        recipients: part.map((j) => ({ guardianId: j.guardianId, childIds: j.childIds })),
      };
      batches.push({ name: 'invitations', data, opts: { jobId: outboundBatchJobId(first.eventId, first.platform, chunkOffset, i / size), ...(delayMs > 0 ? { delay: delayMs } : {}) } });
    }
    await ctx.queues.outbound(first.platform, first.accountId).addBulk(batches);
  }
  await addOutboundJobs(ctx, singles, delayMs);
}

function groupByQueue(jobs: OutboundJob[]): OutboundJob[][] {
  const byQueue = new Map<string, OutboundJob[]>();
  for (const j of jobs) {
    const key = `${j.platform}\u0000${j.accountId}`;
    const group = byQueue.get(key);
    if (group) group.push(j);
    else byQueue.set(key, [j]);
  }
  return [...byQueue.values()];
}

/** A follow-up survey skips the guardians who said they would not come to the event it follows. */
async function declinedParent(ctx: PipelineContext, event: SchoolEvent, guardianIds: string[]): Promise<Set<string>> {
  if (!event.followUpOf) return new Set();
  const rows = await ctx.stores.events.getRows(event.followUpOf, guardianIds);
  return new Set([...rows].filter(([, row]) => row.a === 'no').map(([id]) => id));
}

function planRow(guardian: Guardian, available: ChannelAvailability, timing: Timing): StoredRow {
  if (guardian.optedOutAt) return { s: 'skipped', r: 'opted_out' };
  const pick = pickChannel(guardian, available);
  if (!pick) return { s: 'skipped', r: noChannelReason(guardian, available) };
  const row: StoredRow = { s: 'queued', c: pick.platform, q: timing.now.toISOString() };
  if (timing.reason) {
    row.r = timing.reason;
    row.due = timing.dueAt.toISOString();
  }
  return row;
}

function outboundJob(event: SchoolEvent, guardian: Guardian, recipient: Recipient, platform: Platform, ctx: PipelineContext): OutboundJob {
  const account = ctx.channels.accountFor(event.schoolId, platform);
  return {
    kind: 'invitation',
    eventId: event.id,
    schoolId: event.schoolId,
    guardianId: guardian.id,
    platform,
    accountId: account?.adapter.accountId ?? '',
    childIds: recipient.childIds,
    tried: [],
  };
}

/** Adds one-guardian outbound jobs, grouped by the account's queue, in one addBulk per queue. */
export async function addOutboundJobs(ctx: PipelineContext, jobs: OutboundJob[], delayMs: number): Promise<void> {
  for (const group of groupByQueue(jobs)) {
    const first = group[0] as OutboundJob;
    await ctx.queues.outbound(first.platform, first.accountId).addBulk(
      group.map((data) => ({
        name: 'invitation',
        data,
        opts: { jobId: outboundJobId(data.eventId, data.guardianId, data.tried.length ? data.platform : undefined), ...(delayMs > 0 ? { delay: delayMs } : {}) },
      })),
    );
  }
}

function savedOffset(job: Job<FanoutJob>): number {
  const p = job.progress as unknown;
  return typeof p === 'object' && p !== null && typeof (p as { offset?: unknown }).offset === 'number' ? (p as { offset: number }).offset : 0;
}
