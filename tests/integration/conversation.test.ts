/**
 * Conversations on the simulator channel, end to end (HTTP → inbound queue → engine → Redis
 * session → effects → reply queue → simulated phone), for an Arabic and an English guardian:
 * RSVP in words, asking again, surveys, STOP and START, language, teachers inviting their class.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auth, keysUnder, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { phone, plain, say, tap, teacherInvites } from './helpers/chat.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const AR = 'sim-conv-ar';
const EN = 'sim-conv-en';
const OTHER = 'sim-conv-other';
const TEACHER = 'sim-conv-t1';

const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '5B', grade: 5 }, { id: 'C3', name: '6A', grade: 6 }],
  guardians: [
    { id: 'gAr', name: 'فاطمة العلوي', locale: 'ar', channels: { simulator: AR } },
    { id: 'gEn', name: 'Amina Benali', locale: 'en', channels: { simulator: EN } },
    { id: 'gOther', name: 'حسن التازي', locale: 'ar', channels: { simulator: OTHER } },
  ],
  children: [
    { id: 'cAr', name: 'سارة', classId: 'C1', guardianIds: ['gAr'] },
    { id: 'cEn', name: 'Adam', classId: 'C1', guardianIds: ['gEn'] },
    { id: 'cOther', name: 'يوسف', classId: 'C3', guardianIds: ['gOther'] },
  ],
  teachers: [{ id: 't1', name: 'نادية بناني', classIds: ['C1', 'C2'], locale: 'ar', channels: { simulator: TEACHER } }],
};

async function start(): Promise<TestApp> {
  const app = await startTestApp();
  const res = await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
  expect(res.statusCode, res.body).toBe(200);
  return app;
}

async function post(app: TestApp, body: object): Promise<{ eventId: string; recipients: number; followUp?: { eventId: string; sendAt: string } }> {
  const res = await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { respectQuietHours: false, ...body } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json();
}

async function eventView(app: TestApp, id: string) {
  return (await app.app.inject({ method: 'GET', url: `/v1/events/${id}`, headers: auth() })).json();
}

const meeting = { kind: 'meeting', startsAt: '2027-09-15T17:00:00+01:00', place: 'Salle 3', audience: { classes: ['C1'] }, rsvp: true };

describe('RSVP in words', () => {
  it('"واخا" from an Arabic guardian and "yes, I will come" from an English one count as yes, thanked in their language', async () => {
    t = await start();
    const ar = phone(t, AR);
    const en = phone(t, EN);
    const { eventId } = await post(t, meeting);
    await ar.next('the invitation');
    await en.next('the invitation');
    await say(t, AR, 'واخا');
    await say(t, EN, 'yes, I will come');
    expect(plain(await ar.next('thanks'))).toContain('شكرًا لكم، يسعدنا حضوركم');
    expect(plain(await en.next('thanks'))).toContain('Thank you! We look forward to seeing you.');
    const view = await eventView(t, eventId);
    expect(view.rsvp).toEqual({ yes: 2, no: 0, maybe: 0, pending: 0 });
  });

  it('an unknown word is asked again with the choices; after two misses the parent may pass the message on', async () => {
    t = await start();
    const en = phone(t, EN);
    const { eventId } = await post(t, meeting);
    await en.next('the invitation');
    await say(t, EN, 'hmm');
    const again = await en.next('asked again');
    expect(again.text).toContain('Sorry, I did not understand');
    expect(again.choices?.map((c) => c.id)).toEqual([`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`]);
    await say(t, EN, 'bof');
    const offer = await en.next('the offer');
    expect(offer.text).toContain('pass your message on');
    expect(offer.choices?.at(-1)).toEqual({ id: 'x.relay', label: 'Pass my message on' });
    await tap(t, EN, 'x.relay');
    expect((await en.next('passed on')).text).toContain('passed on to the school');
    const inbox = (await t.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json();
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({ text: 'hmm\nbof', guardian: { id: 'gEn' }, event: { id: eventId } });
    expect((await eventView(t, eventId)).rsvp.pending).toBe(2);
  });

  it('a likely answer (👍) counts as yes and offers the choices to correct it; a change of mind moves the count', async () => {
    t = await start();
    const ar = phone(t, AR);
    const { eventId } = await post(t, meeting);
    await ar.next('the invitation');
    await say(t, AR, '👍');
    const noted = await ar.next('noted');
    expect(plain(noted)).toContain('إن لم يكن هذا صحيحًا');
    expect(noted.choices).toHaveLength(3);
    await waitFor(async () => (await eventView(t!, eventId)).rsvp.yes === 1 || undefined);
    await say(t, AR, 'لا، لن أتمكن من الحضور');
    expect(plain(await ar.next('updated'))).toContain('تم تحديث جوابكم');
    expect((await eventView(t, eventId)).rsvp).toMatchObject({ yes: 0, no: 1 });
  });
});

describe('surveys in the chat', () => {
  it('"٣" to a survey question stores 3, then the next question comes; skip skips; stop ends it and keeps the answers', async () => {
    t = await start();
    const ar = phone(t, AR);
    const { eventId } = await post(t, { kind: 'survey', survey: { id: 'involvement' }, audience: { guardians: ['gAr'] } });
    const invitation = await ar.next('the survey');
    expect(plain(invitation)).toContain('السؤال 1 من 8');
    expect(invitation.choices?.map((c) => c.label)).toEqual(['1 أعارض بشدة', '2 أعارض', '3 أعارض قليلًا', '4 أوافق قليلًا', '5 أوافق', '6 أوافق بشدة', 'تخطي']);
    await say(t, AR, '٣');
    expect(plain(await ar.next('question 2'))).toContain('السؤال 2 من 8');
    await say(t, AR, 'تخطي');
    expect(plain(await ar.next('question 3'))).toContain('السؤال 3 من 8');
    await say(t, AR, 'ما فهمتش');
    expect(plain(await ar.next('asked again'))).toContain('المرجو الإجابة برقم من 1 إلى 6');
    await tap(t, AR, `s.5.2.${eventId}`);
    expect(plain(await ar.next('question 4'))).toContain('السؤال 4 من 8');
    await say(t, AR, 'stop');
    expect(plain(await ar.next('stopped'))).toContain('تم إيقاف الاستطلاع');
    const response = await t.runtime.ctx.stores.surveys.response('s1', 'involvement', eventId, 'gAr');
    expect(response?.answers).toMatchObject({ role_part: { v: 3, ch: 'simulator' }, efficacy_help: { v: 5 } });
    expect(Object.keys(response?.answers ?? {})).toHaveLength(2);
    expect(response?.skipped).toHaveProperty('role_talk');
    expect(response).toMatchObject({ locale: 'ar', classes: 'C1', channel: 'simulator' });
    expect(response?.stoppedAt).toBeDefined();
    // Still subscribed: stopping a survey is not STOP.
    expect((await t.runtime.ctx.stores.roster.getGuardian('s1', 'gAr'))?.optedOutAt).toBeUndefined();
  });

  it('the post-event feedback follows the RSVP; every answer is stored with its time; thanks at the end', async () => {
    t = await start();
    const en = phone(t, EN);
    const { eventId } = await post(t, { ...meeting, survey: { id: 'event-feedback', send: 'after_rsvp' } });
    await en.next('the invitation');
    await tap(t, EN, `r.yes.${eventId}`);
    const first = await en.next('first question');
    expect(first.text).toContain('Thank you! We look forward to seeing you.');
    expect(first.text).toContain('Question 1 of 3');
    for (const [answer, next] of [['6', 'Question 2 of 3'], ['five', 'Question 3 of 3']] as const) {
      await say(t, EN, answer);
      expect((await en.next(next)).text).toContain(next);
    }
    await say(t, EN, '4/6');
    expect((await en.next('thanks')).text).toContain('Thank you for your answers!');
    const response = await t.runtime.ctx.stores.surveys.response('s1', 'event-feedback', eventId, 'gEn');
    expect(Object.fromEntries(Object.entries(response?.answers ?? {}).map(([q, a]) => [q, a.v]))).toEqual({ useful: 6, welcome: 5, again: 4 });
    expect(response?.completedAt).toBeDefined();
    for (const a of Object.values(response?.answers ?? {})) expect(Date.parse(a.at)).toBeGreaterThan(0);
  });

  it('a survey interrupted by an invitation resumes after the RSVP', async () => {
    t = await start();
    const en = phone(t, EN);
    await post(t, { kind: 'survey', survey: { id: 'event-feedback' }, audience: { guardians: ['gEn'] } });
    await en.next('the survey');
    await say(t, EN, '2');
    await en.next('question 2');
    const { eventId } = await post(t, meeting);
    await en.next('the invitation');
    await say(t, EN, 'maybe');
    const resumed = await en.next('resumed');
    expect(resumed.text).toContain('Thank you. We hope you can make it.');
    expect(resumed.text).toContain('Let us continue the survey');
    expect(resumed.text).toContain('Question 2 of 3');
    expect((await eventView(t, eventId)).rsvp.maybe).toBe(1);
  });
});

describe('commands', () => {
  it('STOP is confirmed, nothing more is sent, a later bulk event skips them as opted_out; START opts back in', async () => {
    t = await start();
    const ar = phone(t, AR);
    await say(t, AR, 'بركا');
    expect(plain(await ar.next('confirmation'))).toContain('لن تصلكم بعد الآن أي رسالة');
    const guardian = await t.runtime.ctx.stores.roster.getGuardian('s1', 'gAr');
    expect(Date.parse(guardian?.optedOutAt ?? '')).toBeGreaterThan(0);
    await say(t, AR, 'سلام، واش كاين شي جديد؟');
    const { eventId } = await post(t, meeting);
    await waitFor(async () => {
      const c = (await eventView(t!, eventId)).counts;
      return c.delivered + c.skipped === 2 || undefined;
    });
    expect((await eventView(t, eventId)).counts.reasons).toEqual({ skipped: { opted_out: 1 } });
    await ar.quiet();
    await say(t, AR, 'START');
    expect(plain(await ar.next('welcome back'))).toContain('مرحبًا بعودتكم');
    expect((await t.runtime.ctx.stores.roster.getGuardian('s1', 'gAr'))?.optedOutAt).toBeUndefined();
  });

  it('HELP answers in the guardian’s language; a language switch changes the language of what follows', async () => {
    t = await start();
    const en = phone(t, EN);
    await say(t, EN, 'help');
    expect((await en.next('help')).text).toContain('STOP: no more messages');
    await say(t, EN, 'العربية');
    expect(plain(await en.next('switched'))).toContain('سأكتب لكم بالعربية');
    expect((await t.runtime.ctx.stores.roster.getGuardian('s1', 'gEn'))?.locale).toBe('ar');
    await post(t, { ...meeting, audience: { guardians: ['gEn'] } });
    expect(plain(await en.next('invitation'))).toContain('اجتماع أولياء الأمور');
  });
});

describe('teachers on the bot', () => {
  it('"دعوة" → class (only theirs) → kind → "غدا 17:00" → place → confirm creates an event for that class; "status" sums up the answers', async () => {
    t = await start();
    const teacher = phone(t, TEACHER);
    await say(t, TEACHER, 'دعوة');
    const classes = await teacher.next('which class');
    expect(plain(classes)).toContain('أي قسم');
    expect(classes.choices?.map((c) => c.label)).toEqual(['5A', '5B']); // not 6A: not theirs
    await tap(t, TEACHER, 'x.class.0');
    const kinds = await teacher.next('which kind');
    expect(kinds.choices?.map((c) => c.id)).toEqual(['x.kind.meeting', 'x.kind.school_event', 'x.kind.home_activity', 'x.kind.reminder']);
    await tap(t, TEACHER, 'x.kind.meeting');
    await teacher.next('when');
    await say(t, TEACHER, 'أمس');
    expect(plain(await teacher.next('not understood'))).toContain('لم أفهم التاريخ');
    await say(t, TEACHER, 'غدا 17:00');
    await teacher.next('where');
    await say(t, TEACHER, 'القاعة 3');
    const confirm = await teacher.next('confirm');
    expect(plain(confirm)).toContain('القسم: 5A');
    expect(plain(confirm)).toContain('17:00');
    await tap(t, TEACHER, 'x.send');
    expect(plain(await teacher.next('count'))).toContain('تم الإرسال إلى وليي أمر في القسم 5A');
    const events = (await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() })).json().items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'meeting', rsvpRequested: true, place: 'القاعة 3', recipients: 2, createdBy: 'teacher:t1' });
    const ar = phone(t, AR);
    expect(plain(await ar.next('the invitation'))).toContain('نادية بناني');
    await say(t, AR, 'نعم');
    await ar.next('thanks');
    await say(t, TEACHER, 'status');
    expect(plain(await teacher.next('status'))).toMatch(/1 نعم، 0 لا، 0 ربما، 1 لم يجيبوا بعد؛ وصلت إلى 2 من 2/);
  });

  it('a guardian asking to invite gets a polite refusal and nothing is created', async () => {
    t = await start();
    const en = phone(t, EN);
    await say(t, EN, '/invite');
    expect((await en.next('refusal')).text).toContain('Only the school’s teachers can send invitations');
    expect((await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() })).json().items).toEqual([]);
  });

  it('a chat the roster does not know is told how to link, once', async () => {
    t = await start();
    const stranger = phone(t, 'sim-conv-nobody');
    await say(t, 'sim-conv-nobody', 'دعوة');
    expect(plain(await stranger.next('not linked'))).toContain('غير مرتبطة بأي مدرسة');
    await say(t, 'sim-conv-nobody', 'hello?');
    await stranger.quiet();
  });
});

describe('the relay between parents and teachers', () => {
  const teacherMeeting = (app: TestApp) => teacherInvites(app, TEACHER, true);

  it('a parent’s message reaches the teacher’s chat; the teacher’s "#ref" answer, or a reply to it, reaches the parent; neither sees a number', async () => {
    t = await start();
    const teacher = await teacherMeeting(t);
    const en = phone(t, EN);
    await en.next('the invitation');
    await say(t, EN, 'Can we come at 19:00 instead? My shift ends late.');
    const forwarded = await teacher.next('the note');
    const ref = /#(\d+)/.exec(plain(forwarded))?.[1];
    expect(ref).toBeDefined();
    expect(plain(forwarded)).toContain('Can we come at 19:00 instead? My shift ends late.');
    expect(plain(forwarded)).toContain('Adam');
    expect(forwarded.text).not.toContain('sim-conv-en');
    expect((await en.next('passed on')).text).toContain('passed on to the teacher');
    await say(t, TEACHER, `#${ref} نعم، لا مشكلة. سأنتظركم على الساعة 19:00`);
    const answer = await en.next('the teacher’s answer');
    expect(plain(answer)).toContain('Your child’s teacher, نادية بناني, answered your message');
    expect(plain(answer)).toContain('سأنتظركم على الساعة 19:00');
    expect(answer.text).not.toContain(TEACHER);
    expect(plain(await teacher.next('sent'))).toContain('تم إرسال جوابكم');
    // A reply to the forwarded message works the same.
    await say(t, TEACHER, 'وأحضروا دفتر التلميذ من فضلكم', { replyTo: forwarded.id });
    expect(plain(await en.next('second answer'))).toContain('وأحضروا دفتر التلميذ');
    const inbox = (await t.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json();
    expect(inbox.items[0]).toMatchObject({ ref: Number(ref), teacherId: 't1', guardian: { id: 'gEn', name: 'Amina Benali' }, children: [{ name: 'Adam', classId: 'C1' }] });
    expect(inbox.items[0].replies.map((r: { by: string }) => r.by)).toEqual(['teacher', 'teacher']);

    // Erasing the parent leaves neither their address nor their notes anywhere.
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/guardians/gEn', headers: auth() })).statusCode).toBe(204);
    const keys = await keysUnder(t.redis, `${t.prefix}:*`);
    for (const key of keys.filter((k) => !k.includes(':bq:'))) {
      const type = await t.redis.type(key);
      const dump = type === 'hash' ? JSON.stringify(await t.redis.hgetall(key)) : type === 'string' ? (await t.redis.get(key)) ?? '' : '';
      expect(`${key} ${dump}`, key).not.toContain(EN);
    }
    expect((await t.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items).toEqual([]);
  });

  it('staff answer a note from the inbox; a teacher cannot answer a note that is not theirs', async () => {
    t = await start();
    const ar = phone(t, AR);
    await post(t, meeting);
    await ar.next('the invitation');
    await say(t, AR, 'ابنتي مريضة هذا الأسبوع، هل يمكن تأجيل الموعد؟');
    await ar.next('passed on');
    const note = (await t.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items[0];
    expect(note).toMatchObject({ teacherId: null, event: { kind: 'meeting' } });
    const res = await t.app.inject({ method: 'POST', url: `/v1/inbox/${note.id}/reply`, headers: auth(), payload: { text: 'شفاها الله. سنتصل بكم لتحديد موعد آخر.' } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ delivered: true });
    expect(plain(await ar.next('staff answer'))).toContain('ردّت إدارة المدرسة على رسالتكم');
    const teacher = phone(t, TEACHER);
    await say(t, TEACHER, `#${note.ref} hello`);
    expect(plain(await teacher.next('refused'))).toContain(`لم أجد الرسالة رقم ${note.ref}`);
    await ar.quiet();
    const bad = await t.app.inject({ method: 'POST', url: `/v1/inbox/${note.id}/reply`, headers: auth(), payload: { text: '' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('a note written with nothing asked', () => {
  it('is filed as written after the last message, not about it; the answer to the parent names no event', async () => {
    t = await start();
    const en = phone(t, EN);
    const { eventId } = await post(t, { ...meeting, rsvp: true });
    await en.next('the invitation');
    await say(t, EN, 'yes');
    await en.next('thanks');
    // Days later, about something else entirely.
    await say(t, EN, 'Hello, will the school bus run tomorrow? We live far away.');
    await en.next('passed on');
    const note = (await t.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items[0];
    expect(note).toMatchObject({ text: 'Hello, will the school bus run tomorrow? We live far away.', event: { id: eventId, guessed: true } });
    const res = await t.app.inject({ method: 'POST', url: `/v1/inbox/${note.id}/reply`, headers: auth(), payload: { text: 'Yes, the bus runs as usual.' } });
    expect(res.statusCode, res.body).toBe(202);
    const answer = plain(await en.next('the answer'));
    expect(answer).toContain('The school answered your message:');
    expect(answer).not.toContain('about “');
  });
});

describe('pages of the inbox and of the events', () => {
  it('notes and events of the same millisecond are neither skipped nor repeated', async () => {
    t = await start();
    const at = '2026-12-01T10:00:00.000Z';
    for (const id of ['na1', 'na2', 'na3']) await t.runtime.ctx.stores.notes.create('s1', { id: `n${id.replace('na', 'aaaaaaaa0')}`, guardianId: 'gAr', text: id, at, channel: 'simulator' });
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = (await t.app.inject({ method: 'GET', url: `/v1/inbox?limit=2${before ? `&before=${before}` : ''}`, headers: auth() })).json();
      seen.push(...res.items.map((n: { text: string }) => n.text));
      before = res.next;
      if (!before) break;
    }
    expect(seen.sort()).toEqual(['na1', 'na2', 'na3']);
    const { followUp } = await post(t, { ...meeting, survey: { id: 'event-feedback', send: 'after_event' } });
    const first = (await t.app.inject({ method: 'GET', url: '/v1/events?limit=1', headers: auth() })).json();
    const second = (await t.app.inject({ method: 'GET', url: `/v1/events?limit=1&before=${first.next}`, headers: auth() })).json();
    expect(new Set([first.items[0].id, second.items[0].id]).size).toBe(2);
    expect([first.items[0].id, second.items[0].id]).toContain((followUp as { eventId: string }).eventId);
    expect((await t.app.inject({ method: 'GET', url: '/v1/inbox?before=yesterday', headers: auth() })).statusCode).toBe(400);
  });
});
