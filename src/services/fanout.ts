/**
 * An event's fan-out: its recipients, chunk by chunk, become delivery rows and outbound jobs.
 * Every step is idempotent (rows are created once, job ids derive from event + guardian) and
 * progress is saved per chunk, so a worker killed mid-way resumes without sending anything twice.
 */
import type { ChannelAccount } from '../core/adapter-module.js';
import type { Guardian, Platform, School, SchoolEvent } from '../core/types.js';
import type { AccountPicker } from '../adapters.js';
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
  // The next chunk is read while this one is written, and a chunk's progress is saved while the
  // next one is written: the fan-out waits on Redis about half as often. Progress is still saved
  // only once its chunk's rows and jobs are in, and in order.
  let reading = offset < total ? readChunk(ctx, event, school, offset) : undefined;
  let saving: Promise<unknown> = Promise.resolve();
  while (reading) {
    const chunk = await reading;
    if (!chunk.recipients.length) break;
    const end = offset + chunk.recipients.length;
    reading = end < total ? readChunk(ctx, event, school, end) : undefined;
    reading?.catch(() => undefined); // its error is thrown where it is awaited
    await writeChunk(ctx, event, school, chunk, { now, dueAt: due.dueAt, reason: due.reason, offset });
    await saving;
    offset = end;
    saving = Promise.all([saved(end), events.setFanoutProgress(event.id, end)]);
    saving.catch(() => undefined); // thrown where it is awaited (a failed write before that throws first)
  }
  await saving;
  ctx.log.info({ eventId: event.id, recipients: total }, 'fan-out done');
}

interface Timing {
  now: Date;
  dueAt: Date;
  reason: string | undefined;
  /** Where this chunk starts in the event's recipients: part of batch job ids. */
  offset: number;
}

/** A chunk of recipients with what their rows are planned from. */
interface Chunk {
  recipients: Recipient[];
  guardians: Map<string, Guardian>;
  /** Guardians who said no to the event a follow-up survey follows. */
  declined: Set<string>;
}

async function readChunk(ctx: PipelineContext, event: SchoolEvent, school: School, offset: number): Promise<Chunk> {
  const recipients = await ctx.stores.events.recipients(event.id, offset, ctx.config.FANOUT_CHUNK);
  const ids = recipients.map((r) => r.guardianId);
  const [guardians, declined] = await Promise.all([ctx.stores.roster.getGuardians(school.id, ids), declinedParent(ctx, event, ids)]);
  return { recipients, guardians, declined };
}

async function writeChunk(ctx: PipelineContext, event: SchoolEvent, school: School, { recipients: chunk, guardians, declined }: Chunk, timing: Timing): Promise<void> {
  const available = ctx.channels.availabilityFor(school.id);
  const queuedAt = timing.now.toISOString();
  const pickers = new Map<Platform, AccountPicker>();
  const accountOf = (platform: Platform, address: string | undefined) => {
    let pick = pickers.get(platform);
    if (!pick) pickers.set(platform, (pick = ctx.channels.accountPicker(school.id, platform)));
    return pick(address);
  };
  const rows: PlannedRow[] = [];
  const jobs: OutboundJob[] = [];
  for (const recipient of chunk) {
    const guardian = guardians.get(recipient.guardianId);
    if (!guardian) continue; // erased since the event was created
    const row: PlannedRow = declined.has(guardian.id) ? { guardianId: guardian.id, status: 'skipped', reason: 'declined' } : planRow(guardian, available, timing, queuedAt);
    rows.push(row);
    if (row.status === 'queued') jobs.push(outboundJob(event, guardian, recipient, row.channel, accountOf(row.channel, guardian.channels[row.channel])));
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

/** `queuedAt`: the chunk's now, as ISO text. */
function planRow(guardian: Guardian, available: ChannelAvailability, timing: Timing, queuedAt: string): PlannedRow {
  if (guardian.optedOutAt) return { guardianId: guardian.id, status: 'skipped', reason: 'opted_out' };
  const pick = pickChannel(guardian, available);
  if (!pick) return { guardianId: guardian.id, status: 'skipped', reason: noChannelReason(guardian, available) };
  return {
    guardianId: guardian.id, status: 'queued', channel: pick.platform, queuedAt,
    ...(timing.reason ? { reason: timing.reason, dueAt: timing.dueAt.toISOString() } : {}),
  };
}

function outboundJob(event: SchoolEvent, guardian: Guardian, recipient: Recipient, platform: Platform, account: ChannelAccount | undefined): OutboundJob {
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
