/**
 * The API side of three console additions: the inbox counts the notes waiting for an answer and
 * lists them (or the answered ones) on their own; the simulator keeps which chats have a message
 * nobody opened (so a reload does not bring the dots back); and a school nobody named says so,
 * and signs its invitations "your child's school", never with its id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { NoteStore } from '../../src/store/note-store.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

let t: TestApp;
const inbox = async (query = '') => (await t.app.inject({ method: 'GET', url: `/v1/inbox${query}`, headers: auth() })).json() as { items: Array<{ id: string; text: string }>; unanswered: number; next?: string };
const note = (n: number, text: string) => t.runtime.ctx.stores.notes.create('s1', { id: `n${String(n).padStart(9, '0')}`, guardianId: 'g1', text, at: new Date(Date.UTC(2026, 11, 1, 10, n)).toISOString(), channel: 'simulator' });

beforeAll(async () => {
  t = await startTestApp();
  const roster = {
    classes: [{ id: 'C1', name: '5A', grade: 5 }],
    guardians: [{ id: 'g1', name: 'Amina', locale: 'ar', channels: { simulator: `sim-${t.prefix}-g1` } }],
    children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }],
  };
  expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster })).statusCode).toBe(200);
});

afterAll(async () => {
  await t?.close();
});

describe('the inbox: waiting for an answer', () => {
  it('counts the notes nobody answered, and lists them or the answered ones on their own', async () => {
    for (const [n, text] of [[1, 'first'], [2, 'second'], [3, 'third']] as const) await note(n, text);
    expect((await inbox()).unanswered).toBe(3);
    const reply = await t.app.inject({ method: 'POST', url: '/v1/inbox/n000000002/reply', headers: auth(), payload: { text: 'Thank you' } });
    expect(reply.statusCode, reply.body).toBe(202);
    const all = await inbox();
    expect(all.unanswered).toBe(2);
    expect(all.items.map((n) => n.text)).toEqual(['third', 'second', 'first']);
    expect((await inbox('?answered=false')).items.map((n) => n.text)).toEqual(['third', 'first']);
    expect((await inbox('?answered=true')).items.map((n) => n.text)).toEqual(['second']);
  });

  it('pages through the answered ones past pages that hold none', async () => {
    const first = await inbox('?answered=true&limit=1');
    expect(first.items).toEqual([]); // "third" was read, and is not answered
    const second = await inbox(`?answered=true&limit=1&before=${first.next}`);
    expect(second.items.map((n) => n.text)).toEqual(['second']);
  });

  it('counts notes kept before the count existed, once, from the notes themselves', async () => {
    const keys = createKeys(t.prefix);
    await t.redis.del(keys.inboxOpen('s1'), keys.inboxOpenBuilt('s1'));
    // Another process (this one remembers it built the set): the count is rebuilt from the notes.
    const fresh = new NoteStore(t.redis, keys);
    expect((await fresh.unanswered('s1', 10)).count).toBe(2);
    expect((await fresh.list('s1', 10, undefined, 'unanswered')).notes.map((n) => n.text)).toEqual(['third', 'first']);
  });
});

describe('the simulator: chats not opened yet', () => {
  const address = () => `sim-${t.prefix}-g1`;
  const chats = async () => (await t.app.inject({ method: 'GET', url: '/v1/simulator/chats', headers: auth() })).json() as { items: string[]; unread: string[] };

  it('a message from the bot marks the chat unread until the page opens it; what the phone sends does not', async () => {
    const { simulator } = t.runtime.ctx.stores;
    await simulator.deliver('s1', address(), [{ id: 'm1', direction: 'out', text: 'hello', at: new Date().toISOString() }]);
    expect(await chats()).toMatchObject({ items: expect.arrayContaining([address()]), unread: [address()] });
    const read = await t.app.inject({ method: 'POST', url: `/v1/simulator/chats/${address()}/read`, headers: auth() });
    expect(read.statusCode).toBe(204);
    expect((await chats()).unread).toEqual([]);
    await simulator.deliver('s1', address(), [{ id: 'm2', direction: 'in', text: 'hi', at: new Date().toISOString() }]);
    expect((await chats()).unread).toEqual([]);
  });
});

describe('a school nobody has named', () => {
  it('says so, keeps the API’s name as before, and is named by its admin', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/school', headers: auth() })).json()).toMatchObject({ id: 's1', name: 's1', named: false });
    // Changing the time zone does not name it (older versions stored the id as the name here).
    await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { timeZone: 'Africa/Casablanca' } });
    expect((await t.app.inject({ method: 'GET', url: '/v1/school', headers: auth() })).json()).toMatchObject({ named: false });
    expect((await t.runtime.ctx.stores.schools.get('s1')).name).toBeUndefined();
  });

  it('signs an invitation "your child’s school" in the parent’s language, never with its id', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'good_news', audience: { classes: ['C1'] }, rsvp: false, respectQuietHours: false } });
    expect(res.statusCode, res.body).toBe(202);
    const text = await waitFor(async () => (await t.runtime.ctx.stores.simulator.transcript('s1', `sim-${t.prefix}-g1`)).find((m) => m.direction === 'out' && m.text.includes('Sara'))?.text, 15_000, 'the invitation');
    const plain = text.replace(/[\u2066-\u2069\u200E\u200F]/g, '');
    expect(plain.split('\n').at(-1)).toBe('مع أطيب التحيات، مدرسة طفلكم');
    expect(plain).not.toMatch(/\bs1\b/);
  });

  it('signs with the name once the admin gave it', async () => {
    const named = await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: 'مدرسة الأمل' } });
    expect(named.json()).toMatchObject({ name: 'مدرسة الأمل', named: true });
  });
});
