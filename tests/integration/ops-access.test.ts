/**
 * /metrics and /docs as whoever runs the service configures them (METRICS_ACCESS, DOCS_ACCESS):
 * open by default (tests/integration/auth.test.ts), behind a key for every school, or not there.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { auth, KEY_ALL, KEY_S1, startTestApp, type TestApp } from '../helpers/app.js';

const PAGES = ['/metrics', '/docs', '/docs/json', '/docs/yaml'];

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body.slice(0, 200)).toBe(status);
  // params: what the message is made of (the role needed, the route that is not there…).
  expect(res.json()).toEqual({ error: { code, message: expect.any(String), params: expect.any(Object) } });
}

describe("METRICS_ACCESS=key, DOCS_ACCESS=key: a key for every school, nobody else", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { METRICS_ACCESS: 'key', DOCS_ACCESS: 'key', WRONG_KEYS_PER_IP: '3' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(PAGES)('%s: 200 with a key for every school', async (url) => {
    const res = await t.app.inject({ method: 'GET', url, headers: auth(KEY_ALL) });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  });

  it.each(PAGES)("%s: 401 without a key, 403 with one school's key", async (url) => {
    expectError(await t.app.inject({ method: 'GET', url }), 401, 'unauthorized');
    expectError(await t.app.inject({ method: 'GET', url, headers: auth(KEY_S1) }), 403, 'forbidden');
  });

  it('wrong keys there count like wrong keys on /v1: the third blocks the address everywhere', async () => {
    const from = { remoteAddress: '198.51.100.77' };
    for (let i = 0; i < 3; i++) {
      expectError(await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-a-key-not-a-key-not' }, ...from }), 401, 'unauthorized');
    }
    const blocked = await t.app.inject({ method: 'GET', url: '/metrics', headers: auth(KEY_ALL), ...from });
    expectError(blocked, 429, 'too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expectError(await t.app.inject({ method: 'GET', url: '/v1/roster', headers: auth(KEY_S1), ...from }), 429, 'too_many_attempts');
  });

  it('liveness and readiness stay open (orchestrators probe them without keys)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('METRICS_ACCESS=off, DOCS_ACCESS=off: not served', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { METRICS_ACCESS: 'off', DOCS_ACCESS: 'off' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each([...PAGES, '/docs/static/index.html', '/docs/static/swagger-ui-bundle.js'])('%s → 404 not_found, even with a key for every school', async (url) => {
    expectError(await t.app.inject({ method: 'GET', url }), 404, 'not_found');
    expectError(await t.app.inject({ method: 'GET', url, headers: auth(KEY_ALL) }), 404, 'not_found');
  });

  it('the API itself is unchanged', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/roster', headers: auth() })).statusCode).toBe(200);
  });
});

describe('configuration', () => {
  it("'key' without a key for every school is refused at start-up, naming the variable", () => {
    let error: unknown;
    try {
      loadConfig({ API_KEYS: `${KEY_S1}=s1`, METRICS_ACCESS: 'key' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/METRICS_ACCESS: 'key' needs an API_KEYS entry for every school/);
    expect(() => loadConfig({ DOCS_ACCESS: 'sometimes' })).toThrow(/DOCS_ACCESS/);
    expect(loadConfig({}).METRICS_ACCESS).toBe('open');
  });
});
