/**
 * A school's people and keys as its admin manages them, what a teacher sees of the school, and
 * the audit log (DESIGN §10): logins unique across schools, a school never without an admin,
 * keys shown once and revoked at once, a teacher narrowed to their classes, and an audit log of
 * ids and counts without a name, a phone number or a message in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, signInLinkFor } from '../../src/services/people.js';
import { auth, KEY_ALL, KEY_S1, KEY_S2, startTestApp, type TestApp } from '../helpers/app.js';

describe('people, keys, teachers and the audit log', () => {
  let t: TestApp;
  let teacherCookie: Record<string, string>;
  let eventC1: string;
  let eventC2: string;

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, key = KEY_S1) =>
    t.app.inject({ method, url, headers: auth(key), ...(payload ? { payload } : {}) });
  const asTeacher = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: teacherCookie, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    const roster = {
      classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '5B', grade: 5 }],
      guardians: [{ id: 'g1', name: 'Parent One', channels: { simulator: 'sim-p1' } }, { id: 'g2', name: 'Parent Two', channels: { simulator: 'sim-p2' } }],
      children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }, { id: 'c2', name: 'Adam', classId: 'C2', guardianIds: ['g2'] }],
      teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'], channels: { simulator: 'sim-t1' } }],
    };
    expect((await api('POST', '/v1/roster/import', roster)).statusCode).toBe(200);
    eventC1 = (await api('POST', '/v1/events', { kind: 'reminder', audience: { classes: ['C1'] }, respectQuietHours: false })).json().eventId;
    eventC2 = (await api('POST', '/v1/events', { kind: 'reminder', audience: { classes: ['C2'] }, respectQuietHours: false })).json().eventId;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('an admin adds a teacher from the roster; a teacher needs a roster id; a login is unique across schools', async () => {
    const res = await api('POST', '/v1/people', { name: 'Nadia Bennani', login: 'Nadia.B', role: 'teacher', teacherId: 't1', locale: 'ar' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ login: 'nadia.b', role: 'teacher', teacherId: 't1', hasPassword: false });
    expect((await api('POST', '/v1/people', { name: 'X', login: 'someone', role: 'teacher' })).json().error).toMatchObject({ code: 'unknown_teacher', details: { field: 'teacherId' } });
    expect((await api('POST', '/v1/people', { name: 'X', login: 'someone', role: 'teacher', teacherId: 'nope' })).statusCode).toBe(400);
    const taken = await api('POST', '/v1/people', { name: 'Other School', login: 'nadia.b', role: 'staff' }, KEY_S2);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('login_taken');
    expect((await api('GET', '/v1/people', undefined, KEY_S2)).json().items).toEqual([]);

    const link = await signInLinkFor(t.runtime.ctx, 's1', res.json().id, 'http://x');
    const signed = await t.app.inject({ method: 'POST', url: '/v1/auth/link', payload: { token: link.url.split('#signin=')[1] } });
    expect(signed.statusCode).toBe(200);
    teacherCookie = { cookie: `sb_session=${/sb_session=([^;]*)/.exec(String(signed.headers['set-cookie']))?.[1]}`, 'x-csrf-token': signed.json().csrfToken };
  });

  it('a teacher sees their own classes, events, guardians and results only', async () => {
    expect((await asTeacher('GET', '/v1/classes')).json().items.map((c: { id: string }) => c.id)).toEqual(['C1']);
    expect((await asTeacher('GET', '/v1/children')).json().items.map((c: { id: string }) => c.id)).toEqual(['c1']);
    expect((await asTeacher('GET', '/v1/guardians')).json().items.map((g: { id: string }) => g.id)).toEqual(['g1']);
    expect((await asTeacher('GET', '/v1/guardians/g2')).statusCode).toBe(404);
    expect((await asTeacher('GET', '/v1/guardians?classId=C2')).statusCode).toBe(403);
    expect((await asTeacher('GET', '/v1/events')).json().items.map((e: { id: string }) => e.id)).toEqual([eventC1]);
    expect((await asTeacher('GET', `/v1/events/${eventC2}`)).statusCode).toBe(404);
    expect((await asTeacher('GET', `/v1/events/${eventC2}/deliveries`)).statusCode).toBe(404);
    expect((await asTeacher('GET', '/v1/surveys/event-feedback/results')).statusCode).toBe(403);
    expect((await asTeacher('GET', '/v1/surveys/event-feedback/results?classId=C2')).statusCode).toBe(403);
    expect((await asTeacher('GET', '/v1/surveys/event-feedback/results?classId=C1')).statusCode).toBe(200);
  });

  it('a teacher sends to their own classes only, and the event is theirs (notes about it go to them)', async () => {
    const other = await asTeacher('POST', '/v1/events', { kind: 'meeting', audience: { classes: ['C2'] }, respectQuietHours: false });
    expect(other.statusCode).toBe(403);
    expect((await asTeacher('POST', '/v1/events', { kind: 'meeting', audience: { guardians: ['g1'] }, respectQuietHours: false })).statusCode).toBe(403);
    const mine = await asTeacher('POST', '/v1/events', { kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: false });
    expect(mine.statusCode, mine.body).toBe(202);
    expect((await api('GET', `/v1/events/${mine.json().eventId}`)).json().createdBy).toBe('teacher:t1');
  });

  it("changing a person's chats sets the ones named and unlinks those given as null; the others stay", async () => {
    const made = (await api('POST', '/v1/people', { name: 'Chats', login: 'chats', role: 'staff', channels: { simulator: 'sim-chats', telegram: '5550001' } })).json();
    const res = await api('PATCH', `/v1/people/${made.id}`, { channels: { whatsapp: '0612345678', simulator: null } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().channels).toEqual({ telegram: '5550001', whatsapp: '212612345678@c.us' });
    expect((await api('PATCH', `/v1/people/${made.id}`, { channels: { fax: '1' } })).statusCode).toBe(400);
    const disabled = await api('PATCH', `/v1/people/${made.id}`, { disabled: true, role: 'admin' });
    expect(disabled.statusCode).toBe(200);
    const entry = (await api('GET', '/v1/audit?limit=1')).json().items[0];
    expect(entry).toMatchObject({ action: 'person_updated', target: { id: made.id }, details: { fields: 'disabled,role', disabled: true, role: 'admin' } });
  });

  it('a school keeps an admin: the last one cannot be removed, disabled or demoted', async () => {
    const admin = await createPerson(t.runtime.ctx, 's3', { name: 'Only Admin', login: 'only-admin', role: 'admin' }, 'test');
    for (const [method, payload] of [['DELETE', undefined], ['PATCH', { disabled: true }], ['PATCH', { role: 'staff' }]] as const) {
      const res = await api(method, `/v1/people/${admin.id}?school=s3`, payload, KEY_ALL);
      expect(res.statusCode, `${method} ${JSON.stringify(payload)}`).toBe(409);
      expect(res.json().error.code).toBe('last_admin');
    }
    const second = await api('POST', '/v1/people?school=s3', { name: 'Second', login: 'second-admin', role: 'admin' }, KEY_ALL);
    expect((await api('PATCH', `/v1/people/${admin.id}?school=s3`, { role: 'staff' }, KEY_ALL)).statusCode).toBe(200);
    expect((await api('DELETE', `/v1/people/${second.json().id}?school=s3`, undefined, KEY_ALL)).statusCode).toBe(409);
  });

  it('an API key is shown once, works for its school only, says when it was last used, and stops at once when revoked', async () => {
    const made = await api('POST', '/v1/api-keys', { name: 'Massar sync', role: 'staff' });
    expect(made.statusCode).toBe(201);
    const { key, id } = made.json() as { key: string; id: string };
    expect(key).toMatch(/^sbk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const listed = (await api('GET', '/v1/api-keys')).json().items;
    expect(listed).toEqual([expect.objectContaining({ id, name: 'Massar sync', role: 'staff' })]);
    const secret = key.slice('sbk_'.length + id.length + 1); // base64url: it may hold '_' itself
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(await t.redis.hgetall(`${t.prefix}:{s:s1}:apikeys`))).not.toContain(secret);

    expect((await api('GET', '/v1/events', undefined, key)).statusCode).toBe(200);
    expect((await api('GET', '/v1/events?school=s2', undefined, key)).statusCode).toBe(403);
    expect((await api('POST', '/v1/roster/import', {}, key)).statusCode).toBe(403); // a staff key
    expect((await api('GET', '/v1/api-keys')).json().items[0].lastUsedAt).toBeDefined();

    expect((await api('DELETE', `/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect((await api('GET', '/v1/events', undefined, key)).statusCode).toBe(401);
    expect((await api('DELETE', `/v1/api-keys/${id}`, undefined, KEY_S2)).statusCode).toBe(404);
  });

  it('the audit log lists who did what, with ids and counts only', async () => {
    const entries = (await api('GET', '/v1/audit?limit=100')).json().items as Array<{ action: string; actor: { kind: string; id: string }; target?: { id: string }; details?: object }>;
    const actions = entries.map((e) => e.action);
    for (const a of ['roster_imported', 'event_sent', 'person_created', 'signed_in', 'key_created', 'key_revoked']) expect(actions, a).toContain(a);
    const text = JSON.stringify(entries);
    for (const personal of ['Nadia', 'Parent One', 'Sara', 'sim-p1', 'Massar sync']) expect(text).not.toContain(personal);
    // Newest first, paged by id.
    const page1 = (await api('GET', '/v1/audit?limit=2')).json();
    const page2 = (await api('GET', `/v1/audit?limit=2&before=${page1.next}`)).json();
    expect(page2.items[0].id < page1.items[1].id).toBe(true);
    // Another school's log is its own.
    expect((await api('GET', '/v1/audit', undefined, KEY_S2)).json().items.map((e: { action: string }) => e.action)).not.toContain('key_created');
  });

  it('a district key opens a school with its first admin, who gets a one-time sign-in link', async () => {
    const res = await api('POST', '/v1/schools', { id: 'new-school', name: 'Collège Ibn Sina', admin: { name: 'Amina', login: 'amina-new' } }, KEY_ALL);
    expect(res.statusCode, res.body).toBe(201);
    const { signInLink } = res.json() as { signInLink: { url: string } };
    expect(signInLink.url).toMatch(/\/console#signin=[A-Za-z0-9_-]{43}$/);
    const signed = await t.app.inject({ method: 'POST', url: '/v1/auth/link', payload: { token: signInLink.url.split('#signin=')[1] } });
    expect(signed.json().person).toMatchObject({ schoolId: 'new-school', role: 'admin', login: 'amina-new' });
    expect((await api('POST', '/v1/schools', { id: 'new-school', name: 'Again', admin: { name: 'B', login: 'b-new' } }, KEY_ALL)).json().error.code).toBe('school_exists');
    expect((await api('POST', '/v1/schools', { id: 'x-school', name: 'X', admin: { name: 'B', login: 'b' } }, KEY_S1)).statusCode).toBe(403);
  });
});
