/**
 * Builds the real app against the real Redis on 127.0.0.1:6379 under a unique key prefix, so
 * tests run side by side and leave nothing behind.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
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
    REDIS_URL,
    REDIS_PREFIX: prefix,
    API_KEYS: `${KEY_S1}=s1,${KEY_S2}=s2,${KEY_ALL}=*`,
    LOG_LEVEL: 'silent',
    SIMULATOR_RATE_MAX: '0',
    OUTBOUND_BACKOFF_MS: '20',
    // Tests send many wrong keys from 127.0.0.1; tests/integration/wrong-keys.test.ts sets its own.
    WRONG_KEYS_PER_IP: '100000',
    ...env,
  };
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const prefix = uniquePrefix();
  const config = loadConfig(testEnv(prefix, opts.env));
  const logger = pino({ level: 'silent' });
  const runtime = await createRuntime(config, {
    redisUrl: REDIS_URL,
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
  const redis = new Redis(REDIS_URL);
  return {
    app, runtime, config, prefix, redis,
    async close() {
      await app.close();
      await runtime.close();
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}

/** Removes every key the test wrote (the service's and BullMQ's, both under the prefix). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
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
