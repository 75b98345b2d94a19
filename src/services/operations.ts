/**
 * The operations view (the console's #/operations): the queues and their depth, the jobs that
 * failed for good with their reason, a retry for each, and the health of the channel accounts.
 *
 * Queues are shared: the fan-out and inbound queues by every school, an account's queues by the
 * schools it serves. So a school's admin sees the depth of the queues of accounts that serve
 * their school alone, and of the jobs that failed, only their school's (an invitation names its
 * school; a fan-out its event); the district sees every queue and every failed job.
 */
import type { Job, Queue } from 'bullmq';
import type { ChannelAccount } from '../core/adapter-module.js';
import type { Platform, SchoolEvent } from '../core/types.js';
import type { OutboundJobData } from '../queue/jobs.js';
import { queueLabel } from '../queue/names.js';
import { channelHealth, type ChannelHealth } from './channel-health.js';
import type { PipelineContext } from './context.js';
import { readCache } from './read-cache.js';

/** One school, or the whole deployment (the district). */
export type OpsScope = { schoolId: string } | 'all';

export type QueueKind = 'fanout' | 'inbound' | 'outbound' | 'replies';
export type FailedKind = 'invitation' | 'batch' | 'fanout' | 'inbound' | 'reply';

export interface QueueDepth {
  queue: string;
  kind: QueueKind;
  platform?: Platform;
  accountId?: string;
  counts: { waiting: number; active: number; delayed: number; failed: number };
}

export interface FailedJob {
  queue: string;
  jobId: string;
  kind: FailedKind;
  schoolId?: string;
  eventId?: string;
  eventTitle?: SchoolEvent['title'];
  eventKind?: SchoolEvent['kind'];
  /** The family's name, for one family's invitation in a school's own view. */
  family?: string;
  /** Families the job was for (a batch holds several). */
  families: number;
  /** Why, as a code the console words ("transient", "stalled", "rate_limited", "error"). */
  reason: string;
  /** The error's own words, for whoever reads further. */
  detail: string;
  failedAt: string | null;
  attempts: number;
}

/** A school's event with invitations still to go out, and why they wait (quiet hours, a later time, a tier). */
export interface WaitingEvent {
  eventId: string;
  title: SchoolEvent['title'];
  kind: SchoolEvent['kind'];
  queued: number;
  reasons: Record<string, number>;
}

export interface OperationsView {
  scope: 'school' | 'all';
  generatedAt: string;
  channels: Array<ChannelHealth & { kind: string; shared: boolean }>;
  queues: QueueDepth[];
  /** Queues this view does not show because other schools share them (a school's view). */
  sharedQueues: number;
  failed: FailedJob[];
  /** A school's view: its recent events with invitations still waiting to go out. */
  waiting?: WaitingEvent[];
}

/** Recent events looked at for what still waits (a school's view). */
export const WAITING_EVENTS = 30;

/** Failed jobs read per queue: the newest first (BullMQ keeps them for a week or four). */
export const FAILED_READ = 200;

export class OpsError extends Error {
  constructor(readonly code: 'not_found' | 'already_settled', message: string) {
    super(message);
  }
}

interface NamedQueue {
  queue: Queue;
  kind: QueueKind;
  account?: ChannelAccount;
}

function queuesOf(ctx: PipelineContext): NamedQueue[] {
  return [
    { queue: ctx.queues.fanout, kind: 'fanout' },
    { queue: ctx.queues.inbound, kind: 'inbound' },
    ...ctx.channels.accounts.flatMap((account) => [
      { queue: ctx.queues.outbound(account.adapter.platform, account.adapter.accountId) as Queue, kind: 'outbound' as const, account },
      { queue: ctx.queues.replies(account.adapter.platform, account.adapter.accountId) as Queue, kind: 'replies' as const, account },
    ]),
  ];
}

const servesOnly = (account: ChannelAccount, schoolId: string) => account.schools !== '*' && account.schools.size === 1 && account.schools.has(schoolId);
const serves = (account: ChannelAccount, schoolId: string) => account.schools === '*' || account.schools.has(schoolId);

export async function operationsView(ctx: PipelineContext, scope: OpsScope): Promise<OperationsView> {
  const all = queuesOf(ctx);
  const shown = scope === 'all' ? all : all.filter((q) => q.account && servesOnly(q.account, scope.schoolId));
  const [health, queues, failed, waiting] = await Promise.all([
    channelHealth(ctx),
    Promise.all(shown.map((q) => depth(q))),
    Promise.all(all.map((q) => failedOf(ctx, q, scope))).then((lists) => lists.flat()),
    scope === 'all' ? undefined : waitingOf(ctx, scope.schoolId),
  ]);
  const accounts = ctx.channels.accounts.filter((a) => scope === 'all' || serves(a, scope.schoolId));
  const healthOf = new Map(health.map((h) => [`${h.platform}:${h.accountId}`, h]));
  return {
    scope: scope === 'all' ? 'all' : 'school',
    generatedAt: ctx.now().toISOString(),
    channels: accounts.map((a) => {
      const h = healthOf.get(`${a.adapter.platform}:${a.adapter.accountId}`);
      return {
        platform: a.adapter.platform, accountId: a.adapter.accountId, kind: a.kind,
        ready: h?.ready ?? true, detail: h?.detail ?? null, at: h?.at ?? null,
        shared: a.schools === '*' || a.schools.size > 1,
      };
    }),
    queues,
    sharedQueues: all.length - shown.length,
    failed: failed.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')),
    ...(waiting ? { waiting } : {}),
  };
}

async function waitingOf(ctx: PipelineContext, schoolId: string): Promise<WaitingEvent[]> {
  const events = await ctx.stores.events.list(schoolId, WAITING_EVENTS);
  const counted = await Promise.all(events.map(async (e) => ({ e, c: await ctx.stores.events.counts(e.id, false) })));
  return counted
    .filter(({ c }) => c.counts.queued > 0)
    .map(({ e, c }) => ({ eventId: e.id, title: e.title, kind: e.kind, queued: c.counts.queued, reasons: c.counts.reasons.queued ?? {} }));
}

async function depth(q: NamedQueue): Promise<QueueDepth> {
  const c = await q.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
  return {
    queue: queueLabel(q.queue.name), kind: q.kind,
    ...(q.account ? { platform: q.account.adapter.platform, accountId: q.account.adapter.accountId } : {}),
    counts: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 },
  };
}

async function failedOf(ctx: PipelineContext, q: NamedQueue, scope: OpsScope): Promise<FailedJob[]> {
  // A school's view reads only queues whose jobs name their school (through their event).
  if (scope !== 'all' && (q.kind === 'inbound' || q.kind === 'replies')) return [];
  if (scope !== 'all' && q.account && !serves(q.account, scope.schoolId)) return [];
  const jobs = (await q.queue.getFailed(0, FAILED_READ - 1)).filter((j): j is Job => Boolean(j));
  const out = await Promise.all(jobs.map((job) => describe(ctx, q, job, scope !== 'all')));
  return out.filter((f): f is FailedJob => f !== undefined && (scope === 'all' || f.schoolId === scope.schoolId));
}

async function describe(ctx: PipelineContext, q: NamedQueue, job: Job, named = false): Promise<FailedJob | undefined> {
  const base = {
    queue: queueLabel(q.queue.name), jobId: job.id ?? '', families: 0,
    reason: reasonOf(job.failedReason), detail: (job.failedReason ?? '').slice(0, 300),
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null, attempts: job.attemptsMade,
  };
  if (q.kind === 'inbound') return { ...base, kind: 'inbound' };
  if (q.kind === 'replies') return { ...base, kind: 'reply' };
  const eventId = typeof job.data?.eventId === 'string' ? (job.data.eventId as string) : undefined;
  const event = eventId ? await readCache.event(ctx, eventId) : undefined;
  const about = { ...(eventId ? { eventId } : {}), ...(event ? { eventTitle: event.title, eventKind: event.kind, schoolId: event.schoolId } : {}) };
  if (q.kind === 'fanout') return { ...base, ...about, kind: 'fanout', families: event ? await ctx.stores.events.recipientCount(event.id) : 0 };
  const data = job.data as OutboundJobData;
  const schoolId = data.schoolId;
  if (data.kind === 'batch') return { ...base, ...about, schoolId, kind: 'batch', families: data.recipients.length };
  const [row, guardians] = await Promise.all([
    ctx.stores.events.getRow(data.eventId, data.guardianId),
    named ? ctx.stores.roster.getGuardians(schoolId, [data.guardianId]) : undefined,
  ]);
  const family = guardians?.get(data.guardianId)?.name;
  return { ...base, ...about, schoolId, kind: 'invitation', families: 1, ...(family ? { family } : {}), reason: row?.status === 'failed' && row.reason ? row.reason : base.reason };
}

function reasonOf(failedReason: string | undefined): string {
  if (!failedReason) return 'error';
  if (/stalled/i.test(failedReason)) return 'stalled';
  if (/rate.?limit|429/i.test(failedReason)) return 'rate_limited';
  return 'error';
}

/**
 * Runs a failed job again: an invitation's row, failed by that job, is queued again first (so
 * the job sends it, once); a batch's guardians still queued are sent, the others left alone.
 * Not found (or not this school's): OpsError not_found; the family reached meanwhile by
 * another way: already_settled.
 */
export async function retryFailedJob(ctx: PipelineContext, scope: OpsScope, queueName: string, jobId: string): Promise<FailedJob> {
  const q = queuesOf(ctx).find((n) => queueLabel(n.queue.name) === queueName);
  const job = q ? await q.queue.getJob(jobId) : undefined;
  const described = q && job && (await job.isFailed()) ? await describe(ctx, q, job) : undefined;
  if (!q || !job || !described || (scope !== 'all' && described.schoolId !== scope.schoolId) || (scope !== 'all' && (q.kind === 'inbound' || q.kind === 'replies'))) {
    throw new OpsError('not_found', `no failed job ${jobId} in ${queueName}`);
  }
  if (described.kind === 'invitation') {
    const data = job.data as Extract<OutboundJobData, { kind: 'invitation' }>;
    const row = await ctx.stores.events.getRow(data.eventId, data.guardianId);
    if (row?.status === 'failed' && !(await ctx.stores.events.reopenFailed(data.eventId, data.guardianId, data.platform))) {
      throw new OpsError('already_settled', 'the family was reached meanwhile');
    }
    if (row && row.status !== 'failed' && row.status !== 'queued') throw new OpsError('already_settled', `the invitation is ${row.status}`);
  }
  try {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  } catch {
    // Retried by someone else a moment ago: it runs once, as asked.
    throw new OpsError('not_found', `no failed job ${jobId} in ${queueName}`);
  }
  ctx.log.info({ queue: queueName, jobId, kind: described.kind }, 'failed job retried by hand');
  return described;
}

/** Every failed job the scope sees, retried; those that cannot be are counted, not thrown. */
export async function retryAllFailed(ctx: PipelineContext, scope: OpsScope): Promise<{ retried: number; skipped: number; bySchool: Record<string, number> }> {
  const view = await operationsView(ctx, scope);
  let retried = 0;
  let skipped = 0;
  const bySchool: Record<string, number> = {};
  for (const f of view.failed) {
    try {
      await retryFailedJob(ctx, scope, f.queue, f.jobId);
      retried++;
      if (f.schoolId) bySchool[f.schoolId] = (bySchool[f.schoolId] ?? 0) + 1;
    } catch (err) {
      if (!(err instanceof OpsError)) throw err;
      skipped++;
    }
  }
  return { retried, skipped, bySchool };
}
