import { afterEach, describe, expect, it, vi } from 'vitest';
import { auth, KEY_ALL, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

let t: TestApp | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await t?.close();
  t = undefined;
});

async function importRoster(app: TestApp, roster: object) {
  const res = await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
  expect(res.statusCode, res.body).toBe(200);
}

async function postEvent(app: TestApp, body: object, headers: Record<string, string> = {}) {
  return app.app.inject({ method: 'POST', url: '/v1/events', headers: { ...auth(), ...headers }, payload: body });
}

async function eventState(app: TestApp, id: string) {
  return (await app.app.inject({ method: 'GET', url: `/v1/events/${id}`, headers: auth() })).json();
}

async function waitDone(app: TestApp, id: string, total: number) {
  return waitFor(async () => {
    const e = await eventState(app, id);
    const c = e.counts;
    return c.delivered + c.failed + c.skipped === total && c.queued === 0 ? e : undefined;
  }, 20_000, `event ${id} to finish`);
}

const transcript = (app: TestApp, address: string) => app.runtime.ctx.stores.simulator.transcript('s1', address);

const meeting = { kind: 'meeting', startsAt: '2027-09-15T17:00:00+01:00', place: 'Salle 3', audience: { classes: ['C1'] }, rsvp: true };

describe('an invitation to a class', () => {
  it('reaches every guardian of the class once, in their language, with yes/no/maybe choices', async () => {
    t = await startTestApp();
    await importRoster(t, makeRoster('lang', { guardians: 40, perClass: 20 }));
    const res = await postEvent(t, meeting);
    expect(res.statusCode).toBe(202);
    const { eventId, recipients } = res.json();
    expect(recipients).toBe(20);
    const done = await waitDone(t, eventId, 20);
    expect(done.counts).toMatchObject({ delivered: 20, failed: 0, skipped: 0 });
    expect(done.rsvp).toEqual({ yes: 0, no: 0, maybe: 0, pending: 20 });

    const arabic = await transcript(t, 'sim-lang-g1'); // odd guardians read Arabic
    const english = await transcript(t, 'sim-lang-g2');
    expect(arabic).toHaveLength(1);
    expect(english).toHaveLength(1);
    expect(arabic[0]?.text).toContain('شتنبر'); // the Moroccan month name
    expect(arabic[0]?.text).toContain('17:00');
    expect(arabic[0]?.text).not.toMatch(/[\u0660-\u0669]/); // Latin digits, as Moroccan schools write
    expect(english[0]?.text).toContain('September');
    expect(english[0]?.text).toContain('17:00');
    expect(arabic[0]?.choices?.map((c) => c.id)).toEqual([`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`]);
    expect(english[0]?.choices?.map((c) => c.label)).toEqual(['Yes, I’ll come', 'No, I can’t come', 'Maybe']);
    // Guardians of the other class got nothing.
    expect(await transcript(t, 'sim-lang-g21')).toHaveLength(0);
  });

  it('lists one delivery row per guardian with channel, status and timestamps', async () => {
    t = await startTestApp();
    await importRoster(t, makeRoster('rows', { guardians: 5, perClass: 5 }));
    const { eventId } = (await postEvent(t, meeting)).json();
    await waitDone(t, eventId, 5);
    const page = (await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/deliveries?limit=2&offset=2`, headers: auth() })).json();
    expect(page.total).toBe(5);
    expect(page.items.map((d: { guardianId: string }) => d.guardianId)).toEqual(['g3', 'g4']);
    expect(page.items[0]).toMatchObject({ channel: 'simulator', status: 'delivered' });
    expect(Date.parse(page.items[0].deliveredAt)).toBeGreaterThan(0);
  });

  it('counts an RSVP tap, and a change of mind moves the count', async () => {
    t = await startTestApp();
    await importRoster(t, makeRoster('tap', { guardians: 3, perClass: 3 }));
    const { eventId } = (await postEvent(t, meeting)).json();
    await waitDone(t, eventId, 3);
    const tap = (choice: string) => t!.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: 'sim-tap-g1', choice } });
    expect((await tap(`r.yes.${eventId}`)).statusCode).toBe(202);
    await waitFor(async () => (await eventState(t!, eventId)).rsvp.yes === 1 || undefined);
    await tap(`r.no.${eventId}`);
    const after = await waitFor(async () => {
      const e = await eventState(t!, eventId);
      return e.rsvp.no === 1 ? e : undefined;
    });
    expect(after.rsvp).toEqual({ yes: 0, no: 1, maybe: 0, pending: 2 });
  });
});

describe('Idempotency-Key', () => {
  it('gives one event and one message per guardian for the same POST twice', async () => {
    t = await startTestApp();
    await importRoster(t, makeRoster('idem', { guardians: 10, perClass: 10 }));
    const key = { 'idempotency-key': 'staff-click-1' };
    const [a, b] = await Promise.all([postEvent(t, meeting, key), postEvent(t, meeting, key)]);
    const c = await postEvent(t, meeting, key);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([202, 202, 202]);
    expect(new Set([a.json().eventId, b.json().eventId, c.json().eventId]).size).toBe(1);
    await waitDone(t, a.json().eventId, 10);
    const list = (await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() })).json();
    expect(list.items).toHaveLength(1);
    for (let i = 1; i <= 10; i++) expect(await transcript(t, `sim-idem-g${i}`)).toHaveLength(1);
  });

  it('refuses the same key with a different body instead of answering with the wrong event', async () => {
    t = await startTestApp();
    await importRoster(t, makeRoster('idem2', { guardians: 2, perClass: 2 }));
    const key = { 'idempotency-key': 'k-2' };
    expect((await postEvent(t, meeting, key)).statusCode).toBe(202);
    const other = await postEvent(t, { ...meeting, place: 'Salle 4' }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('idempotency_key_reused');
  });
});

describe('quiet hours', () => {
  it('are 21:00–08:00 in Africa/Casablanca for a school that set nothing', async () => {
    t = await startTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/v1/school?school=fresh-school', headers: auth(KEY_ALL) });
    expect(res.json()).toMatchObject({ id: 'fresh-school', timeZone: 'Africa/Casablanca', quietHours: { start: '21:00', end: '08:00' }, defaultLocale: 'ar' });
  });

  it('holds an event created at 22:30 school time until 08:00, then delivers it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T21:30:00Z')); // 22:30 in Casablanca (UTC+1)
    t = await startTestApp({ quietHours: { start: '21:00', end: '08:00' } }); // the default
    await importRoster(t, makeRoster('quiet', { guardians: 4, perClass: 4 }));
    const { eventId } = (await postEvent(t, { ...meeting, startsAt: '2026-11-25T17:00:00+01:00' })).json();
    const waiting = await waitFor(async () => {
      const e = await eventState(t!, eventId);
      return e.counts.queued === 4 ? e : undefined;
    });
    expect(waiting.counts.reasons).toEqual({ queued: { quiet_hours_pending: 4 } });
    const rows = (await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/deliveries`, headers: auth() })).json();
    expect(rows.items[0]).toMatchObject({ status: 'queued', reason: 'quiet_hours_pending', dueAt: '2026-11-24T07:00:00.000Z' });
    expect(await transcript(t, 'sim-quiet-g1')).toHaveLength(0);

    vi.setSystemTime(new Date('2026-11-24T06:59:00Z')); // 07:59: still quiet
    await new Promise((r) => setTimeout(r, 300));
    expect(await transcript(t, 'sim-quiet-g1')).toHaveLength(0);

    vi.setSystemTime(new Date('2026-11-24T07:00:01Z')); // 08:00:01 school time
    const done = await waitDone(t, eventId, 4);
    expect(done.counts.delivered).toBe(4);
    expect(done.counts.reasons).toEqual({});
    expect(await transcript(t, 'sim-quiet-g1')).toHaveLength(1);
  });

  it('holds a scheduled invitation that falls in quiet hours changed after it was sent, until their new end', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T19:30:00Z')); // 20:30 in Casablanca
    t = await startTestApp({ quietHours: { start: '21:00', end: '08:00' } });
    await importRoster(t, makeRoster('moved', { guardians: 2, perClass: 2 }));
    // To go at 20:50, before quiet hours as they are now.
    const { eventId } = (await postEvent(t, { ...meeting, sendAt: '2026-11-23T20:50:00+01:00' })).json();
    await waitFor(async () => ((await eventState(t!, eventId)).counts.reasons?.queued?.scheduled === 2 ? true : undefined));
    // The school makes its evening quiet from 20:45 and its mornings until 08:30.
    const changed = await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { quietHours: { start: '20:45', end: '08:30' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    vi.setSystemTime(new Date('2026-11-23T19:50:01Z')); // 20:50:01: due, but quiet now
    const held = await waitFor(async () => {
      const e = await eventState(t!, eventId);
      return e.counts.reasons?.queued?.quiet_hours_pending === 2 ? e : undefined;
    });
    expect(held.counts.delivered ?? 0).toBe(0);
    const rows = (await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/deliveries`, headers: auth() })).json();
    expect(rows.items[0]).toMatchObject({ status: 'queued', reason: 'quiet_hours_pending', dueAt: '2026-11-24T07:30:00.000Z' });
    expect(await transcript(t, 'sim-moved-g1')).toHaveLength(0);

    vi.setSystemTime(new Date('2026-11-24T07:30:01Z')); // 08:30:01 school time
    expect((await waitDone(t, eventId, 2)).counts.delivered).toBe(2);
    expect(await transcript(t, 'sim-moved-g1')).toHaveLength(1);
  });

  it('sends what quiet hours held at their new end when the school shortens them, and at once when it turns them off', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T21:30:00Z')); // 22:30 in Casablanca
    t = await startTestApp({ quietHours: { start: '21:00', end: '08:00' } });
    await importRoster(t, makeRoster('short', { guardians: 2, perClass: 2 }));
    const { eventId } = (await postEvent(t, meeting)).json();
    const dueOf = async () => ((await t!.app.inject({ method: 'GET', url: `/v1/events/${eventId}/deliveries`, headers: auth() })).json().items as Array<{ dueAt?: string }>).map((r) => r.dueAt);
    await waitFor(async () => ((await eventState(t!, eventId)).counts.reasons?.queued?.quiet_hours_pending === 2 ? true : undefined));
    expect(await dueOf()).toEqual(['2026-11-24T07:00:00.000Z', '2026-11-24T07:00:00.000Z']);
    const patch = (quietHours: object) => t!.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { quietHours } });
    // Mornings quiet until 07:00 now: the held invitations say so, and still wait.
    expect((await patch({ start: '21:00', end: '07:00' })).statusCode).toBe(200);
    expect(await dueOf()).toEqual(['2026-11-24T06:00:00.000Z', '2026-11-24T06:00:00.000Z']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await transcript(t, 'sim-short-g1')).toHaveLength(0);
    // No quiet hours at all: they go now.
    expect((await patch({ start: '00:00', end: '00:00' })).statusCode).toBe(200);
    expect((await waitDone(t, eventId, 2)).counts.delivered).toBe(2);
    expect(await transcript(t, 'sim-short-g1')).toHaveLength(1);
  });

  it('sends at night when staff turn quiet hours off for an urgent notice', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T21:30:00Z'));
    t = await startTestApp({ quietHours: { start: '21:00', end: '08:00' } });
    await importRoster(t, makeRoster('urgent', { guardians: 2, perClass: 2 }));
    const { eventId } = (await postEvent(t, { kind: 'custom', details: { en: 'School closed tomorrow', ar: 'المدرسة مغلقة غدا' }, audience: { classes: ['C1'] }, respectQuietHours: false })).json();
    expect((await waitDone(t, eventId, 2)).counts.delivered).toBe(2);
  });
});

describe('when a channel misbehaves', () => {
  it('retries transient failures and 429s until every guardian has exactly one invitation', async () => {
    const random = seededRandom(42); // deterministic mix of 429s and network errors
    t = await startTestApp({
      random,
      env: { SIMULATOR_TRANSIENT_FAILURE_RATE: '0.2', SIMULATOR_RATE_LIMITED_RATE: '0.2', SIMULATOR_RETRY_AFTER_MS: '50' },
    });
    await importRoster(t, makeRoster('flaky', { guardians: 30, perClass: 30 }));
    const { eventId } = (await postEvent(t, meeting)).json();
    const done = await waitDone(t, eventId, 30);
    expect(done.counts).toMatchObject({ delivered: 30, failed: 0 });
    for (let i = 1; i <= 30; i++) expect(await transcript(t, `sim-flaky-g${i}`)).toHaveLength(1);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/school_bridge_sends_total\{platform="simulator",outcome="rate_limited"\} [1-9]/);
    expect(metrics).toMatch(/school_bridge_sends_total\{platform="simulator",outcome="retry"\} [1-9]/);
  });

  it('records a guardian who blocked the bot as failed/unreachable and marks the channel', async () => {
    t = await startTestApp();
    const roster = makeRoster('blk', { guardians: 3, perClass: 3, address: (i) => (i === 2 ? `blocked-blk-g${i}` : `sim-blk-g${i}`) });
    await importRoster(t, roster);
    const { eventId } = (await postEvent(t, meeting)).json();
    const done = await waitDone(t, eventId, 3);
    expect(done.counts).toMatchObject({ delivered: 2, failed: 1, reasons: { failed: { unreachable: 1 } } });
    const g2 = (await t.app.inject({ method: 'GET', url: '/v1/guardians/g2', headers: auth() })).json();
    expect(g2.unreachable?.simulator).toBeDefined();
    // The next event does not try the dead channel again: skipped up front.
    const next = (await postEvent(t, { ...meeting, kind: 'reminder' })).json();
    const nextDone = await waitDone(t, next.eventId, 3);
    expect(nextDone.counts).toMatchObject({ delivered: 2, skipped: 1, reasons: { skipped: { unreachable: 1 } } });
  });

  it('skips opted-out guardians and guardians with no linked channel, with the reason', async () => {
    t = await startTestApp();
    const roster = makeRoster('skip', { guardians: 4, perClass: 4 });
    (roster.guardians[3] as { channels: object }).channels = {};
    await importRoster(t, roster);
    const g1 = await t.runtime.ctx.stores.roster.getGuardian('s1', 'g1');
    await t.runtime.ctx.stores.roster.saveGuardian('s1', { ...g1!, optedOutAt: '2026-11-01T10:00:00.000Z' });
    const { eventId } = (await postEvent(t, meeting)).json();
    const done = await waitDone(t, eventId, 4);
    expect(done.counts).toMatchObject({ delivered: 2, skipped: 2, reasons: { skipped: { opted_out: 1, no_channel: 1 } } });
    expect(await transcript(t, 'sim-skip-g1')).toHaveLength(0);
    // Re-importing the roster does not undo the opt-out (it is consent evidence).
    await importRoster(t, roster);
    expect((await t.runtime.ctx.stores.roster.getGuardian('s1', 'g1'))?.optedOutAt).toBe('2026-11-01T10:00:00.000Z');
  });
});

describe('audiences', () => {
  it('reaches a guardian with children in two targeted classes once, naming both children', async () => {
    t = await startTestApp();
    const roster = makeRoster('sib', { guardians: 4, perClass: 2 });
    roster.children.push({ id: 'c9', name: 'Youssef', classId: 'C2', guardianIds: ['g2'] });
    await importRoster(t, roster);
    const { eventId, recipients } = (await postEvent(t, { ...meeting, audience: { classes: ['C1', 'C2'] } })).json();
    expect(recipients).toBe(4);
    await waitDone(t, eventId, 4);
    const msgs = await transcript(t, 'sim-sib-g2');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.text).toContain('Sara 2');
    expect(msgs[0]?.text).toContain('Youssef');
  });

  it('sends an absence notice naming only the absent child, to each of their guardians', async () => {
    t = await startTestApp();
    const roster = makeRoster('abs', { guardians: 3, perClass: 3 });
    roster.children[0]!.guardianIds.push('g2');
    await importRoster(t, roster);
    const { eventId, recipients } = (await postEvent(t, { kind: 'absence', audience: { children: ['c1'] } })).json();
    expect(recipients).toBe(2);
    await waitDone(t, eventId, 2);
    expect((await transcript(t, 'sim-abs-g1'))[0]?.text).toContain('سارة 1');
    expect((await transcript(t, 'sim-abs-g2'))[0]?.text).toMatch(/missed.*Sara 1|سارة 1/s);
    expect(await transcript(t, 'sim-abs-g3')).toHaveLength(0);
  });
});

/** mulberry32: a small seeded PRNG, so a failure pattern is the same on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
