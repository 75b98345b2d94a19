/**
 * Inbound correctness on the simulator: each platform message handled once, one parent's
 * simultaneous messages leave a consistent session, and a late-arriving old message does not
 * rewind a newer state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/domain/conversation/types.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { outbound, phone, plain, say, tap } from './helpers/chat.js';
import { chatId } from '../../src/core/ids.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const PARENT = 'sim-order-g1';
const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '5B', grade: 5 }],
  guardians: [
    { id: 'g1', name: 'Salma Idrissi', locale: 'en', channels: { simulator: PARENT } },
    { id: 'g2', name: 'Karim Tazi', locale: 'en', channels: { simulator: 'sim-order-g2' } },
  ],
  children: [{ id: 'c1', name: 'Rayan', classId: 'C1', guardianIds: ['g1'] }, { id: 'c2', name: 'Ilyas', classId: 'C2', guardianIds: ['g2'] }],
  teachers: [],
};

async function start(): Promise<TestApp> {
  const app = await startTestApp();
  expect((await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster })).statusCode).toBe(200);
  return app;
}

async function post(app: TestApp, body: object): Promise<string> {
  const res = await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { respectQuietHours: false, audience: { classes: ['C1'] }, ...body } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().eventId as string;
}

const session = async (app: TestApp) => (await app.runtime.ctx.stores.sessions.load<Session>(chatId('simulator', PARENT, 's1'))).session;
const rsvpOf = async (app: TestApp, eventId: string) => (await app.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() })).json().rsvp;

describe('simultaneous messages from one parent', () => {
  it('20 at once into an 8-question survey: 8 answers, 8 replies, one thanks, every message handled once', async () => {
    t = await start();
    const chat = phone(t, PARENT);
    const eventId = await post(t, { kind: 'survey', survey: { id: 'involvement' } });
    await chat.next('the survey');
    const values = Array.from({ length: 20 }, (_, i) => String((i % 6) + 1));
    await Promise.all(values.map((v, i) => say(t!, PARENT, v, { messageId: `burst-${i}` })));
    const done = await waitFor(async () => {
      const r = await t!.runtime.ctx.stores.surveys.response('s1', 'involvement', eventId, 'g1');
      const s = await session(t!);
      return r?.completedAt && s?.handled.length === 20 ? { r, s } : undefined;
    }, 20_000, 'the burst to be handled');
    expect(Object.keys(done.r.answers)).toHaveLength(8);
    for (const a of Object.values(done.r.answers)) expect(values).toContain(String(a.v));
    // One write per message: no step was lost or applied twice.
    expect(done.s.v).toBe(20);
    expect(new Set(done.s.handled).size).toBe(20);
    await new Promise((r) => setTimeout(r, 800));
    const replies = (await outbound(t, PARENT)).slice(1);
    expect(replies).toHaveLength(8);
    expect(replies.filter((m) => m.text.includes('Thank you for your answers'))).toHaveLength(1);
    expect(replies.filter((m) => /Question \d of 8/.test(m.text)).map((m) => /Question (\d)/.exec(m.text)?.[1])).toEqual(['2', '3', '4', '5', '6', '7', '8']);
  });

  it('a platform resending the same message id is handled once', async () => {
    t = await start();
    const chat = phone(t, PARENT);
    const eventId = await post(t, { kind: 'meeting', rsvp: true, startsAt: '2027-03-10T17:00:00+01:00' });
    await chat.next('the invitation');
    await Promise.all([1, 2, 3].map(() => say(t!, PARENT, 'yes', { messageId: 'same-id' })));
    await chat.next('thanks');
    await chat.quiet();
    expect(await rsvpOf(t, eventId)).toMatchObject({ yes: 1 });
  });
});

describe('a late-arriving old message', () => {
  it('does not rewind an RSVP: a "yes" written before the "no" but arriving after it changes nothing', async () => {
    t = await start();
    const chat = phone(t, PARENT);
    const eventId = await post(t, { kind: 'meeting', rsvp: true, startsAt: '2027-03-10T17:00:00+01:00' });
    await chat.next('the invitation');
    const now = Date.now();
    await say(t, PARENT, 'no, sorry', { sentAt: new Date(now).toISOString() });
    await chat.next('thanks');
    await say(t, PARENT, 'yes', { sentAt: new Date(now - 60_000).toISOString() });
    await tap(t, PARENT, `r.yes.${eventId}`, { sentAt: new Date(now - 30_000).toISOString() });
    await waitFor(async () => ((await session(t!))?.handled.length === 3 ? true : undefined));
    await chat.quiet();
    expect(await rsvpOf(t, eventId)).toMatchObject({ yes: 0, no: 1 });
  });

  it('does not answer the question asked now; a late STOP still opts out', async () => {
    t = await start();
    const chat = phone(t, PARENT);
    const eventId = await post(t, { kind: 'survey', survey: { id: 'event-feedback' } });
    await chat.next('the survey');
    const now = Date.now();
    await say(t, PARENT, '4', { sentAt: new Date(now).toISOString() });
    expect((await chat.next('question 2')).text).toContain('Question 2 of 3');
    await say(t, PARENT, '1', { sentAt: new Date(now - 120_000).toISOString() });
    await waitFor(async () => ((await session(t!))?.handled.length === 2 ? true : undefined));
    await chat.quiet();
    const response = await t.runtime.ctx.stores.surveys.response('s1', 'event-feedback', eventId, 'g1');
    expect(Object.fromEntries(Object.entries(response?.answers ?? {}).map(([q, a]) => [q, a.v]))).toEqual({ useful: 4 });
    expect((await session(t))?.runs[0]?.q).toBe(1);
    await say(t, PARENT, 'STOP', { sentAt: new Date(now - 100_000).toISOString() });
    expect(plain(await chat.next('confirmation'))).toContain('You will not receive any more messages');
    expect((await t.runtime.ctx.stores.roster.getGuardian('s1', 'g1'))?.optedOutAt).toBe(new Date(now - 100_000).toISOString());
  });
});

describe('what a message is about', () => {
  it('a reply quoting an older invitation answers that invitation, and the newer one is asked again', async () => {
    t = await start();
    const chat = phone(t, PARENT);
    const first = await post(t, { kind: 'meeting', rsvp: true, startsAt: '2027-03-10T17:00:00+01:00' });
    const firstMessage = await chat.next('the first invitation');
    const second = await post(t, { kind: 'school_event', rsvp: true, startsAt: '2027-03-20T10:00:00+01:00' });
    await chat.next('the second invitation');
    await say(t, PARENT, 'yes', { replyTo: firstMessage.id });
    const answer = await chat.next('thanks, then the other invitation');
    expect(answer.text).toContain('Thank you! We look forward to seeing you.');
    expect(answer.text).toContain('Can you come to “School event”');
    expect(await rsvpOf(t, first)).toMatchObject({ yes: 1 });
    expect(await rsvpOf(t, second)).toMatchObject({ yes: 0, pending: 1 });
  });

  it('after the session expired, a survey resumes at the first question not answered, and a finished one stays finished', async () => {
    t = await start();
    const chat = phone(t, PARENT);
    const eventId = await post(t, { kind: 'survey', survey: { id: 'event-feedback' } });
    await chat.next('the survey');
    await say(t, PARENT, '5');
    await chat.next('question 2');
    await t.redis.del(`${t.prefix}:{c:${chatId('simulator', PARENT, 's1')}}:sess`); // as if its TTL ran out
    await say(t, PARENT, '4');
    expect((await chat.next('question 3')).text).toContain('Question 3 of 3');
    await say(t, PARENT, '3');
    expect((await chat.next('thanks')).text).toContain('Thank you for your answers');
    await t.redis.del(`${t.prefix}:{c:${chatId('simulator', PARENT, 's1')}}:sess`);
    await say(t, PARENT, '1');
    await waitFor(async () => ((await session(t!))?.handled.length === 1 ? true : undefined));
    const response = await t.runtime.ctx.stores.surveys.response('s1', 'event-feedback', eventId, 'g1');
    expect(Object.fromEntries(Object.entries(response?.answers ?? {}).map(([q, a]) => [q, a.v]))).toEqual({ useful: 5, welcome: 4, again: 3 });
  });
});

describe('a busy school', () => {
  it('a parent\'s "yes" still finds their invitation after many other events went to other families', async () => {
    t = await start();
    const chat = phone(t, PARENT);
    const meetingId = await post(t, { kind: 'meeting', rsvp: true, startsAt: '2027-03-10T17:00:00+01:00' });
    await chat.next('the invitation');
    for (let i = 0; i < 60; i++) await post(t, { kind: 'absence', audience: { children: ['c2'] } });
    await say(t, PARENT, 'yes');
    expect((await chat.next('thanks')).text).toContain('Thank you! We look forward to seeing you.');
    expect(await rsvpOf(t, meetingId)).toMatchObject({ yes: 1 });
  });
});
