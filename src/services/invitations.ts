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
import { channelErrorInfo, RateLimitedError, type ChannelErrorCode } from '../core/errors.js';
import type { SurveyDefinition } from '../core/survey.js';
import type { Child, Guardian, Locale, School, SchoolEvent } from '../core/types.js';
import { pickChannel } from '../domain/channel-choice.js';
import { composeInvitation, prepareInvitation, type InvitationFor } from '../domain/invitation.js';
import { computeDueAt } from '../domain/schedule.js';
import { fillTemplate, templateFor, type TemplateMapping } from '../domain/templates.js';
import { enqueueInvitations } from '../queue/enqueue.js';
import type { OutboundBatchJob, OutboundJob } from '../queue/jobs.js';
import type { DeliveryState } from '../store/event-store.js';
import type { PipelineContext } from './context.js';
import { readCache } from './read-cache.js';
import { sendThrough, type Outgoing } from './send.js';
import { findSurvey } from './surveys.js';
import { followUpDecision, loadFollowed, type FollowedEvent, type FollowUpDecision } from './reminders.js';

const FALLBACK_CODES: ReadonlySet<ChannelErrorCode> = new Set(['unreachable', 'invalid_address', 'outside_window', 'no_template', 'tier_limit', 'paused']);
/** Codes that say nothing about the guardian's address: the channel stays theirs for next time. */
const NOT_THE_ADDRESS: ReadonlySet<ChannelErrorCode> = new Set(['outside_window', 'no_template', 'tier_limit', 'paused']);
/** Codes that pass with time: with no other channel, the invitation waits for them rather than fail. */
const WAITS: ReadonlySet<ChannelErrorCode> = new Set(['tier_limit', 'paused']);

interface Loaded {
  event: SchoolEvent | undefined;
  school: School;
  rows: Map<string, DeliveryState>;
  guardians: Map<string, Guardian>;
  children: Map<string, Child>;
  /** The event's survey when the event is one (its first question is in the invitation). */
  survey?: SurveyDefinition;
  /** The school's approved templates, on a channel that takes only templates outside its window. */
  templates: TemplateMapping[];
  /** The event a reminder or a follow-up survey follows, with these guardians' rows there. */
  followed?: FollowedEvent;
  /** The invitation per language, prepared by the first guardian who reads it. */
  prepared: Map<Locale, InvitationFor>;
  /**
   * When it is quiet hours at the school now, by its settings of now (they may have changed since
   * the fan-out timed the invitation): the end, when the invitation goes instead.
   */
  quietUntil?: Date;
}

/** A refused account is tried again this often (each try one request to the platform). */
const ACCOUNT_RETRY_MS = 5 * 60_000;

/** One guardian's invitation: what became of it, or a thrown rate limit or transient error. */
export async function deliverInvitation(ctx: PipelineContext, account: ChannelAccount, data: OutboundJob, idempotencyKey: string): Promise<string> {
  const loaded = await loadForSending(ctx, account, data.eventId, data.schoolId, [data]);
  try {
    const outcome = await sendInvitation(ctx, account, data, loaded, idempotencyKey);
    if (outcome === 'sent') ctx.metrics.sends.inc({ platform: data.platform, outcome });
    return outcome;
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
  const { recipients, eventId, schoolId, platform, accountId } = batch;
  const loaded = await loadForSending(ctx, account, eventId, schoolId, recipients);
  // The newest send's record, left unconfirmed while the next send goes out.
  let unconfirmed: Promise<void> | undefined;
  let sent = 0;
  try {
    for (const r of recipients) {
      const data: OutboundJob = { kind: 'invitation', eventId, schoolId, guardianId: r.guardianId, platform, accountId, childIds: r.childIds, tried: [] };
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
      if (record) {
        const before = unconfirmed;
        unconfirmed = record;
        if (before) await before;
      }
    }
  } finally {
    if (sent) ctx.metrics.sends.inc({ platform, outcome: 'sent' }, sent);
    if (unconfirmed) await unconfirmed;
  }
  return `sent_${sent}_of_${recipients.length}`;
}

/** The invitation will not go out, for good: the worker's last try, a rate limit that never lets go, a stalled job. */
export async function giveUpInvitation(ctx: PipelineContext, data: Pick<OutboundJob, 'eventId' | 'guardianId' | 'platform'>, reason: string): Promise<void> {
  ctx.metrics.sends.inc({ platform: data.platform, outcome: 'failed' });
  await ctx.stores.events.markFailed(data.eventId, data.guardianId, reason, ctx.now());
}

async function loadForSending(ctx: PipelineContext, account: ChannelAccount, eventId: string, schoolId: string, recipients: Array<{ guardianId: string; childIds: string[] }>): Promise<Loaded> {
  const guardianIds = recipients.map((r) => r.guardianId);
  const childIds = [...new Set(recipients.flatMap((r) => r.childIds))];
  const [rows, guardians, children, event, school, templates] = await Promise.all([
    ctx.stores.events.getRows(eventId, guardianIds),
    ctx.stores.roster.getGuardians(schoolId, guardianIds),
    childIds.length ? ctx.stores.roster.getChildren(schoolId, childIds) : Promise.resolve(new Map<string, Child>()),
    readCache.event(ctx, eventId),
    readCache.school(ctx, schoolId),
    account.adapter.capabilities.templatesOutsideWindow ? ctx.stores.schools.templates(schoolId) : Promise.resolve([]),
  ]);
  const survey = event?.kind === 'survey' && event.survey ? (event.surveyDefinition ?? (await findSurvey(ctx, schoolId, event.survey.id))) : undefined;
  const followed = event ? await loadFollowed(ctx, event, guardianIds) : undefined;
  const quietUntil = event?.respectQuietHours ? await quietEnd(ctx, school) : undefined;
  return { rows, guardians, children, event, school, templates, ...(survey ? { survey } : {}), ...(followed ? { followed } : {}), ...(quietUntil ? { quietUntil } : {}), prepared: new Map() };
}

/**
 * The end of the school's quiet hours when it is quiet there now. The settings are read again
 * before an invitation is held (the cached ones may be older than a change staff just made).
 */
async function quietEnd(ctx: PipelineContext, cached: School): Promise<Date | undefined> {
  const end = (school: School) => {
    const due = computeDueAt({ now: ctx.now(), respectQuietHours: true, quietHours: school.quietHours, timeZone: school.timeZone });
    return due.reason === 'quiet_hours_pending' ? due.dueAt : undefined;
  };
  return end(cached) && end(await ctx.stores.schools.get(cached.id));
}

/**
 * `deferRecord`, in a batch: the send's record is handed over instead of awaited. 'sent' is
 * counted by the caller (a batch counts its sends once).
 */
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
  if (loaded.quietUntil) return waitOnRow(ctx, data, 'quiet_hours_pending', loaded.quietUntil);
  // A reminder goes only to those who said yes, at their own time; a survey after an event not to those who declined.
  const decision = loaded.followed || loaded.event.reminds ? await followUpDecision(ctx, loaded.event, loaded.followed, loaded.school, guardianId) : GO;
  if ('skip' in decision) {
    await ctx.stores.events.skip(eventId, guardianId, decision.skip);
    return decision.skip;
  }
  if ('waitUntil' in decision) return waitOnRow(ctx, data, 'scheduled', decision.waitUntil);
  const event = decision.startsAt ? { ...loaded.event, startsAt: decision.startsAt } : loaded.event;
  const names = childNames(loaded.children, data.childIds);
  const message = decision.startsAt ? composeInvitation(event, loaded.school, guardian, names, loaded.survey) : invitationFor(loaded, guardian.locale)(names);
  const mapping = loaded.templates.length ? templateFor(loaded.templates, event.kind, guardian.locale) : undefined;
  const out: Outgoing = {
    account, address, schoolId: data.schoolId, idempotencyKey, message,
    confirmedEventUpdate: row.rsvp === 'yes',
    memo: { schoolId: data.schoolId, kind: 'invitation', eventId, guardianId },
  };
  if (mapping) out.template = fillTemplate(mapping, { event, school: loaded.school, locale: guardian.locale, childNames: names, ...(loaded.survey ? { survey: loaded.survey } : {}) }, message.choices);
  const { result } = await sendThrough(ctx, out);
  // Recorded after, not inside, the send: a Redis hiccup here is not a failed send. Only the send
  // in flight at a crash can go out twice (the row still says queued). The guardian's recent
  // invitations knew of it since the fan-out (fanout.ts), so a typed "yes" knows what it answers.
  const record = ctx.stores.events.markSent(eventId, guardianId, result);
  if (deferRecord) {
    record.catch(() => undefined); // its error is thrown where the batch confirms it
    deferRecord(record);
  }
  else await record;
  return 'sent';
}

/** Not a follow-up of another event: every guardian's invitation goes now. */
const GO: FollowUpDecision = { go: true };

/** The guardian's children named in the invitation, in the order the fan-out listed them. */
function childNames(children: Map<string, Child>, childIds: string[]): string[] {
  const names: string[] = [];
  for (const id of childIds) {
    const name = children.get(id)?.name;
    if (name) names.push(name);
  }
  return names;
}

/** The event's invitation in `locale`, prepared once per batch: each guardian only adds their children. */
function invitationFor(loaded: Loaded, locale: Locale): InvitationFor {
  let prepared = loaded.prepared.get(locale);
  if (!prepared) {
    prepared = prepareInvitation(loaded.event as SchoolEvent, loaded.school, locale, loaded.survey);
    loaded.prepared.set(locale, prepared);
  }
  return prepared;
}

/**
 * A channel error that is the invitation's fate rather than the job's: the next channel, or
 * failed for good. Undefined for a rate limit or a transient error (the caller's to retry).
 */
async function settle(ctx: PipelineContext, data: OutboundJob, guardian: Guardian | undefined, err: unknown): Promise<string | undefined> {
  const info = channelErrorInfo(err);
  if (!info || info.code === 'rate_limited' || info.code === 'transient') return undefined;
  if (info.code === 'auth') return stopAccount(ctx, data, err);
  const logCtx = { eventId: data.eventId, guardianId: data.guardianId, platform: data.platform, code: info.code };
  if (FALLBACK_CODES.has(info.code) && guardian) {
    ctx.metrics.sends.inc({ platform: data.platform, outcome: info.code });
    ctx.log.info(logCtx, 'channel cannot reach this guardian; trying the next one');
    // A paused account says so at once (its own health is published every few seconds).
    if (info.code === 'paused') await ctx.stores.chats.putChannelStatus(data.platform, data.accountId, { ready: false, detail: err instanceof Error ? err.message : 'paused' }, 30);
    if (WAITS.has(info.code) && !nextChannel(ctx, data, guardian)) return waitOnRow(ctx, data, info.code, new Date(ctx.now().getTime() + (info.retryAfterMs ?? 3_600_000)));
    return fallBack(ctx, data, guardian, info.code, !NOT_THE_ADDRESS.has(info.code));
  }
  ctx.log.error({ ...logCtx, err: err instanceof Error ? err.message : String(err) }, 'send failed for good');
  await giveUpInvitation(ctx, data, info.code);
  return info.code;
}

/**
 * A delivery the platform accepted and later reported failed (`failure.code` in our words): like
 * a send that failed, the next channel or failed for good. The row must still say sent on that
 * channel; an answer or a receipt since then leaves it alone. True when something changed.
 */
export async function redirectAfterFailure(ctx: PipelineContext, sent: Pick<OutboundJob, 'eventId' | 'schoolId' | 'guardianId' | 'platform' | 'accountId'>, failure: { code: ChannelErrorCode; detail: string }): Promise<boolean> {
  const [row, guardian, recipient] = await Promise.all([
    ctx.stores.events.getRow(sent.eventId, sent.guardianId),
    ctx.stores.roster.getGuardians(sent.schoolId, [sent.guardianId]).then((m) => m.get(sent.guardianId)),
    ctx.stores.events.recipientOf(sent.eventId, sent.guardianId),
  ]);
  if (row?.status !== 'sent' || row.channel !== sent.platform || !guardian) return false;
  const data: OutboundJob = { kind: 'invitation', ...sent, childIds: recipient?.childIds ?? [], tried: [] };
  ctx.log.info({ eventId: sent.eventId, guardianId: sent.guardianId, platform: sent.platform, code: failure.code }, 'the platform could not deliver an invitation it had taken');
  if (!FALLBACK_CODES.has(failure.code)) {
    await ctx.stores.events.failAfterSend(sent.eventId, sent.guardianId, failure.code, ctx.now());
    return true;
  }
  if (!NOT_THE_ADDRESS.has(failure.code)) await markUnreachableOn(ctx, data, guardian);
  const next = pickChannel(guardian, ctx.channels.availabilityFor(sent.schoolId), new Set([sent.platform]));
  const account = next && ctx.channels.accountFor(sent.schoolId, next.platform, next.address);
  if (!next || !account) {
    await ctx.stores.events.failAfterSend(sent.eventId, sent.guardianId, failure.code, ctx.now());
    return true;
  }
  if (!(await ctx.stores.events.requeueAfterFailure(sent.eventId, sent.guardianId, next.platform))) return false;
  await enqueueInvitations(ctx.queues, [{ ...data, platform: next.platform, accountId: account.adapter.accountId, tried: [sent.platform] }], 0);
  return true;
}

/** The guardian's next channel for this invitation, if any (the ones tried and this one excluded). */
function nextChannel(ctx: PipelineContext, data: OutboundJob, guardian: Guardian): boolean {
  return Boolean(pickChannel(guardian, ctx.channels.availabilityFor(data.schoolId), new Set([...data.tried, data.platform])));
}

/**
 * The account cannot take the invitation now (its tier of new people used up, or the account
 * paused) and the guardian has no other channel: the invitation waits, on its row (the reason
 * until then), for someone to leave the moving 24 hours or the account to come back.
 */
async function waitOnRow(ctx: PipelineContext, data: OutboundJob, reason: string, dueAt: Date): Promise<string> {
  await ctx.stores.events.postpone(data.eventId, data.guardianId, reason, dueAt);
  await enqueueInvitations(ctx.queues, [{ ...data, waits: (data.waits ?? 0) + 1 }], Math.max(0, dueAt.getTime() - ctx.now().getTime()));
  return `${reason}_wait`;
}

/**
 * The platform refused the account itself (its token, a permission, the number): nothing it
 * sends will go until staff act. Health says so (/readyz, the console), and the invitation waits
 * as a rate limit does, without spending an attempt: the account's queue pauses, nobody is lost
 * or moved, and sending resumes by itself once the account works again.
 */
async function stopAccount(ctx: PipelineContext, data: OutboundJob, err: unknown): Promise<never> {
  const reason = err instanceof Error ? err.message : String(err);
  ctx.log.error({ platform: data.platform, accountId: data.accountId, err: reason }, 'the platform refused the account: sending stops until it is fixed');
  await ctx.stores.chats.putChannelStatus(data.platform, data.accountId, { ready: false, detail: `refused by the platform: ${reason}` }, (2 * ACCOUNT_RETRY_MS) / 1000);
  throw new RateLimitedError(`account refused: ${reason}`, ACCOUNT_RETRY_MS, { platform: data.platform });
}

/** Marks the channel (if the platform said so) and moves the invitation to the next channel. */
async function fallBack(ctx: PipelineContext, data: OutboundJob, guardian: Guardian, reason: string, markUnreachable = true): Promise<string> {
  const { eventId, schoolId, guardianId, platform } = data;
  if (markUnreachable) await markUnreachableOn(ctx, data, guardian);
  const tried = [...data.tried, platform];
  const next = pickChannel(guardian, ctx.channels.availabilityFor(schoolId), new Set(tried));
  const account = next && ctx.channels.accountFor(schoolId, next.platform, next.address);
  if (!next || !account) {
    await ctx.stores.events.markFailed(eventId, guardianId, reason, ctx.now());
    return reason;
  }
  await ctx.stores.events.moveToNextChannel(eventId, guardianId, next.platform);
  await enqueueInvitations(ctx.queues, [{ ...data, platform: next.platform, accountId: account.adapter.accountId, tried }], 0);
  return `fallback_${next.platform}`;
}

/** The platform said this address cannot be reached: kept on the guardian (and on `guardian`, for a pick right after). */
async function markUnreachableOn(ctx: PipelineContext, data: Pick<OutboundJob, 'schoolId' | 'guardianId' | 'platform'>, guardian: Guardian): Promise<void> {
  if (guardian.unreachable?.[data.platform]) return;
  const at = ctx.now().toISOString();
  guardian.unreachable = { ...guardian.unreachable, [data.platform]: at };
  await ctx.stores.roster.setUnreachable(data.schoolId, data.guardianId, data.platform, at);
}
