import { describe, expect, it } from 'vitest';
import { WHATSAPP_MEDIA_MAX_BYTES } from '../../adapters/whatsapp-web/index.js';
import { normaliseWhatsAppInbound } from '../../adapters/whatsapp-web/inbound.js';
import { ChannelError, decodeDataRef, type InboundEvent, type InboundMedia } from '../../src/core/index.js';
import { GUARDIAN, settle, setUpWhatsApp } from '../fakes/whatsapp-adapter.js';
import { fakeMessage, serializedId, type FakeMessageInit } from '../fakes/whatsapp-client.js';

const SENT = 1_795_000_000;
const POLL_ID = `true_${GUARDIAN}_3EB0POLL000001`;
const OGG = Buffer.from([0x4f, 0x67, 0x67, 0x53, 0x00, 0x02, 0x00, 0xff, 0x80, 0x7f]);
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF');

async function received(...messages: FakeMessageInit[]) {
  const wa = setUpWhatsApp();
  await wa.listen();
  for (const m of messages) wa.client.emitMessage(m);
  await settle();
  return wa;
}

function mediaOf(event: InboundEvent | undefined): InboundMedia {
  if (event?.type !== 'media') throw new Error(`expected a media event, got ${event?.type ?? 'none'}`);
  return event.media;
}

describe('whatsapp-web media from guardians', () => {
  it('a voice note (ptt): downloaded when it arrives, carried as a data: ref with the exact bytes', async () => {
    const wa = await received({ from: GUARDIAN, type: 'ptt', key: 'V1', timestamp: SENT, media: { mimetype: 'audio/ogg; codecs=opus', bytes: OGG } });
    expect(wa.events).toEqual([
      {
        platform: 'whatsapp',
        accountId: 'main',
        type: 'media',
        media: { kind: 'voice', ref: `data:audio/ogg;base64,${OGG.toString('base64')}`, contentType: 'audio/ogg; codecs=opus', size: OGG.length },
        from: GUARDIAN,
        platformMessageId: `false_${GUARDIAN}_V1`,
        receivedAt: new Date(SENT * 1000),
        sentAt: new Date(SENT * 1000),
      },
    ]);
    expect(decodeDataRef(mediaOf(wa.events[0]).ref)).toEqual({ bytes: OGG, contentType: 'audio/ogg' });
    expect(wa.client.downloads).toEqual([serializedId({ from: GUARDIAN, key: 'V1' })]);
  });

  it('a photo with a caption, as a reply to our poll', async () => {
    const wa = await received({ from: GUARDIAN, type: 'image', body: 'واجب الرياضيات', key: 'P1', quotedId: POLL_ID, media: { mimetype: 'image/jpeg', bytes: JPEG } });
    expect(wa.events).toMatchObject([{ type: 'media', text: 'واجب الرياضيات', replyTo: POLL_ID, platformMessageId: `false_${GUARDIAN}_P1` }]);
    expect(decodeDataRef(mediaOf(wa.events[0]).ref)).toEqual({ bytes: JPEG, contentType: 'image/jpeg' });
    expect(mediaOf(wa.events[0])).toMatchObject({ kind: 'photo', contentType: 'image/jpeg', size: JPEG.length });
  });

  it('a document keeps its file name and caption; an audio file is audio', async () => {
    const wa = await received(
      { from: GUARDIAN, type: 'document', body: 'certificat médical', key: 'D1', media: { mimetype: 'application/pdf', bytes: PDF, filename: 'شهادة.pdf' } },
      { from: GUARDIAN, type: 'audio', key: 'A1', media: { mimetype: 'audio/mpeg', bytes: OGG } },
    );
    expect(wa.events.map((e) => [e.platformMessageId, e.type === 'media' ? e.media.kind : e.type, e.type === 'media' ? e.text : undefined])).toEqual([
      [`false_${GUARDIAN}_D1`, 'document', 'certificat médical'],
      [`false_${GUARDIAN}_A1`, 'audio', undefined],
    ]);
    expect(mediaOf(wa.events[0])).toMatchObject({ fileName: 'شهادة.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(decodeDataRef(mediaOf(wa.events[0]).ref)?.bytes).toEqual(PDF);
    expect(decodeDataRef(mediaOf(wa.events[1]).ref)).toEqual({ bytes: OGG, contentType: 'audio/mpeg' });
  });

  it('a blank caption is no text', async () => {
    const wa = await received({ from: GUARDIAN, type: 'image', body: '   ', key: 'P2', media: { mimetype: 'image/jpeg', bytes: JPEG } });
    expect(wa.events[0] && 'text' in wa.events[0]).toBe(false);
  });

  it('a file over the cap is not downloaded: ref \'\', with the size the message reported', async () => {
    const wa = await received({ from: GUARDIAN, type: 'document', key: 'BIG', media: { mimetype: 'application/pdf', bytes: PDF, filename: 'scan.pdf', size: WHATSAPP_MEDIA_MAX_BYTES + 1 } });
    expect(wa.client.downloads).toEqual([]);
    expect(mediaOf(wa.events[0])).toEqual({ kind: 'document', ref: '', contentType: 'application/pdf', size: WHATSAPP_MEDIA_MAX_BYTES + 1, fileName: 'scan.pdf' });
  });

  it('bytes over the cap that the message under-reported are not passed on either', async () => {
    const huge = Buffer.alloc(WHATSAPP_MEDIA_MAX_BYTES + 1, 1);
    const wa = await received({ from: GUARDIAN, type: 'ptt', key: 'LIE', media: { mimetype: 'audio/ogg', bytes: huge, size: 1000 } });
    expect(wa.client.downloads).toHaveLength(1);
    expect(mediaOf(wa.events[0])).toEqual({ kind: 'voice', ref: '', contentType: 'audio/ogg', size: huge.length });
  });

  it('a download that fails, or finds the file gone, still gives the event (ref \'\') and logs', async () => {
    const wa = await received(
      { from: GUARDIAN, type: 'ptt', key: 'F1', media: { mimetype: 'audio/ogg', bytes: OGG, fail: new Error('Evaluation failed: TypeError: Cannot read properties of undefined') } },
      { from: GUARDIAN, type: 'image', key: 'F2', media: { mimetype: 'image/jpeg', bytes: JPEG, fail: 'gone' } },
    );
    expect(wa.events.map((e) => [e.platformMessageId, mediaOf(e).ref, mediaOf(e).size])).toEqual([
      [`false_${GUARDIAN}_F1`, '', OGG.length],
      [`false_${GUARDIAN}_F2`, '', JPEG.length],
    ]);
    expect(wa.logs).toEqual(expect.arrayContaining(['whatsapp: media download failed', 'whatsapp: media not available for download']));
  });

  it.each([
    ['sticker', 'sticker'],
    ['location', 'location'],
    ['video', 'video'],
    ['vcard', 'contact'],
    ['multi_vcard', 'contact'],
  ])('a %s is unsupported (%s), and its bytes are never fetched', async (type, what) => {
    const wa = await received({ from: GUARDIAN, type, key: 'U1', timestamp: SENT, media: { mimetype: 'video/mp4', bytes: JPEG } });
    expect(wa.events).toEqual([
      { platform: 'whatsapp', accountId: 'main', type: 'unsupported', what, from: GUARDIAN, platformMessageId: `false_${GUARDIAN}_U1`, receivedAt: new Date(SENT * 1000), sentAt: new Date(SENT * 1000) },
    ]);
    expect(wa.client.downloads).toEqual([]);
  });

  it('media in groups, from the status or from ourselves is neither normalised nor downloaded', async () => {
    const media = { mimetype: 'image/jpeg', bytes: JPEG };
    const wa = await received(
      { from: '212600000009-1600000000@g.us', type: 'image', media },
      { from: 'status@broadcast', type: 'image', media },
      { from: GUARDIAN, type: 'image', fromMe: true, media },
      { from: GUARDIAN, type: 'revoked' },
    );
    expect(wa.events).toEqual([]);
    expect(wa.client.downloads).toEqual([]);
  });

  it('the same message normalised twice gives the same event (the dedupe key is the message id)', () => {
    const raw = fakeMessage({ from: GUARDIAN, type: 'ptt', key: 'SAME', timestamp: SENT });
    const envelope = { event: 'message', message: raw, media: { mimetype: 'audio/ogg', data: OGG.toString('base64'), filename: null, filesize: OGG.length } };
    const first = normaliseWhatsAppInbound(envelope, 'main', new Date());
    expect(normaliseWhatsAppInbound(envelope, 'main', new Date())).toEqual(first);
    expect(first[0]?.platformMessageId).toBe(`false_${GUARDIAN}_SAME`);
    expect(mediaOf(first[0])).toEqual({ kind: 'voice', ref: `data:audio/ogg;base64,${OGG.toString('base64')}`, contentType: 'audio/ogg', size: OGG.length });
  });

  it('without its file the body is not a caption (for an image it may be a preview)', () => {
    const raw = fakeMessage({ from: GUARDIAN, type: 'image', body: '/9j/4AAQSkZJRgABAQAAAQABAAD' });
    expect(normaliseWhatsAppInbound({ event: 'message', message: raw }, 'main', new Date())).toMatchObject([{ type: 'media', media: { kind: 'photo', ref: '' } }]);
    expect(normaliseWhatsAppInbound({ event: 'message', message: raw }, 'main', new Date())[0]).not.toHaveProperty('text');
  });
});

describe('whatsapp-web fetchMedia', () => {
  it('gives back the bytes of a data: ref, and refuses a file that was not downloaded', async () => {
    const { adapter } = setUpWhatsApp();
    const fetchMedia = adapter.fetchMedia;
    if (!fetchMedia) throw new Error('the WhatsApp Web adapter has no fetchMedia');
    expect(await fetchMedia({ kind: 'document', ref: `data:application/pdf;base64,${PDF.toString('base64')}`, fileName: 'a.pdf' })).toEqual({ bytes: PDF, contentType: 'application/pdf', fileName: 'a.pdf' });
    const err = await fetchMedia({ kind: 'voice', ref: '', size: WHATSAPP_MEDIA_MAX_BYTES + 1 }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'permanent', retryable: false, platform: 'whatsapp' });
  });
});
