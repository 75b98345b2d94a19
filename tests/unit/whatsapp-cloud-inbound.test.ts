import { describe, expect, it } from 'vitest';
import { normaliseCloudInbound } from '../../adapters/whatsapp-cloud/index.js';
import { metaJson } from '../fakes/graph-webhook.js';
import {
  cloudButtonReply,
  cloudListReply,
  cloudMedia,
  cloudReaction,
  cloudStatus,
  cloudStatusError,
  cloudTemplateButton,
  cloudText,
  cloudUnsupported,
  cloudWebhook,
} from '../fakes/whatsapp-cloud-webhook.js';

const NUMBER = '106540352242922';
const OTHER_NUMBER = '106540352249999';
const PARENT = '212600000001';
const target = { accountId: 'casa', phoneNumberId: NUMBER };
const at = new Date('2026-11-23T10:00:00Z');
/** 2026-11-23T09:59:30Z, as Meta writes it: a string of unix seconds. */
const STAMP = '1795427970';
const SENT_AT = new Date('2026-11-23T09:59:30Z');
const who = { phoneNumberId: NUMBER, from: PARENT, timestamp: STAMP };
/** Through Meta's own serialisation, as the webhook route receives it. */
const normalise = (body: unknown) => normaliseCloudInbound(JSON.parse(metaJson(body)), target, at);
const base = { platform: 'whatsapp', accountId: 'casa', from: `${PARENT}@c.us`, receivedAt: at, sentAt: SENT_AT };

describe('WhatsApp Cloud API inbound: messages', () => {
  it('reads a text with the parent’s address as rosters write it and the time Meta stamped', () => {
    expect(normalise(cloudText({ ...who, id: 'wamid.in1', text: 'واخا، شكرا' }))).toEqual([{ ...base, type: 'text', text: 'واخا، شكرا', platformMessageId: 'wamid.in1' }]);
  });

  it('turns JOIN <code> (any case, any spacing) into a join', () => {
    expect(normalise(cloudText({ ...who, id: 'wamid.j1', text: 'JOIN abc123' }))).toEqual([{ ...base, type: 'join', payload: 'abc123', platformMessageId: 'wamid.j1' }]);
    expect(normalise(cloudText({ ...who, text: '  join   zz99QQ11 ' }))).toMatchObject([{ type: 'join', payload: 'zz99QQ11' }]);
  });

  it('keeps a text that only mentions joining as text', () => {
    expect(normalise(cloudText({ ...who, text: 'JOIN abc123 please' }))).toMatchObject([{ type: 'text', text: 'JOIN abc123 please' }]);
  });

  it('skips an empty text', () => {
    expect(normalise(cloudText({ ...who, text: '   ' }))).toEqual([]);
  });

  it('reads a reply-button tap as a choice with its id and title', () => {
    expect(normalise(cloudButtonReply({ ...who, id: 'wamid.b1', buttonId: 'r.yes.ev1', title: 'نعم' }))).toEqual([
      { ...base, type: 'choice', choiceId: 'r.yes.ev1', text: 'نعم', platformMessageId: 'wamid.b1' },
    ]);
  });

  it('reads a list row as a choice with its id and title', () => {
    expect(normalise(cloudListReply({ ...who, id: 'wamid.l1', rowId: 's.q1.5.ev2', title: 'Plutôt d’accord', description: '5' }))).toEqual([
      { ...base, type: 'choice', choiceId: 's.q1.5.ev2', text: 'Plutôt d’accord', platformMessageId: 'wamid.l1' },
    ]);
  });

  it('reads a template’s quick-reply tap (type button) as a choice with its payload', () => {
    expect(normalise(cloudTemplateButton({ ...who, id: 'wamid.t1', payload: 'r.no.ev1', text: 'لا' }))).toEqual([
      { ...base, type: 'choice', choiceId: 'r.no.ev1', text: 'لا', platformMessageId: 'wamid.t1' },
    ]);
  });

  it('gives the message it answers (context.id) as replyTo', () => {
    expect(normalise(cloudText({ ...who, text: 'ok', contextId: 'wamid.out.42' }))).toMatchObject([{ type: 'text', replyTo: 'wamid.out.42' }]);
    expect(normalise(cloudButtonReply({ ...who, buttonId: 'r.yes.ev1', title: 'Yes', contextId: 'wamid.out.43' }))).toMatchObject([{ type: 'choice', replyTo: 'wamid.out.43' }]);
    expect(normalise(cloudText({ ...who, text: 'ok' }))[0]).not.toHaveProperty('replyTo');
  });

  it('reads a voice note (audio with voice: true) as voice, with Meta’s media id to fetch it by', () => {
    expect(normalise(cloudMedia({ ...who, id: 'wamid.v1', kind: 'voice', mediaId: '1700000000000001' }))).toEqual([
      { ...base, type: 'media', media: { kind: 'voice', ref: '1700000000000001', contentType: 'audio/ogg; codecs=opus' }, platformMessageId: 'wamid.v1' },
    ]);
  });

  it('reads an audio file (voice: false) as audio', () => {
    expect(normalise(cloudMedia({ ...who, kind: 'audio', mediaId: '1700000000000002' }))).toMatchObject([
      { type: 'media', media: { kind: 'audio', ref: '1700000000000002', contentType: 'audio/mpeg' } },
    ]);
  });

  it('reads a photo with its caption as the text', () => {
    const [event] = normalise(cloudMedia({ ...who, kind: 'image', mediaId: '1700000000000003', caption: 'واجب الرياضيات' }));
    expect(event).toMatchObject({ type: 'media', media: { kind: 'photo', ref: '1700000000000003', contentType: 'image/jpeg' }, text: 'واجب الرياضيات' });
  });

  it('gives a photo without a caption no text', () => {
    expect(normalise(cloudMedia({ ...who, kind: 'image' }))[0]).not.toHaveProperty('text');
  });

  it('reads a document with its file name', () => {
    expect(normalise(cloudMedia({ ...who, kind: 'document', mediaId: '1700000000000004', filename: 'certificat.pdf' }))).toMatchObject([
      { type: 'media', media: { kind: 'document', ref: '1700000000000004', contentType: 'application/pdf', fileName: 'certificat.pdf' } },
    ]);
  });

  it.each([
    ['a sticker', cloudMedia({ ...who, kind: 'sticker' }), 'sticker'],
    ['a location', cloudMedia({ ...who, kind: 'location' }), 'location'],
    ['a video', cloudMedia({ ...who, kind: 'video' }), 'video'],
    ['a message Meta cannot pass on', cloudUnsupported(who), 'other'],
  ])('answers %s as unsupported', (_name, body, what) => {
    expect(normalise(body)).toEqual([{ ...base, type: 'unsupported', what, platformMessageId: expect.any(String) }]);
  });

  it('answers a shared contact card as unsupported', () => {
    const body = cloudWebhook([
      {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: NUMBER },
        messages: [{ from: PARENT, id: 'wamid.c1', timestamp: STAMP, type: 'contacts', contacts: [{ name: { formatted_name: 'Sara', first_name: 'Sara' }, phones: [{ phone: '+212 600 000 002', type: 'CELL' }] }] }],
      },
    ]);
    expect(normalise(body)).toEqual([{ ...base, type: 'unsupported', what: 'contact', platformMessageId: 'wamid.c1' }]);
  });

  it('gives nothing for a reaction', () => {
    expect(normalise(cloudReaction({ ...who, messageId: 'wamid.out.1', emoji: '👍' }))).toEqual([]);
  });
});

describe('WhatsApp Cloud API inbound: statuses', () => {
  const status = (s: 'sent' | 'delivered' | 'read' | 'failed', errors?: ReturnType<typeof cloudStatusError>[]) =>
    cloudStatus({ phoneNumberId: NUMBER, messageId: 'wamid.out.7', status: s, recipientId: PARENT, timestamp: STAMP, category: 'utility', ...(errors ? { errors } : {}) });

  it.each(['delivered', 'read'] as const)('reads %s as a status event of the message, one per status', (s) => {
    expect(normalise(status(s))).toEqual([{ ...base, type: 'status', status: s, messageIds: ['wamid.out.7'], platformMessageId: `wamid.out.7:${s}` }]);
  });

  it('reads failed with 131026 as unreachable, saying why', () => {
    const [event] = normalise(status('failed', [cloudStatusError(131026)]));
    expect(event).toEqual({
      ...base,
      type: 'status',
      status: 'failed',
      messageIds: ['wamid.out.7'],
      platformMessageId: 'wamid.out.7:failed',
      failure: { code: 'unreachable', detail: expect.stringContaining('131026') },
    });
  });

  it('reads failed with other codes in our words, and without errors as permanent', () => {
    expect(normalise(status('failed', [cloudStatusError(131047)]))).toMatchObject([{ status: 'failed', failure: { code: 'outside_window' } }]);
    expect(normalise(status('failed', [cloudStatusError(131053)]))).toMatchObject([{ status: 'failed', failure: { code: 'permanent' } }]);
    expect(normalise(status('failed'))).toMatchObject([{ status: 'failed', failure: { code: 'permanent' } }]);
  });

  it('gives nothing for sent: the send’s own answer said so', () => {
    expect(normalise(status('sent'))).toEqual([]);
  });

  it('reads several statuses and messages of one POST in order', () => {
    const body = cloudWebhook([status('delivered'), cloudText({ ...who, id: 'wamid.in9', text: 'merci' }), status('read')]);
    expect(normalise(body).map((e) => e.platformMessageId)).toEqual(['wamid.out.7:delivered', 'wamid.in9', 'wamid.out.7:read']);
  });
});

describe('WhatsApp Cloud API inbound: what is not ours or not a webhook', () => {
  it('skips the changes of another number on the same Meta app', () => {
    const body = cloudWebhook([
      cloudText({ ...who, phoneNumberId: OTHER_NUMBER, id: 'wamid.other', text: 'hello' }),
      cloudStatus({ phoneNumberId: OTHER_NUMBER, messageId: 'wamid.out.x', status: 'delivered', recipientId: PARENT }),
      cloudText({ ...who, id: 'wamid.mine', text: 'hello' }),
    ]);
    expect(normalise(body).map((e) => e.platformMessageId)).toEqual(['wamid.mine']);
  });

  it('skips a change of another field', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }] };
    expect(normalise(body)).toEqual([]);
  });

  it('skips a malformed message but keeps the next one', () => {
    const body = cloudWebhook([
      {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: NUMBER },
        messages: [{ from: 'not-a-number', id: 'wamid.bad', type: 'text', text: { body: 'x' } }, { from: PARENT, id: 'wamid.good', timestamp: STAMP, type: 'text', text: { body: 'y' } }],
      },
    ]);
    expect(normalise(body).map((e) => e.platformMessageId)).toEqual(['wamid.good']);
  });

  it.each([
    ['null', null],
    ['a string', '{"object":"whatsapp_business_account"}'],
    ['a Page webhook', { object: 'page', entry: [{ id: '1', time: 1, messaging: [] }] }],
    ['no entry', { object: 'whatsapp_business_account' }],
    ['entry not an array', { object: 'whatsapp_business_account', entry: { id: '1' } }],
    ['a value without metadata', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [] } }] }] }],
  ])('gives no events for %s', (_name, body) => {
    expect(normaliseCloudInbound(body, target, at)).toEqual([]);
  });

  it('leaves sentAt out when Meta gives no timestamp', () => {
    const body = cloudWebhook([
      { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: NUMBER }, messages: [{ from: PARENT, id: 'wamid.nt', type: 'text', text: { body: 'x' } }] },
    ]);
    const [event] = normalise(body);
    expect(event).toMatchObject({ type: 'text', receivedAt: at });
    expect(event).not.toHaveProperty('sentAt');
  });
});
