/**
 * Finding a Redis to talk to (DESIGN §9). The app's clients are built in redis-clients.ts
 * (re-exported here).
 *
 * Order: REDIS_URL when set (and it must answer) → the default local URL → a private
 * `redis-server` from the PATH with a data folder of its own → a one-line hint.
 * Nothing here prints credentials: every message shows host:port only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { describeTarget, redact, type ClusterNode, type RedisTarget } from './redis-clients.js';

export { createRedisClient, whenReady, type RedisClientRole, type RedisTarget } from './redis-clients.js';

export interface RedisLocation {
  /** What the app's clients connect to. */
  target: RedisTarget;
  /** The one server's URL ('' on a cluster). */
  url: string;
  source: 'REDIS_CLUSTER_NODES' | 'REDIS_URL' | 'local' | 'private';
  /** Stops a private server (and waits for it to exit); a no-op otherwise. */
  stop(): Promise<void>;
}

export interface LocateRedisOptions {
  redisUrl?: string;
  /** Default 'redis://127.0.0.1:6379'. */
  defaultUrl?: string;
  /** Data folder of a private server, e.g. <project>/.data/redis; created when needed. */
  dataDir: string;
  /** Default 'redis-server', looked up on the PATH. */
  redisServerBin?: string;
  /** How long a PING may take before a Redis counts as absent. Default 1000. */
  probeTimeoutMs?: number;
  /** How long a private server may take to answer its first PING. Default 5000. */
  startTimeoutMs?: number;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const HOW_TO_GET_REDIS =
  'No Redis found: set REDIS_URL, start Redis on 127.0.0.1:6379, or install redis-server ' +
  '(Debian/Ubuntu: apt-get install redis-server) so the demo can start its own.';

/** There is no Redis to use; the message is one line meant for the person starting the app. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  constructor(message: string = HOW_TO_GET_REDIS) {
    super(message);
  }
}

export interface FindRedisOptions extends LocateRedisOptions {
  /** REDIS_CLUSTER_NODES: when set, the cluster is used and nothing else is tried. */
  clusterNodes?: readonly ClusterNode[];
  clusterPassword?: string;
}

/** Where the service's configuration says Redis is (REDIS_CLUSTER_NODES before REDIS_URL). */
export function redisOptions(config: { REDIS_URL?: string | undefined; REDIS_CLUSTER_NODES?: ClusterNode[] | undefined; REDIS_CLUSTER_PASSWORD?: string | undefined; DATA_DIR: string }): FindRedisOptions {
  return {
    dataDir: join(config.DATA_DIR, 'redis'),
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    ...(config.REDIS_CLUSTER_NODES ? { clusterNodes: config.REDIS_CLUSTER_NODES } : {}),
    ...(config.REDIS_CLUSTER_PASSWORD ? { clusterPassword: config.REDIS_CLUSTER_PASSWORD } : {}),
  };
}

/** The cluster when one is configured (it must answer), else `locateRedis`. */
export async function findRedis(opts: FindRedisOptions): Promise<RedisLocation> {
  if (!opts.clusterNodes?.length) return locateRedis(opts);
  const target: RedisTarget = { clusterNodes: opts.clusterNodes, ...(opts.clusterPassword ? { password: opts.clusterPassword } : {}) };
  const timeoutMs = opts.startTimeoutMs ?? 5000;
  const problem = await probeCluster(target, timeoutMs);
  if (problem !== undefined) {
    throw new RedisUnavailableError(`REDIS_CLUSTER_NODES names ${describeTarget(target)}, which is not a working cluster within ${timeoutMs} ms (${problem}); check the nodes and that every slot is served.`);
  }
  return { target, url: '', source: 'REDIS_CLUSTER_NODES', stop: noop };
}

/** Connects once and asks CLUSTER INFO: undefined when every slot is served, else why not. */
async function probeCluster(target: Exclude<RedisTarget, string>, timeoutMs: number): Promise<string | undefined> {
  const cluster = new Cluster([...target.clusterNodes], {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: () => null,
    redisOptions: { maxRetriesPerRequest: 0, connectTimeout: timeoutMs, ...(target.password ? { password: target.password } : {}) },
  });
  let socketError: Error | undefined;
  cluster.on('error', (err: Error) => (socketError ??= err));
  try {
    const info = await withTimeout(cluster.connect().then(() => cluster.cluster('INFO')), timeoutMs);
    return /cluster_state:ok/.test(String(info)) ? undefined : 'cluster_state is not ok';
  } catch (err) {
    const message = oneLine(socketError?.message ?? errorMessage(err));
    return target.password ? message.split(target.password).join('***') : message;
  } finally {
    cluster.disconnect();
  }
}

export async function locateRedis(opts: LocateRedisOptions): Promise<RedisLocation> {
  const probeTimeoutMs = opts.probeTimeoutMs ?? 1000;
  if (opts.redisUrl !== undefined && opts.redisUrl !== '') {
    return useRedisUrl(opts.redisUrl, probeTimeoutMs);
  }
  const defaultUrl = opts.defaultUrl ?? DEFAULT_URL;
  if ((await probeRedis(defaultUrl, probeTimeoutMs)).ok) {
    return { target: defaultUrl, url: defaultUrl, source: 'local', stop: noop };
  }
  return startPrivateRedis({
    dataDir: resolve(opts.dataDir),
    bin: opts.redisServerBin ?? 'redis-server',
    startTimeoutMs: opts.startTimeoutMs ?? 5000,
  });
}

async function useRedisUrl(url: string, probeTimeoutMs: number): Promise<RedisLocation> {
  const where = describeUrl(url);
  if (where === undefined) {
    throw new RedisUnavailableError('REDIS_URL is not a valid URL (expected redis://[:password@]host:port[/db]).');
  }
  const probe = await probeRedis(url, probeTimeoutMs);
  if (!probe.ok) {
    throw new RedisUnavailableError(
      `REDIS_URL points at ${where}, which did not answer PING within ${probeTimeoutMs} ms ` +
        `(${redact(probe.reason, url)}); check the URL and that Redis is running there.`,
    );
  }
  return { target: url, url, source: 'REDIS_URL', stop: noop };
}

// ---------------------------------------------------------------------------------------
// Probing

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** One PING on a throw-away connection; never retries, never queues, always disconnects. */
export function probeRedis(url: string, probeTimeoutMs: number): Promise<ProbeResult> {
  return probe(url, probeTimeoutMs, pingOnce);
}

async function probe(url: string, probeTimeoutMs: number, check: (client: Redis) => Promise<void>): Promise<ProbeResult> {
  let client: Redis;
  try {
    client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: probeTimeoutMs,
      commandTimeout: probeTimeoutMs,
    });
  } catch (err) {
    return { ok: false, reason: oneLine(errorMessage(err)) };
  }
  // The socket error (ECONNREFUSED, ETIMEDOUT…) arrives as an 'error' event, while connect()
  // only rejects with "Connection is closed."; keep the former, it says what went wrong.
  let socketError: Error | undefined;
  client.on('error', (err: Error) => (socketError ??= err));
  try {
    await withTimeout(check(client), probeTimeoutMs + 250);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: oneLine(socketError?.message ?? errorMessage(err)) };
  } finally {
    client.disconnect();
  }
}

async function pingOnce(client: Redis): Promise<void> {
  await client.connect();
  const reply = await client.ping();
  if (reply !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
}

/** The server at `url` is the process `pid`, not someone else's that won a port race. */
function isProcess(pid: number | undefined): (client: Redis) => Promise<void> {
  return async (client) => {
    await client.connect();
    const info = await client.info('server');
    if (/process_id:(\d+)/.exec(info)?.[1] !== String(pid)) throw new Error('another server answers on this port');
  };
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------
// Private redis-server

interface PrivateServerOptions {
  dataDir: string;
  bin: string;
  startTimeoutMs: number;
}

/** A port can be taken between our check and redis binding it; a few tries cover that race. */
const START_ATTEMPTS = 3;
const STOP_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 10;

async function startPrivateRedis(opts: PrivateServerOptions): Promise<RedisLocation> {
  mkdirSync(opts.dataDir, { recursive: true });
  const logPath = join(opts.dataDir, 'redis-server.log');
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const child = await spawnRedis(opts, port, logPath);
    const url = `redis://127.0.0.1:${port}`;
    const outcome = await waitUntilReady(child, url, opts.startTimeoutMs);
    if (outcome === 'ready') return privateLocation(url, child);
    if (outcome === 'timeout') {
      await killAndWait(child);
      throw startError(`redis-server did not answer PING within ${opts.startTimeoutMs} ms`, logPath);
    }
    if (attempt >= START_ATTEMPTS) {
      throw startError(`redis-server exited before answering PING (${attempt} attempts)`, logPath);
    }
  }
}

/** Ask the OS for a free port: bind port 0, read what we got, let it go. */
async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not read a free port');
  return address.port;
}

async function spawnRedis(opts: PrivateServerOptions, port: number, logPath: string): Promise<ChildProcess> {
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', opts.dataDir,
    // BullMQ and our data need every write kept (AOF) and never evicted (PLATFORMS §4.1).
    '--appendonly', 'yes',
    '--save', '',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
  ];
  const logFd = openSync(logPath, 'a');
  try {
    const child = spawn(opts.bin, args, { stdio: ['ignore', logFd, logFd] });
    await spawned(child);
    // Later 'error' events (a failed kill) must not crash the app; exit is what we watch.
    child.on('error', ignore);
    return child;
  } finally {
    closeSync(logFd); // the child holds its own copy
  }
}

/** Resolves once the process runs; a missing binary means there is no Redis to be had. */
function spawned(child: ChildProcess): Promise<void> {
  return new Promise((ok, fail) => {
    const onSpawn = (): void => {
      child.off('error', onError);
      ok();
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      child.off('spawn', onSpawn);
      fail(err.code === 'ENOENT'
        ? new RedisUnavailableError()
        : new RedisUnavailableError(`Could not start redis-server: ${oneLine(err.message)}`));
    };
    child.once('spawn', onSpawn);
    child.once('error', onError);
  });
}

type StartOutcome = 'ready' | 'exited' | 'timeout';

async function waitUntilReady(child: ChildProcess, url: string, startTimeoutMs: number): Promise<StartOutcome> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) return 'exited';
    if ((await probe(url, 250, isProcess(child.pid))).ok) return 'ready';
    await sleep(50);
  }
  return hasExited(child) ? 'exited' : 'timeout';
}

function privateLocation(url: string, child: ChildProcess): RedisLocation {
  // If the app exits without calling stop(), take the server down with it. SIGTERM makes
  // redis fsync the AOF before it exits, and kill() is synchronous as 'exit' requires.
  const onParentExit = (): void => void child.kill('SIGTERM');
  process.on('exit', onParentExit);
  // Let the app exit on its own; stop() or the 'exit' hook ends the server.
  child.unref();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= killAndWait(child).finally(() => process.off('exit', onParentExit));
    return stopping;
  };
  return { target: url, url, source: 'private', stop };
}

/** SIGTERM (redis shuts down cleanly, AOF included), SIGKILL if it hangs; resolves on exit. */
async function killAndWait(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  child.ref(); // keep the event loop alive until the exit is seen
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function startError(summary: string, logPath: string): Error {
  return new Error(`${summary}; log ${logPath}, last lines:\n${logTail(logPath)}`);
}

function logTail(logPath: string): string {
  try {
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    return lines.slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------
// Helpers

/** host:port of a Redis URL, for messages; undefined when it does not parse. */
function describeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}`;
  } catch {
    return undefined;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function noop(): Promise<void> {}

function ignore(): void {}
