/**
 * The Messenger adapter sending a stored file, against the local fake Graph API: the upload's
 * form (fields, `filedata`, type and name), the window rule shared with the text, and Graph's
 * errors on an upload mapped like a text's.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMessengerAdapter, MESSENGER_UPLOAD_MAX_BYTES } from '../../adapters/messenger/index.js';
import { channelErrorInfo, ChannelError, type MediaKind, type MediaRef, type SendContext } from '../../src/core/index.js';
import { FAKE_PAGE_TOKEN, startFakeGraph } from '../fakes/graph-api.js';
import { UNIT_MESSENGER_ACCOUNT, UNIT_NOW, unitMessengerAdapter } from './messenger-unit.js';

const graph = await startFakeGraph();
afterAll(() => graph.close());
beforeEach(() => graph.reset());

const NOW = UNIT_NOW;
const PSID = '6100000000077';
const account = UNIT_MESSENGER_ACCOUNT;
const adapter = unitMessengerAdapter(graph.base);
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(300, 3)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 4)]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF');

function file(kind: MediaKind, bytes: Buffer, contentType: string, fileName?: string): MediaRef & { bytes: Buffer } {
  return { id: `m${kind}0001`, kind, contentType, size: bytes.length, bytes, ...(fileName ? { fileName } : {}) };
}

const voice = file('voice', OGG, 'audio/ogg');
const words = adapter.plan({ text: '🎤 Voice note\n#12 About Sara', locale: 'en' });
const inWindow = (media?: MediaRef & { bytes: Buffer }): SendContext => ({ address: PSID, schoolId: 's1', idempotencyKey: 'k', withinWindow: true, ...(media ? { media } : {}) });
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('messenger send with a file', () => {
  it('uploads the file as multipart/form-data first, then the text; the result names the text', async () => {
    const result = await adapter.send(words, inWindow(voice));
    const [upload] = graph.filesSentTo(PSID);
    expect(upload).toMatchObject({
      pageId: account.pageId,
      body: { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { attachment: { type: 'audio', payload: { is_reusable: false } } } },
      contentType: 'audio/ogg',
      fileName: 'voice.ogg',
    });
    expect(upload?.bytes.equals(OGG)).toBe(true);
    expect(upload?.attachmentId).toMatch(/^\d+$/);
    expect(graph.sentInOrder(PSID).map((s) => s.kind)).toEqual(['file', 'text']);
    expect(graph.sentTo(PSID)).toEqual(['🎤 Voice note\n#12 About Sara']);
    // The file's own id too: a reply quoting the file refers to the same note.
    expect(result).toEqual({ platformMessageId: graph.received[0]?.messageId, sentAt: NOW, fileMessageId: graph.sentInOrder(PSID)[0]?.messageId });
  });

  it.each([
    ['voice', 'audio', file('voice', OGG, 'audio/ogg')],
    ['audio', 'audio', file('audio', OGG, 'audio/mpeg')],
    ['photo', 'image', file('photo', JPEG, 'image/jpeg')],
    ['document', 'file', file('document', PDF, 'application/pdf')],
    ['document (a scan as JPEG)', 'file', file('document', JPEG, 'image/jpeg')],
  ])('a %s goes as an %s attachment', async (_name, type, media) => {
    await adapter.send(words, inWindow(media));
    expect(graph.filesSentTo(PSID)[0]?.body.message.attachment.type).toBe(type);
  });

  it('keeps the file’s own name, Arabic included, and its type', async () => {
    await adapter.send(words, inWindow(file('document', PDF, 'application/pdf', 'شهادة طبية "سارة".pdf')));
    expect(graph.filesSentTo(PSID)[0]).toMatchObject({ fileName: 'شهادة طبية "سارة".pdf', contentType: 'application/pdf' });
  });

  it('a long text still follows the file, every part in order', async () => {
    const long = adapter.plan({ text: 'x. '.repeat(1000), locale: 'en' });
    await adapter.send(long, inWindow(voice));
    expect(long.parts.length).toBeGreaterThan(1);
    expect(graph.sentInOrder(PSID).map((s) => s.kind)).toEqual(['file', ...long.parts.map(() => 'text')]);
  });
});

describe('the window applies to the file as to the text', () => {
  it('outside the 24 h window, without the tag, the file is refused like the text: outside_window, nothing reaches Graph', async () => {
    const outside = { address: PSID, schoolId: 's1', idempotencyKey: 'k', withinWindow: false };
    const withFile = await failure(adapter.send(words, { ...outside, media: voice }));
    const textOnly = await failure(adapter.send(words, outside));
    expect(withFile).toBeInstanceOf(ChannelError);
    expect(channelErrorInfo(withFile)).toEqual(channelErrorInfo(textOnly));
    expect(channelErrorInfo(withFile)?.code).toBe('outside_window');
    expect((withFile as ChannelError).retryable).toBe(false);
    expect(graph.requests).toBe(0);
  });

  it('an update to an event the parent accepted goes tagged, the file as the text', async () => {
    await adapter.send(words, { address: PSID, schoolId: 's1', idempotencyKey: 'k', confirmedEventUpdate: true, media: file('photo', JPEG, 'image/jpeg') });
    expect(graph.filesSentTo(PSID)[0]?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' });
    expect(graph.received[0]?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' });
  });

  it('an address that is not a PSID is refused before the upload', async () => {
    const err = await failure(adapter.send(words, { ...inWindow(voice), address: '+212600000001' }));
    expect(channelErrorInfo(err)?.code).toBe('invalid_address');
    expect(graph.requests).toBe(0);
  });
});

describe('Graph errors on an upload', () => {
  it.each([
    ['a parent who turned the Page off (551)', () => graph.blockPsid(PSID), 'unreachable'],
    ['the per-second limit (613)', () => graph.failNext(1, { code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' }), 'rate_limited'],
    ['an expired token (190)', () => graph.failNext(1, { code: 190, message: 'Error validating access token' }), 'auth'],
    ['a type Meta will not take (546)', () => graph.failNext(1, { code: 546, message: "(#546) The type of file you're trying to attach isn't allowed." }), 'permanent'],
    ['an unexpected error (2)', () => graph.failNext(1, { code: 2, message: 'An unexpected error has occurred.' }), 'transient'],
  ])('%s is mapped as for a text, and the text does not go without its file', async (_name, arrange, code) => {
    arrange();
    const err = await failure(adapter.send(words, inWindow(voice)));
    expect(channelErrorInfo(err)?.code).toBe(code);
    expect((err as Error).message).not.toContain(FAKE_PAGE_TOKEN);
    expect(graph.sentTo(PSID)).toEqual([]);
  });

  it('a Graph that cannot be reached is transient, and the error holds neither URL nor token', async () => {
    const closed = await startFakeGraph();
    await closed.close();
    const offline = createMessengerAdapter(account, { graphBase: closed.base, now: () => NOW });
    const err = await failure(offline.send(words, inWindow(voice)));
    expect(channelErrorInfo(err)?.code).toBe('transient');
    expect(JSON.stringify({ message: (err as Error).message, cause: (err as ChannelError).cause })).not.toContain(FAKE_PAGE_TOKEN);
  });

  it('a file over Messenger’s 25 MB is refused before anything is sent', async () => {
    const huge = file('document', Buffer.alloc(MESSENGER_UPLOAD_MAX_BYTES + 1, 1), 'application/pdf');
    expect(channelErrorInfo(await failure(adapter.send(words, inWindow(huge))))?.code).toBe('permanent');
    expect(graph.requests).toBe(0);
  });
});

describe('the fake Graph checks an upload as Meta does', () => {
  const url = `${graph.base}/${account.pageId}/messages?access_token=${FAKE_PAGE_TOKEN}`;
  function form(fields: Record<string, string>, part?: { bytes: Buffer; type: string; name: string }): FormData {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    if (part) f.append('filedata', new Blob([new Uint8Array(part.bytes)], { type: part.type }), part.name);
    return f;
  }
  const fields = (message: object, messaging: Record<string, string> = { messaging_type: 'RESPONSE' }) => ({ recipient: JSON.stringify({ id: PSID }), ...messaging, message: JSON.stringify(message) });
  const audio = { attachment: { type: 'audio', payload: { is_reusable: false } } };
  const post = async (body: FormData, at = url) => {
    const res = await fetch(at, { method: 'POST', body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers an accepted upload with recipient_id, message_id and attachment_id', async () => {
    const answer = await post(form(fields(audio), { bytes: OGG, type: 'audio/ogg', name: 'v.ogg' }));
    expect(answer).toEqual({ status: 200, body: { recipient_id: PSID, message_id: expect.stringMatching(/^m_\d+$/), attachment_id: expect.stringMatching(/^\d+$/) } });
  });

  it.each([
    ['a wrong token', () => post(form(fields(audio), { bytes: OGG, type: 'audio/ogg', name: 'v.ogg' }), url.replace(FAKE_PAGE_TOKEN, 'EAAGwrong')), 190],
    ['MESSAGE_TAG without its tag', () => post(form(fields(audio, { messaging_type: 'MESSAGE_TAG' }), { bytes: OGG, type: 'audio/ogg', name: 'v.ogg' })), 100],
    ['no filedata', () => post(form(fields(audio))), 100],
    ['a recipient that is not JSON', () => post(form({ ...fields(audio), recipient: PSID }, { bytes: OGG, type: 'audio/ogg', name: 'v.ogg' })), 100],
    ['an audio attachment that is a JPEG', () => post(form(fields(audio), { bytes: JPEG, type: 'image/jpeg', name: 'p.jpg' })), 546],
  ])('refuses %s (code %s)', async (_name, send, code) => {
    const answer = await send();
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code } });
    expect(graph.filesSentTo(PSID)).toEqual([]);
  });
});
