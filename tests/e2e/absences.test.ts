/**
 * Absence notices that ask why, on Telegram and on WhatsApp (Cloud API), against the fakes:
 * staff mark children absent; each family is asked in its language with the reasons as choices;
 * a tap, "other" then words, or a typed sentence is kept on that child's absence for that day;
 * marking the same child again that day asks nobody twice; a CSV with MASSAR-like columns
 * marks several days (a wrong row marks nothing) and a child absent three school days in a row
 * appears in follow-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../fakes/whatsapp-cloud-api.js';
import { cloudListReply, cloudMedia, cloudText } from '../fakes/whatsapp-cloud-webhook.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { startBotApiRecorder, type BotApiRecorder } from './helpers/bot-api-recorder.js';
import { telegramEnv } from './helpers/channels.js';
import { plain, telegramChat, telegramTap, telegramText, toBot } from './helpers/chat-channels.js';
import { CLOUD, cloudEnv, postCloud } from './helpers/cloud.js';

const PARENT_TG = { chatId: 7_200_000_001, firstName: 'Fatima', languageCode: 'ar' };
const PARENT_WA = '212612000071';
const PARENT_WA2 = '212612000072';

let tg: FakeTelegram;
let recorder: BotApiRecorder;
let cloud: FakeWhatsAppCloud;
let app: TestApp;

async function mark(body: object) {
  const res = await app.app.inject({ method: 'POST', url: '/v1/absences', headers: auth(), payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { date: string; marked: string[]; alreadyMarked: string[]; eventId?: string };
}

async function absence(date: string, childId: string) {
  const res = await app.app.inject({ method: 'GET', url: `/v1/absences?date=${date}`, headers: auth() });
  return (res.json().items as Array<{ childId: string; reason?: string; text?: string; guardianId?: string; mediaId?: string }>).find((a) => a.childId === childId);
}

beforeAll(async () => {
  [tg, cloud] = await Promise.all([startFakeTelegram(), startFakeWhatsAppCloud()]);
  recorder = await startBotApiRecorder(tg.apiRoot);
  app = await startTestApp({ env: { ...telegramEnv(tg, 'webhook'), TELEGRAM_API_ROOT: recorder.apiRoot, ...cloudEnv(cloud) } });
  await importRoster(app, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }],
    guardians: [
      { id: 'gT', name: 'فاطمة', locale: 'ar', channels: { telegram: String(PARENT_TG.chatId) } },
      { id: 'gW', name: 'Amina', locale: 'en', channels: { whatsapp: `+${PARENT_WA}` } },
      { id: 'gW2', name: 'Omar', locale: 'fr', channels: { whatsapp: `+${PARENT_WA2}` } },
    ],
    children: [
      { id: 'c1', name: 'سارة', classId: 'C1', guardianIds: ['gT'] },
      { id: 'c2', name: 'Yassine', classId: 'C1', guardianIds: ['gW'] },
      { id: 'c3', name: 'Hind', classId: 'C1', guardianIds: ['gW2'] },
    ],
  });
  // The WhatsApp families wrote to the school before (their 24-hour window is open).
  for (const wa of [PARENT_WA, PARENT_WA2]) {
    cloud.userWrote(CLOUD.phoneNumberId, wa);
    await postCloud(app, cloudText({ phoneNumberId: CLOUD.phoneNumberId, from: wa, text: 'Salam' }));
  }
  await waitFor(async () => cloud.sent(PARENT_WA).length > 0 && cloud.sent(PARENT_WA2).length > 0, 10_000, 'the answers to hello');
});

afterAll(async () => {
  await app?.close();
  await recorder?.close();
  await Promise.all([tg?.close(), cloud?.close()]);
});

describe('absence notices', () => {
  it('ask each family why, and keep the tapped reason, "other" with its words, or a typed sentence, per child and day', async () => {
    const chat = telegramChat(recorder, PARENT_TG.chatId);
    const before = { wa: cloud.sent(PARENT_WA).length, wa2: cloud.sent(PARENT_WA2).length };
    const { date, marked, eventId } = await mark({ date: '2026-12-07', children: ['c1', 'c2', 'c3'] });
    expect(marked.sort()).toEqual(['c1', 'c2', 'c3']);

    // Telegram, in Arabic: the reasons as buttons; "other", then the words.
    const notice = await chat.next('the absence notice');
    expect(plain(notice.text)).toContain('سارة');
    expect(notice.buttons.map((b) => b.data)).toEqual(['sick', 'family', 'transport', 'other'].map((r) => `a.${r}.${eventId}`));
    expect(notice.buttons.map((b) => b.text)).toEqual(['مرض', 'ظروف عائلية', 'النقل', 'سبب آخر']);
    await toBot(app, telegramTap(PARENT_TG, notice, `a.other.${eventId}`));
    expect(plain((await chat.next('the question for words')).text)).toBe('المرجو كتابة السبب في كلمات قليلة.');
    await toBot(app, telegramText(PARENT_TG, 'كنا في عرس عند العائلة'));
    expect(plain((await chat.next('the thanks')).text)).toBe('شكرًا، سجّلت المدرسة توضيحكم.');
    await waitFor(async () => (await absence(date, 'c1'))?.text === 'كنا في عرس عند العائلة', 10_000, 'the words kept');
    expect(await absence(date, 'c1')).toMatchObject({ reason: 'other', guardianId: 'gT' });

    // WhatsApp, in English: four reasons come as a list; a row tapped.
    const list = await waitFor(async () => cloud.sent(PARENT_WA)[before.wa], 10_000, 'the WhatsApp notice');
    const rows = (list.body as { interactive: { type: string; action: { sections: Array<{ rows: Array<{ id: string; title: string }> }> } } }).interactive;
    expect(rows.type).toBe('list');
    expect(rows.action.sections[0]?.rows.map((r) => r.title)).toEqual(['Illness', 'Family reasons', 'Transport', 'Other reason']);
    await postCloud(app, cloudListReply({ phoneNumberId: CLOUD.phoneNumberId, from: PARENT_WA, rowId: `a.sick.${eventId}`, title: 'Illness' }));
    await waitFor(async () => (await absence(date, 'c2'))?.reason === 'sick', 10_000, 'the tapped reason kept');
    expect((await waitFor(async () => cloud.sent(PARENT_WA)[before.wa + 1], 10_000, 'the thanks')).body).toMatchObject({ text: { body: 'Thank you, the school has noted the reason: Illness.' } });
    // Then the certificate's photo: kept as the absence's document, the reason stays.
    const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(800, 5)]);
    await postCloud(app, cloudMedia({ phoneNumberId: CLOUD.phoneNumberId, from: PARENT_WA, kind: 'image', mediaId: cloud.storeMedia(PHOTO, 'image/jpeg') }));
    await waitFor(async () => (await absence(date, 'c2'))?.mediaId !== undefined, 10_000, 'the certificate kept');
    expect((await absence(date, 'c2'))?.reason).toBe('sick');
    const doc = await app.app.inject({ method: 'GET', url: `/v1/absences/${date}/c2/document`, headers: auth() });
    expect(doc.statusCode).toBe(200);
    expect(doc.rawPayload.equals(PHOTO)).toBe(true);
    expect((await waitFor(async () => cloud.sent(PARENT_WA)[before.wa + 2], 10_000, 'the thanks for the file')).body).toMatchObject({ text: { body: 'Thank you, the school has received the document.' } });

    // WhatsApp, in French: a sentence, read as its reason, words kept.
    await waitFor(async () => cloud.sent(PARENT_WA2)[before.wa2], 10_000, 'the French notice');
    await postCloud(app, cloudText({ phoneNumberId: CLOUD.phoneNumberId, from: PARENT_WA2, text: 'Elle avait de la fièvre, désolé' }));
    await waitFor(async () => (await absence(date, 'c3'))?.reason === 'sick', 10_000, 'the sentence read');
    expect((await absence(date, 'c3'))?.text).toBe('Elle avait de la fièvre, désolé');
  });

  it('does not ask again about a child already marked that day', async () => {
    const sent = recorder.exchanges.length;
    const logged = async () => ((await app.app.inject({ method: 'GET', url: '/v1/audit', headers: auth() })).json() as { items: Array<{ action: string; target?: { id: string }; details?: Record<string, unknown> }> }).items.filter((e) => e.action === 'absences_marked');
    // The first marking is in the audit log: the day, how many children and families, the notice; no name.
    const before = await logged();
    expect(before[0]).toMatchObject({ details: { date: '2026-12-07' } });
    expect(JSON.stringify(before)).not.toContain('سارة');
    const again = await mark({ date: '2026-12-07', children: ['c1'] });
    expect(again).toMatchObject({ marked: [], alreadyMarked: ['c1'] });
    expect(again.eventId).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(recorder.exchanges.slice(sent).filter((x) => x.method === 'sendMessage')).toEqual([]);
    // Nothing newly marked: nothing new in the log.
    expect(await logged()).toHaveLength(before.length);
  });

  it('imports a MASSAR-like CSV: a wrong row marks nothing; three school days in a row put the child in follow-up', async () => {
    const bad = await app.app.inject({ method: 'POST', url: '/v1/absences/import', headers: { ...auth(), 'content-type': 'text/csv' }, payload: 'code_massar;date;seance\nc3;08/12/2026;matin\nc3;31/02/2026;matin\nzz9;09/12/2026;matin\n' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([[3, 'bad_date'], [4, 'missing_child']]);
    expect(await absence('2026-12-08', 'c3')).toBeUndefined();

    // Monday 7 (marked above), Tuesday 8 and Wednesday 9 December 2026.
    const ok = await app.app.inject({ method: 'POST', url: '/v1/absences/import', headers: { ...auth(), 'content-type': 'text/csv' }, payload: 'code_massar;date;seance\nc3;08/12/2026;matin\nc3;2026-12-09;soir\n' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().days.map((d: { date: string; marked: string[] }) => [d.date, d.marked])).toEqual([['2026-12-08', ['c3']], ['2026-12-09', ['c3']]]);
    const list = (await app.app.inject({ method: 'GET', url: '/v1/absences', headers: auth() })).json();
    expect(list.followUp.map((f: { childId: string; daysInARow: number }) => [f.childId, f.daysInARow])).toEqual([['c3', 3]]);
  });
});
