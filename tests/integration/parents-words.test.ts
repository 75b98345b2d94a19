/**
 * Parents' real words on the simulator channel, end to end: whole-sentence answers recorded with
 * the words they were read from, an answer with a question (the answer counts, the question
 * reaches the inbox), survey answers in words, and a French-speaking family.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { phone, plain, say } from './helpers/chat.js';
import { createPerson } from '../../src/services/people.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DARIJA = 'sim-words-darija';
const FRENCH = 'sim-words-fr';
const ENGLISH = 'sim-words-en';

const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: [
    { id: 'gDa', name: 'Khadija', locale: 'ar', channels: { simulator: DARIJA } },
    { id: 'gFr', name: 'Nadia Berrada', locale: 'Français', channels: { simulator: FRENCH } },
    { id: 'gEn', name: 'Amina Benali', locale: 'en', channels: { simulator: ENGLISH } },
  ],
  children: [
    { id: 'c1', name: 'Yassine', classId: 'C1', guardianIds: ['gDa'] },
    { id: 'c2', name: 'Salma', classId: 'C1', guardianIds: ['gFr'] },
    { id: 'c3', name: 'Adam', classId: 'C1', guardianIds: ['gEn'] },
  ],
};

async function start(): Promise<TestApp> {
  const app = await startTestApp();
  const res = await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
  expect(res.statusCode, res.body).toBe(200);
  return app;
}

async function post(app: TestApp, body: object): Promise<{ eventId: string }> {
  const res = await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { respectQuietHours: false, ...body } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json();
}

async function rows(app: TestApp, eventId: string): Promise<Array<{ guardianId: string; rsvp?: string; rsvpFrom?: string }>> {
  return (await app.app.inject({ method: 'GET', url: `/v1/events/${eventId}/deliveries`, headers: auth() })).json().items;
}

async function inbox(app: TestApp): Promise<Array<{ text: string }>> {
  return (await app.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items;
}

const meeting = { kind: 'meeting', startsAt: '2027-09-15T17:00:00+01:00', place: 'Salle 3', audience: { classes: ['C1'] }, rsvp: true };

describe("parents' whole sentences", () => {
  it('records a sentence as the answer it carries, with the words it was read from; a question beside an answer reaches the inbox too', async () => {
    t = await start();
    const da = phone(t, DARIJA);
    const en = phone(t, ENGLISH);
    const { eventId } = await post(t, meeting);
    await da.next('the invitation');
    await en.next('the invitation');

    await say(t, DARIJA, 'lla, ma ymknch liya nji, khdam f dak nhar');
    const thanks = plain(await da.next('thanks for the answer'));
    expect(thanks).toContain('شكرًا'); // thanked in Arabic, with the choices to correct it
    await say(t, ENGLISH, "Yes I'll come, can I bring his little brother?");
    expect(plain(await en.next('thanks'))).toContain('Thank you');

    await waitFor(async () => (await rows(t!, eventId)).filter((r) => r.rsvp).length === 2, 15_000, 'both answers');
    const byGuardian = new Map((await rows(t, eventId)).map((r) => [r.guardianId, r]));
    expect(byGuardian.get('gDa')).toMatchObject({ rsvp: 'no', rsvpFrom: 'lla ma ymknch … nji' });
    expect(byGuardian.get('gEn')).toMatchObject({ rsvp: 'yes' });
    expect(byGuardian.get('gEn')?.rsvpFrom).toContain('Yes');
    await waitFor(async () => (await inbox(t!)).some((n) => n.text.includes('little brother')), 15_000, 'the question in the inbox');
    expect((await inbox(t)).some((n) => n.text.includes('khdam'))).toBe(false); // a reason is not a note
  });

  it('news about the child with no answer is a note, and nothing is recorded', async () => {
    t = await start();
    const da = phone(t, DARIJA);
    const { eventId } = await post(t, meeting);
    await da.next('the invitation');
    await say(t, DARIJA, 'bnti mrida had simana, smhli');
    await da.next('passed on');
    await waitFor(async () => (await inbox(t!)).some((n) => n.text.includes('mrida')), 15_000, 'the note');
    expect((await rows(t, eventId)).find((r) => r.guardianId === 'gDa')?.rsvp).toBeUndefined();
  });

  it('takes a survey answer in the scale’s words or in a sentence', async () => {
    t = await start();
    const en = phone(t, ENGLISH);
    const { eventId } = await post(t, { kind: 'survey', survey: { id: 'involvement' }, audience: { guardians: ['gEn'] } });
    await en.next('the survey');
    await say(t, ENGLISH, 'strongly agree');
    expect(plain(await en.next('question 2'))).toContain('Question 2 of 8');
    await say(t, ENGLISH, "hmm I'd say 4/6");
    expect(plain(await en.next('question 3'))).toContain('Question 3 of 8');
    await say(t, ENGLISH, '3 or 4');
    expect(plain(await en.next('asked again'))).not.toContain('Question 4 of 8');
    const response = await t.runtime.ctx.stores.surveys.response('s1', 'involvement', eventId, 'gEn');
    expect(response?.answers).toMatchObject({ role_part: { v: 6 }, role_talk: { v: 4 } });
    expect(Object.keys(response?.answers ?? {})).toHaveLength(2);
  });
});

describe('a French-speaking family', () => {
  it('gets the invitation in French, answers in French, and is thanked in French', async () => {
    t = await start();
    const fr = phone(t, FRENCH);
    const { eventId } = await post(t, meeting);
    const invitation = await fr.next('the invitation');
    expect(plain(invitation)).toContain('Salma');
    expect(plain(invitation)).toMatch(/septembre 2027/);
    expect(invitation.choices?.map((c) => c.label)).toEqual(['Oui, je viendrai', 'Non, je ne peux pas', 'Peut-être']);
    await say(t, FRENCH, 'Malheureusement je ne pourrai pas me libérer ce jour-là');
    expect(plain(await fr.next('thanks'))).toMatch(/merci/i);
    await waitFor(async () => (await rows(t!, eventId)).find((r) => r.guardianId === 'gFr')?.rsvp === 'no', 15_000, 'the no');
  });
});

describe('staff see how each answer was read, and correct it', () => {
  it('lists answers with their words; a correction counts, is audited, and a later answer of the parent replaces it', async () => {
    t = await start();
    const da = phone(t, DARIJA);
    const { eventId } = await post(t, meeting);
    await da.next('the invitation');
    await say(t, DARIJA, 'ghadi nji inchallah, wakha nkoun m3attla chwiya');
    await da.next('thanks');
    const followUp = async () => (await t!.app.inject({ method: 'GET', url: `/v1/events/${eventId}/follow-up`, headers: auth() })).json();
    await waitFor(async () => (await followUp()).answers.length === 1, 15_000, 'the answer listed');
    expect((await followUp()).answers[0]).toMatchObject({ guardianId: 'gDa', name: 'Khadija', answer: 'yes', correctedBy: null, children: [{ name: 'Yassine', className: '5A' }] });
    expect((await followUp()).answers[0].from).toContain('ghadi nji');

    const put = (guardianId: string, body: object) => t!.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/answers/${guardianId}`, headers: auth(), payload: body });
    expect((await put('gDa', { answer: 'perhaps' })).statusCode).toBe(400);
    expect((await put('nobody', { answer: 'no' })).statusCode).toBe(404);
    const corrected = await put('gDa', { answer: 'maybe' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await followUp()).answers[0]).toMatchObject({ answer: 'maybe', from: null });
    expect((await followUp()).answers[0].correctedBy).toBeTruthy();
    const view = (await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() })).json();
    expect(view.rsvp).toMatchObject({ yes: 0, maybe: 1 });
    const log = (await t.app.inject({ method: 'GET', url: '/v1/audit', headers: auth() })).json();
    expect(log.items.map((e: { action: string }) => e.action)).toContain('rsvp_corrected');

    // The parent answers again later: their answer replaces the correction.
    await say(t, DARIJA, 'la, ma n9derch');
    await waitFor(async () => (await followUp()).answers[0]?.answer === 'no', 15_000, 'the new answer');
    expect((await followUp()).answers[0]).toMatchObject({ correctedBy: null, from: 'la, ma n9derch' });
  });
});

describe("a teacher corrects only their own families' answers", () => {
  it('an invitation to two classes: the 5A teacher may correct a 5A family, not a 5B one', async () => {
    t = await startTestApp();
    const twoClasses = {
      classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '5B', grade: 5 }],
      guardians: [{ id: 'gA', name: 'A', locale: 'en', channels: { simulator: 'sim-own-a' } }, { id: 'gB', name: 'B', locale: 'en', channels: { simulator: 'sim-own-b' } }],
      children: [{ id: 'cA', name: 'Adam', classId: 'C1', guardianIds: ['gA'] }, { id: 'cB', name: 'Badr', classId: 'C2', guardianIds: ['gB'] }],
      teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'] }],
    };
    expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: twoClasses })).statusCode).toBe(200);
    const { eventId } = await post(t, { ...meeting, audience: { classes: ['C1', 'C2'] } });
    await waitFor(async () => (await rows(t!, eventId)).every((r) => r.guardianId && (r as { status?: string }).status === 'delivered') || undefined, 15_000, 'both delivered');
    const { ctx } = t.runtime;
    const person = await createPerson(ctx, 's1', { name: 'Nadia', login: 'nadia-own', role: 'teacher', teacherId: 't1' }, 'test');
    const { token, session } = await ctx.stores.auth.createSession('s1', person.id, new Date(), 3600, 3600);
    const asTeacher = { cookie: `sb_session=${token}`, 'x-csrf-token': session.csrf };
    const put = (guardianId: string) => t!.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/answers/${guardianId}`, headers: asTeacher, payload: { answer: 'yes' } });
    expect((await put('gA')).statusCode).toBe(200);
    expect((await put('gB')).statusCode).toBe(404);
    expect((await rows(t, eventId)).find((r) => r.guardianId === 'gB')?.rsvp).toBeUndefined();
  });
});
