/**
 * Real processes, no mocks: a private redis-server is started from the PATH, and the shared
 * Redis on 127.0.0.1:6379 stands in for "Redis is already running here".
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRedisClient,
  findRedis,
  locateRedis,
  RedisUnavailableError,
  type RedisLocation,
} from '../../src/store/redis-bootstrap.js';

const SHARED_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLOSED_URL = 'redis://127.0.0.1:1'; // port 1: nothing listens there
const MODULE_PATH = resolve('src/store/redis-bootstrap.ts');

const tempDirs: string[] = [];
const locations: RedisLocation[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'redis-bootstrap-'));
  tempDirs.push(dir);
  return dir;
}

async function locate(opts: Parameters<typeof locateRedis>[0]): Promise<RedisLocation> {
  const location = await locateRedis(opts);
  locations.push(location);
  return location;
}

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

async function answersPing(url: string): Promise<boolean> {
  return withClient(url, async (c) => (await c.ping()) === 'PONG').catch(() => false);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function serverPid(url: string): Promise<number> {
  const info = await withClient(url, (c) => c.info('server'));
  return Number(/process_id:(\d+)/.exec(info)?.[1]);
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return check();
}

afterEach(async () => {
  await Promise.all(locations.splice(0).map((l) => l.stop()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findRedis with REDIS_CLUSTER_NODES', () => {
  it('fails on a cluster that does not answer with one line naming the nodes, without the password, and tries nothing else', async () => {
    const dataDir = tempDir();
    const err = await findRedis({ clusterNodes: [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 2 }], clusterPassword: 'hunter2secret', redisUrl: SHARED_URL, dataDir, startTimeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain('REDIS_CLUSTER_NODES');
    expect(message).toContain('127.0.0.1:1,127.0.0.1:2');
    expect(message).not.toContain('hunter2secret');
    expect(message).not.toContain('\n');
    expect(readdirSync(dataDir)).toEqual([]); // no private server was started instead
  });

  it('refuses a single server (not in cluster mode) named as a cluster node', async () => {
    const { port, hostname } = new URL(SHARED_URL);
    const err = await findRedis({ clusterNodes: [{ host: hostname, port: Number(port || 6379) }], dataDir: tempDir(), startTimeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
  });
});

describe('locateRedis', () => {
  it('fails on an unreachable REDIS_URL with one line naming it, without the password', async () => {
    const err = await locateRedis({ redisUrl: 'redis://:secret@127.0.0.1:1', dataDir: tempDir() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RedisUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('127.0.0.1:1');
    expect(message).toContain('ECONNREFUSED'); // the cause, not just "Connection is closed."
    expect(message).not.toContain('secret');
    expect(message).not.toContain('\n');
  });

  it('uses a reachable REDIS_URL as is', async () => {
    const location = await locate({ redisUrl: SHARED_URL, defaultUrl: CLOSED_URL, dataDir: tempDir() });
    expect(location).toMatchObject({ url: SHARED_URL, source: 'REDIS_URL' });
  });

  it('uses the default URL when it answers', async () => {
    const location = await locate({ defaultUrl: SHARED_URL, dataDir: tempDir() });
    expect(location).toMatchObject({ url: SHARED_URL, source: 'local' });
    await location.stop(); // a no-op: the shared Redis keeps running
    expect(await answersPing(SHARED_URL)).toBe(true);
  });

  it('starts a private redis-server with AOF in its own data folder, and stop() ends it', async () => {
    const dataDir = join(tempDir(), 'nested', 'redis');
    const location = await locate({ defaultUrl: CLOSED_URL, dataDir });
    expect(location.source).toBe('private');
    expect(location.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await answersPing(location.url)).toBe(true);

    const config = await withClient(location.url, async (c) => ({
      appendonly: await c.config('GET', 'appendonly'),
      policy: await c.config('GET', 'maxmemory-policy'),
      save: await c.config('GET', 'save'),
      bind: await c.config('GET', 'bind'),
      dir: await c.config('GET', 'dir'),
    }));
    expect(config.appendonly).toEqual(['appendonly', 'yes']);
    expect(config.policy).toEqual(['maxmemory-policy', 'noeviction']);
    expect(config.save).toEqual(['save', '']);
    expect(config.bind).toEqual(['bind', '127.0.0.1']);
    expect(config.dir).toEqual(['dir', dataDir]);

    await withClient(location.url, (c) => c.set('greeting', 'marhaba'));
    const aofDir = join(dataDir, 'appendonlydir');
    const incrHasData = (): boolean =>
      readdirSync(aofDir).some((f) => f.endsWith('.incr.aof') && statSync(join(aofDir, f)).size > 0);
    expect(await waitFor(incrHasData, 2000)).toBe(true);
    expect(readFileSync(join(dataDir, 'redis-server.log'), 'utf8')).toContain('Ready to accept connections');

    const pid = await serverPid(location.url);
    await location.stop();
    expect(isAlive(pid)).toBe(false);
    expect(await answersPing(location.url)).toBe(false);
    await location.stop(); // a second stop is harmless
  });

  it('keeps data across restarts of the private server (AOF reload)', async () => {
    const dataDir = tempDir();
    const first = await locate({ defaultUrl: CLOSED_URL, dataDir });
    await withClient(first.url, (c) => c.set('kept', 'yes'));
    await first.stop();

    const second = await locate({ defaultUrl: CLOSED_URL, dataDir });
    expect(await withClient(second.url, (c) => c.get('kept'))).toBe('yes');
  });

  it('says in one line how to get Redis when there is no redis-server', async () => {
    const err = await locateRedis({
      defaultUrl: CLOSED_URL,
      dataDir: tempDir(),
      redisServerBin: join(tmpdir(), 'no-such-dir', 'redis-server'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/REDIS_URL/);
    expect(message).toMatch(/apt-get install redis-server/);
  });

  it('reports the log tail when redis-server keeps exiting at start', async () => {
    const dir = tempDir();
    const fakeBin = join(dir, 'fake-redis');
    writeFileSync(fakeBin, '#!/bin/sh\necho "FATAL: cannot start (fake)"\nexit 1\n');
    chmodSync(fakeBin, 0o755);
    const err = await locateRedis({ defaultUrl: CLOSED_URL, dataDir: join(dir, 'data'), redisServerBin: fakeBin })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/exited before answering PING \(3 attempts\)/);
    expect((err as Error).message).toContain('FATAL: cannot start (fake)');
  });

  it('kills a redis-server that never answers, and says so', async () => {
    const dir = tempDir();
    const fakeBin = join(dir, 'silent-redis');
    const pidFile = join(dir, 'pid');
    writeFileSync(fakeBin, `#!/bin/sh\necho $$ > '${pidFile}'\necho "starting slowly"\nexec sleep 60\n`);
    chmodSync(fakeBin, 0o755);
    const err = await locateRedis({
      defaultUrl: CLOSED_URL,
      dataDir: join(dir, 'data'),
      redisServerBin: fakeBin,
      startTimeoutMs: 500,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/did not answer PING within 500 ms/);
    expect((err as Error).message).toContain('starting slowly');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(pid)).toBe(false);
  });

  it('takes the private server down when the parent process exits without stop()', async () => {
    const dataDir = tempDir();
    const script = [
      `import { locateRedis } from ${JSON.stringify(MODULE_PATH)};`,
      `const l = await locateRedis({ defaultUrl: ${JSON.stringify(CLOSED_URL)}, dataDir: ${JSON.stringify(dataDir)} });`,
      'console.log(l.url);',
      'process.exit(0);',
    ].join('\n');
    const scriptPath = join(dataDir, 'parent.mts');
    writeFileSync(scriptPath, script);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', scriptPath]);
    const url = stdout.trim();
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    // Redis prefixes its log lines with its pid ("1234:M ...").
    const log = readFileSync(join(dataDir, 'redis-server.log'), 'utf8');
    const pid = Number(/^(\d+):M /m.exec(log)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // The server got SIGTERM as the parent exited; give it a moment to finish its shutdown.
    expect(await waitFor(() => !isAlive(pid), 3000)).toBe(true);
    expect(await answersPing(url)).toBe(false);
  });
});

describe('createRedisClient', () => {
  it.each([
    ['worker', null, true, false],
    // What HTTP requests use fails at once while Redis is away (tests/integration/redis-outage.test.ts).
    ['producer', 0, false, false],
    ['store', 0, false, true],
  ] as const)('%s: maxRetriesPerRequest %s, offline queue %s, auto-pipelining %s', async (role, retries, offline, pipelining) => {
    const errors: Error[] = [];
    const client = createRedisClient(SHARED_URL, role, (e) => errors.push(e));
    try {
      expect(client.options.maxRetriesPerRequest).toBe(retries);
      expect(client.options.enableOfflineQueue).toBe(offline);
      expect(client.options.enableAutoPipelining).toBe(pipelining);
      await new Promise((ready) => client.once('ready', ready));
      expect(await client.client('GETNAME')).toBe(`school-bridge:${role}:${process.pid}`);
      expect(errors).toEqual([]);
    } finally {
      client.disconnect();
    }
  });

  it('reports connection errors through the callback without the password', async () => {
    const errors: Error[] = [];
    const client = createRedisClient('redis://:hunter2secret@127.0.0.1:1', 'producer', (e) => errors.push(e));
    try {
      expect(await waitFor(() => errors.length > 0, 3000)).toBe(true);
      expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
      expect(errors.map((e) => e.message).join(' ')).not.toContain('hunter2secret');
    } finally {
      client.disconnect();
    }
  });
});
