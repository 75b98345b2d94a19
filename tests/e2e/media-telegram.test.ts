/**
 * Media on Telegram, end to end against the local fake Bot API: a parent's voice note is fetched
 * with getFile and the file download, kept, and shown in the inbox; forwarded to the teacher's
 * Telegram chat it is uploaded as a voice message (sendVoice), and the teacher's photo answer,
 * replying to it, reaches the parent as a photo (sendPhoto).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { telegramEnv } from './helpers/channels.js';
import { postTelegram } from './helpers/webhooks.js';

let tg: FakeTelegram;
let app: TestApp | undefined;

beforeAll(async () => {
  tg = await startFakeTelegram();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => tg?.close());

const PARENT = 5570001;
const TEACHER = 5570002;
const STICKER_PARENT = 5570003;
const VOICE = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(700, 5)]);
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 9)]);
let updateId = 913000000;

function message(chatId: number, fields: object) {
  updateId += 1;
  return { update_id: updateId, message: { message_id: updateId % 100000, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'P', language_code: 'en' }, ...fields } };
}

async function say(chatId: number, fields: object): Promise<void> {
  const res = await postTelegram(app!, message(chatId, fields));
  expect(res.statusCode, res.body).toBe(200);
}

describe('media on Telegram', () => {
  it("fetches a parent's voice note, forwards it to the teacher as a voice message, and carries the teacher's photo back", async () => {
    app = await startTestApp({ env: telegramEnv(tg) });
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [{ id: 'g1', name: 'Amina', locale: 'en', channels: { telegram: String(PARENT) } }],
      children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }],
      teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'], locale: 'en', channels: { telegram: String(TEACHER) } }],
    });
    // The teacher invites the class from the chat, so the parent's note is hers to read.
    await say(TEACHER, { text: 'invite' });
    await waitFor(async () => tg.sentTo(TEACHER).length >= 1 || undefined, 15_000, 'the kind question');
    const tap = async (data: string, n: number) => {
      updateId += 1;
      await postTelegram(app!, { update_id: updateId, callback_query: { id: `q${updateId}`, from: { id: TEACHER, is_bot: false, first_name: 'N' }, data, message: { message_id: 1, date: 0, chat: { id: TEACHER, type: 'private' } } } });
      await waitFor(async () => tg.sentTo(TEACHER).length >= n || undefined, 15_000, `teacher message ${n}`);
    };
    await tap('x.kind.meeting', 2);
    await say(TEACHER, { text: 'tomorrow 18:30' });
    await waitFor(async () => tg.sentTo(TEACHER).length >= 3 || undefined, 15_000, 'the place question');
    await tap('x.skip', 4);
    await tap('x.send', 5);
    await waitFor(async () => tg.sentTo(PARENT).length >= 1 || undefined, 15_000, 'the invitation');

    tg.addFile('AwACAgQ-voice-1', VOICE, 'voice/file_1.oga');
    await say(PARENT, { voice: { file_id: 'AwACAgQ-voice-1', file_unique_id: 'AgAD1', duration: 4, mime_type: 'audio/ogg', file_size: VOICE.length }, caption: 'About Sara' });

    const note = await waitFor(async () => {
      const items = (await app!.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items as Array<{ text: string; media: { url: string; kind: string } | null }>;
      return items[0];
    }, 15_000, 'the note in the inbox');
    expect(note).toMatchObject({ text: 'About Sara', media: { kind: 'voice' } });
    const file = await app.app.inject({ method: 'GET', url: note.media!.url, headers: auth() });
    expect(file.rawPayload.equals(VOICE)).toBe(true);

    // The teacher gets the voice note itself, then the words about it.
    const upload = await waitFor(async () => tg.filesSentTo(TEACHER)[0], 15_000, 'the voice note uploaded to the teacher');
    expect(upload.method).toBe('sendVoice');
    expect(upload.bytes.equals(VOICE)).toBe(true);
    const forwarded = await waitFor(async () => tg.sentTo(TEACHER).find((text) => text.includes('Voice note')), 15_000, 'the note text');
    const ref = /#(\d+)/.exec(forwarded)?.[1];
    expect(ref).toBeDefined();
    expect(forwarded).not.toContain(String(PARENT));

    // The teacher answers with a photo, "#ref" as its caption.
    tg.addFile('AgACAgQ-photo-1', PHOTO, 'photos/file_2.jpg');
    await say(TEACHER, { photo: [{ file_id: 'AgACAgQ-photo-1', file_unique_id: 'AgAD2', width: 10, height: 10, file_size: PHOTO.length }], caption: `#${ref}` });
    const toParent = await waitFor(async () => tg.filesSentTo(PARENT)[0], 15_000, 'the photo uploaded to the parent');
    expect(toParent.method).toBe('sendPhoto');
    expect(toParent.bytes.equals(PHOTO)).toBe(true);
    const words = await waitFor(async () => tg.sentTo(PARENT).find((text) => text.includes('📷 Photo')), 15_000, 'the words with it');
    expect(words).toContain('Nadia');
    expect(words).not.toContain(String(TEACHER));

    // A reply quoting the voice note itself, not the words under it, answers the same note.
    await say(TEACHER, { text: 'Merci, à demain', reply_to_message: { message_id: upload.messageId, date: 0, chat: { id: TEACHER, type: 'private' } } });
    expect(await waitFor(async () => tg.sentTo(PARENT).find((text) => text.includes('à demain')), 15_000, 'the answer to the voice note')).toContain('Nadia');
  });

  it('a sticker gets a kind answer, and nothing is fetched', async () => {
    app = await startTestApp({ env: telegramEnv(tg) });
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [{ id: 'g1', name: 'Amina', locale: 'fr', channels: { telegram: String(STICKER_PARENT) } }],
      children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }],
      teachers: [],
    });
    const before = tg.received.filter((c) => c.method === 'getFile').length;
    await say(STICKER_PARENT, { sticker: { file_id: 'CAACAgQ-sticker', file_unique_id: 'AgAD3', width: 512, height: 512, is_animated: false, is_video: false, type: 'regular' } });
    expect(await waitFor(async () => tg.sentTo(STICKER_PARENT).at(-1), 15_000, 'the kind answer')).toContain('autocollants');
    expect(tg.received.filter((c) => c.method === 'getFile').length).toBe(before);
  });
});
