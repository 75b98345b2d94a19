/**
 * Real worker processes (`ROLE=worker tsx src/main.ts`) against the test's Redis (or cluster),
 * and what the parents' phones show afterwards: for the crash and scale-out tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { TranscriptMessage } from '../../../adapters/simulator/index.js';
import { auth, testEnv, type TestApp } from '../../helpers/app.js';
import type { makeRoster } from '../../helpers/roster.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The worker processes' settings: slow enough to be killed mid-way, quick to take over. */
export function workerEnv(outboundConcurrency: number): Record<string, string> {
  return {
    // ~400 sends/s per process, in small windows so sends are always under way: 2,000
    // invitations take ~5 s and a kill lands in the middle of sends, not in a pause of the limiter.
    SIMULATOR_RATE_MAX: '20',
    SIMULATOR_RATE_DURATION_MS: '50',
    OUTBOUND_CONCURRENCY: String(outboundConcurrency),
    // A dead worker's locks expire after 2 s and the stalled check runs every second, so another
    // worker takes over the jobs that were active at the kill within a few seconds.
    WORKER_LOCK_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    SHUTDOWN_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
  };
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface WorkerPool {
  start(name: string): WorkerProcess;
  /** What the processes printed, each line marked with its process. */
  output(): string;
  /** Kills what still runs and waits for it. */
  stopAll(): Promise<void>;
}

export function workerPool(testApp: () => TestApp, env: Record<string, string>): WorkerPool {
  const workers: WorkerProcess[] = [];
  let output = '';
  return {
    start(name) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...testEnv(testApp().prefix, env), ROLE: 'worker' },
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
    },
    output: () => output || '(none)',
    async stopAll() {
      for (const w of workers) if (alive(w)) w.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => Promise.race([w.exit, timeout(5000, `${w.name} to exit`)]).catch(() => undefined)));
    },
  };
}

export function alive(w: WorkerProcess): boolean {
  return w.child.exitCode === null && w.child.signalCode === null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref());
}

export interface EventView {
  counts: { queued: number; sent: number; delivered: number; failed: number; skipped: number; reasons: Record<string, unknown> };
  rsvp: { yes: number; no: number; maybe: number; pending: number } | null;
  fanout: { done: number; total: number };
}

export async function getEvent(testApp: TestApp, eventId: string): Promise<EventView> {
  const res = await testApp.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<EventView>();
}

/** A school-wide meeting sent now, whatever the time of day of the test run. */
export async function inviteWholeSchool(testApp: TestApp): Promise<{ eventId: string; recipients: number }> {
  const created = await testApp.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: auth(),
    payload: { kind: 'meeting', startsAt: '2030-03-14T17:00:00+01:00', place: 'Main hall', audience: { school: true }, rsvp: true, respectQuietHours: false },
  });
  expect(created.statusCode, created.body).toBe(202);
  return created.json<{ eventId: string; recipients: number }>();
}

/** The guardians the active outbound jobs are sending to: the only ones a kill may reach twice. */
export async function inFlightGuardians(testApp: TestApp): Promise<{ jobs: number; guardians: Set<string> }> {
  const active = await testApp.runtime.ctx.queues.outbound('simulator', 'main').getActive();
  // A batch job sends its guardians one after the other: one send in flight per active job,
  // but which of its guardians is not known from outside, so all of them count as candidates.
  const guardians = new Set(active.flatMap((j) => {
    if (j.data.kind === 'batch') return j.data.recipients.map((r) => r.guardianId);
    return j.data.kind === 'invitation' ? [j.data.guardianId] : [];
  }));
  return { jobs: active.length, guardians };
}

export interface Phones {
  once: number;
  none: string[];
  twice: string[];
  wrongLanguage: string[];
  ownChildMissing: string[];
}

/** What every guardian's phone shows of the event's invitation. */
export async function readPhones(testApp: TestApp, roster: ReturnType<typeof makeRoster>, eventId: string): Promise<Phones> {
  const { simulator } = testApp.runtime.ctx.stores;
  const chats: Array<{ g: (typeof roster.guardians)[number]; invitations: TranscriptMessage[] }> = [];
  for (let i = 0; i < roster.guardians.length; i += 100) {
    chats.push(...(await Promise.all(roster.guardians.slice(i, i + 100).map(async (g) => ({ g, invitations: invitationsIn(await simulator.transcript('s1', g.channels.simulator), eventId) })))));
  }
  const none = chats.filter((c) => c.invitations.length === 0).map((c) => c.g.id);
  const twice = chats.filter((c) => c.invitations.length >= 2).map((c) => c.g.id);
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
  return { once: chats.length - none.length - twice.length, none, twice, wrongLanguage, ownChildMissing };
}

/** The outbound messages in a chat that carry this event's yes/no/maybe choices. */
function invitationsIn(transcript: TranscriptMessage[], eventId: string): TranscriptMessage[] {
  const expected = ['yes', 'no', 'maybe'].map((a) => `r.${a}.${eventId}`).join(',');
  return transcript.filter((m) => m.direction === 'out' && m.choices?.map((c) => c.id).join(',') === expected);
}
