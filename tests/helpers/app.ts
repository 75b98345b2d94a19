/**
 * Builds the real app against the real Redis on 127.0.0.1:6379 under a unique key prefix, so
 * tests run side by side and leave nothing behind. With TEST_REDIS_CLUSTER_NODES set
 * (`npm run test:cluster`), everything runs on that Redis Cluster instead: the app through
 * REDIS_CLUSTER_NODES, the tests' own reads through a cluster client.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Cluster, Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { keyNodes, type RedisTarget } from '../../src/store/redis-clients.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The test cluster's nodes as REDIS_CLUSTER_NODES takes them, or undefined on one server. */
export const CLUSTER_NODES = process.env.TEST_REDIS_CLUSTER_NODES || undefined;
export const ON_CLUSTER = CLUSTER_NODES !== undefined;
/** What the app connects to in tests. */
export const REDIS_TARGET: RedisTarget = CLUSTER_NODES
  ? { clusterNodes: CLUSTER_NODES.split(',').map((n) => ({ host: n.split(':')[0] as string, port: Number(n.split(':')[1]) })) }
  : REDIS_URL;

/** A client for the tests' own reads and writes, on the same Redis (or cluster) as the app. */
export function testRedis(): Redis {
  if (typeof REDIS_TARGET === 'string') return new Redis(REDIS_TARGET);
  return new Cluster([...REDIS_TARGET.clusterNodes]) as unknown as Redis;
}
/** A key for school s1, one for s2, and one for every school. */
export const KEY_S1 = 'test-key-school-one-0001';
export const KEY_S2 = 'test-key-school-two-0002';
export const KEY_ALL = 'test-key-all-schools-0003';
export const auth = (key = KEY_S1) => ({ authorization: `Bearer ${key}` });

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  config: Config;
  prefix: string;
  redis: Redis;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  workers?: boolean;
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The test schools' quiet hours; none by default. */
  quietHours?: { start: string; end: string };
  /** WhatsApp sessions by account id (fake clients in tests). */
  whatsappClients?: ReadonlyMap<string, unknown>;
}

export function uniquePrefix(): string {
  return `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export function testEnv(prefix: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    ...(CLUSTER_NODES ? { REDIS_CLUSTER_NODES: CLUSTER_NODES } : { REDIS_URL }),
    REDIS_PREFIX: prefix,
    API_KEYS: `${KEY_S1}=s1,${KEY_S2}=s2,${KEY_ALL}=*`,
    LOG_LEVEL: 'silent',
    SIMULATOR_RATE_MAX: '0',
    OUTBOUND_BACKOFF_MS: '20',
    // Tests send many wrong keys from 127.0.0.1; tests/integration/wrong-keys.test.ts sets its own.
    WRONG_KEYS_PER_IP: '100000',
    // Each test app keeps its files apart, and removes them when it closes.
    MEDIA_DIR: join(tmpdir(), `sb-media-${prefix}`),
    ...env,
  };
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const prefix = uniquePrefix();
  const config = loadConfig(testEnv(prefix, opts.env));
  const logger = pino({ level: 'silent' });
  const runtime = await createRuntime(config, {
    redis: REDIS_TARGET,
    log: logger,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.whatsappClients ? { sessions: new Map([...opts.whatsappClients].map(([id, s]) => [`whatsapp-web:${id}`, s])) } : {}),
  });
  if (opts.workers !== false) await runtime.startWorkers();
  // Test schools have no quiet hours, so a test does not depend on the time of day it runs at;
  // the quiet-hours tests set them explicitly.
  for (const id of ['s1', 's2', 's3']) {
    const school = await runtime.ctx.stores.schools.get(id);
    await runtime.ctx.stores.schools.put({ ...school, quietHours: opts.quietHours ?? { start: '00:00', end: '00:00' } });
  }
  const app = await buildApp(config, { runtime, apiKeys: config.API_KEYS ?? [], logger });
  await app.ready();
  const redis = testRedis();
  return {
    app, runtime, config, prefix, redis,
    async close() {
      await app.close();
      await runtime.close();
      await deleteKeys(redis, prefix);
      await redis.quit();
      if (config.MEDIA_DIR) await rm(config.MEDIA_DIR, { recursive: true, force: true });
    },
  };
}

/** Removes every key the test wrote (the service's and BullMQ's, both under the prefix), on every node. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  for (const node of keyNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      // One key a command: on a cluster, keys of one UNLINK must share a slot.
      for (const key of keys) await node.unlink(key);
    } while (cursor !== '0');
  }
}

/** Every key under a prefix, on every node. */
export async function keysUnder(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of keyNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
