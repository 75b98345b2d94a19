import { describe, expect, it } from 'vitest';
import { normaliseMessengerInbound } from '../../adapters/messenger/inbound.js';
import { messengerItems as item, metaJson, pageWebhook } from '../fakes/graph-webhook.js';

const PAGE = '104857600123456';
const target = { accountId: 'page1', pageId: PAGE };
const at = new Date('2026-11-23T10:00:00Z');
const a = { psid: '7001', pageId: PAGE, timestamp: 1764000000100 };
const b = { psid: '7002', pageId: PAGE, timestamp: 1764000000200 };
const normalise = (body: unknown) => normaliseMessengerInbound(body, target, at);

describe('messenger inbound normalisation', () => {
  it('reads every entry and every messaging item of one POST, in order, from Meta’s escaped JSON', () => {
    const body = pageWebhook([
      { pageId: PAGE, messaging: [item.text(a, 'm_1', 'السلام عليكم'), item.quickReply(b, 'm_2', 'نعم', 'r.yes.ev1')] },
      { pageId: PAGE, messaging: [item.text(b, 'm_3', 'شكرا', 'm_out_9')] },
    ]);
    expect(normalise(JSON.parse(metaJson(body)))).toEqual([
      { platform: 'messenger', accountId: 'page1', from: '7001', receivedAt: at, sentAt: new Date(a.timestamp), type: 'text', text: 'السلام عليكم', platformMessageId: 'm_1' },
      { platform: 'messenger', accountId: 'page1', from: '7002', receivedAt: at, sentAt: new Date(b.timestamp), type: 'choice', choiceId: 'r.yes.ev1', text: 'نعم', platformMessageId: 'm_2' },
      { platform: 'messenger', accountId: 'page1', from: '7002', receivedAt: at, sentAt: new Date(b.timestamp), type: 'text', text: 'شكرا', replyTo: 'm_out_9', platformMessageId: 'm_3' },
    ]);
  });

  it('skips echoes of our own messages; an attachment is media (media-messenger.test.ts)', () => {
    const body = pageWebhook([{ pageId: PAGE, messaging: [item.echo(a, 'm_out_1', 'Invitation'), item.image(a, 'm_img'), item.text(a, 'm_2', 'ok')] }]);
    expect(normalise(body).map((e) => [e.platformMessageId, e.type])).toEqual([['m_img', 'media'], ['m_2', 'text']]);
  });

  it('skips entries for another Page of the same Meta app', () => {
    const body = pageWebhook([
      { pageId: '999999999', messaging: [item.text({ ...a, pageId: '999999999' }, 'm_other', 'hello')] },
      { pageId: PAGE, messaging: [item.text(a, 'm_mine', 'hello')] },
    ]);
    expect(normalise(body).map((e) => e.platformMessageId)).toEqual(['m_mine']);
  });

  it('turns Get Started from an m.me link, and a referral in an open chat, into joins', () => {
    const body = pageWebhook([{ pageId: PAGE, messaging: [item.getStartedWithRef(a, 'm_pb', 'abc123XY'), item.referral(b, 'zz99QQ11')] }]);
    expect(normalise(body)).toMatchObject([
      { type: 'join', payload: 'abc123XY', from: '7001', platformMessageId: 'm_pb' },
      { type: 'join', payload: 'zz99QQ11', from: '7002', platformMessageId: 'ref:7002:1764000000200' },
    ]);
  });

  it('reads a postback payload as a choice, with a made-up id when Meta gives no mid', () => {
    const body = pageWebhook([{ pageId: PAGE, messaging: [item.postback(a, undefined, 'نعم', 'r.yes.ev1')] }]);
    expect(normalise(body)).toMatchObject([{ type: 'choice', choiceId: 'r.yes.ev1', text: 'نعم', platformMessageId: 'pb:7001:1764000000100' }]);
  });

  it('reads delivery receipts with their mids, and read receipts by watermark only', () => {
    const body = pageWebhook([{ pageId: PAGE, messaging: [item.delivery(a, ['m_out_1', 'm_out_2'], 1764000000050), item.read(a, 1764000000090)] }]);
    expect(normalise(body)).toMatchObject([
      { type: 'status', status: 'delivered', messageIds: ['m_out_1', 'm_out_2'], platformMessageId: 'dlv:7001:1764000000050' },
      { type: 'status', status: 'read', messageIds: [], platformMessageId: 'read:7001:1764000000090' },
    ]);
  });

  it('skips what it does not know, item by item', () => {
    const body = pageWebhook([
      { pageId: PAGE, messaging: [{ sender: { id: '7001' }, timestamp: 1, reaction: { mid: 'm_out', action: 'react', emoji: '👍' } }, { garbage: true }, item.text(a, 'm_ok', 'ok')] },
    ]);
    expect(normalise(body).map((e) => e.platformMessageId)).toEqual(['m_ok']);
  });

  it.each([
    ['another object', { object: 'instagram', entry: [{ id: PAGE, time: 1, messaging: [item.text(a, 'm', 'x')] }] }],
    ['no entry', { object: 'page' }],
    ['entry not an array', { object: 'page', entry: { id: PAGE } }],
    ['a feed change', { object: 'page', entry: [{ id: PAGE, time: 1, changes: [{ field: 'feed' }] }] }],
    ['null', null],
    ['a string', '{"object":"page"}'],
  ])('gives no events for %s', (_name, body) => {
    expect(normalise(body)).toEqual([]);
  });
});
