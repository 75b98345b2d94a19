/**
 * An event's fan-out: its recipients, chunk by chunk, become delivery rows and outbound jobs.
 * Every step is idempotent (rows are created once, job ids derive from event + guardian) and
 * progress is saved per chunk, so a worker killed mid-way resumes without sending anything twice.
 */
import type { Guardian, School, SchoolEvent } from '../core/types.js';
import { noChannelReason, pickChannel, type ChannelAvailability } from '../domain/channel-choice.js';
import { computeDueAt } from '../domain/schedule.js';
import { batchSize } from '../queue/batching.js';
import { enqueueInvitations } from '../queue/enqueue.js';
import type { OutboundJob } from '../queue/jobs.js';
import type { PlannedRow, Recipient } from '../store/event-store.js';
import type { PipelineContext } from './context.js';

/**
 * Fans an event out from `offset` (where an earlier run of the job stopped); `saved` is told
 * each chunk's end, so a retried job starts there.
 */
export async function fanOutEvent(ctx: PipelineContext, eventId: string, offset: number, saved: (offset: number) => Promise<void>): Promise<void> {
  const { events, schools } = ctx.stores;
  const event = await events.get(eventId);
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
  while (offset < total) {
    const chunk = await events.recipients(event.id, offset, ctx.config.FANOUT_CHUNK);
    await fanOutChunk(ctx, event, school, chunk, { now, dueAt: due.dueAt, reason: due.reason, offset });
    offset += chunk.length;
    await Promise.all([saved(offset), events.setFanoutProgress(event.id, offset)]);
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
  const rows: PlannedRow[] = [];
  const jobs: OutboundJob[] = [];
  for (const recipient of chunk) {
    const guardian = guardians.get(recipient.guardianId);
    if (!guardian) continue; // erased since the event was created
    const row: PlannedRow = declined.has(guardian.id) ? { guardianId: guardian.id, status: 'skipped', reason: 'declined' } : planRow(guardian, available, timing);
    rows.push(row);
    if (row.status === 'queued') jobs.push(outboundJob(ctx, event, guardian, recipient, row.channel));
  }
  // Rows first: an outbound job must find its row. A retry re-adds jobs; their ids dedupe them.
  // The guardians' recent invitations learn of it now, a chunk at a time, so a typed answer
  // right after the invitation arrives knows what it answers.
  await Promise.all([
    ctx.stores.events.createRows(event.id, rows),
    ctx.stores.events.noteQueued(school.id, event.id, jobs.map((j) => j.guardianId), timing.dueAt),
  ]);
  const batching = {
    chunkOffset: timing.offset,
    sizeOf: (platform: OutboundJob['platform'], accountId: string) => {
      const account = ctx.channels.byId(platform, accountId);
      return account ? batchSize(account.adapter.capabilities.rateLimit) : 1;
    },
  };
  await enqueueInvitations(ctx.queues, jobs, Math.max(0, timing.dueAt.getTime() - timing.now.getTime()), batching);
}

/** A follow-up survey skips the guardians who said they would not come to the event it follows. */
async function declinedParent(ctx: PipelineContext, event: SchoolEvent, guardianIds: string[]): Promise<Set<string>> {
  if (!event.followUpOf) return new Set();
  const rows = await ctx.stores.events.getRows(event.followUpOf, guardianIds);
  return new Set([...rows].filter(([, row]) => row.rsvp === 'no').map(([id]) => id));
}

function planRow(guardian: Guardian, available: ChannelAvailability, timing: Timing): PlannedRow {
  if (guardian.optedOutAt) return { guardianId: guardian.id, status: 'skipped', reason: 'opted_out' };
  const pick = pickChannel(guardian, available);
  if (!pick) return { guardianId: guardian.id, status: 'skipped', reason: noChannelReason(guardian, available) };
  return {
    guardianId: guardian.id, status: 'queued', channel: pick.platform, queuedAt: timing.now.toISOString(),
    ...(timing.reason ? { reason: timing.reason, dueAt: timing.dueAt.toISOString() } : {}),
  };
}

function outboundJob(ctx: PipelineContext, event: SchoolEvent, guardian: Guardian, recipient: Recipient, platform: OutboundJob['platform']): OutboundJob {
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
