/**
 * What whoever runs the service relies on: health and readiness, Prometheus metrics, the
 * OpenAPI document, a start-up that names every wrong variable at once, and logs that never
 * carry a parent's phone number, a name, a message text or an API key.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { SECRET_HEADERS } from '../../src/adapters.js';
import { redactPaths } from '../../src/logger.js';

const REDACT_PATHS = redactPaths(SECRET_HEADERS);
import { createRuntime } from '../../src/runtime.js';
import { auth, deleteKeys, KEY_S1, REDIS_TARGET, startTestApp, testRedis, testEnv, uniquePrefix, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

const EVENT = { kind: 'meeting', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: false, title: { en: 'Parents evening' } };

describe('health, readiness, metrics and API docs', () => {
  let t: TestApp;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const imported = await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: makeRoster(t.prefix, { guardians: 3 }) });
    expect(imported.statusCode, imported.body).toBe(200);
    const created = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: EVENT });
    expect(created.statusCode, created.body).toBe(202);
    eventId = (created.json() as { eventId: string }).eventId;
    await waitFor(async () => {
      const view = (await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() })).json() as { counts: { delivered: number } };
      return view.counts.delivered === 3;
    }, 15_000, 'three deliveries');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('GET /healthz → 200 {status: ok}', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it("GET /readyz → 200 {status: 'ready'} with Redis and the queues answering", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', checks: { redis: true, queues: true } });
  });

  describe('GET /metrics', () => {
    let text: string;
    let contentType: string;

    beforeAll(async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      text = res.body;
      contentType = String(res.headers['content-type']);
    });

    it('is Prometheus text exposition', () => {
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThan(20);
      const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)( [0-9]+)?$/;
      const comment = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;
      const bad = lines.filter((l) => !sample.test(l) && !comment.test(l));
      expect(bad).toEqual([]);
    });

    it('counts the sends: school_bridge_sends_total{platform="simulator",outcome="sent"} 3', () => {
      expect(text).toContain('# TYPE school_bridge_sends_total counter');
      expect(text).toMatch(/^school_bridge_sends_total\{platform="simulator",outcome="sent"\} 3$/m);
    });

    it('reports queue depths: school_bridge_queue_jobs by queue and state', () => {
      expect(text).toContain('# TYPE school_bridge_queue_jobs gauge');
      expect(text).toMatch(/^school_bridge_queue_jobs\{queue="fanout",state="completed"\} 1$/m);
      expect(text).toMatch(/^school_bridge_queue_jobs\{queue="inbound",state="waiting"\} 0$/m);
      expect(text).toMatch(/^school_bridge_queue_jobs\{queue="out-simulator-[^"]+",state="failed"\} 0$/m);
    });

    it('times HTTP requests: school_bridge_http_request_duration_seconds by method, route and status', () => {
      expect(text).toContain('# TYPE school_bridge_http_request_duration_seconds histogram');
      const count = text.split('\n').find((l) => l.startsWith('school_bridge_http_request_duration_seconds_count{') && l.includes('route="/v1/events"') && l.includes('status="202"'));
      expect(count).toMatch(/method="POST"/);
      expect(count).toMatch(/ 1$/);
      // Routes are labelled by their pattern, never by ids or query strings.
      expect(text).toContain('route="/v1/events/:id"');
      expect(text).not.toContain(eventId);
    });
  });

  describe('GET /docs/json', () => {
    let doc: { openapi?: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> };

    beforeAll(async () => {
      const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
      expect(res.statusCode).toBe(200);
      doc = res.json() as typeof doc;
    });

    it('is an OpenAPI 3 document listing /v1/events and /v1/roster/import', () => {
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.paths['/v1/events']?.post).toBeDefined();
      expect(doc.paths['/v1/events']?.get).toBeDefined();
      expect(doc.paths['/v1/roster/import']?.post).toBeDefined();
      expect(doc.paths['/v1/events/{id}']?.get).toBeDefined();
    });

    it("describes the event request body, with the kind enum and the audience", () => {
      const schema = doc.paths['/v1/events']?.post?.requestBody?.content['application/json']?.schema as {
        properties: Record<string, { enum?: string[] }>;
        required?: string[];
      };
      expect(schema.properties.kind?.enum).toEqual(['meeting', 'school_event', 'home_activity', 'absence', 'progress', 'good_news', 'reminder', 'custom', 'survey']);
      expect(schema.properties.audience).toBeDefined();
      expect(schema.properties.startsAt).toBeDefined();
      expect(schema.required).toEqual(expect.arrayContaining(['kind', 'audience']));
    });

    it('documents that the roster import takes CSV as well as JSON', () => {
      const content = doc.paths['/v1/roster/import']?.post?.requestBody?.content ?? {};
      expect(Object.keys(content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
    });
  });
});

describe('loadConfig', () => {
  it('names every wrong variable at once in one ConfigError', () => {
    const env = { PORT: 'abc', ROLE: 'boss', REDIS_URL: 'notaurl', API_KEYS: 'short=x', DEFAULT_TIME_ZONE: 'Mars/Base' };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of Object.keys(env)) expect(message, `the message should name ${name}`).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(Object.keys(env).length);
  });

  it('names a wrong time zone on its own', () => {
    expect(() => loadConfig({ DEFAULT_TIME_ZONE: 'Mars/Base' })).toThrow(/DEFAULT_TIME_ZONE/);
  });

  it('does not echo API keys in its message', () => {
    const secret = 'a-very-secret-key-of-sixteen-plus=s1,short=x';
    let message = '';
    try {
      loadConfig({ API_KEYS: secret });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('API_KEYS');
    expect(message).not.toContain('a-very-secret-key-of-sixteen-plus');
  });

  it('accepts a valid environment and treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '8080', ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:6379', API_KEYS: `${KEY_S1}=s1`, DEFAULT_TIME_ZONE: 'Africa/Casablanca', LOG_LEVEL: '' });
    expect(config).toMatchObject({ PORT: 8080, ROLE: 'api', LOG_LEVEL: 'info', API_KEYS: [{ key: KEY_S1, school: 's1' }] });
    expect(Object.isFrozen(config)).toBe(true);
  });
});

describe('logs never carry phone numbers, names, message texts or API keys', () => {
  const PHONE = '+212677755555';
  const NAME = 'Khadija Benkirane-Ouazzani';
  const TEXT = 'Dear parent of Yasmine, see you tomorrow';
  const KEY = `Bearer ${KEY_S1}`;

  function capture(): { stream: Writable; lines: () => string[] } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
  }

  // createLogger({level, pretty}) always writes to stdout; it cannot be given a stream, so the
  // redaction rules it uses (REDACT_PATHS) are tested with the same pino options here.
  it('REDACT_PATHS, as createLogger applies them, redact phone, name, text, from, address, childNames and the authorization header', () => {
    const { stream, lines } = capture();
    const log = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
    log.info({ phone: PHONE, name: NAME, text: TEXT }, 'top level');
    log.info({ guardian: { id: 'g1', phone: PHONE, name: NAME, address: 'sim-g1' } }, 'nested');
    log.info({ message: { text: TEXT, from: 'sim-g1' }, invitation: { childName: 'Yasmine', childNames: ['Yasmine'] } }, 'texts');
    log.info({ req: { method: 'GET', url: '/v1/roster', headers: { authorization: KEY, 'x-telegram-bot-api-secret-token': 'tg-secret' } } }, 'request');
    const out = lines().join('\n');
    expect(lines()).toHaveLength(4);
    for (const secret of [PHONE, NAME, TEXT, 'Yasmine', 'sim-g1', KEY, KEY_S1, 'tg-secret']) {
      expect(out, `log output should not contain ${secret}`).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    // Ids and routes stay readable.
    expect(out).toContain('"id":"g1"');
    expect(out).toContain('/v1/roster');
  });

  it('createLogger (run in a child process, its stdout captured) redacts the same fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logger-'));
    try {
      const script = join(dir, 'log.mts');
      writeFileSync(script, [
        `import { createLogger } from ${JSON.stringify(resolve('src/logger.ts'))};`,
        "const log = createLogger({ level: 'info', pretty: false, secretHeaders: [] });",
        `log.info({ phone: ${JSON.stringify(PHONE)}, guardian: { name: ${JSON.stringify(NAME)}, phone: ${JSON.stringify(PHONE)} }, message: { text: ${JSON.stringify(TEXT)} } }, 'guardian');`,
        `log.info({ req: { headers: { authorization: ${JSON.stringify(KEY)} } } }, 'request');`,
        'log.flush();',
      ].join('\n'));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: resolve('.') });
      const lines = stdout.split('\n').filter(Boolean);
      expect(lines).toHaveLength(2);
      for (const secret of [PHONE, NAME, TEXT, KEY_S1]) expect(stdout).not.toContain(secret);
      expect(stdout).toContain('[redacted]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a real import → send → RSVP → erase, logged at trace level, leaks none of them', async () => {
    const { stream, lines } = capture();
    const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
    const prefix = uniquePrefix();
    const config = loadConfig(testEnv(prefix, { LOG_LEVEL: 'trace' }));
    const runtime = await createRuntime(config, { redis: REDIS_TARGET, log: logger });
    runtime.startWorkers();
    const app = await buildApp(config, { runtime, apiKeys: config.API_KEYS ?? [], logger });
    const address = `sim-${prefix}-log`;
    try {
      await app.ready();
      const roster = {
        classes: [{ id: 'C1', grade: 2 }],
        guardians: [{ id: 'g1', name: NAME, locale: 'en', phone: PHONE, channels: { simulator: address } }],
        children: [{ id: 'c1', name: 'Yasmine Benkirane', classId: 'C1', guardianIds: ['g1'] }],
      };
      const headers = { authorization: KEY };
      expect((await app.inject({ method: 'POST', url: '/v1/roster/import', headers, payload: roster })).statusCode).toBe(200);
      const created = await app.inject({ method: 'POST', url: '/v1/events?school=s1', headers, payload: { ...EVENT, details: { en: TEXT } } });
      expect(created.statusCode, created.body).toBe(202);
      const eventId = (created.json() as { eventId: string }).eventId;
      await waitFor(async () => ((await app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers })).json() as { counts: { delivered: number } }).counts.delivered === 1, 15_000, 'the delivery');
      await app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers, payload: { from: address, choice: `r.yes.${eventId}`, text: 'Yes, see you there' } });
      await app.inject({ method: 'POST', url: '/v1/roster/import', headers, payload: { guardians: [{ id: 'g2', name: NAME, phone: 'not a phone' }] } });
      expect((await app.inject({ method: 'DELETE', url: '/v1/guardians/g1', headers })).statusCode).toBe(204);
      const out = lines().join('\n');
      expect(lines().length).toBeGreaterThan(5);
      for (const secret of [PHONE, '677755555', NAME, 'Benkirane', TEXT, 'Yes, see you there', KEY_S1]) {
        expect(out, `logs should not contain ${secret}`).not.toContain(secret);
      }
    } finally {
      await app.close();
      await runtime.close();
      const redis = testRedis();
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });
});
