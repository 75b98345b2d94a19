/**
 * Crash recovery with real processes: the worker role runs as a child process (`ROLE=worker
 * tsx src/main.ts`) against the shared Redis, is killed with SIGKILL in the middle of a
 * 2,000-guardian fan-out, and a second worker process finishes the job. The API stays in this
 * process (no workers) and is only used to import the roster, create the event and read counts.
 *
 * Requirement: every guardian ends up with the invitation, in their own language, and none
 * with two, except at most the sends in flight at the moment of the kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptMessage } from '../../adapters/simulator/index.js';
import { auth, startTestApp, testEnv, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARDIANS = 2000;
const OUTBOUND_CONCURRENCY = 10;

/** The worker processes' settings: slow enough to be killed mid-way, quick to take over. */
const WORKER_ENV = {
  // ~400 sends/s, in small windows so sends are always under way: the 2,000 invitations take
  // ~5 s and the kill lands in the middle of sends, not in a pause of the rate limiter.
  SIMULATOR_RATE_MAX: '20',
  SIMULATOR_RATE_DURATION_MS: '50',
  OUTBOUND_CONCURRENCY: String(OUTBOUND_CONCURRENCY),
  // A dead worker's locks expire after 2 s and the stalled check runs every second, so the
  // second worker takes over the jobs that were active at the kill within a few seconds.
  WORKER_LOCK_MS: '2000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  SHUTDOWN_TIMEOUT_MS: '10000',
  LOG_LEVEL: 'warn',
  LOG_PRETTY: 'false',
};

interface Worker {
  name: string;
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface EventView {
  counts: { queued: number; sent: number; delivered: number; failed: number; skipped: number; reasons: Record<string, unknown> };
  rsvp: { yes: number; no: number; maybe: number; pending: number } | null;
  fanout: { done: number; total: number };
}

let testApp: TestApp;
const workers: Worker[] = [];
let output = '';

function startWorker(name: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...testEnv(testApp.prefix, WORKER_ENV), ROLE: 'worker' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = (stream: string) => (chunk: Buffer) => {
    output += chunk.toString('utf8').replace(/^(?=.)/gm, `[${name} ${stream}] `);
  };
  child.stdout?.on('data', log('out'));
  child.stderr?.on('data', log('err'));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      output += `[${name}] exited: code ${code}, signal ${signal}\n`;
      resolve({ code, signal });
    });
  });
  const worker = { name, child, exit };
  workers.push(worker);
  return worker;
}

function alive(w: Worker): boolean {
  return w.child.exitCode === null && w.child.signalCode === null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref());
}

function outboundQueue() {
  return testApp.runtime.ctx.queues.outbound('simulator', 'main');
}

async function getEvent(eventId: string): Promise<EventView> {
  const res = await testApp.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<EventView>();
}

/** The outbound messages in a chat that carry this event's yes/no/maybe choices. */
function invitationsIn(transcript: TranscriptMessage[], eventId: string): TranscriptMessage[] {
  const expected = ['yes', 'no', 'maybe'].map((a) => `r.${a}.${eventId}`).join(',');
  return transcript.filter((m) => m.direction === 'out' && m.choices?.map((c) => c.id).join(',') === expected);
}

async function mapBatched<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

beforeAll(async () => {
  testApp = await startTestApp({ workers: false });
});

afterAll(async () => {
  for (const w of workers) if (alive(w)) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => Promise.race([w.exit, timeout(5000, `${w.name} to exit`)]).catch(() => undefined)));
  await testApp?.close();
});

describe('crash recovery (real worker processes)', () => {
  it('a worker killed with SIGKILL mid fan-out and restarted leaves every guardian with exactly one invitation, bar the sends in flight', async ({ onTestFailed }) => {
    onTestFailed(() => console.error(`worker process output:\n${output || '(none)'}`));
    const started = Date.now();
    const roster = makeRoster(testApp.prefix, { guardians: GUARDIANS, perClass: 100 });

    const imported = await testApp.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ imported: { guardians: GUARDIANS, children: GUARDIANS }, errors: [] });

    // First worker, then the event: its fan-out job waits in Redis until the worker is up.
    const first = startWorker('worker-1');
    const created = await testApp.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: auth(),
      payload: {
        kind: 'meeting',
        startsAt: '2030-03-14T17:00:00+01:00',
        place: 'Main hall',
        audience: { school: true },
        rsvp: true,
        respectQuietHours: false, // send now, whatever the time of day of the test run
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const { eventId, recipients } = created.json<{ eventId: string; recipients: number }>();
    expect(recipients).toBe(GUARDIANS);

    // Kill it once a fifth of the invitations are recorded (~400 of 2,000).
    await waitFor(async () => alive(first) && (await getEvent(eventId)).counts.delivered >= GUARDIANS * 0.2, 30_000, 'the first worker to deliver 20%');
    // Aim the kill at sends under way rather than at a pause of the rate limiter (polled much
    // faster than its 50 ms window, so the two cannot fall into step); give up aiming after 1 s.
    const aimUntil = Date.now() + 1000;
    while (Date.now() < aimUntil && (await outboundQueue().getActiveCount()) === 0) await sleep(3);
    first.child.kill('SIGKILL');
    const firstExit = await Promise.race([first.exit, timeout(5000, 'worker-1 to die')]);
    expect(firstExit.signal).toBe('SIGKILL');
    const atKill = await getEvent(eventId);
    const deliveredAtKill = atKill.counts.delivered;
    // The dead worker's jobs stay in BullMQ's active list until their locks expire: these are
    // the sends that were in flight, the only ones that may reach a guardian twice.
    const activeAtKill = await outboundQueue().getActive();
    // A batch job sends its guardians one after the other: one send in flight per active job,
    // but which of its guardians is not known from outside, so all of them count as candidates.
    const inFlight = new Set(activeAtKill.flatMap((j) => {
      if (j.data.kind === 'batch') return j.data.recipients.map((r) => r.guardianId);
      return j.data.kind === 'invitation' ? [j.data.guardianId] : [];
    }));
    const inFlightAtKill = activeAtKill.length;
    expect(inFlightAtKill).toBeLessThanOrEqual(OUTBOUND_CONCURRENCY);
    expect(deliveredAtKill).toBeGreaterThan(0);
    expect(deliveredAtKill).toBeLessThan(GUARDIANS);
    const killedAt = Date.now();

    // Nobody works on the event while no worker runs.
    await sleep(300);
    expect((await getEvent(eventId)).counts.delivered).toBe(deliveredAtKill);

    // Second worker: picks up the waiting jobs and, once their locks expire, the stalled ones.
    const second = startWorker('worker-2');
    const done = await waitFor(async () => {
      if (!alive(second)) throw new Error('worker-2 exited before finishing');
      const e = await getEvent(eventId);
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
    const { simulator } = testApp.runtime.ctx.stores;
    const chats = await mapBatched(roster.guardians, 100, async (g) => ({ g, invitations: invitationsIn(await simulator.transcript('s1', g.channels.simulator), eventId) }));
    const none = chats.filter((c) => c.invitations.length === 0).map((c) => c.g.id);
    const twice = chats.filter((c) => c.invitations.length >= 2).map((c) => c.g.id);
    const once = chats.length - none.length - twice.length;
    const wrongLanguage = chats
      .filter(({ g, invitations }) => invitations.some((m) => (g.locale === 'ar' ? !/[\u0600-\u06FF]/.test(m.text) || m.text.includes('Dear') : !m.text.includes('Dear'))))
      .map((c) => c.g.id);
    // makeRoster gives guardian i exactly one child, children[i]; "Sara 1" must not match "Sara 10".
    const ownChildMissing = chats
      .filter(({ invitations }, i) => {
        const child = new RegExp(`${roster.children[i]?.name}(?!\\d)`);
        return invitations.some((m) => !child.test(m.text));
      })
      .map((c) => c.g.id);

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
