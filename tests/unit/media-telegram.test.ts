import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { normaliseTelegramUpdate, telegramContentType } from '../../adapters/telegram/inbound.js';
import { createTelegramAdapter, TELEGRAM_FILE_MAX_BYTES, telegramAccountSchema } from '../../adapters/telegram/index.js';
import { ChannelError, type ChannelAdapter, type InboundEvent, type InboundMedia } from '../../src/core/index.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';
import { PARENT_CHAT_ID } from '../fakes/telegram-updates.js';

const fake = await startFakeTelegram();
afterAll(() => fake.close());
afterEach(() => fake.reset());

const at = new Date('2026-11-23T10:00:00Z');
const normalise = (body: unknown) => normaliseTelegramUpdate(body, 'main', at);
const base = { platform: 'telegram', accountId: 'main', from: PARENT_CHAT_ID, receivedAt: at, languageHint: 'ar' };

const parent = { id: Number(PARENT_CHAT_ID), is_bot: false, first_name: 'Fatima', language_code: 'ar' };
const privateChat = { id: Number(PARENT_CHAT_ID), first_name: 'Fatima', type: 'private' };
const bot = { id: 123456789, is_bot: true, first_name: 'School', username: 'school_test_bot' };
const DATE = 1763892100;

/** A private message from the parent with the given content fields, shaped like a real Update. */
function messageUpdate(content: Record<string, unknown>, updateId = 812000100, extra: Record<string, unknown> = {}) {
  return { update_id: updateId, message: { message_id: 31, from: parent, chat: privateChat, date: DATE, ...content, ...extra } };
}

const voice = { file_id: 'AwACAgQAAxkBAAIBVoice', file_unique_id: 'AgADVoice', duration: 4, mime_type: 'audio/ogg', file_size: 9312 };
const audio = { file_id: 'CQACAgQAAxkBAAIBAudio', file_unique_id: 'AgADAudio', duration: 61, performer: 'Class 5A', title: 'Song', file_name: 'song.mp3', mime_type: 'audio/mpeg', file_size: 981234 };
const pdf = { file_id: 'BQACAgQAAxkBAAIBDoc', file_unique_id: 'AgADDoc', file_name: 'شهادة طبية.pdf', mime_type: 'application/pdf', file_size: 183440 };
/** Sizes out of order on purpose: the largest is picked by pixels, not by position. */
const photoSizes = [
  { file_id: 'AgACPhotoM', file_unique_id: 'm', width: 320, height: 240, file_size: 15000 },
  { file_id: 'AgACPhotoL', file_unique_id: 'l', width: 1280, height: 960, file_size: 120000 },
  { file_id: 'AgACPhotoS', file_unique_id: 's', width: 90, height: 67, file_size: 1200 },
];

describe('normalising Telegram media', () => {
  it('a voice note: its file_id is the ref, with the reported type and size, keyed and timed like text', () => {
    expect(normalise(messageUpdate({ voice }, 812000101))).toEqual([
      {
        ...base,
        type: 'media',
        media: { kind: 'voice', ref: voice.file_id, contentType: 'audio/ogg', size: 9312 },
        platformMessageId: 'u:main:812000101',
        sentAt: new Date(DATE * 1000),
      },
    ]);
  });

  it('an audio file keeps its name, and the caption becomes the text', () => {
    expect(normalise(messageUpdate({ audio, caption: 'نشيد القسم' }))).toMatchObject([
      { type: 'media', text: 'نشيد القسم', media: { kind: 'audio', ref: audio.file_id, contentType: 'audio/mpeg', size: 981234, fileName: 'song.mp3' } },
    ]);
  });

  it('a photo: the largest size, its caption, and the message it replies to', () => {
    const reply = { reply_to_message: { message_id: 42, from: bot, chat: privateChat, date: 1763891000, text: 'Meeting on Monday' } };
    expect(normalise(messageUpdate({ photo: photoSizes, caption: 'the homework' }, 812000102, reply))).toEqual([
      {
        ...base,
        type: 'media',
        media: { kind: 'photo', ref: 'AgACPhotoL', size: 120000 },
        text: 'the homework',
        replyTo: '42',
        platformMessageId: 'u:main:812000102',
        sentAt: new Date(DATE * 1000),
      },
    ]);
  });

  it('a document passes its type, name and size on for the service to check', () => {
    expect(normalise(messageUpdate({ document: pdf }))).toMatchObject([
      { type: 'media', media: { kind: 'document', ref: pdf.file_id, contentType: 'application/pdf', fileName: 'شهادة طبية.pdf', size: 183440 } },
    ]);
    const exe = { file_id: 'BQACexe', file_unique_id: 'x', file_name: 'run.exe', mime_type: 'application/x-msdownload' };
    expect(normalise(messageUpdate({ document: exe }))).toMatchObject([{ type: 'media', media: { kind: 'document', contentType: 'application/x-msdownload' } }]);
  });

  it('a blank caption is no text; a file without optional fields has none of them', () => {
    const [event] = normalise(messageUpdate({ voice: { file_id: 'AwACbare', file_unique_id: 'b', duration: 1 }, caption: '  ' }));
    expect(event).toMatchObject({ type: 'media', media: { kind: 'voice', ref: 'AwACbare' } });
    expect(event && 'text' in event).toBe(false);
    expect(event?.type === 'media' && Object.keys(event.media).sort()).toEqual(['kind', 'ref']);
  });

  it('the same update resent gives the same event; another update another key', () => {
    const first = normalise(messageUpdate({ voice }, 7));
    expect(normalise(messageUpdate({ voice }, 7))).toEqual(first);
    expect(normalise(messageUpdate({ voice }, 8))[0]?.platformMessageId).toBe('u:main:8');
  });

  const sticker = { file_id: 'CAACsticker', file_unique_id: 'st', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍' };
  const location = { latitude: 33.5731, longitude: -7.5898 };
  const video = { file_id: 'BAACvideo', file_unique_id: 'v', width: 720, height: 1280, duration: 12, mime_type: 'video/mp4' };
  const animation = { file_id: 'CgACgif', file_unique_id: 'g', width: 320, height: 240, duration: 3, file_name: 'fun.mp4', mime_type: 'video/mp4' };
  it.each([
    ['a sticker', 'sticker', { sticker }],
    ['a location', 'location', { location }],
    ['a venue (location set beside it)', 'location', { venue: { location, title: 'Lycée', address: 'Bd Zerktouni' }, location }],
    ['a video', 'video', { video, caption: 'look' }],
    ['a round video note', 'video', { video_note: { file_id: 'DQACnote', file_unique_id: 'n', length: 240, duration: 5 } }],
    ['an animation, even with the document Telegram sets beside it', 'video', { animation, document: { ...animation } }],
    ['a contact', 'contact', { contact: { phone_number: '+212600000002', first_name: 'Ahmed' } }],
  ])('%s is unsupported: %s', (_name, what, content) => {
    expect(normalise(messageUpdate(content, 812000110))).toEqual([
      { ...base, type: 'unsupported', what, platformMessageId: 'u:main:812000110', sentAt: new Date(DATE * 1000) },
    ]);
  });

  it('skips media in groups, service messages, polls, and updates it cannot read', () => {
    const group = { update_id: 5, message: { message_id: 1, from: parent, chat: { id: -1001234567890, title: '5A', type: 'supergroup' }, date: DATE, voice } };
    expect(normalise(group)).toEqual([]);
    expect(normalise(messageUpdate({ pinned_message: { message_id: 3, chat: privateChat, date: DATE, text: 'x' } }))).toEqual([]);
    expect(normalise(messageUpdate({ poll: { id: 'p', question: 'q', options: [] } }))).toEqual([]);
    expect(normalise(messageUpdate({ photo: 'not a list' }))).toEqual([]);
    expect(normalise(messageUpdate({ voice: { duration: 3 } }))).toEqual([]);
  });
});

describe('the content type of a downloaded Telegram file', () => {
  it.each([
    ['audio/ogg', 'voice/file_3.oga', 'audio/ogg'],
    ['Audio/OGG; codecs=opus', 'voice/file_3.oga', 'audio/ogg'],
    [undefined, 'voice/file_3.oga', 'audio/ogg'],
    [undefined, 'music/file_1.ogg', 'audio/ogg'],
    [undefined, 'music/file_2.mp3', 'audio/mpeg'],
    [undefined, 'music/file_2.M4A', 'audio/mp4'],
    [undefined, 'photos/file_4.jpg', 'image/jpeg'],
    [undefined, 'photos/file_4.jpeg', 'image/jpeg'],
    [undefined, 'documents/file_5.png', 'image/png'],
    [undefined, 'documents/file_5.webp', 'image/webp'],
    [undefined, 'documents/file_6.pdf', 'application/pdf'],
    [undefined, 'documents/file_7.docx', 'application/octet-stream'],
    [undefined, 'documents/file_8', 'application/octet-stream'],
    ['', 'documents/file_9.constructor', 'application/octet-stream'],
  ])('reported %s, path %s → %s', (reported, path, expected) => {
    expect(telegramContentType(reported, path)).toBe(expected);
  });
});

describe('fetching Telegram media from the Bot API', () => {
  const account = telegramAccountSchema.parse({ id: 'main', token: fake.token, username: 'school_test_bot', webhookSecret: 'tg_secret' });
  const adapterFor = (apiRoot = fake.apiRoot) => createTelegramAdapter(account, { apiRoot, now: () => at });

  async function fetchMedia(adapter: ChannelAdapter, media: InboundMedia) {
    if (!adapter.fetchMedia) throw new Error('the Telegram adapter has no fetchMedia');
    return adapter.fetchMedia(media);
  }

  async function fetchError(media: InboundMedia, adapter = adapterFor()): Promise<ChannelError> {
    const err = await fetchMedia(adapter, media).then(() => undefined, (e: unknown) => e);
    if (!(err instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(err)}`);
    expect(err.message).not.toContain(fake.token);
    expect(err.platform).toBe('telegram');
    return err;
  }

  function mediaOf(events: InboundEvent[]): InboundMedia {
    const [event] = events;
    if (event?.type !== 'media') throw new Error('expected one media event');
    return event.media;
  }

  it('getFile, then the file route: the exact bytes, with the type the message reported', async () => {
    const bytes = Buffer.from([0x4f, 0x67, 0x67, 0x53, 0x00, 0x02, 0xff, 0x10, 0x80]);
    fake.addFile(voice.file_id, bytes, 'voice/file_3.oga');
    const adapter = adapterFor();
    const fetched = await fetchMedia(adapter, mediaOf(adapter.normaliseInbound(messageUpdate({ voice }), at)));
    expect(fetched).toEqual({ bytes, contentType: 'audio/ogg' });
    expect(fake.received.filter((c) => c.method === 'getFile').at(-1)?.body).toEqual({ file_id: voice.file_id });
    expect(fake.received.filter((c) => c.method === 'download').at(-1)?.body).toEqual({ file_path: 'voice/file_3.oga' });
  });

  it('a photo (no reported type) takes its type from the path; a document keeps its name', async () => {
    const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
    fake.addFile('AgACPhotoL', jpeg, 'photos/file_4.jpg');
    const adapter = adapterFor();
    expect(await fetchMedia(adapter, mediaOf(adapter.normaliseInbound(messageUpdate({ photo: photoSizes }), at)))).toEqual({ bytes: jpeg, contentType: 'image/jpeg' });
    const file = Buffer.from('%PDF-1.7\n%âãÏÓ\n');
    fake.addFile(pdf.file_id, file, 'documents/file_6.pdf');
    expect(await fetchMedia(adapter, mediaOf(adapter.normaliseInbound(messageUpdate({ document: pdf }), at)))).toEqual({
      bytes: file,
      contentType: 'application/pdf',
      fileName: 'شهادة طبية.pdf',
    });
  });

  it('an unknown file_id is permanent (Telegram: 400 invalid file_id), and nothing is downloaded', async () => {
    const before = fake.received.filter((c) => c.method === 'download').length;
    const err = await fetchError({ kind: 'voice', ref: 'AwACnoSuchFile' });
    expect(err.code).toBe('permanent');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('invalid file_id');
    expect(fake.received.filter((c) => c.method === 'download').length).toBe(before);
  });

  it('a 5xx from getFile or from the file server is transient', async () => {
    fake.addFile('AwACflaky', Buffer.from('x'), 'voice/file_9.oga');
    fake.failNext(1, { error_code: 502, description: 'Bad Gateway' }, 'getFile');
    expect((await fetchError({ kind: 'voice', ref: 'AwACflaky' })).code).toBe('transient');
    fake.failNext(1, { error_code: 500, description: 'Internal Server Error' }, 'download');
    const err = await fetchError({ kind: 'voice', ref: 'AwACflaky' });
    expect(err.code).toBe('transient');
    expect(err.message).toContain('HTTP 500');
    expect(await fetchMedia(adapterFor(), { kind: 'voice', ref: 'AwACflaky' })).toEqual({ bytes: Buffer.from('x'), contentType: 'audio/ogg' });
  });

  it('the file server answering 404 is permanent, 429 waits', async () => {
    fake.addFile('AwACgone', Buffer.from('x'), 'voice/file_10.oga');
    fake.failNext(1, { error_code: 404, description: 'Not Found' }, 'download');
    expect((await fetchError({ kind: 'voice', ref: 'AwACgone' })).code).toBe('permanent');
    fake.failNext(1, { error_code: 429, description: 'Too Many Requests' }, 'download');
    const limited = await fetchError({ kind: 'voice', ref: 'AwACgone' });
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterMs).toBeGreaterThan(0);
  });

  it('a file over the Bot API\'s 20 MB is refused without being held', async () => {
    fake.addFile('BQACbig', Buffer.alloc(TELEGRAM_FILE_MAX_BYTES + 1), 'documents/file_12.pdf');
    const err = await fetchError({ kind: 'document', ref: 'BQACbig' });
    expect([err.code, err.message]).toEqual(['permanent', `Telegram file is larger than ${TELEGRAM_FILE_MAX_BYTES} bytes`]);
  });

  it('a 429 from getFile carries Telegram\'s retry_after', async () => {
    fake.failNext(1, { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }, 'getFile');
    const err = await fetchError({ kind: 'voice', ref: 'AwACany' });
    expect([err.code, err.retryAfterMs]).toEqual(['rate_limited', 3000]);
  });

  it('a file server out of reach, or a download cut off, is transient and names neither URL nor token', async () => {
    fake.addFile('AwACcut', Buffer.from('x'), 'voice/file_11.oga');
    const urls: string[] = [];
    const cut = (reason: Error): typeof fetch => async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      urls.push(url);
      if (url.includes('/file/bot')) throw reason;
      return fetch(input, init);
    };
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ECONNREFUSED ${fake.apiRoot}`), { code: 'ECONNREFUSED' }) });
    const adapter = createTelegramAdapter(account, { apiRoot: fake.apiRoot, now: () => at, fetch: cut(refused) });
    const err = await fetchError({ kind: 'voice', ref: 'AwACcut' }, adapter);
    expect([err.code, err.message]).toEqual(['transient', 'Telegram file download failed: network error (ECONNREFUSED)']);
    expect(urls.at(-1)).toBe(`${fake.apiRoot}/file/bot${fake.token}/voice/file_11.oga`);
    const timedOut = createTelegramAdapter(account, { apiRoot: fake.apiRoot, now: () => at, fetch: cut(new DOMException('The operation timed out.', 'TimeoutError')) });
    expect((await fetchError({ kind: 'voice', ref: 'AwACcut' }, timedOut)).message).toMatch(/no answer within \d+ s/);
  });

  it('a Bot API out of reach is transient, and the error names neither URL nor token', async () => {
    const closed = await startFakeTelegram();
    await closed.close();
    const err = await fetchError({ kind: 'photo', ref: 'AgACany' }, adapterFor(closed.apiRoot));
    expect(err.code).toBe('transient');
    expect(err.message).not.toContain('127.0.0.1');
  });
});
