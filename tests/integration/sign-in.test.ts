/**
 * People signing in (DESIGN §10), as the console does it: a code the school's bot sends to the
 * person's chat (here the simulator), a password, a one-time link; the session cookie and its
 * CSRF token; signing out, everywhere; a disabled person; the limits on wrong tries.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/core/people.js';
import { createPerson } from '../../src/services/people.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

describe('signing in', () => {
  let t: TestApp;
  let staff: Person;
  let teacher: Person;

  const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });
  const cookieOf = (res: LightMyRequestResponse) => /sb_session=([^;]*)/.exec(String(res.headers['set-cookie']))?.[1] ?? '';
  const asPerson = (cookie: string, csrf?: string) => ({ cookie: `sb_session=${cookie}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) });
  /** The code the bot sent to a simulated phone, from the school's simulated chat. */
  const codeOn = async (address: string, after = 0) =>
    waitFor(async () => {
      const out = (await t.runtime.ctx.stores.simulator.transcript('s1', address)).filter((m) => m.direction === 'out').slice(after);
      return out.map((m) => /\b(\d{6})\b/.exec(m.text)?.[1]).find(Boolean);
    }, 15_000, `a sign-in code on ${address}`);
  const sent = async (address: string) => (await t.runtime.ctx.stores.simulator.transcript('s1', address)).filter((m) => m.direction === 'out').length;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: 'École Al Amal' } });
    const roster = {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [{ id: 'g1', name: 'Parent', channels: { simulator: 'sim-parent-1' } }],
      children: [{ id: 'c1', name: 'Child', classId: 'C1', guardianIds: ['g1'] }],
      teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'], channels: { simulator: 'sim-teacher-1' } }],
    };
    expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster })).statusCode).toBe(200);
    staff = await createPerson(t.runtime.ctx, 's1', { name: 'Youssef', login: 'youssef', role: 'staff', channels: { simulator: 'sim-staff-1' }, locale: 'en' }, 'test');
    teacher = await createPerson(t.runtime.ctx, 's1', { name: 'Nadia', login: 'nadia', role: 'teacher', teacherId: 't1' }, 'test');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a code sent by the bot to the person’s chat signs them in; the cookie is HttpOnly, SameSite=Strict', async () => {
    const asked = await post('/v1/auth/code', { login: 'Youssef ' });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ sent: true, minutes: 10 });
    const code = await codeOn('sim-staff-1');
    const text = (await t.runtime.ctx.stores.simulator.transcript('s1', 'sim-staff-1')).at(-1)?.text ?? '';
    expect(text).toContain('École Al Amal');
    expect(text).toContain('10 minutes');

    const res = await post('/v1/auth/code/verify', { login: 'youssef', code });
    expect(res.statusCode, res.body).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^sb_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const { person, csrfToken } = res.json() as { person: Person & { hasPassword: boolean }; csrfToken: string };
    expect(person).toMatchObject({ id: staff.id, role: 'staff', hasPassword: false });

    const session = await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: asPerson(cookieOf(res)) });
    expect(session.json()).toMatchObject({ person: { id: staff.id }, csrfToken });
    // The same code again is used up.
    expect((await post('/v1/auth/code/verify', { login: 'youssef', code })).json().error.code).toBe('wrong_code');
  });

  it("a teacher's code goes to the chat the roster knows them by", async () => {
    await post('/v1/auth/code', { login: 'nadia' });
    const code = await codeOn('sim-teacher-1');
    const res = await post('/v1/auth/code/verify', { login: 'nadia', code });
    expect(res.json().person).toMatchObject({ id: teacher.id, role: 'teacher', teacherId: 't1' });
  });

  it('asking for a code for a login nobody has answers the same, and sends nothing', async () => {
    const res = await post('/v1/auth/code', { login: 'nobody-at-all' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ sent: true, minutes: 10 });
  });

  it('a write with the cookie needs the CSRF token; a read does not', async () => {
    const before = await sent('sim-staff-1');
    await post('/v1/auth/code', { login: 'youssef' });
    const signedIn = await post('/v1/auth/code/verify', { login: 'youssef', code: await codeOn('sim-staff-1', before) });
    const cookie = cookieOf(signedIn);
    const { csrfToken } = signedIn.json() as { csrfToken: string };
    const event = { kind: 'reminder', audience: { classes: ['C1'] }, respectQuietHours: false };
    expect((await t.app.inject({ method: 'GET', url: '/v1/events', headers: asPerson(cookie) })).statusCode).toBe(200);
    const without = await post('/v1/events', event, asPerson(cookie));
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf');
    expect((await post('/v1/events', event, asPerson(cookie, 'not-the-token'))).json().error.code).toBe('csrf');
    const ok = await post('/v1/events', event, asPerson(cookie, csrfToken));
    expect(ok.statusCode, ok.body).toBe(202);
    expect((await t.app.inject({ method: 'GET', url: '/v1/events', headers: asPerson(cookie) })).json().items).toHaveLength(1);
  });

  it('five wrong tries void a code; the right one then fails too', async () => {
    const before = await sent('sim-staff-1');
    await post('/v1/auth/code', { login: 'youssef' });
    const code = await codeOn('sim-staff-1', before);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await post('/v1/auth/code/verify', { login: 'youssef', code: wrong })).statusCode).toBe(401);
    const late = await post('/v1/auth/code/verify', { login: 'youssef', code });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('wrong_code');
  });

  it('a password, set by the person, signs them in; it is stored as an scrypt hash only', async () => {
    const link = await t.runtime.ctx.stores.auth.createLink('s1', staff.id, 600);
    const byLink = await post('/v1/auth/link', { token: link });
    expect(byLink.statusCode, byLink.body).toBe(200);
    const cookie = cookieOf(byLink);
    const { csrfToken } = byLink.json() as { csrfToken: string };
    const set = await t.app.inject({ method: 'PUT', url: '/v1/me/password', headers: asPerson(cookie, csrfToken), payload: { password: 'correct horse battery' } });
    expect(set.statusCode, set.body).toBe(204);
    const stored = await t.runtime.ctx.stores.people.passwordHash('s1', staff.id);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    // Changing it needs the current one.
    const change = await t.app.inject({ method: 'PUT', url: '/v1/me/password', headers: asPerson(cookie, csrfToken), payload: { password: 'another long password' } });
    expect(change.json().error.code).toBe('wrong_password');

    expect((await post('/v1/auth/password', { login: 'youssef', password: 'wrong password!' })).json().error.code).toBe('wrong_password');
    const ok = await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' });
    expect(ok.statusCode).toBe(200);
    // The link was one-time.
    expect((await post('/v1/auth/link', { token: link })).json().error.code).toBe('invalid_link');
  });

  it('signing out ends that session; signing out everywhere ends all of them', async () => {
    const a = await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' });
    const b = await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' });
    const [ca, cb] = [cookieOf(a), cookieOf(b)];
    const out = await post('/v1/auth/sign-out', {}, asPerson(ca, a.json().csrfToken));
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: asPerson(ca) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: asPerson(cb) })).statusCode).toBe(200);

    // Signing in again in the same browser ends the session it had.
    const again = await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' }, asPerson(cb));
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: asPerson(cb) })).statusCode).toBe(401);
    const c = await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' });
    const all = await post('/v1/auth/sign-out-everywhere', {}, asPerson(cookieOf(c), c.json().csrfToken));
    expect(all.json().ended).toBeGreaterThanOrEqual(2);
    for (const cookie of [cookieOf(again), cookieOf(c)]) expect((await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: asPerson(cookie) })).statusCode).toBe(401);
  });

  it('a disabled person is signed out at once and cannot sign in again', async () => {
    const signed = await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' });
    const disable = await t.app.inject({ method: 'PATCH', url: `/v1/people/${staff.id}`, headers: auth(), payload: { disabled: true } });
    expect(disable.statusCode, disable.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: asPerson(cookieOf(signed)) })).statusCode).toBe(401);
    expect((await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' })).statusCode).toBe(401);
    const before = await sent('sim-staff-1');
    await post('/v1/auth/code', { login: 'youssef' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await sent('sim-staff-1')).toBe(before);
    await t.app.inject({ method: 'PATCH', url: `/v1/people/${staff.id}`, headers: auth(), payload: { disabled: false } });
  });

  it('too many wrong passwords for one login: 429 with Retry-After, even for the right one', async () => {
    await createPerson(t.runtime.ctx, 's1', { name: 'Target', login: 'target', role: 'staff' }, 'test');
    const target = (await t.runtime.ctx.stores.people.byLogin('target'))!;
    const { hashPassword } = await import('../../src/services/passwords.js');
    await t.runtime.ctx.stores.people.setPasswordHash('s1', target.id, await hashPassword('the right password'));
    for (let i = 0; i < 10; i++) expect((await post('/v1/auth/password', { login: 'target', password: `guess number ${i}` })).statusCode).toBe(401);
    const blocked = await post('/v1/auth/password', { login: 'target', password: 'the right password' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another login is not blocked by it.
    expect((await post('/v1/auth/password', { login: 'youssef', password: 'correct horse battery' })).statusCode).toBe(200);
  });
});
