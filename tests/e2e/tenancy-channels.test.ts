/**
 * Two schools and one parent on the real channels (DESIGN §10), against the local fakes. On
 * Telegram:
 * - two bots, one per school: the parent's chat id is the same with both (a private chat's id
 *   is the user's), and each school's messages, RSVPs and notes stay with that school, through
 *   one school's import and erasure;
 * - one bot shared by both schools: a message that points at one school's invitation (a tap, a
 *   quoted reply) goes to that school; a typed answer only one school waits for goes to it; when
 *   it cannot be told, the parent is asked which school, by name, in their language, and the
 *   held message follows their pick; after one school erases its guardian, the other school
 *   still gets everything.
 * On a Messenger Page and a WhatsApp number that serve both schools, the same question comes as
 * quick replies and as a poll, and the parent's tap or vote sends their note to that school only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as tr } from '../../src/i18n/index.js';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-api.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { FakeWhatsAppClient } from '../fakes/whatsapp-client.js';
import { auth, KEY_S1, KEY_S2, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { botMessagesTo, startBotApiRecorder, type BotApiRecorder, type BotMessage } from './helpers/bot-api-recorder.js';
import { messengerEnv, whatsappEnv, whatsappSessions } from './helpers/channels.js';
import {
  chatReader, messengerChat, messengerQuickReply, messengerText, plain, telegramTap, telegramText, whatsappChat, whatsappText,
  type ChatReader, type TelegramPerson,
} from './helpers/chat-channels.js';

const TOKEN_A = '111111111:AAFakeTokenSchoolA-0123456789abcdef';
const TOKEN_B = '222222222:AAFakeTokenSchoolB-0123456789abcdef';
const KEYS = { s1: KEY_S1, s2: KEY_S2 } as const;
type School = keyof typeof KEYS;
interface Bot { id: string; token: string; secret: string; schools: string[] | '*' }

let fake: FakeTelegram;
let recorder: BotApiRecorder;

beforeAll(async () => {
  fake = await startFakeTelegram({ tokens: [TOKEN_A, TOKEN_B] });
  recorder = await startBotApiRecorder(fake.apiRoot);
});

afterAll(async () => {
  await recorder?.close();
  await fake?.close();
});

async function startWithBots(bots: Bot[]): Promise<TestApp> {
  const env = bots.map((b) => ({ id: b.id, token: b.token, username: `${b.id.replace('-', '_')}_bot`, schools: b.schools, mode: 'webhook', webhookSecret: b.secret }));
  const app = await startTestApp({ env: { TELEGRAM_BOTS: JSON.stringify(env), TELEGRAM_API_ROOT: recorder.apiRoot, SIMULATOR_ENABLED: 'false' } });
  for (const [school, name] of [['s1', 'École Al Amal'], ['s2', 'Collège Ibn Sina']] as const) {
    const res = await app.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(KEYS[school]), payload: { name } });
    expect(res.statusCode, res.body).toBe(200);
  }
  return app;
}

function schoolApi(app: TestApp) {
  const call = async (school: School, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const res = await app.app.inject({ method, url, headers: auth(KEYS[school]), ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.body ? (res.json() as Record<string, unknown>) : {};
  };
  return {
    call,
    importGuardian: (school: School, id: string, chatId: number, child: string, locale = 'ar') =>
      call(school, 'POST', '/v1/roster/import', {
        classes: [{ id: `${school}-5`, name: '5', grade: 5 }],
        guardians: [{ id, name: `Parent ${id}`, locale, channels: { telegram: String(chatId) } }],
        children: [{ id: `c-${id}`, name: child, classId: `${school}-5`, guardianIds: [id] }],
      }),
    meeting: async (school: School, guardianId: string) =>
      (await call(school, 'POST', '/v1/events', { kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', audience: { guardians: [guardianId] }, rsvp: true, respectQuietHours: false })).eventId as string,
    rsvp: async (school: School, eventId: string) => (await call(school, 'GET', `/v1/events/${eventId}`)).rsvp as Record<string, number>,
    inbox: async (school: School) => (await call(school, 'GET', '/v1/inbox')).items as Array<{ text: string; guardian?: { id: string } }>,
  };
}

async function post(app: TestApp, bot: Bot, update: object): Promise<void> {
  const res = await app.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${bot.id}`,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': bot.secret },
    payload: JSON.stringify(update),
  });
  expect(res.statusCode, res.body).toBe(200);
}

const chatWith = (bot: Bot, chatId: number): ChatReader<BotMessage> =>
  chatReader(() => botMessagesTo(recorder, chatId, bot.token), `Telegram chat ${chatId} with ${bot.id}`);
const until = (check: () => Promise<boolean>, what: string) => waitFor(async () => ((await check()) ? true : undefined), 15_000, what);

describe('two bots, one per school, and one parent known to both', () => {
  const BOT_A: Bot = { id: 'bot-a', token: TOKEN_A, secret: 'secret-of-school-a-0123456789', schools: ['s1'] };
  const BOT_B: Bot = { id: 'bot-b', token: TOKEN_B, secret: 'secret-of-school-b-0123456789', schools: ['s2'] };
  const PARENT: TelegramPerson = { chatId: 777001, firstName: 'Rachid', languageCode: 'ar' };
  let app: TestApp;
  let api: ReturnType<typeof schoolApi>;

  beforeAll(async () => {
    app = await startWithBots([BOT_A, BOT_B]);
    api = schoolApi(app);
  });
  afterAll(async () => app?.close());

  it("each school's messages, answers and notes stay with it, through the other's import and erasure", async () => {
    const withA = chatWith(BOT_A, PARENT.chatId);
    const withB = chatWith(BOT_B, PARENT.chatId);
    await api.importGuardian('s2', 'gB', PARENT.chatId, 'يوسف');
    const meetingB = await api.meeting('s2', 'gB');
    const invitationB = await withB.next("B's invitation, from B's bot");

    await api.importGuardian('s1', 'gA', PARENT.chatId, 'سلمى');
    const meetingA = await api.meeting('s1', 'gA');
    await withA.next("A's invitation, from A's bot");

    await post(app, BOT_B, telegramTap(PARENT, invitationB, `r.yes.${meetingB}`));
    await until(async () => (await api.rsvp('s2', meetingB)).yes === 1, "B's yes");
    await post(app, BOT_B, telegramText(PARENT, 'واش نقدر نجي مع مراتي؟'));
    await until(async () => (await api.inbox('s2')).length === 1, "the note in B's inbox");
    await post(app, BOT_A, telegramText(PARENT, 'لا'));
    await until(async () => (await api.rsvp('s1', meetingA)).no === 1, "A's no");
    await withA.next("A's thanks for the answer");
    expect(await api.rsvp('s2', meetingB)).toMatchObject({ yes: 1, no: 0 });
    expect(await api.inbox('s1')).toEqual([]);

    await api.call('s1', 'DELETE', '/v1/guardians/gA');
    await post(app, BOT_B, telegramText(PARENT, 'شكرا، واش خاصني نجيب الدفتر ديالو؟'));
    await until(async () => (await api.inbox('s2')).length === 2, "the second note in B's inbox, after A's erasure");
    // To A's bot the parent is now a stranger: told how to link, and nothing is recorded.
    await post(app, BOT_A, telegramText(PARENT, 'السلام عليكم'));
    expect(plain((await withA.next("A's answer to a stranger")).text)).toBe(plain(tr('ar', 'conv.help.stranger')));
    expect(await api.inbox('s1')).toEqual([]);
  });

  it("a join code sent to the other school's bot links nothing and stays good for the right bot", async () => {
    const NEW: TelegramPerson = { chatId: 777002, firstName: 'Amina', languageCode: 'ar' };
    await api.call('s1', 'POST', '/v1/roster/import', { guardians: [{ id: 'gJ', name: 'أمينة', locale: 'ar', channels: {} }] });
    const links = (await api.call('s1', 'GET', '/v1/guardians/gJ/links')).links as Array<{ platform: string; accountId: string; code: string }>;
    const link = links.find((l) => l.platform === 'telegram');
    expect(link?.accountId).toBe(BOT_A.id);
    await post(app, BOT_B, telegramText(NEW, `/start ${link?.code}`));
    expect(plain((await chatWith(BOT_B, NEW.chatId).next('the refusal')).text)).toBe(plain(tr('ar', 'join.invalid')));
    expect(await app.runtime.ctx.stores.roster.ownersOf('telegram', String(NEW.chatId))).toEqual([]);
    await post(app, BOT_A, telegramText(NEW, `/start ${link?.code}`));
    expect(plain((await chatWith(BOT_A, NEW.chatId).next('the welcome')).text)).toContain('أمينة');
    expect(await app.runtime.ctx.stores.roster.ownersOf('telegram', String(NEW.chatId))).toEqual([{ schoolId: 's1', kind: 'guardian', id: 'gJ' }]);
  });
});

describe('one bot shared by two schools, and one parent known to both', () => {
  const SHARED: Bot = { id: 'shared', token: TOKEN_A, secret: 'secret-of-the-shared-bot-012345', schools: ['s1', 's2'] };
  const PARENT: TelegramPerson = { chatId: 888001, firstName: 'Khadija', languageCode: 'ar' };
  const NOTE_PARENT: TelegramPerson = { chatId: 888002, firstName: 'Hasna', languageCode: 'en' };
  let app: TestApp;
  let api: ReturnType<typeof schoolApi>;
  let chat: ChatReader<BotMessage>;
  let meetingA: string;
  let meetingB: string;
  let invitationB: BotMessage;

  beforeAll(async () => {
    app = await startWithBots([SHARED]);
    api = schoolApi(app);
    chat = chatWith(SHARED, PARENT.chatId);
    await api.importGuardian('s1', 'gA', PARENT.chatId, 'سلمى');
    await api.importGuardian('s2', 'gB', PARENT.chatId, 'يوسف');
    meetingA = await api.meeting('s1', 'gA');
    await chat.next("A's invitation");
    meetingB = await api.meeting('s2', 'gB');
    invitationB = await chat.next("B's invitation");
  });
  afterAll(async () => app?.close());

  it('a "yes" both schools wait for is held, and the parent is asked which school, by name, in Arabic', async () => {
    await post(app, SHARED, telegramText(PARENT, 'نعم'));
    const question = await chat.next('which school?');
    expect(plain(question.text)).toBe(plain(tr('ar', 'conv.school.which')));
    expect(question.buttons.map((b) => b.text)).toEqual(['École Al Amal', 'Collège Ibn Sina']);
    expect(await api.rsvp('s1', meetingA)).toMatchObject({ yes: 0, pending: 1 });
    expect(await api.rsvp('s2', meetingB)).toMatchObject({ yes: 0, pending: 1 });

    const schoolA = question.buttons[0]?.data as string;
    await post(app, SHARED, telegramTap(PARENT, question, schoolA));
    await until(async () => (await api.rsvp('s1', meetingA)).yes === 1, "the held yes, counted for A");
    await chat.next("A's thanks");
    expect(await api.rsvp('s2', meetingB)).toMatchObject({ yes: 0, pending: 1 });
  });

  it('a note just after the pick goes to the school picked, without asking again', async () => {
    await post(app, SHARED, telegramText(PARENT, 'واش نقدر نجي مع مراتي؟'));
    await until(async () => (await api.inbox('s1')).length === 1, "the note in A's inbox");
    expect(await api.inbox('s2')).toEqual([]);
  });

  it("a reply quoting B's invitation answers B, whatever was picked before", async () => {
    await post(app, SHARED, telegramText(PARENT, 'لا', { replyTo: invitationB }));
    await until(async () => (await api.rsvp('s2', meetingB)).no === 1, "B's no");
    expect(await api.rsvp('s1', meetingA)).toMatchObject({ yes: 1, no: 0 });
  });

  it('a note nothing ties to a school waits for the parent to say which (a typed number), then reaches that school only', async () => {
    const other = chatWith(SHARED, NOTE_PARENT.chatId);
    await api.importGuardian('s1', 'gA2', NOTE_PARENT.chatId, 'Lina', 'en');
    await api.importGuardian('s2', 'gB2', NOTE_PARENT.chatId, 'Omar', 'en');
    await Promise.all([
      post(app, SHARED, telegramText(NOTE_PARENT, 'My son is sick today and will stay home.')),
      post(app, SHARED, telegramText(NOTE_PARENT, 'He has a fever since last night.')),
    ]);
    expect((await other.next('which school?')).text).toBe(tr('en', 'conv.school.which'));
    await post(app, SHARED, telegramText(NOTE_PARENT, '2'));
    // Both messages held, neither lost, both to the school picked, and the question asked once.
    await until(async () => (await api.inbox('s2')).filter((n) => /sick today|fever since/.test(n.text)).length === 2, "both notes in B's inbox");
    expect((await api.inbox('s1')).filter((n) => /sick today|fever since/.test(n.text))).toEqual([]);
    expect(other.all().filter((m) => m.text === tr('en', 'conv.school.which'))).toHaveLength(1);
  });

  it('once A erases its guardian, everything the parent writes reaches B without a question', async () => {
    await api.call('s1', 'DELETE', '/v1/guardians/gA');
    const before = (await api.inbox('s2')).length;
    chat.skipAll();
    await post(app, SHARED, telegramText(PARENT, 'شكرا بزاف، عندي سؤال على الامتحان'));
    await until(async () => (await api.inbox('s2')).length === before + 1, "the note in B's inbox");
    expect(plain((await chat.next("B's acknowledgement")).text)).not.toBe(plain(tr('ar', 'conv.school.which')));
  });
});

/** Both test schools import the same address on `platform` for a guardian of their own. */
async function importShared(api: ReturnType<typeof schoolApi>, platform: 'messenger' | 'whatsapp', address: string): Promise<void> {
  for (const school of ['s1', 's2'] as const) {
    await api.call(school, 'POST', '/v1/roster/import', {
      classes: [{ id: `${school}-5`, name: '5', grade: 5 }],
      guardians: [{ id: `g-${school}`, name: `Parent ${school}`, locale: 'en', channels: { [platform]: address } }],
      children: [{ id: `c-${school}`, name: `Child ${school}`, classId: `${school}-5`, guardianIds: [`g-${school}`] }],
    });
  }
}

const notesAbout = async (api: ReturnType<typeof schoolApi>, school: School, words: string) => (await api.inbox(school)).filter((n) => n.text.includes(words));

describe('a Messenger Page shared by two schools', () => {
  const PSID = '6100000000000001';
  let graph: FakeGraph;
  let app: TestApp;
  let api: ReturnType<typeof schoolApi>;

  beforeAll(async () => {
    graph = await startFakeGraph();
    app = await startTestApp({ env: { ...messengerEnv(graph), SIMULATOR_ENABLED: 'false' } });
    api = schoolApi(app);
    await app.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(KEY_S1), payload: { name: 'École Al Amal' } });
    await app.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(KEY_S2), payload: { name: 'Collège Ibn Sina' } });
    await importShared(api, 'messenger', PSID);
  });
  afterAll(async () => {
    await app?.close();
    await graph?.close();
  });

  it("the question comes as quick replies; the tapped school gets the note, the other doesn't; after its erasure, no question", async () => {
    const chat = messengerChat(graph, PSID);
    await messengerText(app, PSID, 'Our car broke down, we will be late for the meeting.');
    const question = await chat.next('which school?');
    expect(question.body.message.text).toBe(tr('en', 'conv.school.which'));
    const replies = question.body.message.quick_replies ?? [];
    expect(replies.map((q) => q.title)).toEqual(['École Al Amal', 'Collège Ibn Sina']);
    const b = replies[1];
    await messengerQuickReply(app, PSID, b?.title ?? '', b?.payload ?? '');
    await until(async () => (await notesAbout(api, 's2', 'car broke down')).length === 1, "the note in B's inbox");
    expect(await notesAbout(api, 's1', 'car broke down')).toEqual([]);

    await api.call('s2', 'DELETE', '/v1/guardians/g-s2');
    chat.skipAll();
    await messengerText(app, PSID, 'Is there a bus to the school trip?');
    await until(async () => (await notesAbout(api, 's1', 'bus to the school trip')).length === 1, "the note in A's inbox");
    expect(plain((await chat.next("A's acknowledgement")).body.message.text)).not.toBe(tr('en', 'conv.school.which'));
  });
});

describe('a WhatsApp number shared by two schools', () => {
  const PARENT = '212600000077@c.us';
  let wa: FakeWhatsAppClient;
  let app: TestApp;
  let api: ReturnType<typeof schoolApi>;

  beforeAll(async () => {
    wa = new FakeWhatsAppClient();
    app = await startTestApp({ env: { ...whatsappEnv(), SIMULATOR_ENABLED: 'false' }, whatsappClients: whatsappSessions(wa), sleep: async () => {} });
    api = schoolApi(app);
    await app.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(KEY_S1), payload: { name: 'École Al Amal' } });
    await app.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(KEY_S2), payload: { name: 'Collège Ibn Sina' } });
    await importShared(api, 'whatsapp', PARENT);
  });
  afterAll(async () => app?.close());

  it('the question comes as one poll; a vote for a school sends the held note there only', async () => {
    const chat = whatsappChat(wa, PARENT);
    whatsappText(wa, PARENT, 'My daughter lost her schoolbag, has anyone found it?');
    const poll = await chat.next('which school? (a poll)');
    expect(poll.poll?.name).toBe(tr('en', 'conv.school.which'));
    expect(poll.poll?.options).toEqual(['École Al Amal', 'Collège Ibn Sina']);
    wa.emitVote({ voter: PARENT, pollId: poll.id, selected: [0], names: poll.poll?.options ?? [], at: Date.now() });
    await until(async () => (await notesAbout(api, 's1', 'schoolbag')).length === 1, "the note in A's inbox");
    expect(await notesAbout(api, 's2', 'schoolbag')).toEqual([]);
  });
});
