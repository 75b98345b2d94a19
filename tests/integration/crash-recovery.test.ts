/**
 * Crash recovery with real processes: the worker role runs as a child process (`ROLE=worker
 * tsx src/main.ts`) against the shared Redis, is killed with SIGKILL in the middle of a
 * 2,000-guardian fan-out, and a second worker process finishes the job. The API stays in this
 * process (no workers) and is only used to import the roster, create the event and read counts.
 *
 * Requirement: every guardian ends up with the invitation, in their own language, and none
 * with two, except at most the sends in flight at the moment of the kill.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';
import { alive, getEvent, inFlightGuardians, inviteWholeSchool, readPhones, sleep, timeout, workerEnv, workerPool } from './helpers/worker-processes.js';

const GUARDIANS = 2000;
const OUTBOUND_CONCURRENCY = 10;

let testApp: TestApp;
const pool = workerPool(() => testApp, workerEnv(OUTBOUND_CONCURRENCY));

function outboundQueue() {
  return testApp.runtime.ctx.queues.outbound('simulator', 'main');
}

beforeAll(async () => {
  testApp = await startTestApp({ workers: false });
});

afterAll(async () => {
  await pool.stopAll();
  await testApp?.close();
});

describe('crash recovery (real worker processes)', () => {
  it('a worker killed with SIGKILL mid fan-out and restarted leaves every guardian with exactly one invitation, bar the sends in flight', async ({ onTestFailed }) => {
    onTestFailed(() => console.error(`worker process output:\n${pool.output()}`));
    const started = Date.now();
    const roster = makeRoster(testApp.prefix, { guardians: GUARDIANS, perClass: 100 });

    const imported = await testApp.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ imported: { guardians: GUARDIANS, children: GUARDIANS }, errors: [] });

    // First worker, then the event: its fan-out job waits in Redis until the worker is up.
    const first = pool.start('worker-1');
    const { eventId, recipients } = await inviteWholeSchool(testApp);
    expect(recipients).toBe(GUARDIANS);

    // Kill it once a fifth of the invitations are recorded (~400 of 2,000).
    await waitFor(async () => alive(first) && (await getEvent(testApp, eventId)).counts.delivered >= GUARDIANS * 0.2, 30_000, 'the first worker to deliver 20%');
    // Aim the kill at sends under way rather than at a pause of the rate limiter (polled much
    // faster than its 50 ms window, so the two cannot fall into step); give up aiming after 1 s.
    const aimUntil = Date.now() + 1000;
    while (Date.now() < aimUntil && (await outboundQueue().getActiveCount()) === 0) await sleep(3);
    first.child.kill('SIGKILL');
    const firstExit = await Promise.race([first.exit, timeout(5000, 'worker-1 to die')]);
    expect(firstExit.signal).toBe('SIGKILL');
    const atKill = await getEvent(testApp, eventId);
    const deliveredAtKill = atKill.counts.delivered;
    // The dead worker's jobs stay in BullMQ's active list until their locks expire: these are
    // the sends that were in flight, the only ones that may reach a guardian twice.
    const { jobs: inFlightAtKill, guardians: inFlight } = await inFlightGuardians(testApp);
    expect(inFlightAtKill).toBeLessThanOrEqual(OUTBOUND_CONCURRENCY);
    expect(deliveredAtKill).toBeGreaterThan(0);
    expect(deliveredAtKill).toBeLessThan(GUARDIANS);
    const killedAt = Date.now();

    // Nobody works on the event while no worker runs.
    await sleep(300);
    expect((await getEvent(testApp, eventId)).counts.delivered).toBe(deliveredAtKill);

    // Second worker: picks up the waiting jobs and, once their locks expire, the stalled ones.
    const second = pool.start('worker-2');
    const done = await waitFor(async () => {
      if (!alive(second)) throw new Error('worker-2 exited before finishing');
      const e = await getEvent(testApp, eventId);
      const { delivered, failed, skipped, queued } = e.counts;
      return delivered + failed + skipped === GUARDIANS && queued === 0 ? e : undefined;
    }, 60_000, 'the second worker to finish the fan-out');
    const recoveredMs = Date.now() - killedAt;

    // Graceful shutdown of the second worker.
    second.child.kill('SIGTERM');
    const secondExit = await Promise.race([second.exit, timeout(15_000, 'worker-2 to shut down on SIGTERM')]);
    expect(secondExit).toEqual({ code: 0, signal: null });

    expect(done.counts).toMatchObject({ delivered: GUARDIANS, failed: 0, skipped: 0, queued: 0, sent: 0 });
    expect(done.fanout).toEqual({ done: GUARDIANS, total: GUARDIANS });
    expect(done.rsvp).toEqual({ yes: 0, no: 0, maybe: 0, pending: GUARDIANS });

    // What the parents' phones show.
    const { once, none, twice, wrongLanguage, ownChildMissing } = await readPhones(testApp, roster, eventId);

    const summary = { deliveredAtKill, inFlightAtKill, once, none: none.length, twice: twice.length, recoveredMs, totalMs: Date.now() - started };
    console.error(`crash-recovery: ${JSON.stringify(summary)}`);

    expect(none, 'guardians without the invitation').toEqual([]);
    expect(twice.filter((g) => !inFlight.has(g)), 'guardians with two invitations whose send was not in flight at the kill').toEqual([]);
    expect(twice.length, `guardians with two invitations: ${twice.join(', ')}`).toBeLessThanOrEqual(OUTBOUND_CONCURRENCY);
    expect(once + twice.length).toBe(GUARDIANS);
    expect(wrongLanguage, 'guardians who got the invitation in the wrong language').toEqual([]);
    expect(ownChildMissing, 'guardians whose invitation does not name their own child').toEqual([]);
  }, 120_000);
});
