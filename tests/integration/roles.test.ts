/**
 * Every role over every route (DESIGN §10). The routes come from the API description the app
 * serves, each with the access it declares (`x-access`), so a new route without a row here
 * fails this test, and a route whose access changes is walked with its new rule. Callers:
 * nobody, a district key and a district admin, a school's admin, staff and teacher (signed in
 * with the session cookie and the CSRF token), and console-made admin and staff keys.
 *
 * A refused call is 401 `unauthorized` (nobody) or 403 `forbidden`; an allowed one is anything
 * else (a 404 for an id that does not exist is allowed: the check came first).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/people.js';
import { createPerson } from '../../src/services/people.js';
import { auth, KEY_ALL, KEY_S1, startTestApp, type TestApp } from '../helpers/app.js';

type Access = 'public' | 'signed_in' | 'teacher' | 'staff' | 'admin' | 'district';
const MAY: Record<Exclude<Access, 'public' | 'signed_in'>, Role[]> = {
  teacher: ['district', 'admin', 'staff', 'teacher'],
  staff: ['district', 'admin', 'staff'],
  admin: ['district', 'admin'],
  district: ['district'],
};
/** Signed-in routes that are a person's own business: an API key has no password or sessions. */
const PEOPLE_ONLY = new Set(['POST /v1/auth/sign-out-everywhere', 'PUT /v1/me/password']);

interface Caller {
  name: string;
  role?: Role;
  kind?: 'person' | 'key';
  /** Headers for one request (a person gets a fresh session each time: some routes sign out). */
  headers(): Promise<Record<string, string>>;
  district?: boolean;
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${++seq}`;

/**
 * Who may call each route (the matrix, written out: a route whose declared access changes fails
 * here), and what to send it; `{id}`-style parameters filled with fixtures or unknown ids.
 */
function requestFor(op: string, eventId: string): { access: Access; url: string; payload?: object } {
  const table: Record<string, { access: Access; url: string; payload?: object }> = {
    'POST /v1/auth/code': { access: 'public', url: '/v1/auth/code', payload: { login: 'nobody-here' } },
    'POST /v1/auth/code/verify': { access: 'public', url: '/v1/auth/code/verify', payload: { login: 'nobody-here', code: '123456' } },
    'POST /v1/auth/password': { access: 'public', url: '/v1/auth/password', payload: { login: 'nobody-here', password: 'not-a-password' } },
    'POST /v1/auth/link': { access: 'public', url: '/v1/auth/link', payload: { token: 'x'.repeat(43) } },
    'GET /v1/auth/session': { access: 'signed_in', url: '/v1/auth/session' },
    'POST /v1/auth/sign-out': { access: 'signed_in', url: '/v1/auth/sign-out' },
    'POST /v1/auth/sign-out-everywhere': { access: 'signed_in', url: '/v1/auth/sign-out-everywhere' },
    'PUT /v1/me/password': { access: 'signed_in', url: '/v1/me/password', payload: { password: 'a long enough password' } },
    'GET /v1/people': { access: 'admin', url: '/v1/people' },
    'POST /v1/people': { access: 'admin', url: '/v1/people', payload: { name: 'New Person', login: `np-${unique()}`, role: 'staff' } },
    'PATCH /v1/people/{id}': { access: 'admin', url: '/v1/people/p000000000000', payload: { name: 'X' } },
    'DELETE /v1/people/{id}': { access: 'admin', url: '/v1/people/p000000000000' },
    'POST /v1/people/{id}/sign-in-link': { access: 'admin', url: '/v1/people/p000000000000/sign-in-link' },
    'POST /v1/people/{id}/sign-in-link/send': { access: 'admin', url: '/v1/people/p000000000000/sign-in-link/send' },
    'GET /v1/operations': { access: 'admin', url: '/v1/operations' },
    'POST /v1/operations/failed/retry': { access: 'admin', url: '/v1/operations/failed/retry', payload: { queue: 'fanout', jobId: 'f-none' } },
    'POST /v1/operations/failed/retry-all': { access: 'admin', url: '/v1/operations/failed/retry-all' },
    'GET /v1/people/{id}/links': { access: 'admin', url: '/v1/people/p000000000000/links' },
    'GET /v1/people/{id}/links/qr.svg': { access: 'admin', url: '/v1/people/p000000000000/links/qr.svg?platform=telegram' },
    'GET /v1/api-keys': { access: 'admin', url: '/v1/api-keys' },
    'POST /v1/api-keys': { access: 'admin', url: '/v1/api-keys', payload: { name: 'integration' } },
    'DELETE /v1/api-keys/{id}': { access: 'admin', url: '/v1/api-keys/aaaaaaaaaaaa' },
    'GET /v1/audit': { access: 'admin', url: '/v1/audit' },
    'GET /v1/schools': { access: 'district', url: '/v1/schools' },
    'POST /v1/schools': { access: 'district', url: '/v1/schools', payload: { id: `sch-${unique()}`, name: 'A new school', admin: { name: 'First Admin', login: `fa-${unique()}` } } },
    'GET /v1/school': { access: 'teacher', url: '/v1/school' },
    'PATCH /v1/school': { access: 'admin', url: '/v1/school', payload: {} },
    'GET /v1/school/whatsapp-templates': { access: 'admin', url: '/v1/school/whatsapp-templates' },
    'PUT /v1/school/whatsapp-templates': { access: 'admin', url: '/v1/school/whatsapp-templates', payload: { templates: [] } },
    'POST /v1/events/reach': { access: 'teacher', url: '/v1/events/reach', payload: { kind: 'reminder', audience: { classes: ['C1'] } } },
    'POST /v1/events/preview': { access: 'teacher', url: '/v1/events/preview', payload: { kind: 'reminder', audience: { classes: ['C1'] }, rsvp: false } },
    'POST /v1/roster/import': { access: 'admin', url: '/v1/roster/import', payload: {} },
    'GET /v1/roster': { access: 'staff', url: '/v1/roster' },
    'GET /v1/classes': { access: 'teacher', url: '/v1/classes' },
    'GET /v1/guardians': { access: 'teacher', url: '/v1/guardians?classId=C1' },
    'GET /v1/guardians/{id}': { access: 'teacher', url: '/v1/guardians/g1' },
    'DELETE /v1/guardians/{id}': { access: 'admin', url: '/v1/guardians/nobody' },
    'GET /v1/guardians/{id}/links': { access: 'staff', url: '/v1/guardians/g1/links' },
    'GET /v1/guardians/{id}/links/qr.svg': { access: 'staff', url: '/v1/guardians/g1/links/qr.svg?platform=telegram' },
    'GET /v1/classes/{id}/join-slips.pdf': { access: 'teacher', url: '/v1/classes/C1/join-slips.pdf' },
    'GET /v1/children': { access: 'teacher', url: '/v1/children' },
    'GET /v1/teachers': { access: 'staff', url: '/v1/teachers' },
    'POST /v1/events': { access: 'teacher', url: '/v1/events', payload: { kind: 'reminder', audience: { classes: ['C1'] }, respectQuietHours: false } },
    'GET /v1/events': { access: 'teacher', url: '/v1/events' },
    'GET /v1/events/{id}': { access: 'teacher', url: `/v1/events/${eventId}` },
    'GET /v1/events/{id}/deliveries': { access: 'teacher', url: `/v1/events/${eventId}/deliveries` },
    'GET /v1/events/{id}/slots': { access: 'teacher', url: `/v1/events/${eventId}/slots` },
    'POST /v1/absences': { access: 'teacher', url: '/v1/absences', payload: { children: ['c1'] } },
    'POST /v1/absences/import': { access: 'staff', url: '/v1/absences/import', payload: {} },
    'GET /v1/absences': { access: 'teacher', url: '/v1/absences' },
    'GET /v1/absences/{date}/{childId}/document': { access: 'teacher', url: '/v1/absences/2026-12-01/c1/document' },
    // A live stream would stay open: an unknown event answers at once, after the check.
    'GET /v1/events/{id}/stream': { access: 'teacher', url: '/v1/events/evzzzzzzzzzz/stream' },
    'GET /v1/events/{id}/follow-up': { access: 'teacher', url: `/v1/events/${eventId}/follow-up` },
    'GET /v1/events/{id}/survey-progress': { access: 'teacher', url: `/v1/events/${eventId}/survey-progress` },
    'PUT /v1/events/{id}/answers/{guardianId}': { access: 'teacher', url: `/v1/events/${eventId}/answers/g1`, payload: { answer: 'yes' } },
    'POST /v1/surveys': { access: 'staff', url: '/v1/surveys', payload: { id: 'matrix', title: { en: 'Matrix' }, scale: 'agreement', questions: [{ id: 'q1', subscale: 's', text: { en: 'Fine?' } }] } },
    'GET /v1/surveys': { access: 'teacher', url: '/v1/surveys' },
    'GET /v1/surveys/{id}': { access: 'teacher', url: '/v1/surveys/event-feedback' },
    'GET /v1/surveys/{id}/results': { access: 'teacher', url: '/v1/surveys/event-feedback/results?classId=C1' },
    'GET /v1/surveys/{id}/responses.csv': { access: 'teacher', url: '/v1/surveys/event-feedback/responses.csv?classId=C1' },
    'GET /v1/inbox': { access: 'teacher', url: '/v1/inbox' },
    'POST /v1/inbox/{id}/reply': { access: 'teacher', url: '/v1/inbox/n0000000000/reply', payload: { text: 'Thank you' } },
    'GET /v1/inbox/{id}/media': { access: 'teacher', url: '/v1/inbox/n0000000000/media' },
    'GET /v1/simulator/media/{id}': { access: 'staff', url: '/v1/simulator/media/m0000000000' },
    'POST /v1/simulator/inbound': { access: 'staff', url: '/v1/simulator/inbound', payload: { from: 'sim-matrix', text: 'hello' } },
    'GET /v1/simulator/phones': { access: 'staff', url: '/v1/simulator/phones' },
    'GET /v1/simulator/chats': { access: 'staff', url: '/v1/simulator/chats' },
    'GET /v1/simulator/chats/{address}': { access: 'staff', url: '/v1/simulator/chats/sim-g1' },
    'POST /v1/simulator/chats/{address}/read': { access: 'staff', url: '/v1/simulator/chats/sim-g1/read' },
    'GET /v1/school/offsets': { access: 'teacher', url: '/v1/school/offsets' },
  };
  const found = table[op];
  if (!found) throw new Error(`${op} has no row in the role matrix: add one`);
  return found;
}

describe('who may call what: every role over every route', () => {
  let t: TestApp;
  let eventId: string;
  let operations: Array<{ op: string; method: string; access: Access }>;
  const callers: Caller[] = [];

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    const roster = {
      classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '5B', grade: 5 }],
      guardians: [{ id: 'g1', name: 'G One', channels: { simulator: 'sim-g1' } }, { id: 'g2', name: 'G Two', channels: { simulator: 'sim-g2' } }],
      children: [{ id: 'c1', name: 'C One', classId: 'C1', guardianIds: ['g1'] }, { id: 'c2', name: 'C Two', classId: 'C2', guardianIds: ['g2'] }],
      teachers: [{ id: 't1', name: 'T One', classIds: ['C1'], channels: { simulator: 'sim-t1' } }],
    };
    expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload: roster })).statusCode).toBe(200);
    const created = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: { kind: 'reminder', audience: { classes: ['C1'] }, respectQuietHours: false } });
    eventId = created.json().eventId;

    const spec = t.app.swagger() as { paths: Record<string, Record<string, { 'x-access'?: Access }>> };
    operations = Object.entries(spec.paths).filter(([path]) => path.startsWith('/v1/')).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, o]) => ({ op: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), access: o['x-access'] as Access })));

    const { ctx } = t.runtime;
    const session = (schoolId: string, personId: string) => async () => {
      const { token, session: s } = await ctx.stores.auth.createSession(schoolId, personId, new Date(), 3600, 3600);
      return { cookie: `sb_session=${token}`, 'x-csrf-token': s.csrf };
    };
    const person = async (schoolId: string, role: Role, extra: { teacherId?: string } = {}) =>
      createPerson(ctx, schoolId, { name: `A ${role}`, login: `${role}-${unique()}`, role, ...extra }, 'test');
    const key = async (role: 'admin' | 'staff') => (await ctx.stores.apiKeys.create({ schoolId: 's1', name: `${role} key`, role, createdAt: new Date().toISOString(), createdBy: 'test' })).key;
    const bearer = (k: string) => async () => auth(k);
    const district = await person('*', 'district');
    const [admin, staff, teacher] = [await person('s1', 'admin'), await person('s1', 'staff'), await person('s1', 'teacher', { teacherId: 't1' })];
    callers.push(
      { name: 'nobody', headers: async () => ({}) },
      { name: 'district key', role: 'district', kind: 'key', headers: bearer(KEY_ALL), district: true },
      { name: 'district admin', role: 'district', kind: 'person', headers: session('*', district.id), district: true },
      { name: 'school admin', role: 'admin', kind: 'person', headers: session('s1', admin.id) },
      { name: 'staff', role: 'staff', kind: 'person', headers: session('s1', staff.id) },
      { name: 'teacher', role: 'teacher', kind: 'person', headers: session('s1', teacher.id) },
      { name: 'admin key', role: 'admin', kind: 'key', headers: bearer(await key('admin')) },
      { name: 'staff key', role: 'staff', kind: 'key', headers: bearer(await key('staff')) },
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every route of the API declares who may call it, and each has a row here', () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const { op, access } of operations) {
      expect(() => requestFor(op, 'ev00000000'), op).not.toThrow();
      expect(access, `${op} declares`).toBe(requestFor(op, 'ev00000000').access);
    }
  });

  it('each caller is let through exactly where its role may go', async () => {
    const wrong: string[] = [];
    let calls = 0;
    for (const { op, method, access } of operations) {
      for (const caller of callers) {
        const { url, payload } = requestFor(op, eventId);
        const withSchool = caller.district ? `${url}${url.includes('?') ? '&' : '?'}school=s1` : url;
        const res: LightMyRequestResponse = await t.app.inject({ method: method as 'GET', url: withSchool, headers: await caller.headers(), ...(payload ? { payload } : {}) });
        calls++;
        const code = res.statusCode >= 400 ? (res.json() as { error: { code: string } }).error.code : 'ok';
        const allowed = access === 'public' || (caller.role !== undefined && (access === 'signed_in'
          ? !(PEOPLE_ONLY.has(op) && caller.kind === 'key')
          : MAY[access].includes(caller.role)));
        const refused = code === 'unauthorized' || code === 'forbidden' || code === 'csrf';
        const expected = allowed ? 'allowed' : caller.role === undefined ? 'unauthorized' : 'forbidden';
        const got = refused ? code : 'allowed';
        if (got !== expected) wrong.push(`${caller.name} ${op}: expected ${expected}, got ${res.statusCode} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBe(operations.length * callers.length);
  });
});
