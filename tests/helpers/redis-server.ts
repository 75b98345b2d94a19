/**
 * A private redis-server for tests and benchmarks that take Redis away: started from the PATH on
 * a free port with a data folder of its own, killed (SIGKILL, as a crash) and started again on
 * the same port and data. AOF with fsync on every write, so what Redis acknowledged before the
 * kill is still there after the restart: a write that reappears was not lost, it was replayed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Starts the server (again), resolving when it answers PING. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no last write; resolves when the process is gone. */
  kill(): Promise<void>;
  /** Kills it if running and removes its data. */
  dispose(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** AOF with fsync on every write (the default), or no persistence at all (a test run's server). */
  durable?: boolean;
}

export async function startPrivateRedis(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const persistence = opts.durable === false ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always'];
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sb-redis-'));
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const server: PrivateRedis = {
    url,
    port,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...persistence, '--save', '', '--daemonize', 'no'], { stdio: 'ignore' });
      // A binary that cannot start (missing, not executable) fails here, not after a 10 s wait.
      const failed = new Promise<never>((_, reject) => child?.once('error', reject));
      await Promise.race([untilAnswers(url), failed]);
    },
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    async dispose() {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

async function untilAnswers(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on ${url} did not answer within ${timeoutMs} ms`);
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
