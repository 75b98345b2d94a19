/**
 * Wrong API keys per client address, as an integrator or an attacker meets them: three wrong
 * keys in the window and the address is refused (429 + Retry-After), a right key too, until the
 * window passes; right keys never count; other addresses, and another API process, see the same.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { createRuntime } from '../../src/runtime.js';
import { auth, KEY_S1, REDIS_TARGET, startTestApp, type TestApp } from '../helpers/app.js';

const WRONG = { authorization: 'Bearer wrong-key-wrong-key-wrong-key' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectTooMany(res: LightMyRequestResponse): number {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json()).toEqual({ error: { code: 'too_many_attempts', message: expect.stringMatching(/too many wrong API keys/), params: { retryAfterS: expect.any(Number) } } });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(2);
  return retryAfter;
}

describe('wrong API keys per client address', () => {
  let t: TestApp;
  const from = (remoteAddress: string, opts: InjectOptions) => t.app.inject({ ...opts, remoteAddress });

  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { WRONG_KEYS_PER_IP: '3', WRONG_KEYS_WINDOW_S: '2', TRUST_PROXY: '10.9.9.9' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('right keys never count: 30 right keys, then 2 wrong ones, and the address still works', async () => {
    for (let i = 0; i < 30; i++) expect((await from('198.51.100.1', { method: 'GET', url: '/v1/roster', headers: auth() })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await from('198.51.100.1', { method: 'GET', url: '/v1/roster', headers: WRONG })).statusCode).toBe(401);
    expect((await from('198.51.100.1', { method: 'GET', url: '/v1/roster', headers: auth() })).statusCode).toBe(200);
  });

  it('the third wrong key blocks the address: 429 with Retry-After, even for a right key, until the window passes', async () => {
    const ip = '198.51.100.2';
    for (let i = 0; i < 3; i++) expect((await from(ip, { method: 'GET', url: '/v1/roster', headers: WRONG })).statusCode).toBe(401);
    expectTooMany(await from(ip, { method: 'GET', url: '/v1/roster', headers: auth() }));
    expectTooMany(await from(ip, { method: 'GET', url: '/v1/roster', headers: WRONG }));
    // A write from the blocked address is refused before its body is read, and writes nothing.
    expectTooMany(await from(ip, { method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'meeting', audience: { school: true } } }));
    expect(((await from('198.51.100.3', { method: 'GET', url: '/v1/events', headers: auth() })).json() as { items: unknown[] }).items).toEqual([]);
    // Another address is not affected.
    expect((await from('198.51.100.3', { method: 'GET', url: '/v1/roster', headers: auth() })).statusCode).toBe(200);
    await sleep(2100);
    expect((await from(ip, { method: 'GET', url: '/v1/roster', headers: auth() })).statusCode).toBe(200);
  });

  it('a request without any key is a 401 as before and counts nothing', async () => {
    const ip = '198.51.100.4';
    for (let i = 0; i < 10; i++) expect((await from(ip, { method: 'GET', url: '/v1/roster' })).statusCode).toBe(401);
    expect((await from(ip, { method: 'GET', url: '/v1/roster', headers: auth() })).statusCode).toBe(200);
  });

  it('an IPv6 client counts per /64: a new address in the same /64 is still blocked', async () => {
    for (let i = 0; i < 3; i++) await from(`2001:db8:77:1::${i + 1}`, { method: 'GET', url: '/v1/roster', headers: WRONG });
    expectTooMany(await from('2001:db8:77:1:ffff::9', { method: 'GET', url: '/v1/roster', headers: auth() }));
    expect((await from('2001:db8:77:2::1', { method: 'GET', url: '/v1/roster', headers: auth() })).statusCode).toBe(200);
  });

  it('behind a trusted proxy (TRUST_PROXY) the client is the X-Forwarded-For address; elsewhere the header is ignored', async () => {
    const viaProxy = (client: string, headers: Record<string, string>) =>
      from('10.9.9.9', { method: 'GET', url: '/v1/roster', headers: { ...headers, 'x-forwarded-for': client } });
    for (let i = 0; i < 3; i++) await viaProxy('192.0.2.50', WRONG);
    expectTooMany(await viaProxy('192.0.2.50', auth()));
    // The proxy's other clients are not blocked with it.
    expect((await viaProxy('192.0.2.51', auth())).statusCode).toBe(200);
    // An untrusted client cannot pick a fresh address with the header.
    for (let i = 0; i < 3; i++) await from('198.51.100.9', { method: 'GET', url: '/v1/roster', headers: { ...WRONG, 'x-forwarded-for': `192.0.2.${100 + i}` } });
    expectTooMany(await from('198.51.100.9', { method: 'GET', url: '/v1/roster', headers: { ...auth(), 'x-forwarded-for': '192.0.2.200' } }));
  });

  it('another API process on the same Redis sees the same count', async () => {
    const logger = pino({ level: 'silent' });
    const runtime = await createRuntime(t.config, { redis: REDIS_TARGET, log: logger });
    const other = await buildApp(t.config, { runtime, apiKeys: t.config.API_KEYS ?? [], logger });
    try {
      const ip = '198.51.100.20';
      for (let i = 0; i < 3; i++) await other.inject({ method: 'GET', url: '/v1/roster', headers: WRONG, remoteAddress: ip });
      expectTooMany(await from(ip, { method: 'GET', url: '/v1/roster', headers: { authorization: `Bearer ${KEY_S1}` } }));
    } finally {
      await other.close();
      await runtime.close();
    }
  });
});
