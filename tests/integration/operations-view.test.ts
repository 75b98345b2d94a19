/**
 * The operations view: jobs that failed for good show with their reason, each school sees and
 * retries only its own, and a retry reaches each family once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auth, KEY_ALL, KEY_S1, KEY_S2, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const meeting = { kind: 'meeting', startsAt: '2027-09-15T17:00:00+01:00', place: 'Salle 3', audience: { classes: ['C1'] }, rsvp: true };

interface View {
  scope: string;
  channels: Array<{ platform: string; ready: boolean }>;
  queues: Array<{ queue: string; kind: string; counts: Record<string, number> }>;
  sharedQueues: number;
  waiting?: Array<{ eventId: string; kind: string; queued: number; reasons: Record<string, number> }>;
  failed: Array<{ queue: string; jobId: string; kind: string; reason: string; eventId?: string; schoolId?: string; attempts: number }>;
}

async function view(app: TestApp, key: string, query = ''): Promise<View> {
  const res = await app.app.inject({ method: 'GET', url: `/v1/operations${query}`, headers: auth(key) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as View;
}

async function counts(app: TestApp, key: string, eventId: string) {
  return (await app.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth(key) })).json().counts as Record<string, number>;
}

const retry = (app: TestApp, key: string, body: object, query = '') => app.app.inject({ method: 'POST', url: `/v1/operations/failed/retry${query}`, headers: auth(key), payload: body });

describe('the operations view', () => {
  it('lists each school’s failed invitations with their reason, and a retry sends each once', async () => {
    // The simulator fails every send while `failing` (a network problem), and never after.
    let failing = true;
    t = await startTestApp({ random: () => (failing ? 0 : 0.99), env: { SIMULATOR_TRANSIENT_FAILURE_RATE: '0.5', OUTBOUND_ATTEMPTS: '2' } });
    const app = t;
    const post = async (key: string, roster: object) => {
      expect((await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(key), payload: roster })).statusCode).toBe(200);
      const res = await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(key), payload: meeting });
      expect(res.statusCode, res.body).toBe(202);
      return res.json().eventId as string;
    };
    const one = await post(KEY_S1, makeRoster('opa', { guardians: 3, perClass: 3 }));
    const two = await post(KEY_S2, makeRoster('opb', { guardians: 2, perClass: 2 }));
    await waitFor(async () => (await counts(app, KEY_S1, one)).failed === 3 && (await counts(app, KEY_S2, two)).failed === 2, 30_000, 'the sends to fail for good');

    const mine = await view(t, KEY_S1);
    expect(mine.scope).toBe('school');
    expect(mine.failed).toHaveLength(3);
    expect(mine.failed.every((f) => f.kind === 'invitation' && f.reason === 'transient' && f.eventId === one && f.schoolId === 's1' && f.attempts === 2)).toBe(true);
    expect(mine.channels.map((c) => c.platform)).toContain('simulator');
    // The simulator serves every school: its queues are the district's to watch.
    expect(mine.queues).toEqual([]);
    expect(mine.sharedQueues).toBeGreaterThan(0);
    const theirs = await view(t, KEY_S2);
    expect(theirs.failed.map((f) => f.eventId)).toEqual([two, two]);

    // Another school's job is not found, and nothing changes.
    const target = mine.failed[0]!;
    expect((await retry(t, KEY_S2, { queue: target.queue, jobId: target.jobId })).statusCode).toBe(404);
    expect((await app.app.inject({ method: 'GET', url: '/v1/operations?all=true', headers: auth(KEY_S1) })).statusCode).toBe(403);

    failing = false;
    const res = await retry(t, KEY_S1, { queue: target.queue, jobId: target.jobId });
    expect(res.statusCode, res.body).toBe(200);
    await waitFor(async () => (await counts(app, KEY_S1, one)).delivered === 1, 15_000, 'the retried invitation');
    // Retried already: not a failed job any more, so not sent twice.
    expect((await retry(t, KEY_S1, { queue: target.queue, jobId: target.jobId })).statusCode).toBe(404);
    expect((await view(t, KEY_S1)).failed).toHaveLength(2);

    const all = await app.app.inject({ method: 'POST', url: '/v1/operations/failed/retry-all', headers: auth(KEY_S1) });
    expect(all.json()).toEqual({ retried: 2, skipped: 0 });
    await waitFor(async () => (await counts(app, KEY_S1, one)).delivered === 3, 15_000, 'every invitation of school one');
    for (let i = 1; i <= 3; i++) expect(await t.runtime.ctx.stores.simulator.transcript('s1', `sim-opa-g${i}`)).toHaveLength(1);
    // School two's failures are untouched by school one's retry-all.
    expect(await counts(t, KEY_S2, two)).toMatchObject({ failed: 2, delivered: 0 });

    // The district sees every school's, and every queue with its depth.
    const district = await view(t, KEY_ALL, '?all=true');
    expect(district.scope).toBe('all');
    expect(district.failed.map((f) => f.schoolId)).toEqual(['s2', 's2']);
    expect(district.queues.map((q) => q.kind)).toEqual(expect.arrayContaining(['fanout', 'inbound', 'outbound', 'replies']));
    const audit = (await app.app.inject({ method: 'GET', url: '/v1/audit', headers: auth(KEY_S1) })).json() as { items: Array<{ action: string }> };
    expect(audit.items.filter((e) => e.action === 'job_retried')).toHaveLength(2);
  });

  it('refuses to retry an invitation whose family was reached meanwhile', async () => {
    let failing = true;
    t = await startTestApp({ random: () => (failing ? 0 : 0.99), env: { SIMULATOR_TRANSIENT_FAILURE_RATE: '0.5', OUTBOUND_ATTEMPTS: '1' } });
    const app = t;
    expect((await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload: makeRoster('opc', { guardians: 1, perClass: 1 }) })).statusCode).toBe(200);
    const eventId = (await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: meeting })).json().eventId as string;
    await waitFor(async () => (await counts(app, KEY_S1, eventId)).failed === 1, 15_000, 'the send to fail');
    const [job] = (await view(app, KEY_S1)).failed;
    failing = false;
    // Reached by hand meanwhile: the row is no longer failed (here: sent by another way).
    await app.runtime.ctx.stores.events.reopenFailed(eventId, 'g1', 'simulator');
    await app.runtime.ctx.stores.events.markSent(eventId, 'g1', { platformMessageId: 'by-hand', sentAt: new Date() });
    const res = await retry(app, KEY_S1, { queue: job!.queue, jobId: job!.jobId });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('already_settled');
    expect(await app.runtime.ctx.stores.simulator.transcript('s1', 'sim-opc-g1')).toHaveLength(0);
  });

  it('tells a school which of its invitations still wait to go out, and why', async () => {
    // Quiet hours all day at the school: the invitations wait for the morning.
    t = await startTestApp({ quietHours: { start: '00:00', end: '23:59' } });
    const app = t;
    expect((await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload: makeRoster('opw', { guardians: 4, perClass: 4 }) })).statusCode).toBe(200);
    const eventId = (await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: meeting })).json().eventId as string;
    const mine = await waitFor(async () => {
      const v = await view(app, KEY_S1);
      return v.waiting?.[0]?.queued === 4 ? v : undefined;
    }, 15_000, 'the invitations to wait');
    expect(mine.waiting).toEqual([expect.objectContaining({ eventId, kind: 'meeting', queued: 4, reasons: { quiet_hours_pending: 4 } })]);
    expect((await view(app, KEY_S2)).waiting).toEqual([]);
  });
});
