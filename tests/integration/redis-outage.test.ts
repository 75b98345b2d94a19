/**
 * Redis goes away and comes back, for real: a private redis-server (AOF, fsync always) is
 * killed with SIGKILL and started again on the same port and data. While it is away every route
 * that needs it answers at once 503 unavailable with Retry-After (over a real socket), /healthz
 * stays 200 and /readyz says not_ready; the log says so once, and once when it is back; the app
 * recovers by itself; a write refused with 503 never shows up later; the workers send again.
 */
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { isConnectionError } from '../../src/store/redis-health.js';
import { auth, testEnv, uniquePrefix, waitFor } from '../helpers/app.js';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis-server.js';
import { makeRoster } from '../helpers/roster.js';

const EVENT = { kind: 'meeting', audience: { school: true }, rsvp: true, respectQuietHours: false };
const json = { ...auth(), 'content-type': 'application/json' };

interface LogLine {
  level: number;
  msg: string;
  status?: number;
}

describe('while Redis is down', () => {
  let redis: PrivateRedis;
  let runtime: Runtime;
  let app: FastifyInstance;
  let base: string;
  let eventId: string;
  const lines: LogLine[] = [];
  let killedAt = 0;

  const call = (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: opts.headers ?? (opts.body === undefined ? auth() : json),
      ...(opts.body === undefined ? {} : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
    });
  const deliveredOf = async (id: string) => ((await (await call('GET', `/v1/events/${id}`)).json()) as { counts: { delivered: number } }).counts.delivered;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as LogLine);
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const prefix = uniquePrefix();
    const config = loadConfig(testEnv(prefix, { REDIS_URL: redis.url, LOG_LEVEL: 'info' }));
    runtime = await createRuntime(config, { redis: redis.url, log: logger });
    await runtime.startWorkers();
    app = await buildApp(config, { runtime, apiKeys: config.API_KEYS ?? [], logger });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    expect((await call('POST', '/v1/roster/import', { body: makeRoster(prefix, { guardians: 3 }) })).status).toBe(200);
    const created = await call('POST', '/v1/events', { body: EVENT });
    expect(created.status).toBe(202);
    eventId = ((await created.json()) as { eventId: string }).eventId;
    await waitFor(async () => (await deliveredOf(eventId)) === 3, 15_000, 'the first event delivered');
    killedAt = lines.length;
    await redis.kill();
    await waitFor(async () => (await call('GET', '/readyz')).status === 503, 5000, '/readyz to notice');
  });

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await redis?.dispose();
  });

  const FAMILIES: Array<[string, string, unknown?]> = [
    ['GET', '/v1/roster'],
    ['GET', '/v1/guardians'],
    ['GET', '/v1/events'],
    ['GET', '/v1/events/evaaaaaaaaaa'],
    ['GET', '/v1/events/evaaaaaaaaaa/deliveries'],
    ['GET', '/v1/events/evaaaaaaaaaa/stream'],
    ['GET', '/v1/surveys'],
    ['GET', '/v1/inbox'],
    ['GET', '/v1/school'],
    ['GET', '/metrics'],
    ['POST', '/v1/events', EVENT],
    ['POST', '/v1/roster/import', { classes: [{ id: 'X1', grade: 1 }] }],
    ['POST', '/v1/surveys', { id: 'x', title: { en: 'x' }, questions: [] }],
    ['POST', '/v1/simulator/inbound', { from: 'sim-x', text: 'hello' }],
    ['POST', '/v1/inbox/n1/reply', { text: 'hello' }],
    ['PATCH', '/v1/school', { name: 'Renamed while down' }],
    ['DELETE', '/v1/guardians/g1'],
    ['POST', '/webhooks/telegram', {}],
  ];

  it.each(FAMILIES)('%s %s → 503 unavailable with Retry-After, in under 1 s', async (method, path, body) => {
    const started = performance.now();
    const res = await call(method, path, body === undefined ? {} : { body });
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ error: { code: 'unavailable', message: expect.stringContaining('cannot reach its database'), params: { retryAfterS: expect.any(Number) } } });
    expect(ms).toBeLessThan(1000);
  });

  it('a wrong key, a malformed body: still 503 at once (nothing can be checked, nothing is written)', async () => {
    expect((await call('GET', '/v1/roster', { headers: { authorization: 'Bearer wrong-key-wrong-key-wrong' } })).status).toBe(503);
    expect((await call('POST', '/v1/events', { body: '{"kind":' })).status).toBe(503);
  });

  it('/healthz stays 200; /readyz says 503 not_ready; the console page is still served', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { redis: false } });
    expect((await call('GET', '/console')).status).toBe(200);
  });

  it("the stores fail fast with a connection error rather than waiting for Redis", async () => {
    const started = performance.now();
    const err = await runtime.ctx.stores.events.get(eventId).catch((e: unknown) => e);
    expect(isConnectionError(err)).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('a POST sent during the outage (with an Idempotency-Key) is refused', async () => {
    const res = await call('POST', '/v1/events', { body: { ...EVENT, place: 'during the outage' }, headers: { ...json, 'idempotency-key': 'outage-1' } });
    expect(res.status).toBe(503);
    // Several seconds of outage: many reconnect attempts for the log test below.
    await new Promise((r) => setTimeout(r, 2500));
  });

  describe('and when it is back', () => {
    let recoveredMs = 0;

    beforeAll(async () => {
      await redis.start();
      const started = Date.now();
      await waitFor(async () => (await call('GET', '/v1/roster')).status === 200, 10_000, 'the API to answer again');
      recoveredMs = Date.now() - started;
    });

    it('answers again by itself within a couple of seconds, without a restart', async () => {
      expect(recoveredMs).toBeLessThan(3000);
      expect((await call('GET', '/readyz')).status).toBe(200);
      expect((await call('GET', `/v1/events/${eventId}`)).status).toBe(200);
    });

    it('the POST refused during the outage is not there, and its Idempotency-Key is still free', async () => {
      await new Promise((r) => setTimeout(r, 500));
      const list = (await (await call('GET', '/v1/events')).json()) as { items: Array<{ id: string; place: string | null }> };
      expect(list.items.map((e) => e.id)).toEqual([eventId]);
      expect(await runtime.ctx.queues.fanout.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 1 });
      const again = await call('POST', '/v1/events', { body: { ...EVENT, place: 'during the outage' }, headers: { ...json, 'idempotency-key': 'outage-1' } });
      expect(again.status).toBe(202);
      const newId = ((await again.json()) as { eventId: string }).eventId;
      expect(newId).not.toBe(eventId);
      // The workers came back too: the new event reaches the three phones.
      await waitFor(async () => (await deliveredOf(newId)) === 3, 20_000, 'the new event delivered');
    });

    it('logged the outage once and its end once, not a line per error or request', () => {
      const outage = lines.slice(killedAt).filter((l) => l.msg !== 'request' && l.msg !== 'event created' && l.msg !== 'fan-out done');
      const said = outage.map((l) => l.msg);
      expect(said.filter((m) => m.startsWith('Redis is unreachable')), JSON.stringify(outage)).toHaveLength(1);
      expect(said.filter((m) => m.startsWith('Redis is back')), JSON.stringify(outage)).toHaveLength(1);
      // At most one more: a worker's own connection failing just before ours noticed.
      expect(said.length, JSON.stringify(outage)).toBeLessThanOrEqual(3);
      expect(outage.filter((l) => l.level >= 50), JSON.stringify(outage)).toEqual([]);
      // The 503 answers themselves are logged at debug only; dozens were sent.
      expect(lines.slice(killedAt).filter((l) => l.msg === 'request' && l.status === 503)).toEqual([]);
    });
  });
});
