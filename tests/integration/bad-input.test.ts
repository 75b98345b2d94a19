/**
 * Bad input, as a school's staff (or their integrator) would send it: every mistake gets a 4xx
 * JSON error `{error: {code, message, details?}}` naming the field or the spreadsheet row,
 * nothing is written, and no input ever gives a 5xx.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, KEY_ALL, KEY_S2, startTestApp, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

type Json = Record<string, unknown>;
interface RosterCounts {
  classes: number;
  guardians: number;
  children: number;
  teachers: number;
}

const BODY_LIMIT = 2048;
const JSON_HEADERS = { ...auth(), 'content-type': 'application/json' };
const CSV_HEADERS = { ...auth(), 'content-type': 'text/csv' };

/** A valid event for the roster below; each case breaks one thing. */
const VALID_EVENT = { kind: 'meeting', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: false, title: { en: 'Parents evening' } };

/** Asserts the status and the error envelope; returns the error for further checks. */
function expectError(res: LightMyRequestResponse, status: number, code?: string): { code: string; message: string; params?: Record<string, unknown>; details?: unknown } {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: string; message: string; params?: Record<string, unknown>; details?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  expect(Object.keys(body.error).every((k) => ['code', 'message', 'params', 'details'].includes(k))).toBe(true);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

/** The field (or row) is named in the message or in the details. */
function expectNames(error: { message: string; details?: unknown }, ...words: string[]): void {
  const said = `${error.message} ${JSON.stringify(error.details ?? '')}`;
  for (const word of words) expect(said, `error should name ${word}`).toContain(word);
}

describe('bad input gets a 4xx naming the problem and writes nothing', () => {
  let t: TestApp;
  let baseline: RosterCounts;
  const roster = makeRoster('bad', { guardians: 4, perClass: 2 });

  const inject = (opts: InjectOptions) => t.app.inject(opts);
  const postEvent = (payload: unknown, headers: Record<string, string> = JSON_HEADERS) =>
    inject({ method: 'POST', url: '/v1/events', headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  /** School s1's roster, events, simulated chats and queued jobs are as they were. */
  async function expectNothingWritten(): Promise<void> {
    const counts = await inject({ method: 'GET', url: '/v1/roster', headers: auth() });
    expect(counts.json()).toEqual(baseline);
    const events = await inject({ method: 'GET', url: '/v1/events', headers: auth() });
    expect(events.statusCode).toBe(200);
    expect((events.json() as { items: unknown[] }).items).toEqual([]);
    const chats = await inject({ method: 'GET', url: '/v1/simulator/chats', headers: auth() });
    expect(chats.statusCode).toBe(200);
    expect((chats.json() as { items: unknown[] }).items).toEqual([]);
    const jobs = await t.runtime.ctx.queues.fanout.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    expect(Object.values(jobs).reduce((a, b) => a + b, 0)).toBe(0);
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
    const imported = await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
    expect(imported.statusCode, imported.body).toBe(200);
    baseline = (await inject({ method: 'GET', url: '/v1/roster', headers: auth() })).json() as RosterCounts;
    expect(baseline).toEqual({ classes: 2, guardians: 4, children: 4, teachers: 0 });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('POST /v1/events', () => {
    it.each([
      ['an unknown kind', { ...VALID_EVENT, kind: 'party' }, 'kind'],
      ['rsvp as a word instead of true/false', { ...VALID_EVENT, rsvp: 'yes' }, 'rsvp'],
      ['an empty audience', { ...VALID_EVENT, audience: {} }, 'audience'],
      ['an audience with two selectors', { ...VALID_EVENT, audience: { classes: ['C1'], guardians: ['g1'] } }, 'audience'],
      ['a grade out of range', { ...VALID_EVENT, audience: { grades: [13] } }, 'audience'],
      ['startsAt in words', { ...VALID_EVENT, startsAt: 'tomorrow' }, 'startsAt'],
      ['startsAt without a time zone', { ...VALID_EVENT, startsAt: '2026-12-01T17:00:00' }, 'startsAt'],
      ['sendAt as a number', { ...VALID_EVENT, sendAt: 1767200000000 }, 'sendAt'],
      ['a title that is a plain string', { ...VALID_EVENT, title: 'Parents evening' }, 'title'],
      ['a title in German', { ...VALID_EVENT, title: { de: 'Treffen' } }, 'title'],
      ['an unknown extra field', { ...VALID_EVENT, colour: 'red' }, 'colour'],
      ['no audience at all', { kind: 'meeting' }, 'audience'],
    ])('%s → 400 naming the field', async (_label, payload, field) => {
      const error = expectError(await postEvent(payload), 400, 'invalid_request');
      expectNames(error, field);
      await expectNothingWritten();
    });

    it('several wrong fields at once → one 400 listing every one of them', async () => {
      const error = expectError(await postEvent({ ...VALID_EVENT, kind: 'party', startsAt: 'tomorrow', rsvp: 'yes' }), 400, 'invalid_request');
      const fields = (error.details as Array<{ field: string }>).map((d) => d.field).join(' ');
      for (const field of ['kind', 'startsAt', 'rsvp']) expect(fields).toContain(field);
      await expectNothingWritten();
    });

    it('an unknown class on an existing roster → 400 unknown_audience listing the unknown ids', async () => {
      const error = expectError(await postEvent({ ...VALID_EVENT, audience: { classes: ['NOPE'] } }), 400, 'unknown_audience');
      expect(error.details).toEqual({ field: 'audience.classes', ids: ['NOPE'] });
      expectNames(error, 'NOPE');
      await expectNothingWritten();
    });

    it('a known class next to unknown ones → 400 listing only the unknown ids, and the known class gets nothing', async () => {
      const error = expectError(await postEvent({ ...VALID_EVENT, audience: { classes: ['C1', 'NOPE', 'ALSO-NOPE'] } }), 400, 'unknown_audience');
      expect(error.details).toEqual({ field: 'audience.classes', ids: ['NOPE', 'ALSO-NOPE'] });
      await expectNothingWritten();
    });

    it('unknown guardian and child ids → 400 naming audience.guardians / audience.children', async () => {
      const g = expectError(await postEvent({ ...VALID_EVENT, audience: { guardians: ['g1', 'g404'] } }), 400, 'unknown_audience');
      expect(g.details).toEqual({ field: 'audience.guardians', ids: ['g404'] });
      const c = expectError(await postEvent({ ...VALID_EVENT, audience: { children: ['c404'] } }), 400, 'unknown_audience');
      expect(c.details).toEqual({ field: 'audience.children', ids: ['c404'] });
      await expectNothingWritten();
    });

    it('a body that is a JSON array → 400', async () => {
      const error = expectError(await postEvent([VALID_EVENT]), 400, 'invalid_request');
      expectNames(error, 'body');
      await expectNothingWritten();
    });

    it('an empty body with content-type application/json → 400 malformed_json', async () => {
      const error = expectError(await postEvent(''), 400, 'malformed_json');
      expect(error.message).toMatch(/empty/i);
      await expectNothingWritten();
    });

    it('malformed JSON `{"kind":` → 400 malformed_json', async () => {
      const error = expectError(await postEvent('{"kind":'), 400, 'malformed_json');
      expect(error.message).toMatch(/JSON/);
      await expectNothingWritten();
    });

    it('a prototype-pollution attempt → 400, never a 5xx', async () => {
      expectError(await postEvent('{"__proto__":{"kind":"meeting"},"audience":{"school":true}}'), 400);
      expectError(await postEvent('{"constructor":{"prototype":{"x":1}},"kind":"meeting","audience":{"school":true}}'), 400);
      await expectNothingWritten();
    });

    it(`a body over BODY_LIMIT_BYTES (${BODY_LIMIT}) → 413 body_too_large`, async () => {
      const payload = { ...VALID_EVENT, details: { en: 'x'.repeat(BODY_LIMIT + 100) } };
      const error = expectError(await postEvent(payload), 413, 'body_too_large');
      expect(error.message).toMatch(/larger/);
      await expectNothingWritten();
    });

    it.each([
      ['application/xml', '<event kind="meeting"/>'],
      ['text/csv', 'kind,audience\nmeeting,C1'],
      ['application/x-www-form-urlencoded', 'kind=meeting'],
    ])('content-type %s → 415 unsupported_media_type', async (type, payload) => {
      expectError(await postEvent(payload, { ...auth(), 'content-type': type }), 415, 'unsupported_media_type');
      await expectNothingWritten();
    });
  });

  describe('POST /v1/roster/import', () => {
    /** Row 1 is the header; row 3 has a broken phone, row 5 a missing cell (wrong column count). */
    const CSV = [
      'child_id,child_name,class_id,grade,guardian_id,guardian_name,guardian_phone,guardian_channels',
      'k1,Amina,5A,5,p1,Fatima Alaoui,0612345678,simulator:sim-bad-p1',
      'k2,Omar,5A,5,p2,Khalid Bennani,12ab,simulator:sim-bad-p2',
      'k3,Sara,5A,5,p3,Nadia Idrissi,0612345679,simulator:sim-bad-p3',
      'k4,Yusuf,5A,5,p4,Hassan Tazi',
      'k5,Lina,5A,5,p5,Samira Fassi,0612345680,simulator:sim-bad-p5',
    ].join('\n');

    it('a CSV with a broken phone on row 3 and a wrong column count on row 5 → 422 naming both rows, nothing written', async () => {
      const res = await inject({ method: 'POST', url: '/v1/roster/import', headers: CSV_HEADERS, payload: CSV });
      const error = expectError(res, 422, 'roster_invalid');
      const errors = (error.details as { errors: Array<{ row?: number; field: string; message: string }> }).errors;
      expect(errors.map((e) => e.row)).toEqual([3, 5]);
      expect(errors[0]).toMatchObject({ row: 3, field: 'guardian_phone' });
      expect(errors[0]?.message).toContain('row 3');
      expect(errors[0]?.message).toContain('12ab');
      expect(errors[1]?.message).toContain('row 5');
      expect(error.message).toContain('row 3');
      expect(error.details).toMatchObject({ imported: { classes: 0, guardians: 0, children: 0, teachers: 0 } });
      await expectNothingWritten();
      const guardians = await inject({ method: 'GET', url: '/v1/guardians', headers: auth() });
      expect((guardians.json() as { items: Array<{ id: string }> }).items.map((g) => g.id)).not.toContain('p1');
    });

    it('the same CSV with ?partial=true → 200 with the good rows imported and the bad rows listed', async () => {
      const headers = { ...auth(KEY_S2), 'content-type': 'text/csv' };
      const before = (await inject({ method: 'GET', url: '/v1/roster', headers: auth(KEY_S2) })).json() as RosterCounts;
      expect(before).toEqual({ classes: 0, guardians: 0, children: 0, teachers: 0 });
      const res = await inject({ method: 'POST', url: '/v1/roster/import?partial=true', headers, payload: CSV });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { imported: RosterCounts; errors: Array<{ row?: number; message: string }> };
      expect(body.imported).toEqual({ classes: 1, guardians: 3, children: 3, teachers: 0 });
      expect(body.errors.map((e) => e.row)).toEqual([3, 5]);
      expect(await (await inject({ method: 'GET', url: '/v1/roster', headers: auth(KEY_S2) })).json()).toEqual(body.imported);
      const guardians = (await inject({ method: 'GET', url: '/v1/guardians', headers: auth(KEY_S2) })).json() as { items: Array<{ id: string; phone?: string }> };
      expect(guardians.items.map((g) => g.id)).toEqual(['p1', 'p3', 'p5']);
      expect(guardians.items[0]?.phone).toBe('+212612345678');
      // School s1 is untouched by s2's import.
      await expectNothingWritten();
    });

    it('a JSON roster whose child names an unknown class → 422 naming the class, nothing written', async () => {
      const payload = {
        guardians: [{ id: 'gx', name: 'New Parent', phone: '0611111111', channels: { simulator: 'sim-bad-gx' } }],
        children: [{ id: 'cx', name: 'New Child', classId: 'ZZ9', guardianIds: ['gx'] }],
      };
      const error = expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload }), 422, 'roster_invalid');
      const errors = (error.details as { errors: Array<{ entity: string; id?: string; field: string; message: string }> }).errors;
      expect(errors).toEqual([expect.objectContaining({ entity: 'child', id: 'cx', field: 'classId' })]);
      expectNames(error, 'ZZ9', 'classId');
      await expectNothingWritten();
    });

    it('a JSON roster with several bad items → 422 listing each one by list position and field', async () => {
      const payload = {
        classes: [{ id: 'C9', grade: 'fourteen' }],
        guardians: [{ id: 'gy', name: '', phone: 'call me' }],
      };
      const error = expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload }), 422, 'roster_invalid');
      const errors = (error.details as { errors: Array<{ field: string; message: string }> }).errors;
      const said = errors.map((e) => `${e.field}: ${e.message}`).join('\n');
      expect(said).toContain('classes[0]');
      expect(said).toContain('grade');
      expect(said).toContain('guardians[0]');
      expect(said).toContain('name');
      expect(said).toContain('phone');
      await expectNothingWritten();
    });

    it('a CSV missing required columns → 422 naming them, nothing written', async () => {
      const payload = 'student,parent\nAmina,Fatima';
      const error = expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: CSV_HEADERS, payload }), 422, 'roster_invalid');
      expectNames(error, 'child_id', 'guardian_name');
      await expectNothingWritten();
    });

    it('a CSV with an unclosed quote → 422 naming the row, nothing written', async () => {
      const payload = `${CSV.split('\n')[0]}\nk1,"Amina,5A,5,p1,Fatima,0612345678,simulator:x`;
      const error = expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: CSV_HEADERS, payload }), 422, 'roster_invalid');
      expectNames(error, 'row 2');
      await expectNothingWritten();
    });

    it('a JSON roster that is an array → 400 naming the body, nothing written', async () => {
      expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: [roster] }), 400, 'invalid_request');
      await expectNothingWritten();
    });

    it('?partial=maybe → 400 naming the query field', async () => {
      const error = expectError(await inject({ method: 'POST', url: '/v1/roster/import?partial=maybe', headers: CSV_HEADERS, payload: CSV }), 400, 'invalid_request');
      expectNames(error, 'partial');
      await expectNothingWritten();
    });

    it('an unsupported content type → 415, an oversized CSV → 413; nothing written', async () => {
      expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: { ...auth(), 'content-type': 'application/xml' }, payload: '<roster/>' }), 415, 'unsupported_media_type');
      const big = `${CSV}\n${'k9,Big,5A,5,p9,Big Parent,0612345699,simulator:sim-bad-p9\n'.repeat(60)}`;
      expect(big.length).toBeGreaterThan(BODY_LIMIT);
      expectError(await inject({ method: 'POST', url: '/v1/roster/import', headers: CSV_HEADERS, payload: big }), 413, 'body_too_large');
      await expectNothingWritten();
    });
  });

  describe('property-style sweep: random garbage never gives a 5xx', () => {
    /** mulberry32: a fixed seed keeps a failure reproducible. */
    function prng(seed: number): () => number {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let x = a;
        x = Math.imul(x ^ (x >>> 15), x | 1);
        x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
        return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
      };
    }
    const SEED = 20261123;
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const ALPHABET = [...'aZ09 -_:.{}[]",\\/\n\r\t;é日ع\u202e\u0000\ud800'];
    const randomString = (max = 24) => Array.from({ length: Math.floor(random() * max) }, () => pick(ALPHABET)).join('');
    const randomValue = (depth = 0): unknown => {
      switch (Math.floor(random() * (depth > 2 ? 5 : 7))) {
        case 0: return null;
        case 1: return random() < 0.5;
        case 2: return pick([0, -1, 3.5, 12, 13, 1e308, -1e308, Number.MAX_SAFE_INTEGER]);
        case 3: return randomString();
        case 4: return pick(['', 'C1', 'meeting', 'school', '2026-12-01T17:00:00+01:00', 'x'.repeat(300)]);
        case 5: return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
        default: {
          const o: Json = {};
          const n = Math.floor(random() * 4);
          for (let i = 0; i < n; i++) o[pick(['kind', 'audience', 'classes', 'school', 'rsvp', 'en', 'ar', randomString(8)])] = randomValue(depth + 1);
          return o;
        }
      }
    };
    const FIELDS = ['kind', 'title', 'details', 'vars', 'startsAt', 'place', 'audience', 'rsvp', 'sendAt', 'respectQuietHours', 'schoolId'] as const;

    type Case = { label: string; payload: string };
    const cases: Case[] = [];
    for (let i = 0; i < 14; i++) cases.push({ label: `random JSON value #${i}`, payload: JSON.stringify(randomValue()) ?? 'null' });
    for (let i = 0; i < 13; i++) cases.push({ label: `random string #${i}`, payload: randomString(60) });
    for (let i = 0; i < 13; i++) {
      const field = pick(FIELDS);
      cases.push({ label: `random ${field} #${i}`, payload: JSON.stringify({ ...VALID_EVENT, audience: { classes: ['F1'] }, [field]: randomValue() }) });
    }
    cases.push(
      { label: 'deeply nested arrays', payload: `${'['.repeat(500)}${']'.repeat(500)}` },
      { label: 'a huge number', payload: '1e400' },
      { label: 'a lone surrogate', payload: '{"kind":"\\ud800","audience":{"school":true}}' },
      { label: 'a NUL inside a key', payload: '{"ki\\u0000nd":"meeting","audience":{"school":true}}' },
    );

    it(`${cases.length} garbage bodies (seed ${SEED}) all get a 4xx (or a 202 when they happen to be valid), never a 5xx`, async () => {
      // Its own school with its own class, so whatever happens to be valid does not touch s1.
      const fuzzRoster = { classes: [{ id: 'F1', grade: 2 }], guardians: [{ id: 'fg1', name: 'Fuzz Parent', channels: { simulator: `sim-${t.prefix}-fuzz` } }], children: [{ id: 'fc1', name: 'Fuzz Child', classId: 'F1', guardianIds: ['fg1'] }] };
      const imported = await inject({ method: 'POST', url: '/v1/roster/import?school=fuzz', headers: auth(KEY_ALL), payload: fuzzRoster });
      expect(imported.statusCode).toBe(200);
      const problems: string[] = [];
      for (const c of cases) {
        for (const url of ['/v1/events?school=fuzz', '/v1/roster/import?school=fuzz']) {
          const res = await inject({ method: 'POST', url, headers: { ...auth(KEY_ALL), 'content-type': 'application/json' }, payload: c.payload });
          const ok = res.statusCode < 500 && (res.statusCode < 400 || isErrorEnvelope(res));
          if (!ok) problems.push(`${c.label} → ${url}: ${res.statusCode} ${res.body.slice(0, 200)} (payload ${JSON.stringify(c.payload.slice(0, 120))})`);
        }
      }
      expect(problems).toEqual([]);
      await expectNothingWritten();
    });
  });
});

function isErrorEnvelope(res: LightMyRequestResponse): boolean {
  try {
    const body = res.json() as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === 'string' && typeof body.error.message === 'string';
  } catch {
    return false;
  }
}
