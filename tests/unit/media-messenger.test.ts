import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { normaliseMessengerInbound } from '../../adapters/messenger/inbound.js';
import { createMessengerAdapter, messengerAccountSchema } from '../../adapters/messenger/index.js';
import { ChannelError, type InboundMedia } from '../../src/core/index.js';
import { FAKE_PAGE_TOKEN, startFakeGraph } from '../fakes/graph-api.js';
import { metaJson, pageWebhook } from '../fakes/graph-webhook.js';

const graph = await startFakeGraph();
afterAll(() => graph.close());
beforeEach(() => graph.reset());

const PAGE = '104857600123456';
const PSID = '7001';
const TIMESTAMP = 1764000000100;
const at = new Date('2026-11-23T10:00:00Z');
const normalise = (body: unknown) => normaliseMessengerInbound(body, { accountId: 'page1', pageId: PAGE }, at);
const base = { platform: 'messenger', accountId: 'page1', from: PSID, receivedAt: at, sentAt: new Date(TIMESTAMP) };

const CDN = 'https://scontent.xx.fbcdn.net/v/t1.15752-9';
const photo = { type: 'image', payload: { url: `${CDN}/photo_n.jpg?_nc_cat=1&oh=00_Aa&oe=6790ABCD` } };
const voice = { type: 'audio', payload: { url: 'https://cdn.fbsbx.com/v/t59.3654-21/audioclip-1764000000000-2843.mp4?_nc_cat=1&oh=00_Ab' } };
const pdf = { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/t59.2708-21/certificat.pdf?_nc_cat=1&oh=00_Ac' } };
const stickerAsImage = { type: 'image', payload: { url: `${CDN}/39178562_1505197616293642_n.png?_nc_cat=1`, sticker_id: 369239263222822 } };
const sticker = { type: 'sticker', payload: { url: `${CDN}/39178562_1505197616293642_n.png?_nc_cat=1`, sticker_id: 369239263222822 } };

/** One message from the parent to the Page, as Meta posts it. */
function posted(message: Record<string, unknown>) {
  return pageWebhook([{ pageId: PAGE, messaging: [{ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: TIMESTAMP, message }] }]);
}

describe('normalising Messenger attachments', () => {
  it.each([
    ['a photo', 'photo', photo],
    ['a voice clip (Messenger records voice notes as audio)', 'voice', voice],
    ['a file', 'document', pdf],
  ])('%s is media of kind %s, its CDN URL the ref', (_name, kind, attachment) => {
    expect(normalise(posted({ mid: 'm_1', attachments: [attachment] }))).toEqual([
      { ...base, type: 'media', media: { kind, ref: attachment.payload.url }, platformMessageId: 'm_1' },
    ]);
  });

  it('reads attachment URLs from Meta’s escaped JSON', () => {
    const body = JSON.parse(metaJson(posted({ mid: 'm_2', text: 'ورقة الغياب', attachments: [pdf] }))) as unknown;
    expect(normalise(body)).toMatchObject([{ type: 'media', text: 'ورقة الغياب', media: { kind: 'document', ref: pdf.payload.url } }]);
  });

  it('the text of a message with a photo is its caption, and a reply names the message it answers', () => {
    expect(normalise(posted({ mid: 'm_3', text: 'the homework', attachments: [photo], reply_to: { mid: 'm_out_9' } }))).toEqual([
      { ...base, type: 'media', media: { kind: 'photo', ref: photo.payload.url }, text: 'the homework', replyTo: 'm_out_9', platformMessageId: 'm_3' },
    ]);
  });

  it('several attachments give one event each: distinct keys, the caption on the first file only', () => {
    const events = normalise(posted({ mid: 'm_4', text: 'both pages', attachments: [photo, { ...photo, payload: { url: `${CDN}/page2.jpg` } }, pdf] }));
    expect(events.map((e) => [e.platformMessageId, e.type === 'media' ? e.media.kind : e.type, e.type === 'media' ? e.text : undefined])).toEqual([
      ['m_4', 'photo', 'both pages'],
      ['m_4#2', 'photo', undefined],
      ['m_4#3', 'document', undefined],
    ]);
    expect(normalise(posted({ mid: 'm_4', text: 'both pages', attachments: [photo, { ...photo, payload: { url: `${CDN}/page2.jpg` } }, pdf] }))).toEqual(events);
  });

  it('a sticker is unsupported, whether sent as an image with sticker_id, as a sticker, or as both', () => {
    const expected = [{ ...base, type: 'unsupported', what: 'sticker', platformMessageId: 'm_5' }];
    expect(normalise(posted({ mid: 'm_5', attachments: [stickerAsImage] }))).toEqual(expected);
    expect(normalise(posted({ mid: 'm_5', attachments: [sticker] }))).toEqual(expected);
    expect(normalise(posted({ mid: 'm_5', attachments: [sticker, stickerAsImage] }))).toEqual(expected);
  });

  it.each([
    ['a video', 'video', { type: 'video', payload: { url: 'https://video.xx.fbcdn.net/v/t42.3356-2/clip.mp4' } }],
    ['a shared reel', 'video', { type: 'reel', payload: { url: 'https://www.facebook.com/reel/1', reel_video_id: 1 } }],
    ['a location', 'location', { type: 'location', payload: { coordinates: { lat: 33.57, long: -7.59 } } }],
    ['a link share without text', 'other', { type: 'fallback', payload: { url: 'https://example.org/page', title: 'Example' } }],
    ['a share with no payload at all', 'other', { type: 'fallback' }],
    ['a kind Meta adds later', 'other', { type: 'appointment_booking', payload: { booking_id: 'b1' } }],
    ['a photo without a URL', 'other', { type: 'image', payload: {} }],
    ['an attachment that does not parse', 'other', { type: 42 }],
  ])('%s is unsupported: %s', (_name, what, attachment) => {
    expect(normalise(posted({ mid: 'm_6', attachments: [attachment] }))).toEqual([{ ...base, type: 'unsupported', what, platformMessageId: 'm_6' }]);
  });

  it('a text with a link is the text alone: its fallback share repeats the URL', () => {
    const share = { type: 'fallback', payload: { url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org', title: 'example.org' } };
    expect(normalise(posted({ mid: 'm_7', text: 'see https://example.org', attachments: [share] }))).toEqual([
      { ...base, type: 'text', text: 'see https://example.org', platformMessageId: 'm_7' },
    ]);
  });

  it('a text with only what we cannot take keeps the text first, then says what was not taken', () => {
    const video = { type: 'video', payload: { url: 'https://video.xx.fbcdn.net/v/clip.mp4' } };
    expect(normalise(posted({ mid: 'm_8', text: 'my son at the show', attachments: [video], reply_to: { mid: 'm_out_1' } }))).toEqual([
      { ...base, type: 'text', text: 'my son at the show', replyTo: 'm_out_1', platformMessageId: 'm_8' },
      { ...base, type: 'unsupported', what: 'video', replyTo: 'm_out_1', platformMessageId: 'm_8#2' },
    ]);
  });

  it('a photo and a video together: the photo is taken, the video said no to', () => {
    const video = { type: 'video', payload: { url: 'https://video.xx.fbcdn.net/v/clip.mp4' } };
    expect(normalise(posted({ mid: 'm_9', attachments: [video, photo] })).map((e) => [e.type, e.platformMessageId])).toEqual([
      ['unsupported', 'm_9'],
      ['media', 'm_9#2'],
    ]);
  });

  it('skips echoes of our own attachments; a quick reply is still a choice', () => {
    const echo = pageWebhook([{ pageId: PAGE, messaging: [{ sender: { id: PAGE }, recipient: { id: PSID }, timestamp: TIMESTAMP, message: { mid: 'm_out', is_echo: true, attachments: [photo] } }] }]);
    expect(normalise(echo)).toEqual([]);
    expect(normalise(posted({ mid: 'm_10', text: 'نعم', quick_reply: { payload: 'r.yes.ev1' }, attachments: [photo] }))).toMatchObject([{ type: 'choice', choiceId: 'r.yes.ev1' }]);
  });

  it('a message with an attachments value that is not a list is skipped alone', () => {
    const body = pageWebhook([
      {
        pageId: PAGE,
        messaging: [
          { sender: { id: PSID }, timestamp: TIMESTAMP, message: { mid: 'm_bad', attachments: { type: 'image' } } },
          { sender: { id: PSID }, timestamp: TIMESTAMP, message: { mid: 'm_ok', attachments: [voice] } },
        ],
      },
    ]);
    expect(normalise(body).map((e) => e.platformMessageId)).toEqual(['m_ok']);
  });
});

describe('fetching Messenger attachments', () => {
  const account = messengerAccountSchema.parse({
    id: 'page1',
    pageId: PAGE,
    pageName: 'LyceeIbnBattouta',
    accessToken: FAKE_PAGE_TOKEN,
    appSecret: 'unit-app-secret-0123456',
    verifyToken: 'unit-verify',
  });
  const adapter = createMessengerAdapter(account, { graphBase: graph.base, now: () => at });

  async function fetchMedia(media: InboundMedia) {
    if (!adapter.fetchMedia) throw new Error('the Messenger adapter has no fetchMedia');
    return adapter.fetchMedia(media);
  }

  async function fetchError(media: InboundMedia): Promise<ChannelError> {
    const err = await fetchMedia(media).then(() => undefined, (e: unknown) => e);
    if (!(err instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(err)}`);
    expect(err.platform).toBe('messenger');
    if (media.ref) {
      expect(err.message).not.toContain(media.ref);
      expect(JSON.stringify(err.cause ?? null)).not.toContain(media.ref);
    }
    return err;
  }

  it('GETs the URL the webhook named: the exact bytes, the type the CDN gives', async () => {
    const bytes = Buffer.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41, 0x20, 0xff]);
    const url = graph.serveFile('/v/t59.3654-21/audioclip.mp4?_nc_cat=1&oh=00_Ab', bytes, 'audio/mp4');
    const [event] = normalise(posted({ mid: 'm_20', attachments: [{ type: 'audio', payload: { url } }] }));
    if (event?.type !== 'media') throw new Error('expected a media event');
    expect(await fetchMedia(event.media)).toEqual({ bytes, contentType: 'audio/mp4' });
  });

  it('the content type loses its parameters; the name the message gave is kept', async () => {
    const url = graph.serveFile('/v/t59.2708-21/doc.pdf', Buffer.from('%PDF-1.4'), 'Application/PDF; charset=binary');
    expect(await fetchMedia({ kind: 'document', ref: url, fileName: 'doc.pdf' })).toEqual({ bytes: Buffer.from('%PDF-1.4'), contentType: 'application/pdf', fileName: 'doc.pdf' });
  });

  it('an expired or removed file (404) is permanent', async () => {
    const err = await fetchError({ kind: 'photo', ref: `${graph.base.replace(/\/v25\.0$/, '')}/v/t1/expired.jpg?oe=1` });
    expect([err.code, err.retryable, err.message]).toEqual(['permanent', false, 'Messenger attachment download failed: HTTP 404']);
  });

  it('403 is permanent, 5xx transient, 429 waits', async () => {
    const url = graph.serveFile('/v/t1/photo.jpg', Buffer.from([0xff, 0xd8]), 'image/jpeg');
    graph.failNext(1, { status: 403, code: 10, message: 'Forbidden' });
    expect((await fetchError({ kind: 'photo', ref: url })).code).toBe('permanent');
    graph.failNext(1, { status: 503, code: 2, message: 'Service Unavailable' });
    expect((await fetchError({ kind: 'photo', ref: url })).code).toBe('transient');
    graph.failNext(1, { status: 429, code: 4, message: 'Too many requests' });
    const limited = await fetchError({ kind: 'photo', ref: url });
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(await fetchMedia({ kind: 'photo', ref: url })).toEqual({ bytes: Buffer.from([0xff, 0xd8]), contentType: 'image/jpeg' });
  });

  it('a CDN out of reach is transient, and the error does not hold the URL', async () => {
    const closed = await startFakeGraph();
    const url = closed.serveFile('/v/t1/photo.jpg?oh=secret', Buffer.from('x'), 'image/jpeg');
    await closed.close();
    const err = await fetchError({ kind: 'photo', ref: url });
    expect(err.code).toBe('transient');
    expect(err.message).toMatch(/^Messenger attachment: request failed/);
  });

  it('sends no Page token with the download', async () => {
    const seen: string[] = [];
    const spying = createMessengerAdapter(account, {
      graphBase: graph.base,
      now: () => at,
      fetch: async (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    const url = graph.serveFile('/v/t1/voice.mp4', Buffer.from('x'), 'audio/mp4');
    await spying.fetchMedia?.({ kind: 'voice', ref: url });
    expect(seen).toEqual([url]);
    expect(seen.join()).not.toContain(FAKE_PAGE_TOKEN);
  });

  it.each(['', 'not a url', 'data:image/jpeg;base64,/9g=', 'file:///etc/passwd'])('a ref that is not an http(s) URL (%s) is permanent, and nothing is fetched', async (ref) => {
    const before = graph.requests;
    expect((await fetchError({ kind: 'photo', ref })).code).toBe('permanent');
    expect(graph.requests).toBe(before);
  });
});
