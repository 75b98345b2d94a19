/**
 * Workers scale out: this process is the API, two worker processes (`ROLE=worker`) share one
 * 2,000-family fan-out from the start, and one of them is killed with SIGKILL in the middle.
 * The survivor finishes: every family is reached, once, bar the sends in flight at the kill.
 * `npm run test:cluster` runs it on a 3-shard Redis Cluster (REDIS_CLUSTER_NODES), `npm test`
 * on one server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';
import { alive, getEvent, inFlightGuardians, inviteWholeSchool, readPhones, timeout, workerEnv, workerPool } from './helpers/worker-processes.js';

const GUARDIANS = 2000;
const OUTBOUND_CONCURRENCY = 10;

let testApp: TestApp;
const pool = workerPool(() => testApp, workerEnv(OUTBOUND_CONCURRENCY));

beforeAll(async () => {
  testApp = await startTestApp({ workers: false });
});

afterAll(async () => {
  await pool.stopAll();
  await testApp?.close();
});

describe('two worker processes on one fan-out', () => {
  it('share the sends, and when one is killed mid-way the other reaches every family once', async ({ onTestFailed }) => {
    onTestFailed(() => console.error(`worker process output:\n${pool.output()}`));
    const roster = makeRoster(testApp.prefix, { guardians: GUARDIANS, perClass: 100 });
    const imported = await testApp.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
    expect(imported.statusCode, imported.body).toBe(200);

    const one = pool.start('worker-1');
    const two = pool.start('worker-2');
    const { eventId, recipients } = await inviteWholeSchool(testApp);
    expect(recipients).toBe(GUARDIANS);

    // Both processes take outbound jobs: each job names the process that runs it.
    const seenBy = new Set<string>();
    await waitFor(async () => {
      if (!alive(one) || !alive(two)) throw new Error('a worker exited before the kill');
      for (const job of await testApp.runtime.ctx.queues.outbound('simulator', 'main').getActive()) if (job.processedBy) seenBy.add(job.processedBy);
      return seenBy.size >= 2 && (await getEvent(testApp, eventId)).counts.delivered >= GUARDIANS * 0.2;
    }, 30_000, 'both workers to send, and a fifth of the families to be reached');

    one.child.kill('SIGKILL');
    expect((await Promise.race([one.exit, timeout(5000, 'worker-1 to die')])).signal).toBe('SIGKILL');
    const { guardians: inFlight } = await inFlightGuardians(testApp);
    const deliveredAtKill = (await getEvent(testApp, eventId)).counts.delivered;
    expect(deliveredAtKill).toBeLessThan(GUARDIANS);

    const done = await waitFor(async () => {
      if (!alive(two)) throw new Error('worker-2 exited before finishing');
      const e = await getEvent(testApp, eventId);
      const { delivered, failed, skipped, queued } = e.counts;
      return delivered + failed + skipped === GUARDIANS && queued === 0 ? e : undefined;
    }, 60_000, 'the surviving worker to finish the fan-out');
    expect(done.counts).toMatchObject({ delivered: GUARDIANS, failed: 0, skipped: 0, queued: 0 });
    expect(done.fanout).toEqual({ done: GUARDIANS, total: GUARDIANS });

    const phones = await readPhones(testApp, roster, eventId);
    console.error(`scale-out: ${JSON.stringify({ workersSeen: seenBy.size, deliveredAtKill, inFlight: inFlight.size, once: phones.once, none: phones.none.length, twice: phones.twice.length })}`);
    expect(phones.none, 'families without the invitation').toEqual([]);
    expect(phones.twice.filter((g) => !inFlight.has(g)), 'families with two invitations whose send was not in flight at the kill').toEqual([]);
    expect(phones.twice.length).toBeLessThanOrEqual(OUTBOUND_CONCURRENCY);
    expect(phones.wrongLanguage).toEqual([]);
    expect(phones.ownChildMissing).toEqual([]);

    two.child.kill('SIGTERM');
    expect(await Promise.race([two.exit, timeout(15_000, 'worker-2 to shut down on SIGTERM')])).toEqual({ code: 0, signal: null });
  }, 120_000);
});
