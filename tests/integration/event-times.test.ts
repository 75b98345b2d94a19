/**
 * When an event happens, as the API checks it: a survey has no meeting time or place (D1), and a
 * meeting or school event whose time has passed is refused (422 starts_in_past) unless the
 * request says it means it; an absence notice names a past day on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const roster = {
    classes: [{ id: 'C1', name: '5A', grade: 5 }],
    guardians: [{ id: 'g1', name: 'Amina', locale: 'en', channels: { simulator: 'sim-times-g1' } }],
    children: [{ id: 'c1', name: 'Adam', classId: 'C1', guardianIds: ['g1'] }],
  };
  expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

const post = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { audience: { classes: ['C1'] }, respectQuietHours: false, ...payload } });
const events = async () => ((await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() })).json() as { items: unknown[] }).items.length;
const past = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();

describe('event times', () => {
  it('refuses a survey with a meeting time or a place, naming the field', async () => {
    const res = await post({ kind: 'survey', survey: { id: 'involvement' }, startsAt: '2027-12-14T17:00:00+01:00', place: 'Salle 3' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('startsAt');
    expect(JSON.stringify(res.json())).toContain('place');
    expect(await events()).toBe(0);
  });

  it('refuses a meeting whose time has passed with 422 starts_in_past, and sends nothing', async () => {
    const res = await post({ kind: 'meeting', startsAt: past, rsvp: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'starts_in_past' });
    expect((await post({ kind: 'school_event', startsAt: past })).statusCode).toBe(422);
    expect(await events()).toBe(0);
  });

  it('sends it when the request says it means it, and never refuses an absence notice for a past day', async () => {
    expect((await post({ kind: 'meeting', startsAt: past, rsvp: true, allowPastStart: true })).statusCode).toBe(202);
    expect((await post({ kind: 'absence', startsAt: past })).statusCode).toBe(202);
    expect(await events()).toBe(2);
  });
});
