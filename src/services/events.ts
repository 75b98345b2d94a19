/**
 * Creating an event: the audience becomes a fixed recipient list, the event is stored, one
 * fan-out job is queued. Staff's API calls and (later) a teacher's bot flow come through here,
 * with the same validation and the same Idempotency-Key semantics.
 */
import { randomBytes } from 'node:crypto';
import type { Audience, SchoolEvent, SurveyDefinition } from '../core/types.js';
import { resolveAudience } from '../domain/audience.js';
import { expandSlots } from '../domain/slots.js';
import { DEFAULT_SURVEY_AFTER_HOURS, type CreateEventRequest } from '../domain/event-schema.js';
import type { PipelineContext } from './context.js';
import { fanoutJobId } from '../queue/names.js';
import { readCache } from './read-cache.js';
import { reminderEvents } from './reminders.js';
import { findSurvey } from './surveys.js';
import { sha256Hex } from '../core/ids.js';

export interface CreatedEvent {
  eventId: string;
  recipients: number;
  /** The survey that follows the event (survey.send = after_event), sent as an event of its own. */
  followUp?: { eventId: string; sendAt: string };
}

/** Kinds whose time is when parents come: one that has passed is refused (an absence names a past day on purpose). */
const PAST_REFUSED: ReadonlySet<string> = new Set(['meeting', 'school_event']);

/** A request that cannot be carried out as asked; the route turns it into a 4xx. */
export class EventRequestError extends Error {
  override readonly name = 'EventRequestError';
  constructor(
    readonly code: 'unknown_audience' | 'empty_audience' | 'idempotency_key_reused' | 'unknown_survey' | 'starts_in_past',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function createEvent(
  ctx: PipelineContext,
  schoolId: string,
  request: CreateEventRequest,
  opts: { idempotencyKey?: string; createdBy: string },
): Promise<CreatedEvent> {
  const recipients = await resolveRecipients(ctx, schoolId, request.audience);
  const survey = request.survey ? await findSurvey(ctx, schoolId, request.survey.id) : undefined;
  if (request.survey && !survey) {
    throw new EventRequestError('unknown_survey', `no survey ${request.survey.id}: define it with POST /v1/surveys, or use event-feedback or involvement`, { field: 'survey.id' });
  }
  const now = ctx.now();
  // A meeting or an event already over is a mistake (a wrong year, AM for PM) unless the request says it means it.
  const startsAt = request.startsAt ?? firstSlotStart(request);
  if (startsAt && PAST_REFUSED.has(request.kind) && Date.parse(startsAt) < now.getTime() && !request.allowPastStart) {
    throw new EventRequestError('starts_in_past', `startsAt ${startsAt} has passed: send "allowPastStart": true to send it anyway`, { field: request.startsAt ? 'startsAt' : 'slots', startsAt });
  }
  const event = buildEvent(schoolId, request, recipients.length, opts.createdBy, now, survey);
  const followUp = followUpOf(event, request, now, survey);
  // Reminders are made now, as events of their own; who gets one is decided when it goes (reminders.ts).
  const school = await readCache.school(ctx, schoolId);
  const reminders = [event, ...(followUp ? [followUp] : [])].flatMap((e) => reminderEvents(e, school, now, () => newEventId(now)));
  const answer: CreatedEvent = { eventId: event.id, recipients: recipients.length, ...(followUp ? { followUp: { eventId: followUp.id, sendAt: followUp.sendAt as string } } : {}) };
  if (opts.idempotencyKey !== undefined) {
    const fingerprint = sha256Hex(JSON.stringify(request));
    const r = await ctx.stores.idempotency.reserve(schoolId, opts.idempotencyKey, fingerprint, answer);
    if (r.status === 'replay') return r.answer;
    if (r.status === 'conflict') {
      throw new EventRequestError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request body');
    }
  }
  try {
    const events = [event, ...(followUp ? [followUp] : []), ...reminders];
    // Each event its own keys (its own slot): written side by side, all of them before any fan-out.
    await Promise.all(events.map((e) => ctx.stores.events.create(e, recipients)));
    // One addBulk (all or nothing): an event never goes out without the survey and reminders that
    // follow it, and a failed request sends none, so its retry cannot send them twice.
    // A reminder fans out when it is due (its rows are made then, not days before, for families who may not have answered yet).
    await ctx.queues.fanout.addBulk(events.map((e) => {
      const delay = e.reminds && e.sendAt ? Math.max(0, Date.parse(e.sendAt) - now.getTime()) : 0;
      return { name: 'fanout', data: { eventId: e.id }, opts: { jobId: fanoutJobId(e.id), ...(delay ? { delay } : {}) } };
    }));
  } catch (err) {
    // Nothing reached the guardians: free the key so the client's retry can go through.
    if (opts.idempotencyKey !== undefined) await ctx.stores.idempotency.release(schoolId, opts.idempotencyKey).catch(() => undefined);
    throw err;
  }
  ctx.log.info({ eventId: event.id, schoolId, kind: event.kind, recipients: recipients.length }, 'event created');
  return answer;
}

export async function resolveRecipients(ctx: PipelineContext, schoolId: string, audience: Audience) {
  const roster = await ctx.stores.roster.loadAudienceRoster(schoolId);
  const { recipients, unknown } = resolveAudience(audience, roster);
  if (unknown) {
    throw new EventRequestError('unknown_audience', `unknown ${unknown.field}: ${unknown.ids.slice(0, 20).join(', ')}`, {
      field: `audience.${unknown.field}`,
      ids: unknown.ids,
    });
  }
  if (recipients.size === 0) {
    throw new EventRequestError('empty_audience', 'this audience has no guardians on the roster', { field: 'audience' });
  }
  return [...recipients].map(([guardianId, childIds]) => ({ guardianId, childIds }));
}

function firstSlotStart(r: CreateEventRequest): string | undefined {
  return r.slots ? expandSlots(Array.isArray(r.slots) ? r.slots : [r.slots])[0]?.startsAt : undefined;
}

/** The event as it would be stored, in memory: pure (the preview renders it without storing it). */
export function buildEvent(schoolId: string, r: CreateEventRequest, recipients: number, createdBy: string, now: Date, survey: SurveyDefinition | undefined): SchoolEvent {
  const event: SchoolEvent = {
    id: newEventId(now),
    schoolId,
    kind: r.kind,
    audience: r.audience,
    rsvp: r.rsvp,
    respectQuietHours: r.respectQuietHours,
    createdAt: now.toISOString(),
    recipients,
    createdBy,
  };
  if (r.title) event.title = r.title;
  if (r.details) event.details = r.details;
  if (r.vars) event.vars = r.vars;
  if (r.slots) {
    event.slots = expandSlots(Array.isArray(r.slots) ? r.slots : [r.slots]);
    // The answer is a time: yes once booked, no when the family says none suits them.
    event.rsvp = true;
  }
  if (r.startsAt) event.startsAt = new Date(r.startsAt).toISOString();
  else if (event.slots?.[0]) event.startsAt = event.slots[0].startsAt;
  if (r.place) event.place = r.place;
  if (r.sendAt) event.sendAt = new Date(r.sendAt).toISOString();
  if (r.survey) {
    event.survey = r.kind === 'survey' ? { id: r.survey.id, send: 'with_event' } : { id: r.survey.id, send: r.survey.send ?? 'after_rsvp' };
    if (r.survey.send === 'after_event') event.survey.afterHours = r.survey.afterHours ?? DEFAULT_SURVEY_AFTER_HOURS;
    // The follow-up carries the questions of an after_event survey; this one those it asks itself.
    if (survey && r.survey.send !== 'after_event') event.surveyDefinition = survey;
  }
  if (r.kind === 'survey' && !r.title && survey) event.title = survey.title;
  return event;
}

/**
 * The survey sent some hours after an event starts: an event of kind survey to the same
 * recipients (those who said no are skipped when it goes out), waiting for its time.
 */
function followUpOf(event: SchoolEvent, r: CreateEventRequest, now: Date, survey: SurveyDefinition | undefined): SchoolEvent | undefined {
  if (event.survey?.send !== 'after_event' || !event.startsAt) return undefined;
  const sendAt = new Date(Date.parse(event.startsAt) + (event.survey.afterHours ?? DEFAULT_SURVEY_AFTER_HOURS) * 3_600_000);
  return {
    id: newEventId(now),
    schoolId: event.schoolId,
    kind: 'survey',
    audience: event.audience,
    rsvp: false,
    respectQuietHours: r.respectQuietHours,
    createdAt: now.toISOString(),
    recipients: event.recipients,
    createdBy: event.createdBy,
    sendAt: sendAt.toISOString(),
    survey: { id: event.survey.id, send: 'with_event' },
    followUpOf: event.id,
    ...(survey ? { title: survey.title, surveyDefinition: survey } : {}),
  };
}

/** Sortable by creation time, unguessable, ASCII, no '-' or ':' (it goes into job ids). */
function newEventId(now: Date): string {
  return `ev${now.getTime().toString(36)}${randomBytes(6).toString('hex')}`;
}
