/**
 * Fan-out benchmark: one invitation to every guardian of an N-guardian school, on the
 * simulator channel with its rate limit lifted, next to what raw BullMQ does with no-op jobs
 * on the same Redis and the same worker concurrency. Prints figures and targets (PASS/MISS),
 * then one line of JSON; never asserts a timing. Everything it writes lives under two unique
 * key prefixes, removed at the end whatever happens.
 *
 *   npm run bench -- fanout [--guardians 10000] [--concurrency 20] [--posts 5]
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { OutboundJob } from '../src/queue/jobs.js';
import { outboundQueueName } from '../src/queue/names.js';
import { KEY_S1, REDIS_URL, auth, startTestApp, type TestApp } from '../tests/helpers/app.js';
import { makeRoster } from '../tests/helpers/roster.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { bytes, fixed, int, ms, rate, table, verdict, type Row } from './lib/format.js';
import { deletePrefix, memoryUsage, redisVersion, scanKeys, sum, usedMemory } from './lib/redis-memory.js';
import { cpuMark, cpuSince, type CpuSpan } from './lib/redis-cpu.js';
import { median, now, perSecond, sleep, timed } from './lib/timing.js';

const OPTIONS = [
  { flag: 'guardians', env: ['BENCH_GUARDIANS'], default: 10_000, min: 30, max: 100_000, help: 'guardians in the school (N)' },
  { flag: 'concurrency', env: ['BENCH_CONCURRENCY', 'OUTBOUND_CONCURRENCY'], default: 20, min: 1, max: 500, help: 'outbound worker concurrency (also the raw BullMQ worker\'s)' },
  { flag: 'posts', env: ['BENCH_POSTS'], default: 5, min: 1, max: 20, help: 'POSTs to the whole school, each drained before the next; medians reported' },
  { flag: 'timeout', env: ['BENCH_TIMEOUT_S'], default: 300, min: 10, max: 3600, help: 'seconds to wait for one event\'s deliveries before giving up' },
] as const satisfies readonly IntOption[];

type Options = Record<(typeof OPTIONS)[number]['flag'], number>;

const SCHOOL = 's1';
const ADD_CHUNK = 1000;
const IMPORT_CHUNK = 2000;
const PER_CLASS = 30;
const POLL_MS = 20;
const SIM_QUEUE = outboundQueueName('simulator', 'main');
/** Deliveries/s against raw no-op jobs/s in the same run (the "past one machine" issue's target). */
const TARGET_RATIO = 0.8;
const TARGET_POST_MS = 200;
const TARGET_BYTES_PER_GUARDIAN = 1024;

// ---------------------------------------------------------------------------------------
// 1. Raw BullMQ: addBulk and a no-op worker, same job options as the outbound queue

interface Baseline {
  addMs: number;
  addPerS: number;
  processMs: number;
  processPerS: number;
  cpu: CpuSpan;
}

/** The outbound queue's default job options (src/queue/queues.ts), so the comparison is fair. */
const OUTBOUND_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

async function rawBullmq(admin: Redis, n: number, concurrency: number, timeoutMs: number): Promise<Baseline> {
  const prefix = `bench${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const name = outboundQueueName('simulator', 'noop');
  const producer = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const workerConn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let queue: Queue<OutboundJob> | undefined;
  let worker: Worker<OutboundJob> | undefined;
  const cleanup = onCleanup(async () => {
    await worker?.close(true).catch(() => undefined);
    await queue?.close().catch(() => undefined);
    await deletePrefix(admin, prefix);
    await Promise.all([producer, workerConn].map((c) => c.quit().catch(() => c.disconnect())));
  });
  try {
    queue = new Queue<OutboundJob>(name, {
      connection: producer,
      prefix: `${prefix}:bq`,
      streams: { events: { maxLen: 1000 } },
      defaultJobOptions: OUTBOUND_JOB_OPTIONS,
    });
    await queue.waitUntilReady();
    const q = queue;
    const add = await timed(async () => {
      for (let i = 0; i < n; i += ADD_CHUNK) {
        const jobs = [];
        for (let g = i + 1; g <= Math.min(n, i + ADD_CHUNK); g++) {
          const data: OutboundJob = { kind: 'invitation', eventId: 'evbenchnoop', schoolId: SCHOOL, guardianId: `g${g}`, platform: 'simulator', accountId: 'noop', childIds: [`c${g}`], tried: [] };
          jobs.push({ name: 'invitation', data, opts: { jobId: `o-evbenchnoop-g${g}` } });
        }
        await q.addBulk(jobs);
      }
    });

    const w = new Worker<OutboundJob>(name, async () => 'ok', {
      connection: workerConn,
      prefix: `${prefix}:bq`,
      concurrency,
      autorun: false,
      lockDuration: 30_000,
      stalledInterval: 30_000,
    });
    worker = w;
    let completed = 0;
    const allDone = new Promise<void>((resolve, reject) => {
      w.on('completed', () => {
        if (++completed === n) resolve();
      });
      w.on('failed', (_job, err) => reject(new Error(`no-op job failed: ${err.message}`)));
      w.run().catch(reject);
    });
    const mark = await cpuMark(admin);
    const start = now();
    await withTimeout(allDone, timeoutMs, `the no-op worker to complete ${n} jobs (${completed} done)`);
    const processMs = now() - start;
    const cpu = await cpuSince(admin, mark);
    return { addMs: add.ms, addPerS: perSecond(n, add.ms), processMs, processPerS: perSecond(n, processMs), cpu };
  } finally {
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------
// 2. The pipeline

interface Drained {
  /** From the POST being sent to the fan-out having gone through every recipient. */
  fanoutMs: number;
  /** From the POST being sent to the first / last delivery seen (polled every 20 ms). */
  firstMs: number;
  lastMs: number;
  /** Deliveries already recorded when the fan-out was seen done. */
  deliveredAtFanout: number;
}

interface EventRun extends Drained {
  eventId: string;
  postMs: number;
  deliveriesPerS: number;
  cpu: CpuSpan;
}

interface Memory {
  roster: Record<'classes' | 'guardians' | 'children' | 'teachers' | 'addresses', number>;
  rosterTotal: number;
  /** Per-guardian erasure index sets ({s:…}:gev:<guardian>), one key per guardian. */
  guardianEvents: { keys: number; bytes: number };
  event: { dlv: number; rcp: number; cnt: number; event: number };
  /** platform message id → event/guardian ({prefix}:msg:*), one key with a TTL per sent message. */
  sentIndex: { keys: number; bytes: number };
  bullmqOutbound: { keys: number; bytes: number };
  bullmqOther: { keys: number; bytes: number };
  transcripts: { keys: number; bytes: number; messages: number };
  other: { keys: number; bytes: number };
  allKeys: number;
  usedBefore: number;
  usedAfter: number;
}

interface PipelineFigures {
  importMs: number;
  warmup: { recipients: number; postMs: number; lastMs: number };
  first: EventRun;
  extra: EventRun[];
  memory: Memory;
  /** gev bytes per guardian once every POST of the run has fanned out. */
  guardianEventsAfterAll: number;
}

function eventBody(audience: { school: true } | { classes: string[] }) {
  return {
    kind: 'meeting',
    audience,
    rsvp: true,
    // The benchmark may run at night in Casablanca: quiet hours would delay every job.
    respectQuietHours: false,
    title: { ar: 'اجتماع أولياء الأمور', en: 'Parent–teacher meeting' },
    startsAt: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    place: 'Main hall',
  };
}

async function post(t: TestApp, body: unknown): Promise<{ eventId: string; recipients: number; ms: number }> {
  const start = now();
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: body as Record<string, unknown> });
  const elapsed = now() - start;
  if (res.statusCode !== 202) throw new Error(`POST /v1/events answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
  const { eventId, recipients } = res.json<{ eventId: string; recipients: number }>();
  return { eventId, recipients, ms: elapsed };
}

/** Polls the event's counters (what GET /v1/events/:id reports) until every recipient is delivered. */
async function drain(t: TestApp, eventId: string, expected: number, start: number, timeoutMs: number): Promise<Drained> {
  let fanoutMs: number | undefined;
  let firstMs: number | undefined;
  let deliveredAtFanout = 0;
  for (;;) {
    const { counts, fannedOut } = await t.runtime.ctx.stores.events.counts(eventId, true);
    const elapsed = now() - start;
    if (fanoutMs === undefined && fannedOut >= expected) {
      fanoutMs = elapsed;
      deliveredAtFanout = counts.delivered;
    }
    if (firstMs === undefined && counts.delivered > 0) firstMs = elapsed;
    if (counts.delivered >= expected) return { fanoutMs: fanoutMs ?? elapsed, firstMs: firstMs ?? elapsed, lastMs: elapsed, deliveredAtFanout };
    if (counts.delivered + counts.failed + counts.skipped >= expected) {
      throw new Error(`event ${eventId} settled with ${counts.failed} failed and ${counts.skipped} skipped of ${expected}: ${JSON.stringify(counts.reasons)}`);
    }
    if (elapsed > timeoutMs) throw new Error(`timed out after ${ms(elapsed)}: ${counts.delivered}/${expected} delivered, fan-out at ${fannedOut}`);
    await sleep(POLL_MS);
  }
}

async function schoolEvent(t: TestApp, admin: Redis, n: number, timeoutMs: number): Promise<EventRun> {
  const body = eventBody({ school: true });
  const mark = await cpuMark(admin);
  const start = now();
  const p = await post(t, body);
  if (p.recipients !== n) throw new Error(`the event has ${p.recipients} recipients, expected ${n}`);
  const d = await drain(t, p.eventId, n, start, timeoutMs);
  const cpu = await cpuSince(admin, mark);
  return { eventId: p.eventId, postMs: p.ms, ...d, deliveriesPerS: perSecond(n, d.lastMs), cpu };
}

async function importRoster(t: TestApp, n: number): Promise<number> {
  const roster = makeRoster(t.prefix, { guardians: n, perClass: PER_CLASS });
  const start = now();
  for (let i = 0; i < n; i += IMPORT_CHUNK) {
    const payload = {
      ...(i === 0 ? { classes: roster.classes } : {}),
      guardians: roster.guardians.slice(i, i + IMPORT_CHUNK),
      children: roster.children.slice(i, i + IMPORT_CHUNK),
    };
    const res = await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload });
    const answer = res.json<{ errors?: unknown[] }>();
    if (res.statusCode !== 200 || answer.errors?.length) throw new Error(`roster import answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
  }
  return now() - start;
}

async function measureMemory(admin: Redis, prefix: string, eventId: string, messages: number, usedBefore: number): Promise<Memory> {
  const usedAfter = await usedMemory(admin);
  const keys = await scanKeys(admin, `${prefix}:*`);
  const usage = await memoryUsage(admin, keys);
  const of = (key: string) => usage.get(key) ?? 0;
  const s = `${prefix}:{s:${SCHOOL}}`;
  const e = `${prefix}:{e:${eventId}}`;
  const roster = {
    classes: of(`${s}:classes`),
    guardians: of(`${s}:guardians`),
    children: of(`${s}:children`),
    teachers: of(`${s}:teachers`),
    addresses: sum(keys.filter((k) => k.startsWith(`${prefix}:addr:`)).map(of)),
  };
  const group = (match: (k: string) => boolean) => {
    const ks = keys.filter(match);
    return { keys: ks.length, bytes: sum(ks.map(of)) };
  };
  const known = new Set([`${s}:classes`, `${s}:guardians`, `${s}:children`, `${s}:teachers`, `${e}:dlv`, `${e}:rcp`, `${e}:cnt`, `${e}:event`]);
  const isGev = (k: string) => k.startsWith(`${s}:gev:`);
  const isOutbound = (k: string) => k.startsWith(`${prefix}:bq:${SIM_QUEUE}:`);
  const isBull = (k: string) => k.startsWith(`${prefix}:bq:`);
  const isSim = (k: string) => k.startsWith(`${prefix}:sim:`);
  const isAddr = (k: string) => k.startsWith(`${prefix}:addr:`);
  const isSent = (k: string) => k.startsWith(`${prefix}:msg:`);
  return {
    roster,
    rosterTotal: sum(Object.values(roster)),
    guardianEvents: group(isGev),
    event: { dlv: of(`${e}:dlv`), rcp: of(`${e}:rcp`), cnt: of(`${e}:cnt`), event: of(`${e}:event`) },
    sentIndex: group(isSent),
    bullmqOutbound: group(isOutbound),
    bullmqOther: group((k) => isBull(k) && !isOutbound(k)),
    transcripts: { ...group(isSim), messages },
    other: group((k) => !known.has(k) && !isGev(k) && !isBull(k) && !isSim(k) && !isAddr(k) && !isSent(k)),
    allKeys: sum(usage.values()),
    usedBefore,
    usedAfter,
  };
}

async function runPipeline(admin: Redis, opts: Options, progress: (line: string) => void): Promise<PipelineFigures> {
  const n = opts.guardians;
  const timeoutMs = opts.timeout * 1000;
  let t: TestApp | undefined;
  let prefix: string | undefined;
  const cleanup = onCleanup(async () => {
    try {
      await t?.close();
    } finally {
      if (prefix) await deletePrefix(admin, prefix); // in case close() failed half-way
    }
  });
  try {
    const usedBefore = await usedMemory(admin);
    t = await startTestApp({ env: { OUTBOUND_CONCURRENCY: String(opts.concurrency), SIMULATOR_RATE_MAX: '0', LOG_LEVEL: 'silent' } });
    prefix = t.prefix;

    const importMs = await importRoster(t, n);
    progress(`roster of ${int(n)} guardians imported in ${ms(importMs)}`);

    // Warm-up on one class (JIT, script loading, connections); not counted.
    const wStart = now();
    const w = await post(t, eventBody({ classes: ['C1'] }));
    const wd = await drain(t, w.eventId, w.recipients, wStart, timeoutMs);
    const warmup = { recipients: w.recipients, postMs: w.ms, lastMs: wd.lastMs };

    const first = await schoolEvent(t, admin, n, timeoutMs);
    progress(`event 1/${opts.posts}: POST ${ms(first.postMs)}, ${int(n)} delivered in ${ms(first.lastMs)}`);
    const memory = await measureMemory(admin, t.prefix, first.eventId, w.recipients + n, usedBefore);

    const extra: EventRun[] = [];
    for (let i = 2; i <= opts.posts; i++) {
      const run = await schoolEvent(t, admin, n, timeoutMs);
      extra.push(run);
      progress(`event ${i}/${opts.posts}: POST ${ms(run.postMs)}, ${int(n)} delivered in ${ms(run.lastMs)}`);
    }
    const gev = await scanKeys(admin, `${t.prefix}:{s:${SCHOOL}}:gev:*`);
    const guardianEventsAfterAll = sum((await memoryUsage(admin, gev)).values()) / n;
    return { importMs, warmup, first, extra, memory, guardianEventsAfterAll };
  } finally {
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------
// Report

interface RunEnv {
  redis: string;
  /** os.loadavg() when the run started, as text. */
  loadBefore: string;
}

function report(opts: Options, env: RunEnv, base: Baseline, p: PipelineFigures, totalMs: number): void {
  const n = opts.guardians;
  const m = p.memory;
  const all = [p.first, ...p.extra];
  const postMedian = median(all.map((r) => r.postMs));
  const rateMedian = median(all.map((r) => r.deliveriesPerS));
  const ratio = p.first.deliveriesPerS / base.processPerS;
  const ratioMedian = rateMedian / base.processPerS;
  const perGuardian = m.rosterTotal / n;
  const cpuRatio = nodeUsPer(base.cpu, n) / nodeUsPer(p.first.cpu, n);

  const load = os.loadavg().map((l) => fixed(l, 2)).join(' ');
  const title = `fan-out benchmark: N=${int(n)} guardians, outbound concurrency ${opts.concurrency}, ${env.redis}, Node ${process.version}, ${os.cpus().length} CPU, load ${load} (before: ${env.loadBefore})`;
  const lines = table(title, [
    {
      name: `1. raw BullMQ, no-op jobs (same job options and concurrency as the outbound queue)`,
      rows: [
        [`addBulk ${int(n)} jobs (${int(ADD_CHUNK)}/call)`, rate(base.addPerS, 'jobs'), `${ms(base.addMs)}`],
        [`worker, no-op processor, concurrency ${opts.concurrency}`, rate(base.processPerS, 'jobs'), `${ms(base.processMs)} from worker start to the ${int(n)}th completed`],
      ],
    },
    {
      name: '2. pipeline (in-process app.inject, simulator channel, SIMULATOR_RATE_MAX=0, LOG_LEVEL=silent)',
      rows: [
        [`roster import (${Math.ceil(n / IMPORT_CHUNK)} x POST /v1/roster/import)`, ms(p.importMs), rate(perSecond(n, p.importMs), 'guardians')],
        [`warm-up: class C1 (not counted)`, ms(p.warmup.postMs), `POST; ${p.warmup.recipients} delivered in ${ms(p.warmup.lastMs)}`],
        [`POST /v1/events, whole school (1st)`, ms(p.first.postMs), 'in-process app.inject: no network, no HTTP parsing of a socket', verdict(p.first.postMs <= TARGET_POST_MS, `<= ${TARGET_POST_MS} ms at 10,000`)],
        [`POST /v1/events, median of ${all.length}`, ms(postMedian), all.map((r) => fixed(r.postMs, 0)).join(' / ') + ' ms', verdict(postMedian <= TARGET_POST_MS, `<= ${TARGET_POST_MS} ms at 10,000`)],
        [`POST -> fan-out done (1st)`, ms(p.first.fanoutMs), `rows + outbound jobs for ${int(n)} recipients; ${int(p.first.deliveredAtFanout)} delivered by then`],
        [`POST -> first delivery (1st)`, ms(p.first.firstMs)],
        [`POST -> last delivery (1st)`, ms(p.first.lastMs), `counters polled every ${POLL_MS} ms`],
        [`deliveries/s (1st)`, rate(p.first.deliveriesPerS, 'msg'), `${fixed(ratio, 2)} x raw no-op`, verdict(ratio >= TARGET_RATIO, `>= ${TARGET_RATIO} x raw no-op = ${int(TARGET_RATIO * base.processPerS)}/s`)],
        [`deliveries/s once the fan-out is done (1st)`, rate(afterFanout(p.first, n), 'msg'), `${fixed(afterFanout(p.first, n) / base.processPerS, 2)} x raw no-op; outbound alone, no fan-out competing`],
        [`ratio, CPU-normalised (1st)`, fixed(cpuRatio, 2), `node CPU per no-op job / per delivery (${fixed(nodeUsPer(base.cpu, n), 0)} / ${fixed(nodeUsPer(p.first.cpu, n), 0)} us): steadier than wall-clock ratios on a busy machine`],
        [`deliveries/s, median of ${all.length}`, rate(rateMedian, 'msg'), `${fixed(ratioMedian, 2)} x raw no-op; ${all.map((r) => int(r.deliveriesPerS)).join(' / ')}`, verdict(ratioMedian >= TARGET_RATIO, `>= ${TARGET_RATIO} x raw no-op`)],
      ],
    },
    {
      name: '3. Redis memory (MEMORY USAGE ... SAMPLES 0, after the 1st school event drained)',
      rows: [
        [`roster per guardian`, bytes(perGuardian), `total ${bytes(m.rosterTotal)}`, verdict(perGuardian <= TARGET_BYTES_PER_GUARDIAN, '<= 1 KiB per guardian')],
        [`  guardians hash`, bytes(m.roster.guardians / n), 'per guardian'],
        [`  children hash`, bytes(m.roster.children / n), 'per guardian (1 child each)'],
        [`  address index addr:simulator`, bytes(m.roster.addresses / n), 'per guardian'],
        [`  classes + teachers hashes`, bytes((m.roster.classes + m.roster.teachers) / n), `per guardian (${Math.ceil(n / PER_CLASS)} classes, no teachers)`],
        [`erasure index gev:<guardian> sets`, bytes(m.guardianEvents.bytes / n), `per guardian after 1 school event (${int(m.guardianEvents.keys)} keys); ${bytes(p.guardianEventsAfterAll)} after ${all.length} school events`],
        [`delivery rows :dlv`, bytes(m.event.dlv / n), `per delivery (total ${bytes(m.event.dlv)})`],
        [`rows + recipients :dlv + :rcp`, bytes((m.event.dlv + m.event.rcp) / n), `per delivery (:rcp ${bytes(m.event.rcp)})`],
        [`counters :cnt`, bytes(m.event.cnt / n), `per delivery (${bytes(m.event.cnt)} per event; :event JSON ${bytes(m.event.event)})`],
        [`rows + recipients + counters`, bytes((m.event.dlv + m.event.rcp + m.event.cnt) / n), 'per delivery'],
        [`sent-message index msg:<platform>:<id>`, bytes(m.sentIndex.bytes / m.transcripts.messages), `per sent message (${int(m.sentIndex.keys)} keys with a TTL, incl. the warm-up's)`],
        [`all of a delivery's records`, bytes((m.event.dlv + m.event.rcp + m.event.cnt) / n + m.sentIndex.bytes / m.transcripts.messages), 'per delivery: rows + recipients + counters + sent-message index'],
        [`BullMQ outbound queue after draining`, bytes(m.bullmqOutbound.bytes), `${m.bullmqOutbound.keys} keys (events stream capped at ~1,000 entries)`],
        [`BullMQ fanout + inbound queues`, bytes(m.bullmqOther.bytes), `${m.bullmqOther.keys} keys (completed fan-out jobs kept a week)`],
        [`simulator transcripts (the phones)`, bytes(m.transcripts.bytes), `${int(m.transcripts.keys)} keys, ${bytes(m.transcripts.bytes / m.transcripts.messages)} per message`],
        [`other keys (warm-up event, school, lists)`, bytes(m.other.bytes), `${m.other.keys} keys`],
        [`sum of MEMORY USAGE, all keys of the run`, bytes(m.allKeys)],
        [`INFO used_memory after - before`, bytes(m.usedAfter - m.usedBefore), `${bytes(m.usedBefore)} -> ${bytes(m.usedAfter)} (whole server, shared)`],
      ],
    },
    {
      name: '4. where the time goes (INFO cpu / commandstats of the whole server: other clients included)',
      rows: [
        cpuRow(`raw no-op worker, per job`, base.cpu, n),
        cpuRow(`pipeline 1st event, per delivery`, p.first.cpu, n),
        ...topCommands(p.first.cpu, n, base.cpu),
      ],
    },
  ]);
  const busy = Number(env.loadBefore.split(' ')[0]) > os.cpus().length;
  const warning = busy ? `\nNOTE: the machine was busy before the run (load ${env.loadBefore} on ${os.cpus().length} CPUs): wall-clock rates and their ratio are noisy; prefer the CPU-normalised ratio.\n` : '';
  console.log(`\n${lines}\n${warning}\nwhole benchmark: ${ms(totalMs)}\n`);

  const json = {
    bench: 'fanout',
    at: new Date().toISOString(),
    guardians: n,
    concurrency: opts.concurrency,
    posts: all.length,
    redis: env.redis,
    node: process.version,
    cpus: os.cpus().length,
    loadavg: { before: env.loadBefore, after: os.loadavg().map((l) => r2(l)).join(' ') },
    raw: { addBulkMs: r0(base.addMs), addBulkPerS: r0(base.addPerS), noopMs: r0(base.processMs), noopPerS: r0(base.processPerS) },
    cpu: { rawNoop: cpuFigures(base.cpu, n), firstEvent: cpuFigures(p.first.cpu, n) },
    importMs: r0(p.importMs),
    postMs: { first: r1(p.first.postMs), median: r1(postMedian), all: all.map((r) => r1(r.postMs)) },
    fanoutDoneMs: r0(p.first.fanoutMs),
    firstDeliveryMs: r0(p.first.firstMs),
    lastDeliveryMs: { first: r0(p.first.lastMs), all: all.map((r) => r0(r.lastMs)) },
    deliveriesPerS: { first: r0(p.first.deliveriesPerS), median: r0(rateMedian), all: all.map((r) => r0(r.deliveriesPerS)), afterFanout: all.map((r) => r0(afterFanout(r, n))) },
    ratioToRawNoop: { first: r2(ratio), median: r2(ratioMedian), cpuNormalised: r2(cpuRatio) },
    bytes: {
      rosterPerGuardian: r1(perGuardian),
      roster: m.roster,
      guardianEventsPerGuardian: { afterOneEvent: r1(m.guardianEvents.bytes / n), afterAll: r1(p.guardianEventsAfterAll) },
      dlvPerDelivery: r1(m.event.dlv / n),
      dlvRcpPerDelivery: r1((m.event.dlv + m.event.rcp) / n),
      sentIndexPerMessage: r1(m.sentIndex.bytes / m.transcripts.messages),
      allPerDelivery: r1((m.event.dlv + m.event.rcp + m.event.cnt) / n + m.sentIndex.bytes / m.transcripts.messages),
      cnt: m.event.cnt,
      event: m.event.event,
      bullmqOutboundAfterDrain: m.bullmqOutbound.bytes,
      bullmqOther: m.bullmqOther.bytes,
      transcripts: m.transcripts.bytes,
      transcriptPerMessage: r1(m.transcripts.bytes / m.transcripts.messages),
      allKeys: m.allKeys,
      usedMemoryDelta: m.usedAfter - m.usedBefore,
    },
    targets: {
      deliveriesPerS: ratio >= TARGET_RATIO ? 'PASS' : 'MISS',
      deliveriesPerSMedian: ratioMedian >= TARGET_RATIO ? 'PASS' : 'MISS',
      postMs: p.first.postMs <= TARGET_POST_MS ? 'PASS' : 'MISS',
      postMsMedian: postMedian <= TARGET_POST_MS ? 'PASS' : 'MISS',
      bytesPerGuardian: perGuardian <= TARGET_BYTES_PER_GUARDIAN ? 'PASS' : 'MISS',
    },
    totalMs: r0(totalMs),
  };
  console.log(JSON.stringify(json));
}

/** This process's CPU time per item (µs): what limits a single-threaded worker. */
function nodeUsPer(cpu: CpuSpan, items: number): number {
  return (cpu.nodeCores * cpu.wallMs * 1000) / items;
}

/** CPU of both processes during a span, and the server's command count and time per item. */
function cpuRow(label: string, cpu: CpuSpan, items: number): Row {
  const calls = sum(cpu.calls.map((c) => c.calls));
  const usec = sum(cpu.calls.map((c) => c.usec));
  const nodeUs = nodeUsPer(cpu, items);
  return [label, `${fixed(calls / items, 1)} cmds`, `${fixed(usec / items, 1)} us in Redis commands, ${fixed(nodeUs, 0)} us node CPU; node ${fixed(cpu.nodeCores, 2)} cores, redis ${fixed(cpu.redisCores, 2)} cores`];
}

/** The commands that took the server's time during the event, per delivery, next to the no-op's. */
function topCommands(cpu: CpuSpan, items: number, base: CpuSpan): Row[] {
  const baseOf = new Map(base.calls.map((c) => [c.command, c]));
  return cpu.calls.slice(0, 8).map((c) => {
    const b = baseOf.get(c.command);
    const vsBase = b ? `; no-op: ${fixed(b.calls / items, 2)}` : '';
    return [`  ${c.command}`, `${fixed(c.calls / items, 2)} /dlv`, `${fixed(c.usec / items, 1)} us/dlv${vsBase}`];
  });
}

function cpuFigures(cpu: CpuSpan, items: number) {
  return {
    nodeCores: r2(cpu.nodeCores),
    nodeCpuUsPerItem: r1(nodeUsPer(cpu, items)),
    redisCores: r2(cpu.redisCores),
    cmdsPerItem: r1(sum(cpu.calls.map((c) => c.calls)) / items),
    usecPerItem: r1(sum(cpu.calls.map((c) => c.usec)) / items),
    top: Object.fromEntries(cpu.calls.slice(0, 8).map((c) => [c.command, r2(c.calls / items)])),
  };
}

/** The delivery rate after the fan-out finished: the outbound worker alone. */
function afterFanout(r: EventRun, n: number): number {
  return perSecond(n - r.deliveredAtFanout, r.lastMs - r.fanoutMs);
}

const r0 = (x: number) => Math.round(x);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage('fanout', OPTIONS));
    return;
  }
  const opts = parseIntOptions(argv, process.env, OPTIONS);
  const started = now();
  const admin = new Redis(REDIS_URL);
  const closeAdmin = onCleanup(() => admin.quit().catch(() => admin.disconnect()));
  try {
    const env: RunEnv = {
      redis: `Redis ${await redisVersion(admin)} at ${new URL(REDIS_URL).host}`,
      loadBefore: os.loadavg().map((l) => fixed(l, 2)).join(' '),
    };
    const progress = (line: string) => console.error(`  … ${line}`);
    console.error(`fanout: ${int(opts.guardians)} guardians, concurrency ${opts.concurrency}, ${opts.posts} school-wide POSTs`);
    const base = await rawBullmq(admin, opts.guardians, opts.concurrency, opts.timeout * 1000);
    progress(`raw BullMQ: addBulk ${rate(base.addPerS, 'jobs')}, no-op worker ${rate(base.processPerS, 'jobs')}`);
    const pipeline = await runPipeline(admin, opts, progress);
    report(opts, env, base, pipeline, now() - started);
  } finally {
    await closeAdmin();
  }
}
