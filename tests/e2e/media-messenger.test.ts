/**
 * Media on Messenger, end to end against the local fake Graph API: a parent's voice clip is
 * fetched from the CDN and kept; forwarded to the teacher's own Messenger chat it is uploaded
 * with the Send API (multipart/form-data, an `audio` attachment) before the words about it, and
 * the teacher's photo, sent as a reply to that message, reaches the parent as an `image`
 * attachment, then the words. A day later the parent's window has closed: the teacher's next
 * photo is kept for the school, and nothing, file or text, goes to the parent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { startFakeGraph, type FakeGraph, type ReceivedMessage } from '../fakes/graph-api.js';
import { pageWebhook } from '../fakes/graph-webhook.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { messengerEnv, PAGE } from './helpers/channels.js';
import { messengerQuickReply, messengerText, plain } from './helpers/chat-channels.js';
import { postMessenger } from './helpers/webhooks.js';

const PARENT = '7400000000000001';
const TEACHER = '7400000000000002';
/** An MP4 voice clip as Messenger records them (ftyp M4A box, then noise). */
const VOICE = Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41, 0x20]), Buffer.alloc(900, 7)]);
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 9)]);
const HOUR_MS = 3_600_000;

let graph: FakeGraph;
let app: TestApp | undefined;
/** The app's clock runs this far ahead of the real one (to let the parent's window close). */
let aheadMs = 0;
const appNow = () => new Date(Date.now() + aheadMs);

beforeAll(async () => {
  graph = await startFakeGraph();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  aheadMs = 0;
});
afterAll(async () => graph?.close());

let midSeq = 0;

/** One message from `psid` to the Page, as Meta posts it, stamped with the app's clock. */
async function fromPhone(psid: string, message: Record<string, unknown>): Promise<void> {
  const item = { sender: { id: psid }, recipient: { id: PAGE.pageId }, timestamp: appNow().getTime(), message: { mid: `mid.$media${++midSeq}`, ...message } };
  const res = await postMessenger(app!, pageWebhook([{ pageId: PAGE.pageId, messaging: [item] }]));
  expect(res.statusCode, res.body).toBe(200);
}

const textsTo = (psid: string) => graph.received.filter((m) => m.body.recipient.id === psid);

/** Waits for the `n`th text to `psid` (1-based) and returns it. */
const nthText = (psid: string, n: number, what: string) => waitFor(async () => textsTo(psid)[n - 1], 15_000, what);

/** Taps the quick reply `payload` under the newest text to `psid`, as Messenger posts a tap. */
async function tap(psid: string, payload: string): Promise<void> {
  const last = textsTo(psid).at(-1);
  const reply = last?.body.message.quick_replies?.find((q) => q.payload === payload);
  expect(reply, `a quick reply ${payload} under "${last?.body.message.text ?? ''}"`).toBeDefined();
  await messengerQuickReply(app!, psid, reply!.title, payload, appNow());
}

/** The teacher invites the class from their Messenger chat: the parent's notes are then theirs. */
async function teacherInvitesClass(): Promise<void> {
  await messengerText(app!, TEACHER, 'invite', appNow());
  await nthText(TEACHER, 1, 'the kind question');
  await tap(TEACHER, 'x.kind.meeting');
  await nthText(TEACHER, 2, 'the when question');
  await messengerText(app!, TEACHER, 'tomorrow 18:30', appNow());
  await nthText(TEACHER, 3, 'the place question');
  await tap(TEACHER, 'x.skip');
  await nthText(TEACHER, 4, 'the confirmation');
  await tap(TEACHER, 'x.send');
  await nthText(TEACHER, 5, 'the recipient count');
}

describe('media on Messenger', () => {
  it("uploads a parent's voice clip to the teacher before its words, and the teacher's photo answer to the parent; outside the parent's window nothing goes", async () => {
    app = await startTestApp({ env: messengerEnv(graph), now: appNow });
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [{ id: 'g1', name: 'Amina', locale: 'en', channels: { messenger: PARENT } }],
      children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }],
      teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'], locale: 'en', channels: { messenger: TEACHER } }],
    });
    // Messenger lets the school write only to someone who wrote within 24 h: the parent says hello.
    await messengerText(app, PARENT, 'Salam', appNow());
    await nthText(PARENT, 1, 'the greeting');
    await teacherInvitesClass();
    await nthText(PARENT, 2, 'the invitation');

    // The parent records a voice clip: Messenger posts its CDN URL, the worker fetches it.
    const voiceUrl = graph.serveFile('/v/t59.3654-21/audioclip-1764000000000-2843.mp4?_nc_cat=1&oh=00_Ab', VOICE, 'audio/mp4');
    await fromPhone(PARENT, { attachments: [{ type: 'audio', payload: { url: voiceUrl } }] });

    // The teacher gets the clip itself, uploaded as an audio attachment, then the words about it.
    const clip = await waitFor(async () => graph.filesSentTo(TEACHER)[0], 15_000, 'the voice clip uploaded to the teacher');
    expect(clip.body).toEqual({ recipient: { id: TEACHER }, messaging_type: 'RESPONSE', message: { attachment: { type: 'audio', payload: { is_reusable: false } } } });
    expect(clip.bytes.equals(VOICE)).toBe(true);
    expect(clip).toMatchObject({ pageId: PAGE.pageId, contentType: 'audio/mp4', fileName: 'voice.m4a' });
    const forwarded = await waitFor(async () => textsTo(TEACHER).find((m) => m.body.message.text.includes(t('en', 'conv.media.voice'))), 15_000, 'the note text');
    expect(forwarded.body.message.text).not.toContain(t('en', 'conv.media.inConsole'));
    expect(forwarded.body.message.text).not.toContain(PARENT);
    expect(graph.sentInOrder(TEACHER).slice(-2)).toEqual([
      { kind: 'file', type: 'audio', messageId: clip.messageId },
      { kind: 'text', text: forwarded.body.message.text, messageId: forwarded.messageId },
    ]);

    // The inbox shows the same bytes.
    const note = await waitFor(async () => {
      const items = (await app!.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items as Array<{ id: string; media: { url: string; kind: string } | null }>;
      return items[0];
    }, 15_000, 'the note in the inbox');
    expect(note.media).toMatchObject({ kind: 'voice' });
    expect((await app.app.inject({ method: 'GET', url: note.media!.url, headers: auth() })).rawPayload.equals(VOICE)).toBe(true);

    // The teacher swipes to reply to the forwarded note with a photo.
    const photoUrl = graph.serveFile('/v/t1.15752-9/homework_n.jpg?_nc_cat=1&oh=00_Aa', PHOTO, 'image/jpeg');
    await fromPhone(TEACHER, { attachments: [{ type: 'image', payload: { url: photoUrl } }], reply_to: { mid: forwarded.messageId } });
    const photo = await waitFor(async () => graph.filesSentTo(PARENT)[0], 15_000, 'the photo uploaded to the parent');
    expect(photo.body).toEqual({ recipient: { id: PARENT }, messaging_type: 'RESPONSE', message: { attachment: { type: 'image', payload: { is_reusable: false } } } });
    expect(photo.bytes.equals(PHOTO)).toBe(true);
    expect(photo).toMatchObject({ contentType: 'image/jpeg', fileName: 'photo.jpg' });
    const words = await waitFor(async () => textsTo(PARENT).find((m) => m.body.message.text.includes(t('en', 'conv.media.photo'))), 15_000, 'the words with it');
    expect(plain(words.body.message.text)).toContain('Nadia');
    expect(words.body.message.text).not.toContain(TEACHER);
    expect(graph.sentInOrder(PARENT).slice(-2).map((s) => s.kind)).toEqual(['file', 'text']);
    await waitFor(async () => textsTo(TEACHER).find((m) => m.body.message.text === t('en', 'conv.teacher.answerSent')), 15_000, 'the teacher’s confirmation');

    // A day and an hour later the parent's window is closed: a second photo is kept, not sent.
    aheadMs = 25 * HOUR_MS;
    const before = { files: graph.filesSentTo(PARENT).length, texts: textsTo(PARENT).length };
    await fromPhone(TEACHER, { attachments: [{ type: 'image', payload: { url: photoUrl } }], reply_to: { mid: forwarded.messageId } });
    const notReached = await waitFor(async () => textsTo(TEACHER).find((m: ReceivedMessage) => m.body.message.text === t('en', 'conv.teacher.answerNotReached')), 15_000, 'the teacher told the parent is out of reach');
    expect(notReached.body.messaging_type).toBe('RESPONSE');
    expect({ files: graph.filesSentTo(PARENT).length, texts: textsTo(PARENT).length }).toEqual(before);
    const replies = (await app.app.inject({ method: 'GET', url: `/v1/inbox`, headers: auth() })).json().items[0].replies as Array<{ undelivered?: string; media: { kind: string } | null }>;
    expect(replies.at(-1)).toMatchObject({ undelivered: 'not_reachable_now', media: { kind: 'photo' } });
  });
});
