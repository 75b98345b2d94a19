/**
 * Webhook security end to end: the real app's webhook routes with the real Messenger and
 * Telegram adapters. The workers are off, so whatever a request queues stays in the inbound
 * queue to be counted: a refused request must leave the count (and the messaging window) as it
 * was, an accepted one adds exactly one job, a replay adds none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-api.js';
import { messengerItems, metaJson, pageWebhook, signMetaBody } from '../fakes/graph-webhook.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { callbackUpdate, textUpdate } from '../fakes/telegram-updates.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { BOT, messengerEnv, PAGE, telegramEnv } from './helpers/channels.js';
import { messengerHandshake, postMessenger, postTelegram } from './helpers/webhooks.js';

let tg: FakeTelegram;
let graph: FakeGraph;
let app: TestApp;

beforeAll(async () => {
  [tg, graph] = await Promise.all([startFakeTelegram(), startFakeGraph()]);
  app = await startTestApp({ env: { ...telegramEnv(tg, 'webhook'), ...messengerEnv(graph) }, workers: false });
});

afterAll(async () => {
  await app?.close();
  await Promise.all([tg?.close(), graph?.close()]);
});

/** Every job the inbound queue holds, whatever its state. */
async function inboundJobs(): Promise<number> {
  const counts = await app.runtime.ctx.queues.inbound.getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

const windowOf = (psid: string) => app.runtime.ctx.stores.chats.lastInbound('messenger', PAGE.id, psid);

/** A text from a parent, in Arabic, as Meta serialises it (`\uXXXX` escapes). */
function arabicText(psid: string, mid: string) {
  const body = pageWebhook([{ pageId: PAGE.pageId, messaging: [messengerItems.text({ psid, pageId: PAGE.pageId, timestamp: Date.now() }, mid, 'نعم، سنحضر إن شاء الله')] }]);
  return { body, raw: metaJson(body) };
}

describe('Messenger X-Hub-Signature-256', () => {
  it('refuses a forged, missing or altered signature with nothing queued, then accepts the right one over the \\u-escaped Arabic body', async () => {
    const psid = '7200000000000001';
    const { body, raw } = arabicText(psid, 'mid.sec.1');
    expect(raw).toMatch(/\\u0646\\u0639\\u0645/); // "نعم" as Meta writes it
    expect(raw).not.toMatch(/[\u0600-\u06ff]/);
    const before = await inboundJobs();

    const forged = await postMessenger(app, body, { signature: signMetaBody(raw, 'not-the-app-secret-0123456789') });
    const missing = await postMessenger(app, body, { signature: null });
    const garbage = await postMessenger(app, body, { signature: 'sha256=zz' });
    const tampered = await postMessenger(app, body, { raw: raw.replace('mid.sec.1', 'mid.sec.X'), signature: signMetaBody(raw, PAGE.appSecret) });
    // The same JSON re-serialised as UTF-8 (what JSON.stringify(req.body) gives) is other bytes.
    const reserialised = await postMessenger(app, body, { raw: JSON.stringify(body), signature: signMetaBody(raw, PAGE.appSecret) });

    expect(forged.statusCode).toBe(403);
    expect(missing.statusCode).toBe(401);
    expect(garbage.statusCode).toBe(403);
    expect(tampered.statusCode).toBe(403);
    expect(reserialised.statusCode).toBe(403);
    for (const res of [forged, missing, garbage, tampered, reserialised]) expect(res.json().error.code).toBe('unauthorized');
    expect(await inboundJobs()).toBe(before);
    expect(await windowOf(psid)).toBeUndefined(); // a forged message does not open the window

    const genuine = await postMessenger(app, body, { raw, signature: signMetaBody(raw, PAGE.appSecret) });
    expect(genuine.statusCode, genuine.body).toBe(200);
    expect(genuine.json()).toEqual({ ok: true, accepted: 1 });
    expect(await inboundJobs()).toBe(before + 1);
    expect(await windowOf(psid)).toBeInstanceOf(Date);
  });

  it('queues a replayed body once', async () => {
    const { body } = arabicText('7200000000000002', 'mid.sec.replay');
    const before = await inboundJobs();
    const first = await postMessenger(app, body);
    const second = await postMessenger(app, body);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]); // Meta must not resend it
    expect([first.json().accepted, second.json().accepted]).toEqual([1, 0]);
    expect(await inboundJobs()).toBe(before + 1);
  });
});

describe('Messenger subscription handshake', () => {
  it('answers the challenge for the right verify token, and 403 otherwise', async () => {
    const ok = await messengerHandshake(app, { 'hub.mode': 'subscribe', 'hub.verify_token': PAGE.verifyToken, 'hub.challenge': '1158201444' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);

    const wrongToken = await messengerHandshake(app, { 'hub.mode': 'subscribe', 'hub.verify_token': 'guessed-token', 'hub.challenge': '1158201444' });
    const wrongMode = await messengerHandshake(app, { 'hub.mode': 'unsubscribe', 'hub.verify_token': PAGE.verifyToken, 'hub.challenge': '1158201444' });
    const noToken = await messengerHandshake(app, { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444' });
    for (const res of [wrongToken, wrongMode, noToken]) {
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('1158201444');
    }
  });
});

describe('Telegram X-Telegram-Bot-Api-Secret-Token', () => {
  it('refuses a wrong or missing secret with nothing queued, and accepts the right one', async () => {
    const update = textUpdate('واخا، غادي نجي', 812200001);
    const before = await inboundJobs();
    const wrong = await postTelegram(app, update, 'not-the-secret');
    const empty = await postTelegram(app, update, '');
    const missing = await postTelegram(app, update, null);
    expect(wrong.statusCode).toBe(403);
    expect(missing.statusCode).toBe(401);
    expect([401, 403]).toContain(empty.statusCode);
    expect(await inboundJobs()).toBe(before);

    const genuine = await postTelegram(app, update, BOT.webhookSecret);
    expect(genuine.statusCode, genuine.body).toBe(200);
    expect(genuine.json()).toEqual({ ok: true, accepted: 1 });
    expect(await inboundJobs()).toBe(before + 1);
  });

  it('queues a resent update (same update_id) once, and a tap resent once', async () => {
    const before = await inboundJobs();
    const update = textUpdate('سلام', 812200002);
    expect((await postTelegram(app, update)).json().accepted).toBe(1);
    expect((await postTelegram(app, update)).json().accepted).toBe(0);
    const tap = callbackUpdate('r.yes.evabcdefgh12', 'cq-sec-0001', 812200003);
    expect((await postTelegram(app, tap)).json().accepted).toBe(1);
    // Telegram's resend of the same tap carries the same callback query id.
    expect((await postTelegram(app, { ...tap, update_id: 812200004 })).json().accepted).toBe(0);
    expect(await inboundJobs()).toBe(before + 2);
  });

  it('has no handshake: GET is not allowed', async () => {
    const res = await app.app.inject({ method: 'GET', url: `/webhooks/telegram/${BOT.id}` });
    expect(res.statusCode).toBe(405);
  });
});
