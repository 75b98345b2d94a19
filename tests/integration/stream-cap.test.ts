/**
 * Live progress streams per caller: the next stream over STREAMS_PER_CALLER is refused with 429
 * and Retry-After, counted across API processes; a closed stream gives its place back at once,
 * and a crashed process's places come back when their lease ends. Over real sockets: a stream
 * is an open HTTP response, which app.inject cannot hold open.
 */
import { get, type IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createKeys } from '../../src/store/keys.js';
import { StreamSlotStore } from '../../src/store/stream-slots.js';
import { auth, KEY_ALL, KEY_S1, keysUnder, REDIS_TARGET, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  close(): void;
}

/** Opens a stream on a connection of its own; resolves at its first bytes (or its whole error body). */
function openStream(base: string, path: string, key: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = get(`${base}${path}`, { headers: auth(key), agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, close: () => req.destroy() });
      res.on('data', (chunk: string) => {
        body += chunk;
        if (res.statusCode === 200) done();
      });
      res.on('end', done);
    });
    req.on('error', reject);
  });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

describe('a cap on live progress streams per caller', () => {
  let t: TestApp;
  let base: string;
  let path: string;
  let otherRuntime: Runtime;
  let other: FastifyInstance;
  let otherBase: string;
  const opened: OpenStream[] = [];
  const open = async (key = KEY_S1, at = base, query = '') => {
    const s = await openStream(at, `${path}${query}`, key);
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { STREAMS_PER_CALLER: '2' } });
    expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: makeRoster(t.prefix, { guardians: 2 }) })).statusCode).toBe(200);
    const created = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'meeting', audience: { school: true }, respectQuietHours: false } });
    path = `/v1/events/${(created.json() as { eventId: string }).eventId}/stream`;
    base = await listen(t.app);
    // A second API process on the same Redis and prefix.
    const logger = pino({ level: 'silent' });
    otherRuntime = await createRuntime(t.config, { redis: REDIS_TARGET, log: logger });
    other = await buildApp(t.config, { runtime: otherRuntime, apiKeys: t.config.API_KEYS ?? [], logger });
    otherBase = await listen(other);
  });

  afterAll(async () => {
    for (const s of opened) s.close();
    await other?.close();
    await otherRuntime?.close();
    await t?.close();
  });

  it('refuses the stream over the cap with 429 too_many_streams and Retry-After; another caller is not affected', async () => {
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('10');
    expect(JSON.parse(third.body)).toEqual({ error: { code: 'too_many_streams', message: expect.stringContaining('at most 2 live streams'), params: { cap: 2, retryAfterS: expect.any(Number) } } });
    // Another key is another caller.
    expect((await open(KEY_ALL, base, '?school=s1')).status).toBe(200);
    first.close();
    second.close();
  });

  it('a closed stream gives its place back at once', async () => {
    await waitFor(async () => (await keysUnder(t.redis, `${t.prefix}:streams:*`)).length === 1, 5000, 'the earlier places back');
    const a = await open();
    const b = await open();
    expect((await open()).status).toBe(429);
    a.close();
    const started = Date.now();
    const again = await waitFor(async () => {
      const s = await open();
      return s.status === 200 ? s : false;
    }, 5000, 'a place after a close');
    expect(Date.now() - started).toBeLessThan(2000);
    again.close();
    b.close();
  });

  it('counts across API processes: streams held on one are counted on the other', async () => {
    const onOther = [await open(KEY_S1, otherBase), await open(KEY_S1, otherBase)];
    expect(onOther.map((s) => s.status)).toEqual([200, 200]);
    expect((await open(KEY_S1, base)).status).toBe(429);
    for (const s of onOther) s.close();
    await waitFor(async () => (await open(KEY_S1, base)).status === 200, 5000, 'a place after the other process let go');
  });

  it("a process that closes gives back its streams' places", async () => {
    for (const s of opened) s.close();
    const logger = pino({ level: 'silent' });
    const runtime = await createRuntime(t.config, { redis: REDIS_TARGET, log: logger });
    const app = await buildApp(t.config, { runtime, apiKeys: t.config.API_KEYS ?? [], logger });
    const url = await listen(app);
    await waitFor(async () => (await open(KEY_S1, url)).status === 200, 5000, 'a first place');
    await waitFor(async () => (await open(KEY_S1, url)).status === 200, 5000, 'a second place');
    expect((await open(KEY_S1, base)).status).toBe(429);
    await app.close();
    await runtime.close();
    await waitFor(async () => (await open(KEY_S1, base)).status === 200, 5000, 'a place after the process closed');
  });
});

describe('stream places in Redis', () => {
  it("a crashed process's place frees itself when its lease ends; a renewed one does not", async () => {
    const t = await startTestApp({ workers: false });
    try {
      const slots = new StreamSlotStore(t.redis, createKeys(t.prefix));
      expect(await slots.take('key-a', 'crashed', 2, 300)).toBe(true);
      expect(await slots.take('key-a', 'alive', 2, 300)).toBe(true);
      expect(await slots.take('key-a', 'third', 2, 300)).toBe(false);
      await new Promise((r) => setTimeout(r, 200));
      await slots.renew('key-a', 'alive', 300);
      await new Promise((r) => setTimeout(r, 200));
      // 'crashed' was never renewed: its lease ended; 'alive' still holds its place.
      expect(await slots.take('key-a', 'fourth', 2, 300)).toBe(true);
      expect(await slots.take('key-a', 'fifth', 2, 300)).toBe(false);
      const [key] = await keysUnder(t.redis, `${t.prefix}:streams:*`);
      expect(await t.redis.pttl(key!)).toBeLessThanOrEqual(300);
    } finally {
      await t.close();
    }
  });
});
