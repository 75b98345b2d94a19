/**
 * The WhatsApp Web adapter sending a stored file through the fake client: a MessageMedia before
 * the text, an OGG/Opus voice note as a voice note, the same pacing and error mapping as a
 * text, and a retry that neither repeats the file nor skips a part.
 */
import { describe, expect, it } from 'vitest';
import { createWhatsAppWebAdapter, VOICE_NOTE_MIMETYPE, whatsappAccountSchema } from '../../adapters/whatsapp-web/index.js';
import { channelErrorInfo, type MediaKind, type MediaRef, type SendContext } from '../../src/core/index.js';
import { failureOf, GUARDIAN, readyWhatsApp, setUpWhatsApp } from '../fakes/whatsapp-adapter.js';
import { FakeWhatsAppClient, fakeDailyCounter, fakeMakePoll } from '../fakes/whatsapp-client.js';

const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(300, 3)]);
const M4A = Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70]), Buffer.alloc(200, 2)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 4)]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF');
const NOW = new Date('2026-11-23T10:00:00Z');

function file(kind: MediaKind, bytes: Buffer, contentType: string, fileName?: string): MediaRef & { bytes: Buffer } {
  return { id: `m${kind}0001`, kind, contentType, size: bytes.length, bytes, ...(fileName ? { fileName } : {}) };
}

const note = { text: '🎤 Voice note\n#12 About Sara', locale: 'en' as const };
const ctx = (media?: MediaRef & { bytes: Buffer }, key = 'note:12'): SendContext => ({ address: GUARDIAN, schoolId: 's1', idempotencyKey: key, ...(media ? { media } : {}) });
const failure = failureOf;
const ready = readyWhatsApp;

describe('whatsapp-web send with a file', () => {
  it('an OGG voice note goes first, as a voice note (sendAudioAsVoice, Opus named), then the text; the result names the text', async () => {
    const wa = await ready();
    const result = await wa.adapter.send(wa.adapter.plan(note), ctx(file('voice', OGG, 'audio/ogg')));
    const [voice, text] = wa.client.sent;
    expect(voice).toMatchObject({ chatId: GUARDIAN, media: { mimetype: VOICE_NOTE_MIMETYPE, filename: 'voice.ogg', asVoice: true }, options: { sendSeen: false, linkPreview: false, sendAudioAsVoice: true } });
    expect(voice?.media?.bytes.equals(OGG)).toBe(true);
    expect(text).toMatchObject({ chatId: GUARDIAN, text: note.text, options: { sendSeen: false, linkPreview: false } });
    expect(text?.options).not.toHaveProperty('sendAudioAsVoice');
    // The file's own id too: a reply quoting the voice note refers to the same note.
    expect(result).toEqual({ platformMessageId: text?.id, sentAt: NOW, fileMessageId: voice?.id });
  });

  it.each([
    ['a voice clip recorded as MP4 (Messenger) goes as an audio file', file('voice', M4A, 'audio/mp4'), { mimetype: 'audio/mp4', filename: 'voice.m4a' }],
    ['an audio file stays one, OGG included', file('audio', OGG, 'audio/ogg'), { mimetype: 'audio/ogg', filename: 'audio.ogg' }],
    ['a photo', file('photo', JPEG, 'image/jpeg'), { mimetype: 'image/jpeg', filename: 'photo.jpg' }],
    ['a PDF keeps its own name', file('document', PDF, 'application/pdf', 'شهادة طبية.pdf'), { mimetype: 'application/pdf', filename: 'شهادة طبية.pdf' }],
  ])('%s, plain', async (_name, media, expected) => {
    const wa = await ready();
    await wa.adapter.send(wa.adapter.plan(note), ctx(media));
    expect(wa.client.media(GUARDIAN)).toEqual([{ ...expected, bytes: media.bytes, asVoice: false }]);
    expect(wa.client.sent[0]?.options).toEqual({ sendSeen: false, linkPreview: false });
  });

  it('with choices: the file, the text, then the poll, which the result names', async () => {
    const wa = await ready();
    const planned = wa.adapter.plan({ text: `${'Dear parent, the meeting is on Monday at 17:00. '.repeat(5)}Will you come?`, choices: [{ id: 'r.yes.e1', label: 'Yes' }, { id: 'r.no.e1', label: 'No' }], locale: 'en' });
    const result = await wa.adapter.send(planned, ctx(file('photo', JPEG, 'image/jpeg')));
    expect(wa.client.sent.map((s) => (s.media ? 'file' : s.poll ? 'poll' : 'text'))).toEqual(['file', 'text', 'poll']);
    expect(result.platformMessageId).toBe(wa.client.sent[2]?.id);
  });

  it('is one paced send: one jitter wait and one count against the daily cap, for the file and the text', async () => {
    const wa = await ready({ random: () => 0.5 });
    await wa.adapter.send(wa.adapter.plan(note), ctx(file('voice', OGG, 'audio/ogg')));
    expect(wa.client.sent).toHaveLength(2);
    expect(wa.sleeps).toEqual([1500]);
    expect(wa.counter.calls).toEqual(['2026-11-23']);
  });

  it('a session not ready sends no file either: rate_limited, nothing sent', async () => {
    const wa = setUpWhatsApp();
    const err = await failure(wa.adapter.send(wa.adapter.plan(note), ctx(file('voice', OGG, 'audio/ogg'))));
    expect(channelErrorInfo(err)?.code).toBe('rate_limited');
    expect(wa.client.sent).toEqual([]);
  });
});

describe('whatsapp-web send with a file, when a call fails', () => {
  it('a failed file is mapped like a text (the page died: transient) and the text waits for it', async () => {
    const wa = await ready();
    wa.client.failNext(1, new Error('Protocol error (Runtime.callFunctionOn): Target closed.'));
    const err = await failure(wa.adapter.send(wa.adapter.plan(note), ctx(file('photo', JPEG, 'image/jpeg'))));
    expect(channelErrorInfo(err)?.code).toBe('transient');
    expect((err as Error).message).toMatch(/^WhatsApp Web session unavailable/);
    expect(wa.client.sent).toEqual([]);
  });

  it('WhatsApp Web refusing the file (media-fault) is transient: the job’s attempts cap the retries', async () => {
    const wa = await ready();
    wa.client.failNext(1, new Error('Evaluation failed: Error: media-fault: sendToChat filehash undefined'));
    const err = await failure(wa.adapter.send(wa.adapter.plan(note), ctx(file('voice', OGG, 'audio/ogg'))));
    expect(channelErrorInfo(err)?.code).toBe('transient');
    expect((err as Error).message).toMatch(/^WhatsApp Web send failed/);
  });

  it('a retry after the text failed sends the text alone: the file is not sent twice', async () => {
    const wa = await ready();
    const media = file('voice', OGG, 'audio/ogg');
    wa.client.failNext(1, new Error('Protocol error (Runtime.callFunctionOn): Session closed.'), 1);
    expect(channelErrorInfo(await failure(wa.adapter.send(wa.adapter.plan(note), ctx(media))))?.code).toBe('transient');
    await wa.adapter.send(wa.adapter.plan(note), ctx(media));
    expect(wa.client.sent.map((s) => (s.media ? 'file' : s.text))).toEqual(['file', note.text]);
  });

  it('a retry that finds the file gone (erased meanwhile) still sends every text part', async () => {
    const wa = await ready();
    const long = wa.adapter.plan({ text: 'x. '.repeat(2000), locale: 'en' });
    wa.client.failNext(1, new Error('Protocol error (Runtime.callFunctionOn): Target closed.'), 1);
    await failure(wa.adapter.send(long, ctx(file('document', PDF, 'application/pdf'))));
    await wa.adapter.send(long, ctx());
    expect(wa.client.texts(GUARDIAN)).toEqual(long.parts);
    expect(wa.client.media(GUARDIAN)).toHaveLength(1);
  });

  it('a session without a MessageMedia factory refuses the message (permanent) rather than send the text without its file', async () => {
    const client = new FakeWhatsAppClient();
    const counter = fakeDailyCounter();
    const account = whatsappAccountSchema.parse({ id: 'main', number: '212522000000' });
    const adapter = createWhatsAppWebAdapter(account, { client, makePoll: fakeMakePoll, dailyCounter: counter, now: () => NOW, random: () => 0, sleep: async () => {} });
    await adapter.listen?.(async () => {});
    const err = await failure(adapter.send(adapter.plan(note), ctx(file('voice', OGG, 'audio/ogg'))));
    expect(channelErrorInfo(err)?.code).toBe('permanent');
    expect(client.sent).toEqual([]);
    expect(counter.calls).toEqual([]);
    // A text alone still goes.
    await adapter.send(adapter.plan({ text: 'hello', locale: 'en' }), ctx(undefined, 'k2'));
    expect(client.texts(GUARDIAN)).toEqual(['hello']);
  });
});
