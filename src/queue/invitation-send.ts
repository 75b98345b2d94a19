/**
 * Sending one guardian's invitation, for single jobs and batches alike: read what the sends
 * need in one round (rows, guardians, children), re-check each row (a crashed worker's job may
 * come back after the send was recorded), render in the guardian's language, send, record.
 * A channel error is thrown to the caller, which knows the job's attempts.
 */
import type { ChannelAccount } from '../adapters.js';
import type { PlannedMessage, SendResult } from '../core/adapter.js';
import type { SurveyDefinition } from '../core/survey.js';
import type { Child, Guardian, School, SchoolEvent } from '../core/types.js';
import { pickChannel } from '../domain/channel-choice.js';
import { composeInvitation } from '../domain/invitation.js';
import type { StoredRow } from '../store/delivery-row.js';
import type { PipelineContext } from './context.js';
import { addOutboundJobs } from './fanout.js';
import type { OutboundJob } from './jobs.js';
import { waitForSendSlot } from './pacing.js';
import { readCache } from './read-cache.js';
import { findSurvey } from './surveys.js';

export interface Loaded {
  event: SchoolEvent | undefined;
  school: School;
  rows: Map<string, StoredRow>;
  guardians: Map<string, Guardian>;
  children: Map<string, Child>;
  /** The event's survey when the event is one (its first question is in the invitation). */
  survey?: SurveyDefinition;
}

export async function loadForSending(ctx: PipelineContext, eventId: string, schoolId: string, recipients: Array<{ guardianId: string; childIds: string[] }>): Promise<Loaded> {
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

/**
 * What happened to one guardian's invitation, or a thrown channel error. `guardian` is set when
 * a send was attempted, so the caller can fall back to another channel.
 */
export async function sendInvitation(ctx: PipelineContext, account: ChannelAccount, data: OutboundJob, loaded: Loaded, jobId: string, inBatch = false): Promise<string> {
  const { eventId, guardianId, platform } = data;
  const row = loaded.rows.get(guardianId);
  const guardian = loaded.guardians.get(guardianId);
  if (!row || row.s !== 'queued' || row.c !== platform) return 'already_done';
  if (inBatch && row.h) return 'handed_off';
  if (!guardian || !loaded.event) return 'erased';
  if (guardian.optedOutAt) {
    await ctx.stores.events.transition(eventId, guardianId, { s: 'skipped', r: 'opted_out', due: null }, ['queued']);
    return 'opted_out';
  }
  const address = guardian.channels[platform];
  if (!address || guardian.unreachable?.[platform]) return fallBack(ctx, data, guardian, 'unreachable');
  const names = data.childIds.map((id) => loaded.children.get(id)?.name).filter((n): n is string => Boolean(n));
  const message = composeInvitation(loaded.event, loaded.school, guardian, names, loaded.survey);
  const { capabilities } = account.adapter;
  const lastInboundAt = capabilities.messagingWindowHours ? await ctx.stores.chats.lastInbound(platform, account.adapter.accountId, address) : undefined;
  const planned = account.adapter.plan(message);
  await waitForSendSlot(ctx, account, planned.parts.length + (capabilities.choiceUi === 'poll' && planned.choices?.length ? 1 : 0));
  const result = await account.adapter.send(planned, {
    address,
    schoolId: data.schoolId,
    idempotencyKey: jobId,
    ...(lastInboundAt ? { lastInboundAt } : {}),
    confirmedEventUpdate: row.a === 'yes',
  });
  await recordSent(ctx, account, data, address, planned, result);
  return 'sent';
}

/**
 * Recorded after, not inside, the send: a Redis hiccup here is not a failed send. Only the
 * send in flight at a crash can go out twice (the row still says queued). The guardian's
 * recent invitations learn of it, so a typed "yes" knows what it answers.
 */
async function recordSent(ctx: PipelineContext, account: ChannelAccount, data: OutboundJob, address: string, planned: PlannedMessage, result: SendResult): Promise<void> {
  const { eventId, guardianId, platform } = data;
  const delivered = result.deliveredAt !== undefined;
  const poll = account.adapter.capabilities.choiceUi === 'poll';
  await Promise.all([
    ctx.stores.events.transition(eventId, guardianId, {
      s: delivered ? 'delivered' : 'sent', m: result.platformMessageId, t: result.sentAt.toISOString(),
      d: result.deliveredAt?.toISOString() ?? null, r: null, due: null, h: null,
    }, ['queued']),
    // Receipts and poll votes name the sent message; a channel with neither needs no index.
    !delivered || poll
      ? ctx.stores.chats.rememberSent(platform, account.adapter.accountId, address, result.platformMessageId, {
        schoolId: data.schoolId, kind: 'invitation', eventId, guardianId, ...(poll && planned.choices?.length ? { choiceIds: planned.choices.map((c) => c.id) } : {}),
      })
      : undefined,
    ctx.stores.events.noteSent(data.schoolId, guardianId, eventId, result.sentAt),
  ]);
  ctx.metrics.sends.inc({ platform, outcome: 'sent' });
}

/** Marks the channel (if the platform said so) and moves the invitation to the next channel. */
export async function fallBack(ctx: PipelineContext, data: OutboundJob, guardian: Guardian, reason: string, markUnreachable = true): Promise<string> {
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
    await ctx.stores.events.transition(eventId, guardianId, { s: 'failed', r: reason, f: ctx.now().toISOString(), due: null }, ['queued']);
    return reason;
  }
  await ctx.stores.events.transition(eventId, guardianId, { c: next.platform }, ['queued']);
  await addOutboundJobs(ctx, [{ ...data, platform: next.platform, accountId: account.adapter.accountId, tried }], 0);
  return `fallback_${next.platform}`;
}
