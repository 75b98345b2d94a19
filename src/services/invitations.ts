/**
 * Sending invitations, for one guardian's job and for a batch of one event's guardians alike:
 * read what the sends need in one round (rows, guardians, children), re-check each row (a
 * crashed worker's job may come back after the send was recorded), render in the guardian's
 * language, send through the one send path, record.
 *
 * What a channel error means for the invitation is decided here: unreachable, an invalid
 * address or outside the window → the guardian's next channel; any other lasting error →
 * failed with its reason. A rate limit, and a transient error, are thrown: the worker retries
 * the job (workers/job-errors.ts), and a batch hands a transient guardian to a job of their own.
 */
import type { ChannelAccount } from '../core/adapter-module.js';
import { channelErrorInfo, type ChannelErrorCode } from '../core/errors.js';
import type { SurveyDefinition } from '../core/survey.js';
import type { Child, Guardian, School, SchoolEvent } from '../core/types.js';
import { pickChannel } from '../domain/channel-choice.js';
import { composeInvitation } from '../domain/invitation.js';
import { enqueueInvitations } from '../queue/enqueue.js';
import type { OutboundBatchJob, OutboundJob } from '../queue/jobs.js';
import type { DeliveryState } from '../store/event-store.js';
import type { PipelineContext } from './context.js';
import { readCache } from './read-cache.js';
import { sendThrough } from './send.js';
import { findSurvey } from './surveys.js';

const FALLBACK_CODES: ReadonlySet<ChannelErrorCode> = new Set(['unreachable', 'invalid_address', 'outside_window']);

interface Loaded {
  event: SchoolEvent | undefined;
  school: School;
  rows: Map<string, DeliveryState>;
  guardians: Map<string, Guardian>;
  children: Map<string, Child>;
  /** The event's survey when the event is one (its first question is in the invitation). */
  survey?: SurveyDefinition;
}

/** One guardian's invitation: what became of it, or a thrown rate limit or transient error. */
export async function deliverInvitation(ctx: PipelineContext, account: ChannelAccount, data: OutboundJob, idempotencyKey: string): Promise<string> {
  const loaded = await loadForSending(ctx, data.eventId, data.schoolId, [data]);
  try {
    return await sendInvitation(ctx, account, data, loaded, idempotencyKey);
  } catch (err) {
    const settled = await settle(ctx, data, loaded.guardians.get(data.guardianId), err);
    if (settled !== undefined) return settled;
    throw err;
  }
}

/**
 * Several guardians of one event, one after the other (a batch is one job's worth of the
 * channel's rate). A transient error hands that guardian to a job of their own, with its own
 * attempts and backoff (the row says so first, so a re-run of this batch leaves them to it);
 * a rate limit stops the batch and is thrown (rows already sent are skipped on its re-run).
 *
 * A send's record is written while the next guardian's send goes out (one round trip to
 * Redis for both), and is confirmed before the one after: at any moment at most one sent
 * message and one record are unconfirmed, as when each record was awaited before moving on.
 */
export async function deliverBatch(ctx: PipelineContext, account: ChannelAccount, batch: OutboundBatchJob, jobId: string): Promise<string> {
  const { recipients, ...common } = batch;
  const loaded = await loadForSending(ctx, common.eventId, common.schoolId, recipients);
  const records = new Unconfirmed();
  let sent = 0;
  try {
    for (const r of recipients) {
      const data: OutboundJob = { ...common, kind: 'invitation', guardianId: r.guardianId, childIds: r.childIds, tried: [] };
      let record: Promise<void> | undefined;
      try {
        if ((await sendInvitation(ctx, account, data, loaded, `${jobId}-${r.guardianId}`, (p) => { record = p; })) === 'sent') sent++;
      } catch (err) {
        if ((await settle(ctx, data, loaded.guardians.get(r.guardianId), err)) !== undefined) continue;
        if (channelErrorInfo(err)?.code === 'rate_limited') throw err;
        ctx.metrics.sends.inc({ platform: data.platform, outcome: 'retry' });
        await ctx.stores.events.handOff(data.eventId, data.guardianId);
        await enqueueInvitations(ctx.queues, [data], ctx.config.OUTBOUND_BACKOFF_MS);
      }
      // Outside the catch: a record that failed is the batch's error, not this guardian's send's.
      if (record) await records.add(record);
    }
  } finally {
    await records.confirmAll();
  }
  return `sent_${sent}_of_${recipients.length}`;
}

/** A batch's records in flight: the newest may stay unconfirmed while the next send goes out. */
class Unconfirmed {
  private inFlight: Promise<void>[] = [];

  /** Confirms the records before this one (their error is thrown), keeps this one in flight. */
  async add(record: Promise<void>): Promise<void> {
    const before = this.inFlight;
    this.inFlight = [record];
    await Promise.all(before);
  }

  async confirmAll(): Promise<void> {
    const all = this.inFlight;
    this.inFlight = [];
    await Promise.all(all);
  }
}

/** The invitation will not go out, for good: the worker's last try, a rate limit that never lets go, a stalled job. */
export async function giveUpInvitation(ctx: PipelineContext, data: Pick<OutboundJob, 'eventId' | 'guardianId' | 'platform'>, reason: string): Promise<void> {
  ctx.metrics.sends.inc({ platform: data.platform, outcome: 'failed' });
  await ctx.stores.events.markFailed(data.eventId, data.guardianId, reason, ctx.now());
}

async function loadForSending(ctx: PipelineContext, eventId: string, schoolId: string, recipients: Array<{ guardianId: string; childIds: string[] }>): Promise<Loaded> {
  const guardianIds = recipients.map((r) => r.guardianId);
  const childIds = [...new Set(recipients.flatMap((r) => r.childIds))];
  const [rows, guardians, children, event, school] = await Promise.all([
    ctx.stores.events.getRows(eventId, guardianIds),
    ctx.stores.roster.getGuardians(schoolId, guardianIds),
    childIds.length ? ctx.stores.roster.getChildren(schoolId, childIds) : Promise.resolve(new Map<string, Child>()),
    readCache.event(ctx, eventId),
    readCache.school(ctx, schoolId),
  ]);
  const survey = event?.kind === 'survey' && event.survey ? (event.surveyDefinition ?? (await findSurvey(ctx, schoolId, event.survey.id))) : undefined;
  return { rows, guardians, children, event, school, ...(survey ? { survey } : {}) };
}

/** `deferRecord`, in a batch: the send's record is handed over instead of awaited. */
async function sendInvitation(ctx: PipelineContext, account: ChannelAccount, data: OutboundJob, loaded: Loaded, idempotencyKey: string, deferRecord?: (record: Promise<void>) => void): Promise<string> {
  const { eventId, guardianId, platform } = data;
  const row = loaded.rows.get(guardianId);
  const guardian = loaded.guardians.get(guardianId);
  if (!row || row.status !== 'queued' || row.channel !== platform) return 'already_done';
  if (deferRecord && row.handedOff) return 'handed_off';
  if (!guardian || !loaded.event) return 'erased';
  if (guardian.optedOutAt) {
    await ctx.stores.events.skip(eventId, guardianId, 'opted_out');
    return 'opted_out';
  }
  const address = guardian.channels[platform];
  if (!address || guardian.unreachable?.[platform]) return fallBack(ctx, data, guardian, 'unreachable');
  const names = data.childIds.map((id) => loaded.children.get(id)?.name).filter((n): n is string => Boolean(n));
  const { result } = await sendThrough(ctx, {
    account, address, schoolId: data.schoolId, idempotencyKey,
    message: composeInvitation(loaded.event, loaded.school, guardian, names, loaded.survey),
    confirmedEventUpdate: row.rsvp === 'yes',
    memo: { schoolId: data.schoolId, kind: 'invitation', eventId, guardianId },
  });
  // Recorded after, not inside, the send: a Redis hiccup here is not a failed send. Only the send
  // in flight at a crash can go out twice (the row still says queued). The guardian's recent
  // invitations knew of it since the fan-out (fanout.ts), so a typed "yes" knows what it answers.
  const record = ctx.stores.events.markSent(eventId, guardianId, { platformMessageId: result.platformMessageId, sentAt: result.sentAt, ...(result.deliveredAt ? { deliveredAt: result.deliveredAt } : {}) });
  ctx.metrics.sends.inc({ platform, outcome: 'sent' });
  if (deferRecord) {
    record.catch(() => undefined); // its error is thrown where the batch confirms it
    deferRecord(record);
  }
  else await record;
  return 'sent';
}

/**
 * A channel error that is the invitation's fate rather than the job's: the next channel, or
 * failed for good. Undefined for a rate limit or a transient error (the caller's to retry).
 */
async function settle(ctx: PipelineContext, data: OutboundJob, guardian: Guardian | undefined, err: unknown): Promise<string | undefined> {
  const info = channelErrorInfo(err);
  if (!info || info.code === 'rate_limited' || info.code === 'transient') return undefined;
  const logCtx = { eventId: data.eventId, guardianId: data.guardianId, platform: data.platform, code: info.code };
  if (FALLBACK_CODES.has(info.code) && guardian) {
    ctx.metrics.sends.inc({ platform: data.platform, outcome: info.code });
    ctx.log.info(logCtx, 'channel cannot reach this guardian; trying the next one');
    return fallBack(ctx, data, guardian, info.code, info.code !== 'outside_window');
  }
  ctx.log.error({ ...logCtx, err: err instanceof Error ? err.message : String(err) }, 'send failed for good');
  await giveUpInvitation(ctx, data, info.code);
  return info.code;
}

/** Marks the channel (if the platform said so) and moves the invitation to the next channel. */
async function fallBack(ctx: PipelineContext, data: OutboundJob, guardian: Guardian, reason: string, markUnreachable = true): Promise<string> {
  const { eventId, schoolId, guardianId, platform } = data;
  if (markUnreachable && !guardian.unreachable?.[platform]) {
    const at = ctx.now().toISOString();
    guardian.unreachable = { ...guardian.unreachable, [platform]: at }; // for the pick below
    await ctx.stores.roster.setUnreachable(schoolId, guardianId, platform, at);
  }
  const tried = [...data.tried, platform];
  const next = pickChannel(guardian, ctx.channels.availabilityFor(schoolId), new Set(tried));
  const account = next && ctx.channels.accountFor(schoolId, next.platform);
  if (!next || !account) {
    await ctx.stores.events.markFailed(eventId, guardianId, reason, ctx.now());
    return reason;
  }
  await ctx.stores.events.moveToNextChannel(eventId, guardianId, next.platform);
  await enqueueInvitations(ctx.queues, [{ ...data, platform: next.platform, accountId: account.adapter.accountId, tried }], 0);
  return `fallback_${next.platform}`;
}
