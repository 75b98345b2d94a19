import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messengerHandshake, verifyMessengerSignature } from '../../adapters/messenger/index.js';
import type { WebhookRequest } from '../../src/core/index.js';
import { messengerItems, metaJson, pageWebhook, signMetaBody, webhookPost } from '../fakes/graph-webhook.js';

const SECRET = 'app-secret-0123456789abcdef';
const body = pageWebhook([{ pageId: '104857600123456', messaging: [messengerItems.text({ psid: '7001', pageId: '104857600123456' }, 'm_1', 'نعم، سنحضر إن شاء الله')] }]);
const raw = metaJson(body);
const hmac = (bytes: string) => createHmac('sha256', SECRET).update(bytes).digest('hex');

describe('messenger webhook signature', () => {
  it('serialises Arabic the way Meta does: lowercase \\uXXXX escapes, ASCII only', () => {
    expect(raw).toContain('\\u0646\\u0639\\u0645');
    expect(raw).toMatch(/^[\x20-\x7e]+$/);
  });

  it('accepts the right signature over the raw escaped bytes', () => {
    expect(verifyMessengerSignature(webhookPost(raw, { appSecret: SECRET }), SECRET)).toBe(true);
  });

  it('would fail on a re-serialised body: that is why the raw bytes are signed', () => {
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(reserialised).not.toBe(raw);
    expect(hmac(reserialised)).not.toBe(hmac(raw));
    const req = { ...webhookPost(raw, { appSecret: SECRET }), rawBody: Buffer.from(reserialised) };
    expect(verifyMessengerSignature(req, SECRET)).toBe(false);
  });

  it('accepts upper-case hex', () => {
    expect(verifyMessengerSignature(webhookPost(raw, { appSecret: SECRET, signature: `sha256=${hmac(raw).toUpperCase()}` }), SECRET)).toBe(true);
  });

  it.each([
    ['forged with another secret', signMetaBody(raw, 'another-secret-0123456789')],
    ['missing', null],
    ['empty', ''],
    ['the SHA-1 header format', `sha1=${createHmac('sha1', SECRET).update(raw).digest('hex')}`],
    ['no prefix', hmac(raw)],
    ['odd-length hex', `sha256=${hmac(raw).slice(0, 63)}`],
    ['too long', `sha256=${hmac(raw)}00`],
    ['not hex', `sha256=${'zz'.repeat(32)}`],
  ])('rejects a signature that is %s', (_name, signature) => {
    expect(verifyMessengerSignature(webhookPost(raw, { appSecret: SECRET, signature }), SECRET)).toBe(false);
  });

  it('rejects an altered body', () => {
    const req = webhookPost(raw, { appSecret: SECRET });
    expect(verifyMessengerSignature({ ...req, rawBody: Buffer.from(raw.replace('m_1', 'm_2')) }, SECRET)).toBe(false);
  });

  it('never throws on a request that is not what it should be', () => {
    const odd = { method: 'POST', headers: { 'x-hub-signature-256': signMetaBody(raw, SECRET) }, query: {}, rawBody: undefined } as unknown as WebhookRequest;
    expect(verifyMessengerSignature(odd, SECRET)).toBe(false);
  });
});

describe('messenger subscription handshake', () => {
  const get = (query: Record<string, string>): WebhookRequest => ({ method: 'GET', headers: {}, query, rawBody: Buffer.alloc(0) });
  const TOKEN = 'verify-me-123';

  it('answers the challenge when mode and token match', () => {
    expect(messengerHandshake(get({ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1158201444' }), TOKEN)).toEqual({ status: 200, body: '1158201444' });
  });

  it.each([
    ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-124', 'hub.challenge': '1' }],
    ['a token prefix', { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify', 'hub.challenge': '1' }],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1' }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN }],
    ['no query', {}],
  ])('refuses a GET with %s', (_name, query) => {
    expect(messengerHandshake(get(query), TOKEN)).toEqual({ status: 403, body: 'verification failed' });
  });

  it('is not a handshake when not a GET', () => {
    expect(messengerHandshake(webhookPost(raw, { appSecret: SECRET }), TOKEN)).toBeUndefined();
  });
});
