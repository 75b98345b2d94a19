/**
 * The fan-out on a local 3-shard Redis Cluster (scripts/redis-cluster.sh): this process is the
 * API (no workers), and 1, then 2, worker processes (`ROLE=worker tsx src/main.ts`, connected
 * through REDIS_CLUSTER_NODES) deliver one invitation to every family of an N-family school on
 * the simulator with its rate limit lifted. Prints deliveries/s per worker count, the scaling
 * ratio, the CPU each side used, and how the keys spread over the shards; never asserts a timing.
 *
 *   npm run bench -- fanout --cluster [--guardians 10000] [--events 3] [--concurrency 20]
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { keyNodes } from '../src/store/redis-clients.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { bytes, fixed, int, rate, table, type Row } from './lib/format.js';
import { median, now, perSecond, sleep } from './lib/timing.js';

const OPTIONS = [
  { flag: 'guardians', env: ['BENCH_GUARDIANS'], default: 10_000, min: 100, max: 100_000, help: 'families in the school (N)' },
  { flag: 'events', env: ['BENCH_EVENTS'], default: 3, min: 1, max: 10, help: 'school-wide invitations per worker count; the median is reported' },
  { flag: 'concurrency', env: ['BENCH_CONCURRENCY', 'OUTBOUND_CONCURRENCY'], default: 20, min: 1, max: 500, help: 'outbound concurrency of each worker process' },
  { flag: 'port', env: ['BENCH_CLUSTER_PORT'], default: 7201, min: 1024, max: 65000, help: 'first port of the local cluster (3 ports)' },
] as const satisfies readonly IntOption[];

type Options = Record<(typeof OPTIONS)[number]['flag'], number>;

const PROJECT_ROOT = new URL('..', import.meta.url).pathname;
const CLK_TCK = 100; // /proc/<pid>/stat counts CPU time in clock ticks (100 per second on Linux)

interface Run {
  workers: number;
  perSecond: number[];
  workerCpuUsPerDelivery: number;
  redisCpuUsPerDelivery: number;
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage('fanout --cluster', OPTIONS));
    return;
  }
  const opts = parseIntOptions(argv.filter((a) => a !== '--cluster'), process.env, OPTIONS) as Options;
  const script = `${PROJECT_ROOT}scripts/redis-cluster.sh`;
  const nodes = (await promisify(execFile)('bash', [script, 'start', String(opts.port)])).stdout.trim().split('\n').at(-1) ?? '';
  const stopCluster = onCleanup(() => promisify(execFile)('bash', [script, 'stop', String(opts.port)]));
  progress(`cluster up: ${nodes}`);
  // The test helpers read the cluster's nodes when first imported.
  process.env.TEST_REDIS_CLUSTER_NODES = nodes;
  const { auth, KEY_S1, startTestApp, testEnv } = await import('../tests/helpers/app.js');
  const { makeRoster } = await import('../tests/helpers/roster.js');
  const t = await startTestApp({ workers: false });
  const closeApp = onCleanup(() => t.close());
  const children: ChildProcess[] = [];
  const killAll = onCleanup(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });
  try {
    const roster = makeRoster(t.prefix, { guardians: opts.guardians, perClass: 30 });
    for (let i = 0; i < opts.guardians; i += 2000) {
      const payload = { classes: roster.classes, guardians: roster.guardians.slice(i, i + 2000), children: roster.children.slice(i, i + 2000) };
      const res = await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload });
      if (res.statusCode !== 200) throw new Error(`roster import answered ${res.statusCode}`);
    }
    progress(`imported ${int(opts.guardians)} families`);

    const post = async (audience: object): Promise<string> => {
      const res = await t.app.inject({
        method: 'POST', url: '/v1/events', headers: auth(KEY_S1),
        payload: { kind: 'meeting', audience, rsvp: true, respectQuietHours: false, startsAt: new Date(Date.now() + 7 * 864e5).toISOString(), place: 'Main hall' },
      });
      if (res.statusCode !== 202) throw new Error(`POST /v1/events answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
      return res.json<{ eventId: string }>().eventId;
    };
    const delivered = async (id: string) => (await t.app.inject({ method: 'GET', url: `/v1/events/${id}`, headers: auth(KEY_S1) })).json<{ counts: { delivered: number } }>().counts.delivered;
    const until = async (id: string, n: number) => {
      const deadline = now() + 300_000;
      while ((await delivered(id)) < n) {
        if (now() > deadline) throw new Error(`event ${id} not delivered within 5 minutes`);
        await sleep(20);
      }
    };

    const runs: Run[] = [];
    for (const count of [1, 2]) {
      const started = await Promise.all(Array.from({ length: count }, () => startWorker(testEnv(t.prefix, {
        SIMULATOR_RATE_MAX: '0', OUTBOUND_CONCURRENCY: String(opts.concurrency), LOG_LEVEL: 'info', LOG_PRETTY: 'false',
      }))));
      children.push(...started);
      await until(await post({ classes: ['C1'] }), 30); // warm-up: JIT, scripts loaded on every node
      const perS: number[] = [];
      const cpu0 = started.map(cpuTicks);
      const redis0 = await redisCpu(t.redis);
      for (let e = 0; e < opts.events; e++) {
        const t0 = now();
        const id = await post({ school: true });
        await until(id, opts.guardians);
        perS.push(perSecond(opts.guardians, now() - t0));
        progress(`${count} worker${count > 1 ? 's' : ''}, event ${e + 1}/${opts.events}: ${int(perS.at(-1) ?? 0)} deliveries/s`);
      }
      const deliveries = opts.guardians * opts.events;
      const workerTicks = started.reduce((sum, c, i) => sum + cpuTicks(c) - (cpu0[i] ?? 0), 0);
      runs.push({
        workers: count,
        perSecond: perS,
        workerCpuUsPerDelivery: (workerTicks / CLK_TCK) * 1e6 / deliveries,
        redisCpuUsPerDelivery: ((await redisCpu(t.redis)) - redis0) * 1e6 / deliveries,
      });
      for (const c of started) c.kill('SIGTERM');
      await Promise.all(started.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    }

    const shards = await keysPerShard(t.redis, t.prefix);
    const [one, two] = runs.map((r) => median(r.perSecond)) as [number, number];
    const rows: Row[] = runs.map((r) => [
      `deliveries/s, ${r.workers} worker process${r.workers > 1 ? 'es' : ''}`, rate(median(r.perSecond), 'msg'),
      `median of ${r.perSecond.length}: ${r.perSecond.map((x) => int(x)).join(' / ')}; worker CPU ${int(r.workerCpuUsPerDelivery)} us/delivery, Redis ${int(r.redisCpuUsPerDelivery)} us/delivery (3 shards)`,
    ]);
    rows.push(['scaling, 2 workers / 1', `${fixed(two / one, 2)} x`, `${os.cpus().length} CPUs shared by 3 redis-servers, the API process and the workers: see below`]);
    const spread: Row[] = shards.map((s) => [`shard ${s.node}`, `${int(s.keys)} keys`, `${fixed((100 * s.keys) / Math.max(1, shards.reduce((a, b) => a + b.keys, 0)), 0)}% of the run's keys; used_memory ${bytes(s.memory)}`]);
    console.log('\n' + table(`fan-out on a Redis Cluster: ${int(opts.guardians)} families, 3 shards, concurrency ${opts.concurrency} per worker`, [
      { name: 'deliveries', rows },
      { name: 'keys per shard (after the run, before clean-up)', rows: spread },
    ]));
    const busy = runs.map((r) => r.workerCpuUsPerDelivery + r.redisCpuUsPerDelivery);
    console.log(`\nWhat limits it: one delivery costs ~${int(busy[0] ?? 0)} us of CPU in all (workers + Redis) with 1 worker and ~${int(busy[1] ?? 0)} us with 2,`);
    console.log(`so ${os.cpus().length} cores cap the whole machine near ${int((os.cpus().length * 1e6) / Math.max(1, busy[1] ?? 1))} deliveries/s however many workers run; the API process polls too.`);
    console.log('On separate machines each worker brings its own cores and each shard its own, so the rate grows with both.');
    console.log(JSON.stringify({ bench: 'fanout-cluster', at: new Date().toISOString(), guardians: opts.guardians, cpus: os.cpus().length, loadavg: os.loadavg(), runs, scaling: two / one, shards }));
    progress(`whole benchmark done`);
  } finally {
    await killAll();
    await closeApp();
    await stopCluster();
  }
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env, ROLE: 'worker' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString('utf8').includes('"started"')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a worker exited (code ${code}) before starting: ${err.slice(0, 500)}`)));
  });
}

/** utime + stime of a child process, in clock ticks. */
function cpuTicks(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Seconds of CPU every shard has used (INFO cpu). */
async function redisCpu(redis: Redis): Promise<number> {
  let total = 0;
  for (const node of keyNodes(redis)) {
    const info = await node.info('cpu');
    total += Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0) + Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0);
  }
  return total;
}

async function keysPerShard(redis: Redis, prefix: string): Promise<Array<{ node: string; keys: number; memory: number }>> {
  const out: Array<{ node: string; keys: number; memory: number }> = [];
  for (const node of keyNodes(redis)) {
    let keys = 0;
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys += found.length;
    } while (cursor !== '0');
    const memory = Number(/used_memory:(\d+)/.exec(await node.info('memory'))?.[1] ?? 0);
    out.push({ node: `${node.options.host}:${node.options.port}`, keys, memory });
  }
  return out;
}

function progress(line: string): void {
  console.error(`  … ${line}`);
}
