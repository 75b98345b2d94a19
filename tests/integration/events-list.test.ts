/**
 * The events list tells one event from another (issue 13, D11): each row carries its audience,
 * who sent it (a teacher by name, or the office) and, for an RSVP event, how parents answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/services/people.js';
import { createEvent } from '../../src/services/events.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const roster = {
    classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '6B', grade: 6 }],
    guardians: [{ id: 'g1', name: 'Amina', locale: 'en', channels: { simulator: `sim-${t.prefix}-g1` } }],
    children: [{ id: 'c1', name: 'Adam', classId: 'C1', guardianIds: ['g1'] }],
    teachers: [{ id: 't1', name: 'Nadia Bennani', classIds: ['C1'] }],
  };
  expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

interface Row { id: string; kind: string; audience: unknown; sender: { kind: string; name: string | null }; rsvp: Record<string, number> | null; createdBy: string }

async function list(): Promise<Row[]> {
  const res = await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() });
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: Row[] }).items;
}

describe('the events list', () => {
  it('says to whom, who sent it and how parents answered, keeping the fields it had', async () => {
    const ctx = t.runtime.ctx;
    const base = { audience: { classes: ['C1'] }, respectQuietHours: false };
    const byKey = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { ...base, kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', rsvp: true } });
    expect(byKey.statusCode).toBe(202);
    const byTeacher = await createEvent(ctx, 's1', { ...base, kind: 'reminder', rsvp: false }, { createdBy: 'teacher:t1' });
    const gone = await createEvent(ctx, 's1', { ...base, kind: 'good_news', rsvp: false }, { createdBy: 'teacher:t9' });
    const staff = await createPerson(ctx, 's1', { name: 'Samira Idrissi', login: `samira-${t.prefix}`, role: 'staff' }, 'test');
    const byStaff = await createEvent(ctx, 's1', { audience: { classes: ['C1', 'C2'] }, respectQuietHours: false, kind: 'reminder', rsvp: false }, { createdBy: `person-${staff.id}` });

    const rows = new Map((await list()).map((r) => [r.id, r]));
    expect(rows.get(byKey.json().eventId)).toMatchObject({ kind: 'meeting', audience: { classes: ['C1'] }, sender: { kind: 'office', name: null }, rsvp: { yes: 0, no: 0, maybe: 0, pending: 1 } });
    expect(rows.get(byTeacher.eventId)).toMatchObject({ createdBy: 'teacher:t1', sender: { kind: 'teacher', name: 'Nadia Bennani' }, rsvp: null });
    expect(rows.get(gone.eventId)).toMatchObject({ sender: { kind: 'teacher', name: null } });
    expect(rows.get(byStaff.eventId)).toMatchObject({ audience: { classes: ['C1', 'C2'] }, sender: { kind: 'office', name: 'Samira Idrissi' } });
  });
});
