/**
 * Outage benchmark: what a client sees while Redis is down, and how soon the API is back.
 *
 * A private redis-server (AOF, fsync always) behind the real app (API and workers, listening on
 * a port, requests over HTTP with keep-alive): after a warm-up, the server is killed (SIGKILL),
 * `--requests` requests (GET /v1/roster and POST /v1/events in turn, `--concurrency` at a time)
 * are timed from send to the end of the 503 answer, then the server is started again on the same
 * port and data and the API is polled every 10 ms until GET /v1/roster is a 200 again; finally
 * one event is sent and timed to its deliveries (the workers came back too). Log lines written
 * while Redis was away are counted. Prints p50/p99/max next to the targets; never asserts.
 *
 *   npm run bench -- outage [--requests 2000] [--concurrency 10]
 */
import os from 'node:os';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { auth, testEnv, uniquePrefix } from '../tests/helpers/app.js';
import { startPrivateRedis, type PrivateRedis } from '../tests/helpers/redis-server.js';
import { makeRoster } from '../tests/helpers/roster.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { fixed, int, ms, table, verdict } from './lib/format.js';
import { now, percentile, sleep } from './lib/timing.js';

const OPTIONS = [
  { flag: 'requests', env: ['BENCH_REQUESTS'], default: 2000, min: 10, max: 1_000_000, help: 'requests sent while Redis is down' },
  { flag: 'concurrency', env: ['BENCH_CONCURRENCY'], default: 10, min: 1, max: 1000, help: 'requests in flight at once' },
] as const satisfies readonly IntOption[];

const TARGET_503_P99_MS = 1000;
const TARGET_RECOVERY_MS = 3000;
const EVENT = { kind: 'meeting', audience: { school: true }, rsvp: true, respectQuietHours: false };
const GUARDIANS = 30;

interface Stack {
  redis: PrivateRedis;
  runtime: Runtime;
  app: FastifyInstance;
  base: string;
  logLines: () => number;
}

async function startStack(): Promise<Stack> {
  const redis = await startPrivateRedis();
  let lines = 0;
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((lines += chunk.toString('utf8').split('\n').filter(Boolean).length), done()) });
  const logger = pino({ level: 'info' }, sink);
  const prefix = uniquePrefix();
  const config = loadConfig(testEnv(prefix, { REDIS_URL: redis.url, LOG_LEVEL: 'info' }));
  const runtime = await createRuntime(config, { redis: redis.url, log: logger });
  await runtime.startWorkers();
  const app = await buildApp(config, { runtime, apiKeys: config.API_KEYS ?? [], logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const res = await fetch(`${base}/v1/roster/import`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(makeRoster(prefix, { guardians: GUARDIANS })) });
  if (res.status !== 200) throw new Error(`roster import answered ${res.status}`);
  return { redis, runtime, app, base, logLines: () => lines };
}

/** One request of the mix; returns its status and milliseconds to the end of the body. */
async function request(base: string, i: number): Promise<{ status: number; ms: number }> {
  const start = now();
  const res = i % 2
    ? await fetch(`${base}/v1/events`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(EVENT) })
    : await fetch(`${base}/v1/roster`, { headers: auth() });
  await res.arrayBuffer();
  return { status: res.status, ms: now() - start };
}

async function duringOutage(base: string, opts: Record<'requests' | 'concurrency', number>) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < opts.requests; i = next++) {
      const r = await request(base, i);
      latencies.push(r.ms);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  return { latencies, statuses, ms: now() - start };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const start = now();
  while (!(await check().catch(() => false))) {
    if (now() - start > timeoutMs) throw new Error(`${what}: not within ${ms(timeoutMs)}`);
    await sleep(10);
  }
  return now() - start;
}

async function afterRestart(s: Stack) {
  const restarted = now();
  await s.redis.start();
  const redisUpMs = now() - restarted;
  const apiMs = redisUpMs + (await until(async () => (await request(s.base, 0)).status === 200, 30_000, 'the API answering again'));
  const posted = await fetch(`${s.base}/v1/events`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(EVENT) });
  const { eventId } = (await posted.json()) as { eventId: string };
  const deliveredMs = await until(async () => (await s.runtime.ctx.stores.events.counts(eventId, true)).counts.delivered === GUARDIANS, 60_000, 'the deliveries');
  return { redisUpMs, apiMs, deliveredMs };
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help')) return void console.log(usage('outage', OPTIONS));
  const opts = parseIntOptions(argv, process.env, OPTIONS);
  const progress = (line: string) => console.error(`  ${line}`);
  const loadBefore = os.loadavg().map((l) => fixed(l, 2)).join(' ');
  let stack: Stack | undefined;
  const cleanup = onCleanup(async () => {
    await stack?.app.close();
    await stack?.runtime.close();
    await stack?.redis.dispose();
  });
  try {
    stack = await startStack();
    for (let i = 0; i < 50; i++) await request(stack.base, 2 * i); // warm-up: JIT, connections
    const linesBefore = stack.logLines();
    await stack.redis.kill();
    const s = stack;
    const noticedMs = await until(async () => (await fetch(`${s.base}/readyz`)).status === 503, 10_000, '/readyz noticing');
    progress(`Redis killed; /readyz said 503 after ${ms(noticedMs)}; sending ${int(opts.requests)} requests`);
    const down = await duringOutage(stack.base, opts);
    const linesDown = stack.logLines() - linesBefore;
    progress(`restarting Redis on port ${stack.redis.port}`);
    const back = await afterRestart(stack);
    report(opts, loadBefore, down, linesDown, back);
  } finally {
    await cleanup();
  }
}

function report(
  opts: Record<'requests' | 'concurrency', number>,
  loadBefore: string,
  down: Awaited<ReturnType<typeof duringOutage>>,
  logLines: number,
  back: Awaited<ReturnType<typeof afterRestart>>,
): void {
  const l = down.latencies;
  const statuses = [...down.statuses].map(([status, n]) => `${int(n)} × ${status}`).join(', ');
  const title = `outage benchmark: Redis killed (SIGKILL) and restarted; Node ${process.version}, ${os.cpus().length} CPU, load before ${loadBefore}`;
  console.log(`\n${table(title, [
    {
      name: `while Redis is down: ${int(l.length)} requests (GET /v1/roster, POST /v1/events), ${opts.concurrency} at a time, over HTTP`,
      rows: [
        ['answers', statuses, '', verdict(down.statuses.get(503) === l.length, 'every one 503')],
        ['p50', ms(percentile(l, 50))],
        ['p99', ms(percentile(l, 99)), '', verdict(percentile(l, 99) <= TARGET_503_P99_MS, `<= ${ms(TARGET_503_P99_MS)}`)],
        ['max', ms(Math.max(...l)), '', verdict(Math.max(...l) <= TARGET_503_P99_MS, `<= ${ms(TARGET_503_P99_MS)}`)],
        ['log lines', int(logLines), 'written while Redis was down'],
      ],
    },
    {
      name: 'after the restart (same port, same AOF)',
      rows: [
        ['redis-server answering', ms(back.redisUpMs), 'from the restart'],
        ['API answering 200', ms(back.apiMs), 'from the restart', verdict(back.apiMs <= TARGET_RECOVERY_MS, `<= ${ms(TARGET_RECOVERY_MS)}`)],
        ['  of which the app', ms(back.apiMs - back.redisUpMs), 'after Redis answered'],
        ['new event delivered', ms(back.deliveredMs), `${GUARDIANS} guardians, from the POST (workers back)`],
      ],
    },
  ])}\n`);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  console.log(JSON.stringify({
    bench: 'outage', at: new Date().toISOString(), ...opts,
    down: { n: l.length, p50: r1(percentile(l, 50)), p99: r1(percentile(l, 99)), max: r1(Math.max(...l)), logLines, statuses: Object.fromEntries(down.statuses) },
    back: { redisUpMs: r1(back.redisUpMs), apiMs: r1(back.apiMs), deliveredMs: r1(back.deliveredMs) },
  }));
}
