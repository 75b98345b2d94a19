/**
 * When reminders go, on the school's clock: the evening before at 18:00 and two hours before by
 * default, moved or turned off by the school, never in the past or after the meeting — across
 * Africa/Casablanca's Ramadan offset change (UTC+1 → UTC+0 on 2027-02-07, back on 2027-03-14).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDERS, reminderAt, remindersFor } from '../../src/domain/reminders.js';
import { reminderEvents } from '../../src/services/reminders.js';
import type { School, SchoolEvent } from '../../src/core/types.js';

const TZ = 'Africa/Casablanca';
const at = (iso: string) => new Date(iso);

describe('reminder instants', () => {
  it('outside Ramadan (UTC+1): 18:00 the day before is 17:00 UTC, two hours before is two hours before', () => {
    const meeting = at('2027-01-20T16:00:00Z'); // 17:00 in Casablanca
    expect(reminderAt('evening', meeting, TZ, DEFAULT_REMINDERS)?.toISOString()).toBe('2027-01-19T17:00:00.000Z');
    expect(reminderAt('before', meeting, TZ, DEFAULT_REMINDERS)?.toISOString()).toBe('2027-01-20T14:00:00.000Z');
  });

  it('a meeting on the first day of Ramadan time: the evening before is still on UTC+1', () => {
    const meeting = at('2027-02-07T17:00:00Z'); // 17:00 local, UTC+0
    expect(reminderAt('evening', meeting, TZ, DEFAULT_REMINDERS)?.toISOString()).toBe('2027-02-06T17:00:00.000Z'); // 18:00 local, UTC+1
    expect(reminderAt('before', meeting, TZ, DEFAULT_REMINDERS)?.toISOString()).toBe('2027-02-07T15:00:00.000Z'); // 15:00 local
  });

  it('a meeting the day the clocks go back to UTC+1: the evening before is at 18:00 on Ramadan time (UTC+0)', () => {
    const meeting = at('2027-03-14T16:00:00Z'); // 17:00 local, UTC+1
    expect(reminderAt('evening', meeting, TZ, DEFAULT_REMINDERS)?.toISOString()).toBe('2027-03-13T18:00:00.000Z');
    expect(reminderAt('before', meeting, TZ, DEFAULT_REMINDERS)?.toISOString()).toBe('2027-03-14T14:00:00.000Z');
  });

  it('a meeting on the 1st of a month is reminded on the last evening of the month before', () => {
    expect(reminderAt('evening', at('2027-03-01T09:00:00Z'), TZ, DEFAULT_REMINDERS)?.toISOString()).toBe('2027-02-28T18:00:00.000Z');
  });

  it('the school moves or turns off each; past ones are left out', () => {
    const meeting = at('2027-01-20T16:00:00Z');
    expect(reminderAt('evening', meeting, TZ, { eveningBefore: '19:30', hoursBefore: null })?.toISOString()).toBe('2027-01-19T18:30:00.000Z');
    expect(reminderAt('before', meeting, TZ, { eveningBefore: '19:30', hoursBefore: null })).toBeUndefined();
    expect(remindersFor(meeting, TZ, DEFAULT_REMINDERS, at('2027-01-20T10:00:00Z')).map((r) => r.when)).toEqual(['before']);
    expect(remindersFor(meeting, TZ, DEFAULT_REMINDERS, at('2027-01-20T15:00:00Z'))).toEqual([]);
  });
});

describe('reminder events', () => {
  const school: School = { id: 's1', name: 'École', timeZone: TZ, quietHours: { start: '21:00', end: '08:00' }, defaultLocale: 'ar' };
  const meeting: SchoolEvent = {
    id: 'evmeeting0001', schoolId: 's1', kind: 'meeting', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: true,
    createdAt: '2027-01-10T10:00:00Z', recipients: 30, createdBy: 'office', startsAt: '2027-01-20T16:00:00Z', place: 'Salle 3',
  };
  let n = 0;
  const id = () => `evrem${String(++n).padStart(8, '0')}`;

  it('a meeting with RSVP gets both, listed on it, each a reminder of it with its title and time', () => {
    const parent = structuredClone(meeting);
    const made = reminderEvents(parent, school, at('2027-01-10T10:00:00Z'), id);
    expect(made.map((e) => [e.reminds?.when, e.sendAt])).toEqual([['evening', '2027-01-19T17:00:00.000Z'], ['before', '2027-01-20T14:00:00.000Z']]);
    expect(made[0]).toMatchObject({ kind: 'reminder', followUpOf: parent.id, startsAt: parent.startsAt, place: 'Salle 3', respectQuietHours: true, rsvp: false });
    expect(made[0]?.title?.en).toBe('Parent–teacher meeting');
    expect(parent.reminders?.map((r) => r.eventId)).toEqual(made.map((e) => e.id));
  });

  it('none for a meeting without RSVP, a notice, or one too close; a survey gets its half-answered reminder two days on', () => {
    expect(reminderEvents({ ...meeting, rsvp: false }, school, at('2027-01-10T10:00:00Z'), id)).toEqual([]);
    expect(reminderEvents({ ...meeting, kind: 'good_news' }, school, at('2027-01-10T10:00:00Z'), id)).toEqual([]);
    expect(reminderEvents(structuredClone(meeting), school, at('2027-01-20T15:00:00Z'), id)).toEqual([]);
    const survey = reminderEvents({ ...meeting, kind: 'survey', rsvp: false, startsAt: undefined, survey: { id: 'involvement', send: 'with_event' } } as SchoolEvent, school, at('2027-01-10T10:00:00Z'), id);
    expect(survey.map((e) => [e.reminds?.when, e.sendAt])).toEqual([['survey', '2027-01-12T10:00:00.000Z']]);
  });
});
