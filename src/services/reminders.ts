/**
 * Reminders as events of their own (kind `reminder`, `reminds` naming the event): made with the
 * event, fanned out like any invitation (quiet hours, channels, counts on their rows), and
 * decided per family when they go: only those who said yes (or booked a time), at their own
 * time's reminder for a meeting of appointments; for a survey, only those who started it and
 * did not finish. The event lists its reminders (`SchoolEvent.reminders`), with their counts on its page.
 */
import type { LocalizedText, School, SchoolEvent } from '../core/types.js';
import { LOCALES } from '../core/types.js';
import { DEFAULT_REMINDERS, reminderAt, remindersFor, type ReminderWhen } from '../domain/reminders.js';
import { computeDueAt } from '../domain/schedule.js';
import { t } from '../i18n/index.js';
import type { DeliveryState } from '../store/event-store.js';
import type { PipelineContext } from './context.js';

/** A survey left half-answered is reminded once, this long after it went out. */
export const SURVEY_REMINDER_MS = 2 * 24 * 3_600_000;
/** Kinds whose families are told when to come. */
const REMINDED_KINDS = new Set(['meeting', 'school_event']);

/** The reminder events of a new event (its `reminders` list is filled in); none when nothing is due later. */
export function reminderEvents(event: SchoolEvent, school: School, now: Date, newId: () => string): SchoolEvent[] {
  const out: SchoolEvent[] = [];
  const add = (when: ReminderWhen | 'survey', at: Date, extra: Partial<SchoolEvent>) => {
    const id = newId();
    out.push({
      id, schoolId: event.schoolId, kind: 'reminder', audience: event.audience, rsvp: false, respectQuietHours: true,
      createdAt: now.toISOString(), recipients: event.recipients, createdBy: event.createdBy, followUpOf: event.id,
      reminds: { eventId: event.id, when }, sendAt: at.toISOString(), ...extra,
    });
    event.reminders = [...(event.reminders ?? []), { eventId: id, when, sendAt: at.toISOString() }];
  };
  if (event.kind === 'survey') {
    add('survey', new Date(Date.parse(event.sendAt ?? now.toISOString()) + SURVEY_REMINDER_MS), { title: event.title ?? titles('survey'), details: every('reminder.survey') });
    return out;
  }
  if (!REMINDED_KINDS.has(event.kind) || !event.rsvp || !event.startsAt) return out;
  const settings = school.reminders ?? DEFAULT_REMINDERS;
  // With appointment times, each family is reminded of its own: the reminder goes first for the earliest time.
  const first = new Date(event.slots?.[0]?.startsAt ?? event.startsAt);
  const last = new Date(event.slots?.at(-1)?.startsAt ?? event.startsAt);
  const upcoming = new Set(remindersFor(last, school.timeZone, settings, now).map((r) => r.when));
  for (const when of upcoming) {
    const at = reminderAt(when, first, school.timeZone, settings);
    if (!at) continue;
    add(when, at.getTime() > now.getTime() ? at : now, {
      title: event.title ?? titles(event.kind), startsAt: event.startsAt, ...(event.place ? { place: event.place } : {}),
    });
  }
  return out;
}

function titles(kind: string): LocalizedText {
  return Object.fromEntries(LOCALES.map((l) => [l, t(l, `title.${kind}`)])) as LocalizedText;
}

function every(key: string): LocalizedText {
  return Object.fromEntries(LOCALES.map((l) => [l, t(l, key)])) as LocalizedText;
}

/** What a follow-up (a reminder, a survey after an event) needs of the event it follows, read once for a batch. */
export interface FollowedEvent {
  event: SchoolEvent;
  rows: Map<string, DeliveryState>;
  /** A meeting of appointments: who booked which time. */
  bookings?: Map<string, number>;
}

export async function loadFollowed(ctx: PipelineContext, event: SchoolEvent, guardianIds: string[]): Promise<FollowedEvent | undefined> {
  if (!event.followUpOf) return undefined;
  const parent = await ctx.stores.events.get(event.followUpOf);
  if (!parent) return undefined;
  const [rows, state] = await Promise.all([ctx.stores.events.getRows(parent.id, guardianIds), parent.slots?.length ? ctx.stores.slots.state(parent.id) : undefined]);
  return { event: parent, rows, ...(state ? { bookings: state.bookings } : {}) };
}

/** For one guardian: skip (with the reason on their row), wait until their own time, or go (with their time). */
export type FollowUpDecision = { skip: string } | { waitUntil: Date } | { go: true; startsAt?: string };

export async function followUpDecision(ctx: PipelineContext, event: SchoolEvent, followed: FollowedEvent | undefined, school: School, guardianId: string): Promise<FollowUpDecision> {
  // A reminder of an event erased since: nothing to remind of.
  if (!followed) return event.reminds ? { skip: 'event_gone' } : { go: true };
  const row = followed.rows.get(guardianId);
  // A survey after an event: not to those who said they would not come (decided now, not when it was made).
  if (!event.reminds) return row?.rsvp === 'no' ? { skip: 'declined' } : { go: true };
  if (event.reminds.when === 'survey') {
    const surveyId = followed.event.survey?.id;
    const response = surveyId ? await ctx.stores.surveys.response(event.schoolId, surveyId, followed.event.id, guardianId) : undefined;
    if (!response || !Object.keys(response.answers ?? {}).length) return { skip: 'not_started' };
    return response.completedAt || response.stoppedAt ? { skip: 'finished' } : { go: true };
  }
  if (row?.rsvp !== 'yes') return { skip: row?.rsvp === 'no' ? 'declined' : 'no_answer' };
  if (!followed.event.slots?.length) return { go: true };
  const index = followed.bookings?.get(guardianId);
  const slot = index === undefined ? undefined : followed.event.slots.find((s) => s.index === index);
  if (!slot) return { skip: 'no_time_booked' };
  const own = reminderAt(event.reminds.when, new Date(slot.startsAt), school.timeZone, school.reminders ?? DEFAULT_REMINDERS);
  const now = ctx.now();
  if (!own || Date.parse(slot.startsAt) <= now.getTime()) return { skip: 'too_late' };
  const due = computeDueAt({ now, sendAt: own, respectQuietHours: event.respectQuietHours, quietHours: school.quietHours, timeZone: school.timeZone }).dueAt;
  // A minute's grace: the job that waited for this moment may wake a little early.
  return due.getTime() - now.getTime() > 60_000 ? { waitUntil: due } : { go: true, startsAt: slot.startsAt };
}
