/**
 * API keys as a school sees them: no key or a wrong key is a 401, a key of one school never
 * sees another school's data (403), a key for every school must name one, and the operations
 * endpoints need no key at all.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, KEY_ALL, KEY_S1, KEY_S2, startTestApp, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

const EVENT = { kind: 'meeting', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: false };

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

describe('authentication and school boundaries', () => {
  let t: TestApp;
  let eventS1: string;
  const address = (school: string, i: number) => `sim-${t.prefix}-${school}-g${i}`;
  const inject = (opts: InjectOptions) => t.app.inject(opts);
  const counts = async (key: string, school?: string) =>
    (await inject({ method: 'GET', url: `/v1/roster${school ? `?school=${school}` : ''}`, headers: auth(key) })).json() as { classes: number; guardians: number; children: number; teachers: number };

  beforeAll(async () => {
    // No workers: nothing here needs a send, and queued jobs are enough to have an event.
    t = await startTestApp({ workers: false });
    for (const [key, school] of [[KEY_S1, 's1'], [KEY_S2, 's2']] as const) {
      const roster = makeRoster(school, { guardians: 3, perClass: 3, address: (i) => address(school, i) });
      const res = await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(key), payload: roster });
      expect(res.statusCode, res.body).toBe(200);
    }
    const created = await inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: EVENT });
    expect(created.statusCode, created.body).toBe(202);
    eventS1 = (created.json() as { eventId: string }).eventId;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('401: no key, a wrong key, or another scheme', () => {
    const basic = () => `Basic ${Buffer.from(`${KEY_S1}:`).toString('base64')}`;
    const cases: Array<[string, () => Record<string, string>]> = [
      ['no Authorization header', () => ({})],
      ['a wrong key', () => ({ authorization: 'Bearer not-a-key-of-this-service-000' })],
      ['a key of the right length but one character off', () => ({ authorization: `Bearer ${KEY_S1.slice(0, -1)}X` })],
      ['Basic with the key as user name', () => ({ authorization: basic() })],
      ['Basic with the raw key', () => ({ authorization: `Basic ${KEY_S1}` })],
      ['the key without a scheme', () => ({ authorization: KEY_S1 })],
      ['Bearer with no key', () => ({ authorization: 'Bearer ' })],
      ['Token instead of Bearer', () => ({ authorization: `Token ${KEY_S1}` })],
      ['the key in the wrong header', () => ({ 'x-api-key': KEY_S1 })],
    ];

    it.each(cases)('%s → 401 on reads', async (_label, headers) => {
      for (const url of ['/v1/roster', '/v1/events', `/v1/events/${eventS1}`, '/v1/guardians/g1', '/v1/simulator/chats']) {
        expectError(await inject({ method: 'GET', url, headers: headers() }), 401, 'unauthorized');
      }
    });

    it.each(cases)('%s → 401 on writes, and nothing is written', async (_label, headers) => {
      const before = await counts(KEY_S1);
      expectError(await inject({ method: 'POST', url: '/v1/events', headers: headers(), payload: EVENT }), 401, 'unauthorized');
      const extra = { classes: [{ id: 'X1', grade: 1 }] };
      expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: headers(), payload: extra }), 401, 'unauthorized');
      expectError(await inject({ method: 'DELETE', url: '/v1/guardians/g1', headers: headers() }), 401, 'unauthorized');
      expect(await counts(KEY_S1)).toEqual(before);
      const events = (await inject({ method: 'GET', url: '/v1/events', headers: auth(KEY_S1) })).json() as { items: unknown[] };
      expect(events.items).toHaveLength(1);
    });

    it('the key is checked before the body is read: malformed or oversized bodies without a key → 401', async () => {
      const json = { 'content-type': 'application/json' };
      expectError(await inject({ method: 'POST', url: '/v1/events', headers: json, payload: '{"kind":' }), 401, 'unauthorized');
      expectError(await inject({ method: 'POST', url: '/v1/events', headers: { ...json, authorization: 'Bearer wrong-key-wrong-key-1' }, payload: '[]' }), 401, 'unauthorized');
    });

    it('the 401 does not echo the key that was sent', async () => {
      const sent = 'Bearer a-secret-looking-but-wrong-key-42';
      const res = await inject({ method: 'GET', url: '/v1/roster', headers: { authorization: sent } });
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain('a-secret-looking-but-wrong-key-42');
    });

    it('the scheme is case-insensitive: "bearer <key>" works', async () => {
      const res = await inject({ method: 'GET', url: '/v1/roster', headers: { authorization: `bearer ${KEY_S1}` } });
      expect(res.statusCode).toBe(200);
    });
  });

  describe("403: one school's key never reaches another school's data", () => {
    it("KEY_S2 reading an event of s1 → 403, on the event and on its deliveries", async () => {
      expectError(await inject({ method: 'GET', url: `/v1/events/${eventS1}`, headers: auth(KEY_S2) }), 403, 'forbidden');
      expectError(await inject({ method: 'GET', url: `/v1/events/${eventS1}/deliveries`, headers: auth(KEY_S2) }), 403, 'forbidden');
      expectError(await inject({ method: 'GET', url: `/v1/events/${eventS1}/deliveries?status=queued`, headers: auth(KEY_S2) }), 403, 'forbidden');
      // The owner reads it fine.
      expect((await inject({ method: 'GET', url: `/v1/events/${eventS1}`, headers: auth(KEY_S1) })).statusCode).toBe(200);
    });

    it("s1's event is not in s2's list", async () => {
      const list = (await inject({ method: 'GET', url: '/v1/events', headers: auth(KEY_S2) })).json() as { items: Array<{ id: string }> };
      expect(list.items.map((e) => e.id)).not.toContain(eventS1);
    });

    it.each([
      ['GET', '/v1/roster?school=s2'],
      ['GET', '/v1/guardians?school=s2'],
      ['GET', '/v1/guardians/g1?school=s2'],
      ['GET', '/v1/children?school=s2'],
      ['GET', '/v1/classes?school=s2'],
      ['GET', '/v1/teachers?school=s2'],
      ['GET', '/v1/events?school=s2'],
      ['GET', '/v1/school?school=s2'],
      ['GET', '/v1/simulator/chats?school=s2'],
    ] as const)('KEY_S1 with ?school=s2: %s %s → 403', async (method, url) => {
      expectError(await inject({ method, url, headers: auth(KEY_S1) }), 403, 'forbidden');
    });

    it('KEY_S1 writing with ?school=s2 → 403 and s2 is untouched', async () => {
      const before = await counts(KEY_S2);
      const extra = { classes: [{ id: 'X1', grade: 1 }] };
      expectError(await inject({ method: 'POST', url: '/v1/roster/import?school=s2', headers: auth(KEY_S1), payload: extra }), 403, 'forbidden');
      expectError(await inject({ method: 'DELETE', url: '/v1/guardians/g1?school=s2', headers: auth(KEY_S1) }), 403, 'forbidden');
      expectError(await inject({ method: 'PATCH', url: '/v1/school?school=s2', headers: auth(KEY_S1), payload: { name: 'Taken over' } }), 403, 'forbidden');
      expectError(await inject({ method: 'POST', url: '/v1/events?school=s2', headers: auth(KEY_S1), payload: EVENT }), 403, 'forbidden');
      expect(await counts(KEY_S2)).toEqual(before);
      expect((await inject({ method: 'GET', url: '/v1/guardians/g1', headers: auth(KEY_S2) })).statusCode).toBe(200);
      expect(((await inject({ method: 'GET', url: '/v1/school', headers: auth(KEY_S2) })).json() as { name: string }).name).not.toBe('Taken over');
      expect(((await inject({ method: 'GET', url: '/v1/events', headers: auth(KEY_S2) })).json() as { items: unknown[] }).items).toEqual([]);
    });

    it('KEY_S1 naming s2 in an event body (schoolId) → 403', async () => {
      expectError(await inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: { ...EVENT, schoolId: 's2' } }), 403, 'forbidden');
      expect(((await inject({ method: 'GET', url: '/v1/events', headers: auth(KEY_S2) })).json() as { items: unknown[] }).items).toEqual([]);
    });

    it('KEY_S1 naming s2 in a roster import body (schoolId) → 403, and neither school changes', async () => {
      const [s1Before, s2Before] = [await counts(KEY_S1), await counts(KEY_S2)];
      const res = await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload: { schoolId: 's2', classes: [{ id: 'X2', grade: 2 }] } });
      expectError(res, 403, 'forbidden');
      expect(await counts(KEY_S1)).toEqual(s1Before);
      expect(await counts(KEY_S2)).toEqual(s2Before);
    });

    it("KEY_S1 reading the simulated chat of an s2 guardian → 404: s1's bot has no chat there", async () => {
      const res = await inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(address('s2', 1))}`, headers: auth(KEY_S1) });
      expectError(res, 404, 'not_found');
      // s2 reads its own guardian's chat.
      expect((await inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(address('s2', 1))}`, headers: auth(KEY_S2) })).statusCode).toBe(200);
    });

    it("KEY_S1 writing from an s2 guardian's phone is a stranger writing to s1's own bot: nothing reaches s2", async () => {
      const res = await inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(KEY_S1), payload: { from: address('s2', 1), text: 'hello' } });
      expect(res.statusCode, res.body).toBe(202);
      expect((await t.runtime.ctx.stores.simulator.chats('s1'))).toContain(address('s2', 1));
      expect(await t.runtime.ctx.stores.simulator.transcript('s2', address('s2', 1))).toEqual([]);
      const s2Chat = (await inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(address('s2', 1))}`, headers: auth(KEY_S2) })).json() as { messages: unknown[] };
      expect(s2Chat.messages).toEqual([]);
    });

    it("KEY_S1 deleting a guardian id that only s2 has → 404 in s1, and s2's guardian stays", async () => {
      const s2Only = { guardians: [{ id: 'only-s2', name: 'Only In S2', channels: { simulator: address('s2', 99) } }] };
      expect((await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S2), payload: s2Only })).statusCode).toBe(200);
      expectError(await inject({ method: 'DELETE', url: '/v1/guardians/only-s2', headers: auth(KEY_S1) }), 404, 'not_found');
      expect((await inject({ method: 'GET', url: '/v1/guardians/only-s2', headers: auth(KEY_S2) })).statusCode).toBe(200);
    });
  });

  describe('a key for every school', () => {
    it.each([
      ['GET', '/v1/roster'],
      ['GET', '/v1/events'],
      ['GET', '/v1/guardians'],
      ['GET', '/v1/simulator/chats'],
    ] as const)('without ?school=: %s %s → 400 school_required', async (method, url) => {
      expectError(await inject({ method, url, headers: auth(KEY_ALL) }), 400, 'school_required');
    });

    it('without ?school= on a write → 400 school_required, nothing written', async () => {
      expectError(await inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_ALL), payload: EVENT }), 400, 'school_required');
      expect(((await inject({ method: 'GET', url: '/v1/events', headers: auth(KEY_S1) })).json() as { items: unknown[] }).items).toHaveLength(1);
    });

    it('with ?school=s1 it acts for s1: same roster, same events, the event and its deliveries', async () => {
      expect(await counts(KEY_ALL, 's1')).toEqual(await counts(KEY_S1));
      const list = (await inject({ method: 'GET', url: '/v1/events?school=s1', headers: auth(KEY_ALL) })).json() as { items: Array<{ id: string }> };
      expect(list.items.map((e) => e.id)).toEqual([eventS1]);
      expect((await inject({ method: 'GET', url: `/v1/events/${eventS1}`, headers: auth(KEY_ALL) })).statusCode).toBe(200);
      expect((await inject({ method: 'GET', url: `/v1/events/${eventS1}/deliveries`, headers: auth(KEY_ALL) })).statusCode).toBe(200);
      const chat = await inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(address('s1', 1))}?school=s1`, headers: auth(KEY_ALL) });
      expect(chat.statusCode).toBe(200);
    });

    it('with an invalid school id → 400, not a 5xx', async () => {
      expectError(await inject({ method: 'GET', url: '/v1/roster?school=a%3Ab', headers: auth(KEY_ALL) }), 400, 'invalid_request');
    });

    it('naming the school with schoolId in an event body works', async () => {
      const res = await inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_ALL), payload: { ...EVENT, audience: { guardians: ['g2'] }, schoolId: 's2' } });
      expect(res.statusCode, res.body).toBe(202);
      const list = (await inject({ method: 'GET', url: '/v1/events', headers: auth(KEY_S2) })).json() as { items: Array<{ id: string }> };
      expect(list.items.map((e) => e.id)).toEqual([(res.json() as { eventId: string }).eventId]);
    });

    it('naming the school with schoolId in a JSON roster import body works (as the school_required message says)', async () => {
      const before = await counts(KEY_ALL, 's3');
      const res = await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_ALL), payload: { schoolId: 's3', classes: [{ id: 'Z1', grade: 4 }] } });
      expect(res.statusCode, res.body).toBe(200);
      expect(await counts(KEY_ALL, 's3')).toEqual({ ...before, classes: before.classes + 1 });
    });
  });

  describe('operations endpoints need no key', () => {
    it.each(['/healthz', '/readyz', '/metrics', '/docs', '/docs/json'])('GET %s → 200 without Authorization', async (url) => {
      const res = await inject({ method: 'GET', url });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    });

    it('they also ignore a wrong key rather than refusing it', async () => {
      for (const url of ['/healthz', '/readyz', '/metrics']) {
        expect((await inject({ method: 'GET', url, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(200);
      }
    });
  });
});
