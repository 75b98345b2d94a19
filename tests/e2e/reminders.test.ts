/**
 * Reminders sent on the simulator: only the family that said yes is reminded, two hours before
 * (the school's setting; here one that falls a few seconds after the invitation). With appointment
 * times each family is reminded of its own time: the first at once, the later one waits on its
 * row until two hours before its own time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { deliveries, importRoster, waitSettled } from './helpers/api.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: ['g1', 'g2', 'g3'].map((g) => ({ id: g, name: `Parent ${g}`, locale: 'en', channels: { simulator: `sim-rem-${g}` } })),
  children: ['g1', 'g2', 'g3'].map((g, i) => ({ id: `c${i}`, name: `Child ${i}`, classId: 'C1', guardianIds: [g] })),
};

async function say(t: TestApp, g: string, body: object): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: `sim-rem-${g}`, ...body } });
  expect(res.statusCode, res.body).toBe(202);
}

async function post(t: TestApp, payload: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'meeting', audience: { classes: ['C1'] }, respectQuietHours: false, ...payload } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().eventId;
}

async function reminderOf(t: TestApp, eventId: string, when: string): Promise<string> {
  const event = await t.runtime.ctx.stores.events.get(eventId);
  const r = event?.reminders?.find((x) => x.when === when);
  expect(r, `a ${when} reminder of ${eventId}`).toBeDefined();
  return r!.eventId;
}

describe('reminders', () => {
  it('remind the family that said yes, not the one that said no nor the one that did not answer', async () => {
    app = await startTestApp();
    await importRoster(app, roster);
    // Two hours and ten seconds ahead: the "two hours before" reminder falls ten seconds from now,
    // time enough for the answers to be recorded first on a slow machine.
    const startsAt = new Date(Date.now() + 2 * 3_600_000 + 10_000).toISOString();
    const eventId = await post(app, { startsAt, place: 'Salle 3', rsvp: true });
    await waitSettled(app, eventId);
    await say(app, 'g1', { choice: `r.yes.${eventId}` });
    await say(app, 'g2', { choice: `r.no.${eventId}` });
    await waitFor(async () => {
      const rows = await deliveries(app!, eventId);
      return rows.get('g1')?.rsvp === 'yes' && rows.get('g2')?.rsvp === 'no';
    }, 10_000, 'the answers');
    const reminderId = await reminderOf(app, eventId, 'before');
    const rows = await waitFor(async () => {
      const r = await deliveries(app!, reminderId);
      return ['g1', 'g2', 'g3'].every((g) => r.get(g)?.status !== 'queued') ? r : undefined;
    }, 20_000, 'the reminder settled');
    expect(rows.get('g1')?.status).toBe('delivered');
    expect(rows.get('g2')).toMatchObject({ status: 'skipped', reason: 'declined' });
    expect(rows.get('g3')).toMatchObject({ status: 'skipped', reason: 'no_answer' });
    const chat = (await app.app.inject({ method: 'GET', url: '/v1/simulator/chats/sim-rem-g1', headers: auth() })).json().messages as Array<{ direction: string; text: string }>;
    // The thank-you for "yes" and the reminder travel by different queues: either may come last.
    expect(chat.filter((m) => m.direction === 'out' && /A friendly reminder/.test(m.text))).toHaveLength(1);
    // The evening-before reminder of a meeting two hours away has passed: none was made.
    expect((await app.runtime.ctx.stores.events.get(eventId))?.reminders?.map((r) => r.when)).toEqual(['before']);
  }, 40_000);

  it('with appointment times, each family is reminded of its own time', async () => {
    app = await startTestApp();
    await importRoster(app, roster);
    const first = new Date(Date.now() + 2 * 3_600_000 + 10_000);
    const slots = { from: first.toISOString(), to: new Date(first.getTime() + 2 * 3_600_000).toISOString(), minutes: 60 };
    const eventId = await post(app, { slots });
    await waitSettled(app, eventId);
    await say(app, 'g1', { choice: `t.0.${eventId}` });
    await say(app, 'g2', { choice: `t.1.${eventId}` });
    await waitFor(async () => (await app!.runtime.ctx.stores.slots.state(eventId)).bookings.size === 2, 10_000, 'two bookings');
    const reminderId = await reminderOf(app, eventId, 'before');
    const rows = await waitFor(async () => {
      const r = await deliveries(app!, reminderId);
      // Each family's row is decided by its own job: wait for all three, not only the first two.
      return r.get('g1')?.status === 'delivered' && r.get('g2')?.reason === 'scheduled' && r.get('g3')?.status !== 'queued' ? r : undefined;
    }, 30_000, 'g1 reminded, g2 waiting for its own time, g3 decided');
    expect(Date.parse(rows.get('g2')!.dueAt!)).toBe(first.getTime() + 3_600_000 - 2 * 3_600_000);
    expect(rows.get('g3')).toMatchObject({ status: 'skipped', reason: 'no_answer' });
    const chat = (await app.app.inject({ method: 'GET', url: '/v1/simulator/chats/sim-rem-g1', headers: auth() })).json().messages as Array<{ direction: string; text: string }>;
    expect(chat.filter((m) => m.direction === 'out' && /A friendly reminder/.test(m.text))).toHaveLength(1);
  }, 60_000);
});
