/**
 * A meeting with appointment times per teacher, for two classes: a family that booked nothing and
 * answers "none of these" is heard of by the teacher of its child's class, not by whoever's times
 * come first in the list; and a family that booked, then got a survey, cancels its time with the
 * word the booking's confirmation taught (the survey's question still waiting after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { importRoster, waitSettled } from './helpers/api.js';

interface Line { direction: 'in' | 'out'; text: string; choices?: Array<{ id: string; label: string }> }

const addressOf = (who: string) => `sim-slots2-${who}`;
const DAY = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);

let app: TestApp;
let eventId: string;

const outgoing = async (who: string): Promise<Line[]> => {
  const res = await app.app.inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(addressOf(who))}`, headers: auth() });
  return (res.json().messages as Line[]).filter((m) => m.direction === 'out');
};

async function send(who: string, body: { text?: string; choice?: string }): Promise<void> {
  const res = await app.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: addressOf(who), ...body } });
  expect(res.statusCode, res.body).toBe(202);
}

beforeAll(async () => {
  app = await startTestApp();
  await importRoster(app, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '6B', grade: 6 }],
    guardians: ['g1', 'g2'].map((g, i) => ({ id: g, name: `Parent ${i + 1}`, locale: 'en', channels: { simulator: addressOf(g) } })),
    children: [
      { id: 'c1', name: 'Child 1', classId: 'C1', guardianIds: ['g1'] },
      { id: 'c2', name: 'Child 2', classId: 'C2', guardianIds: ['g2'] },
    ],
    teachers: [
      { id: 't1', name: 'Nadia', classIds: ['C1'], locale: 'en', channels: { simulator: addressOf('t1') } },
      { id: 't2', name: 'Omar', classIds: ['C2'], locale: 'en', channels: { simulator: addressOf('t2') } },
    ],
  });
  // Each teacher's chat has written once, so the bot may write to it.
  await Promise.all(['t1', 't2'].map((t) => send(t, { text: 'hello' })));
  const times = (teacherId: string, room: string) => ({ from: `${DAY}T17:00:00+01:00`, to: `${DAY}T17:20:00+01:00`, minutes: 10, teacherId, room });
  const res = await app.app.inject({
    method: 'POST', url: '/v1/events', headers: auth(),
    payload: { kind: 'meeting', audience: { classes: ['C1', 'C2'] }, respectQuietHours: false, slots: [times('t1', 'Salle 1'), times('t2', 'Salle 2')] },
  });
  expect(res.statusCode, res.body).toBe(202);
  eventId = res.json().eventId;
  await waitSettled(app, eventId);
});

afterAll(async () => app?.close());

describe('"none of these" with times per teacher', () => {
  it('is heard of by the teacher of the child\'s class, and only by them', async () => {
    const [invitation] = await outgoing('g2');
    const none = invitation?.choices?.find((c) => c.id === `x.noslot.${eventId}`);
    expect(none).toBeDefined();
    const before = { t1: (await outgoing('t1')).length, t2: (await outgoing('t2')).length };
    await send('g2', { choice: none!.id });
    const heard = await waitFor(async () => (await outgoing('t2')).slice(before.t2).find((m) => /none of the times suits/.test(m.text)), 15_000, 'Omar told');
    expect(heard.text).toBe('Meeting “Parent–teacher meeting”: none of the times suits Parent 2 (Child 2). You may want to call them.');

    // Parent 1's "none of these" reaches Nadia: by then Omar's chat would have had Parent 2's twice if it went there too.
    await send('g1', { choice: `x.noslot.${eventId}` });
    await waitFor(async () => (await outgoing('t1')).slice(before.t1).find((m) => /Parent 1 \(Child 1\)/.test(m.text)), 15_000, 'Nadia told');
    expect((await outgoing('t1')).slice(before.t1).filter((m) => /Parent 2/.test(m.text))).toEqual([]);
    expect((await outgoing('t2')).slice(before.t2).filter((m) => /none of the times suits/.test(m.text)).map((m) => m.text)).toEqual([heard.text]);
  });

  it('«إلغاء» with a survey question waiting since the booking cancels the time, and the survey still takes its answer', async () => {
    const [invitation] = await outgoing('g2');
    const first = invitation!.choices!.find((c) => c.id.startsWith('t.'))!;
    let seen = (await outgoing('g2')).length;
    await send('g2', { choice: first.id });
    await waitFor(async () => ((await outgoing('g2')).length > seen ? true : undefined), 15_000, 'booked');
    expect((await outgoing('g2')).at(-1)?.text).toMatch(/^Your time: /);
    // A survey reaches the family after the booking: its first question now waits in the chat.
    seen = (await outgoing('g2')).length;
    const survey = await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'survey', audience: { guardians: ['g2'] }, survey: { id: 'involvement' }, respectQuietHours: false } });
    expect(survey.statusCode, survey.body).toBe(202);
    await waitFor(async () => ((await outgoing('g2')).length > seen ? true : undefined), 15_000, 'the survey');
    seen = (await outgoing('g2')).length;
    await send('g2', { text: 'إلغاء' });
    const told = await waitFor(async () => (await outgoing('g2')).slice(seen).find((m) => /cancelled|freed|given back/i.test(m.text)), 15_000, 'the time cancelled');
    expect(told.text).not.toMatch(/1 to 6/);
    const slots = (await app.app.inject({ method: 'GET', url: `/v1/events/${eventId}/slots`, headers: auth() })).json() as { slots: Array<{ guardianId: string | null }> };
    expect(slots.slots.map((x) => x.guardianId)).not.toContain('g2');
    // The survey's question still takes a digit.
    seen = (await outgoing('g2')).length;
    await send('g2', { text: '5' });
    const next = await waitFor(async () => (await outgoing('g2')).at(seen), 15_000, 'the next question');
    expect(next.text).toMatch(/Question 2 of/);
  });
});
