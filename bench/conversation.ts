/**
 * Conversation benchmark: the time from a parent's message to the bot's reply, measured on the
 * simulator channel from just before POST /v1/simulator/inbound (in-process app.inject) to the
 * moment the reply is written to the simulated phone (the phone's deliver() is timed, not
 * polled). Each sample is one parent answering "yes" to an RSVP invitation they received.
 *
 * Three phases, in order, each in its own app:
 *   A. idle, limits lifted: nothing else on the channel;
 *   B. a 10,000-guardian fan-out draining on the same channel account at its send rate
 *      (the simulator's default 100/s): replies share the account's rate with bulk;
 *   C. the same fan-out with the channel's limits lifted: nothing waits for slots, the process
 *      is busy with the fan-out's work (CPU contention).
 * Prints p50/p90/p99/max next to the targets (PASS/MISS), then one line of JSON; never asserts.
 *
 *   npm run bench -- conversation [--guardians 10000] [--samples 200] [--rate 100]
 */
import os from 'node:os';
import { KEY_S1, auth, startTestApp, type TestApp } from '../tests/helpers/app.js';
import { makeRoster } from '../tests/helpers/roster.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { fixed, int, ms, rate, table, verdict, type Row } from './lib/format.js';
import { now, percentile, perSecond, sleep } from './lib/timing.js';

const OPTIONS = [
  { flag: 'guardians', env: ['BENCH_GUARDIANS'], default: 10_000, min: 100, max: 100_000, help: 'guardians the fan-out goes to' },
  { flag: 'samples', env: ['BENCH_SAMPLES'], default: 200, min: 20, max: 5000, help: 'parents answering, per phase' },
  { flag: 'rate', env: ['BENCH_RATE'], default: 100, min: 10, max: 10_000, help: 'the channel account\'s send rate in phase B (messages/s)' },
  { flag: 'gap', env: ['BENCH_GAP_MS'], default: 25, min: 0, max: 1000, help: 'ms between two parents\' messages' },
] as const satisfies readonly IntOption[];

type Options = Record<(typeof OPTIONS)[number]['flag'], number>;

const TARGET_IDLE_P99_MS = 50;
const TARGET_LOADED_P99_MS = 1000;
const IMPORT_CHUNK = 2000;
const REPLY_CLASS = 'R1';
const TIMEOUT_MS = 30_000;

interface Phase {
  name: string;
  latencies: number[];
  /** Invitations of the fan-out delivered while the samples were taken, and over how long. */
  bulkDelivered: number;
  bulkMs: number;
  lost: number;
}

/** Records when each simulated phone got its next message from the school. */
function watchPhones(t: TestApp): (address: string) => Promise<number> {
  const waiting = new Map<string, (at: number) => void>();
  const phones = t.runtime.ctx.stores.simulator;
  const deliver = phones.deliver.bind(phones);
  phones.deliver = async (schoolId, address, messages) => {
    await deliver(schoolId, address, messages);
    waiting.get(address)?.(now());
  };
  return (address) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply in ${address} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      waiting.set(address, (at) => {
        clearTimeout(timer);
        waiting.delete(address);
        resolve(at);
      });
    });
}

function roster(t: TestApp, n: number, samples: number) {
  const bulk = makeRoster(t.prefix, { guardians: n, perClass: 30 });
  const parents = Array.from({ length: samples }, (_, i) => ({
    id: `rp${i}`, name: `Parent ${i}`, locale: i % 2 ? 'en' : 'ar', channels: { simulator: `sim-reply-${i}` },
  }));
  return {
    classes: [...bulk.classes, { id: REPLY_CLASS, name: 'Replies', grade: 12 }],
    guardians: [...bulk.guardians, ...parents],
    children: [...bulk.children, ...parents.map((p, i) => ({ id: `rc${i}`, name: `Child ${i}`, classId: REPLY_CLASS, guardianIds: [p.id] }))],
  };
}

async function importRoster(t: TestApp, r: ReturnType<typeof roster>): Promise<void> {
  for (let i = 0; i < r.guardians.length; i += IMPORT_CHUNK) {
    const payload = { ...(i === 0 ? { classes: r.classes } : {}), guardians: r.guardians.slice(i, i + IMPORT_CHUNK), children: r.children.slice(i, i + IMPORT_CHUNK) };
    const res = await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload });
    if (res.statusCode !== 200) throw new Error(`roster import answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  }
}

async function post(t: TestApp, audience: object): Promise<{ eventId: string; recipients: number }> {
  const body = { kind: 'meeting', audience, rsvp: true, respectQuietHours: false, startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), place: 'Main hall' };
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: body });
  if (res.statusCode !== 202) throw new Error(`POST /v1/events answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  return res.json();
}

async function delivered(t: TestApp, eventId: string): Promise<number> {
  return (await t.runtime.ctx.stores.events.counts(eventId, true)).counts.delivered;
}

async function waitDelivered(t: TestApp, eventId: string, atLeast: number): Promise<void> {
  const deadline = now() + TIMEOUT_MS * 4;
  while ((await delivered(t, eventId)) < atLeast) {
    if (now() > deadline) throw new Error(`event ${eventId}: fewer than ${atLeast} delivered in time`);
    await sleep(20);
  }
}

/** One parent after another answers "yes"; the time until their thank-you is on the phone. */
async function sample(t: TestApp, next: (address: string) => Promise<number>, from: number, count: number, gapMs: number): Promise<{ latencies: number[]; lost: number }> {
  const latencies: number[] = [];
  let lost = 0;
  for (let i = from; i < from + count; i++) {
    const address = `sim-reply-${i}`;
    const arrived = next(address);
    const start = now();
    const res = await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(KEY_S1), payload: { from: address, text: i % 2 ? 'yes' : 'واخا' } });
    if (res.statusCode !== 202) throw new Error(`inbound answered ${res.statusCode}`);
    try {
      latencies.push((await arrived) - start);
    } catch {
      lost++;
    }
    if (gapMs) await sleep(gapMs);
  }
  return { latencies, lost };
}

async function phase(name: string, opts: Options, rateMax: number, withFanout: boolean, progress: (l: string) => void): Promise<Phase> {
  let t: TestApp | undefined;
  const cleanup = onCleanup(async () => t?.close());
  try {
    t = await startTestApp({ env: { SIMULATOR_RATE_MAX: String(rateMax), LOG_LEVEL: 'silent' } });
    const next = watchPhones(t);
    await importRoster(t, roster(t, withFanout ? opts.guardians : 30, opts.samples));
    const invitations = await post(t, { classes: [REPLY_CLASS] });
    await waitDelivered(t, invitations.eventId, opts.samples);
    // Warm-up: a few answers not counted (JIT, scripts, connections).
    const warm = Math.min(10, Math.floor(opts.samples / 10));
    await sample(t, next, 0, warm, opts.gap);
    let bulk: { eventId: string } | undefined;
    let before = 0;
    if (withFanout) {
      bulk = await post(t, { grades: [1, 2, 3, 4, 5, 6] });
      await waitDelivered(t, bulk.eventId, 1);
      before = await delivered(t, bulk.eventId);
    }
    const start = now();
    const s = await sample(t, next, warm, opts.samples - warm, opts.gap);
    const bulkMs = now() - start;
    const after = bulk ? await delivered(t, bulk.eventId) : 0;
    progress(`${name}: ${s.latencies.length} samples, p99 ${ms(percentile(s.latencies, 99))}${bulk ? `; ${int(after - before)} invitations of the fan-out delivered meanwhile` : ''}`);
    return { name, latencies: s.latencies, lost: s.lost, bulkDelivered: after - before, bulkMs };
  } finally {
    await cleanup();
  }
}

function rows(p: Phase, target: number): Row[] {
  const l = p.latencies;
  const replies = perSecond(l.length, p.bulkMs);
  const bulk = p.bulkDelivered ? `; meanwhile the fan-out ${rate(perSecond(p.bulkDelivered, p.bulkMs), 'msg')} + replies ${rate(replies, 'msg')}` : '';
  return [
    ['p50', ms(percentile(l, 50)), `${l.length} samples${p.lost ? `, ${p.lost} lost` : ''}${bulk}`],
    ['p90', ms(percentile(l, 90))],
    ['p99', ms(percentile(l, 99)), '', verdict(percentile(l, 99) <= target && p.lost === 0, `<= ${ms(target)}`)],
    ['max', ms(Math.max(...l))],
  ];
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help')) return void console.log(usage('conversation', OPTIONS));
  const opts = parseIntOptions(argv, process.env, OPTIONS);
  const progress = (line: string) => console.error(`  ${line}`);
  const loadBefore = os.loadavg().map((l) => fixed(l, 2)).join(' ');
  const start = now();
  const idle = await phase('A. idle', opts, 0, false, progress);
  const paced = await phase(`B. fan-out at ${opts.rate}/s`, opts, opts.rate, true, progress);
  const lifted = await phase('C. fan-out, limits lifted', opts, 0, true, progress);
  const title = `conversation benchmark: inbound message -> reply on the phone; ${int(opts.guardians)}-guardian fan-out, Node ${process.version}, ${os.cpus().length} CPU, load before ${loadBefore}`;
  console.log(`\n${table(title, [
    { name: 'A. idle (simulator, limits lifted)', rows: rows(idle, TARGET_IDLE_P99_MS) },
    { name: `B. while the fan-out drains on the same account at ${opts.rate}/s (replies in their own queue, bulk's rate shared)`, rows: rows(paced, TARGET_LOADED_P99_MS) },
    { name: 'C. while the fan-out drains with limits lifted (the process busy with it)', rows: rows(lifted, TARGET_LOADED_P99_MS) },
  ])}\n\nwhole benchmark: ${ms(now() - start)}\n`);
  const figures = (p: Phase) => ({ n: p.latencies.length, lost: p.lost, p50: r1(percentile(p.latencies, 50)), p90: r1(percentile(p.latencies, 90)), p99: r1(percentile(p.latencies, 99)), max: r1(Math.max(...p.latencies)), bulkPerS: r1(perSecond(p.bulkDelivered, p.bulkMs)) });
  console.log(JSON.stringify({ bench: 'conversation', at: new Date().toISOString(), ...opts, idle: figures(idle), paced: figures(paced), lifted: figures(lifted) }));
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
