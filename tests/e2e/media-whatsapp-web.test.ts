/**
 * Media on WhatsApp Web, end to end with the fake whatsapp-web.js client (no browser): the real
 * app, workers and Redis, the real adapter. A parent's voice note (OGG/Opus, downloaded when it
 * arrives) is forwarded to the teacher's own WhatsApp as a voice note (MessageMedia with
 * sendAudioAsVoice) before the words about it; the teacher's photo, "#ref" as its caption,
 * reaches the parent as a photo, then the words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { fakeMakeMedia, fakeMakePoll, FakeWhatsAppClient, type SentRecord } from '../fakes/whatsapp-client.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster, joinLink, waitLinked } from './helpers/api.js';
import { WA, whatsappEnv } from './helpers/channels.js';
import { plain, whatsappChat, whatsappText, type ChatReader } from './helpers/chat-channels.js';

const PARENT = '212600000041@c.us';
const TEACHER = '212600000042@c.us';
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.from([0x00, 0x02]), Buffer.alloc(800, 5)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 9)]);

let wa: FakeWhatsAppClient;
let app: TestApp;
let keySeq = 0;
const nextKey = () => `3EB0MEDIA${Date.now().toString(16).toUpperCase()}${++keySeq}`;

beforeAll(async () => {
  wa = new FakeWhatsAppClient();
  // The session as the whatsapp process opens it: the client with the library's Poll and MessageMedia.
  const sessions = new Map([[WA.id, { client: wa, makePoll: fakeMakePoll, makeMedia: fakeMakeMedia }]]);
  app = await startTestApp({ env: whatsappEnv(), whatsappClients: sessions, sleep: async () => {} });
  await importRoster(app, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }],
    guardians: [{ id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: PARENT } }],
    children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }],
    teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'], locale: 'en', channels: { whatsapp: TEACHER } }],
  });
  // Opt-in only: the parent sends the wa.me link's text first.
  const link = await joinLink(app, 'g1', 'whatsapp');
  whatsappText(wa, PARENT, new URL(link.url).searchParams.get('text') ?? '');
  await waitLinked(app, 'g1', 'whatsapp');
});
afterAll(async () => {
  await app?.close();
});

/** Votes for the option `choice` of a poll the teacher got (the vote names the poll by its id). */
function vote(poll: SentRecord, choice: number): void {
  expect(poll.poll, `a poll, got ${JSON.stringify(poll.text ?? poll.media?.mimetype)}`).toBeDefined();
  wa.emitVote({ voter: TEACHER, pollId: poll.id, selected: [choice], names: poll.poll!.options, at: Date.now() });
}

/** The next poll in the chat (a long question comes as its text, then the poll). */
async function nextPoll(chat: ChatReader<SentRecord>, what: string): Promise<SentRecord> {
  for (;;) {
    const m = await chat.next(what);
    if (m.poll) return m;
  }
}

/** The next file in the chat, past the texts and polls before it. */
async function nextFile(chat: ChatReader<SentRecord>, what: string): Promise<SentRecord> {
  for (;;) {
    const m = await chat.next(what);
    if (m.media) return m;
  }
}

/** The teacher invites the class from their WhatsApp, voting on each question's poll. */
async function teacherInvitesClass(teacher: ChatReader<SentRecord>): Promise<void> {
  whatsappText(wa, TEACHER, 'invite');
  vote(await nextPoll(teacher, 'the kind question'), 0); // x.kind.meeting
  await teacher.next('the when question');
  whatsappText(wa, TEACHER, 'tomorrow 18:30');
  vote(await nextPoll(teacher, 'the place question'), 0); // x.skip
  vote(await nextPoll(teacher, 'the confirmation'), 0); // x.send
  await teacher.next('the recipient count');
}

describe('media on WhatsApp Web', () => {
  it("forwards a parent's voice note to the teacher as a voice note before its words, and carries the teacher's photo answer back as a photo", { timeout: 90_000 }, async () => {
    const parent = whatsappChat(wa, PARENT);
    const teacher = whatsappChat(wa, TEACHER);
    await parent.next('the welcome');
    await teacherInvitesClass(teacher);
    await nextPoll(parent, 'the invitation');

    wa.emitMessage({ from: PARENT, type: 'ptt', key: nextKey(), timestamp: Math.floor(Date.now() / 1000), media: { mimetype: 'audio/ogg; codecs=opus', bytes: OGG } });

    // The voice note itself first, as a voice note, then the words about it.
    const clip = await teacher.next('the voice note');
    expect(clip.media).toEqual({ mimetype: 'audio/ogg; codecs=opus', bytes: OGG, filename: 'voice.ogg', asVoice: true });
    expect(clip.options).toEqual({ sendSeen: false, linkPreview: false, sendAudioAsVoice: true });
    const forwarded = await teacher.next('the words about it');
    expect(forwarded.text).toContain(t('en', 'conv.media.voice'));
    expect(forwarded.text).not.toContain(t('en', 'conv.media.inConsole'));
    expect(forwarded.text).not.toContain('212600000041');
    const ref = /#(\d+)/.exec(forwarded.text ?? '')?.[1];
    expect(ref).toBeDefined();

    const items = (await app.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items as Array<{ media: { url: string; kind: string } | null }>;
    expect(items[0]?.media).toMatchObject({ kind: 'voice' });
    expect((await app.app.inject({ method: 'GET', url: items[0]!.media!.url, headers: auth() })).rawPayload.equals(OGG)).toBe(true);

    // The teacher answers with a photo, "#ref" as its caption.
    expect(plain((await parent.next('passed on')).text ?? '')).toContain(plain(t('en', 'conv.relay.passed', { toTeacher: 'yes' })));
    wa.emitMessage({ from: TEACHER, type: 'image', body: `#${ref}`, key: nextKey(), timestamp: Math.floor(Date.now() / 1000), media: { mimetype: 'image/jpeg', bytes: JPEG } });
    const photo = await nextFile(parent, 'the photo');
    expect(photo.media).toEqual({ mimetype: 'image/jpeg', bytes: JPEG, filename: 'photo.jpg', asVoice: false });
    expect(photo.options).toEqual({ sendSeen: false, linkPreview: false });
    const words = await parent.next('the words with it');
    expect(words.text).toContain(t('en', 'conv.media.photo'));
    expect(plain(words.text ?? '')).toContain('Nadia');
    expect(words.text).not.toContain('212600000042');
    expect(plain((await teacher.next('the teacher’s confirmation')).text ?? '')).toBe(plain(t('en', 'conv.teacher.answerSent')));
    // The text tells a receipt or a quote which message it was: the words, not the file.
    expect(wa.media(PARENT)).toHaveLength(1);
    expect(wa.texts(PARENT).at(-1)).toBe(words.text);
  });
});
