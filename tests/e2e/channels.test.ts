/**
 * End to end over every channel at once: the real app (HTTP, BullMQ workers, real Redis), the
 * real Telegram, Messenger and WhatsApp Web adapters talking to local fakes, and the simulator.
 * One roster mixes all four; WhatsApp guardians link themselves through the join flow, a
 * Messenger guardian opens the 24-hour window, another links with an m.me ref. One meeting
 * invitation reaches each on their channel, and their taps come back as RSVPs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-api.js';
import { messengerItems, pageWebhook } from '../fakes/graph-webhook.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { callbackUpdate, PARENT_CHAT_ID } from '../fakes/telegram-updates.js';
import { FakeWhatsAppClient } from '../fakes/whatsapp-client.js';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { deliveries, getEvent, importRoster, joinLink, postMeeting, waitLinked, waitSettled, type EventView } from './helpers/api.js';
import { codeFromLink, messengerEnv, PAGE, telegramEnv, whatsappEnv, whatsappSessions } from './helpers/channels.js';
import { postMessenger, postTelegram } from './helpers/webhooks.js';

const PSID_WINDOW = '7100000000000001'; // wrote to the Page first: the window is open
const PSID_JOINED = '7100000000000002'; // opened the m.me link with their code
const WA1 = '212600000001@c.us';
const WA2 = '212600000002@c.us';
const WA3 = '212600000003@c.us'; // never linked
const SIM = 'sim-e2e-mixed-g7';

const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: [
    { id: 'gT', name: 'فاطمة الزهراء', locale: 'ar', channels: { telegram: PARENT_CHAT_ID } },
    { id: 'gM1', name: 'Amina B.', locale: 'en', channels: { messenger: PSID_WINDOW } },
    { id: 'gM2', name: 'خديجة', locale: 'ar', channels: {} },
    { id: 'gW1', name: 'Youssef C.', locale: 'en', channels: { whatsapp: WA1 } },
    { id: 'gW2', name: 'سعيد', locale: 'ar', channels: { whatsapp: WA2 } },
    { id: 'gW3', name: 'Karim D.', locale: 'en', channels: { whatsapp: WA3 } },
    { id: 'gS', name: 'Nadia E.', locale: 'en', channels: { simulator: SIM } },
  ],
  children: ['gT', 'gM1', 'gM2', 'gW1', 'gW2', 'gW3', 'gS'].map((g, i) => ({ id: `c${i + 1}`, name: `Child ${i + 1}`, classId: 'C1', guardianIds: [g] })),
  teachers: [],
};
const locales = Object.fromEntries(roster.guardians.map((g) => [g.id, g.locale as 'ar' | 'en']));
const labels = (locale: 'ar' | 'en') => [t(locale, 'rsvp.yes'), t(locale, 'rsvp.no'), t(locale, 'rsvp.maybe')];

let tg: FakeTelegram;
let graph: FakeGraph;
let wa: FakeWhatsAppClient;
let app: TestApp;
let eventId: string;
let settled: EventView;

beforeAll(async () => {
  [tg, graph] = await Promise.all([startFakeTelegram(), startFakeGraph()]);
  wa = new FakeWhatsAppClient();
  app = await startTestApp({
    env: { ...telegramEnv(tg, 'webhook'), ...messengerEnv(graph), ...whatsappEnv() },
    whatsappClients: whatsappSessions(wa),
    sleep: async () => {},
  });
  await importRoster(app, roster);

  // WhatsApp (opt-in only): two guardians send the wa.me link's text from their phone.
  for (const [guardianId, from, key] of [['gW1', WA1, 'JOIN0001'], ['gW2', WA2, 'JOIN0002']] as const) {
    const link = await joinLink(app, guardianId, 'whatsapp');
    const text = new URL(link.url).searchParams.get('text') ?? '';
    expect(text).toBe(`JOIN ${link.code}`);
    wa.emitMessage({ from, body: text, key, timestamp: Math.floor(Date.now() / 1000) });
  }
  // Messenger: one guardian writes to the Page (opens the 24-hour window), one opens the m.me link.
  const who = (psid: string) => ({ psid, pageId: PAGE.pageId, timestamp: Date.now() });
  const hello = await postMessenger(app, pageWebhook([{ pageId: PAGE.pageId, messaging: [messengerItems.text(who(PSID_WINDOW), 'mid.e2e.hello', 'السلام عليكم')] }]));
  expect(hello.statusCode, hello.body).toBe(200);
  const ref = codeFromLink((await joinLink(app, 'gM2', 'messenger')).url);
  const started = await postMessenger(app, pageWebhook([{ pageId: PAGE.pageId, messaging: [messengerItems.getStartedWithRef(who(PSID_JOINED), 'mid.e2e.getstarted', ref)] }]));
  expect(started.statusCode, started.body).toBe(200);
  await Promise.all([waitLinked(app, 'gW1', 'whatsapp'), waitLinked(app, 'gW2', 'whatsapp'), waitLinked(app, 'gM2', 'messenger')]);
  // The welcomes are out before the invitation is posted, so each chat's order is fixed.
  await waitFor(async () => wa.texts(WA1).length === 1 && wa.texts(WA2).length === 1 && graph.sentTo(PSID_JOINED).length === 1, 10_000, 'the welcomes');

  const created = await postMeeting(app, { classes: ['C1'] });
  expect(created.recipients).toBe(7);
  eventId = created.eventId;
  settled = await waitSettled(app, eventId);
});

afterAll(async () => {
  await app?.close();
  await Promise.all([tg?.close(), graph?.close()]);
});

describe('one invitation to a mixed roster', () => {
  it('counts one outcome per guardian: delivered on Telegram and the simulator, sent on Messenger and WhatsApp, the unlinked WhatsApp guardian skipped', async () => {
    expect(settled.counts).toMatchObject({ queued: 0, delivered: 2, sent: 4, failed: 0, skipped: 1 });
    expect(settled.counts.reasons).toEqual({ skipped: { not_opted_in: 1 } });
    expect(settled.rsvp).toEqual({ yes: 0, no: 0, maybe: 0, pending: 6 });
    const rows = await deliveries(app, eventId);
    const summary = Object.fromEntries([...rows].map(([g, d]) => [g, [d.channel ?? null, d.status, d.reason ?? null]]));
    expect(summary).toEqual({
      gT: ['telegram', 'delivered', null],
      gM1: ['messenger', 'sent', null],
      gM2: ['messenger', 'sent', null],
      gW1: ['whatsapp', 'sent', null],
      gW2: ['whatsapp', 'sent', null],
      gW3: [null, 'skipped', 'not_opted_in'],
      gS: ['simulator', 'delivered', null],
    });
  });

  it('reaches Telegram as one sendMessage with an inline keyboard of r.<answer>.<eventId> buttons', () => {
    const calls = tg.received.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === PARENT_CHAT_ID && c.body.reply_markup);
    expect(calls).toHaveLength(1);
    const markup = calls[0]?.body.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    const buttons = markup.inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual([`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`]);
    expect(buttons.map((b) => b.text)).toEqual(labels('ar'));
    expect(String(calls[0]?.body.text)).toContain('17:00');
  });

  it('reaches both Messenger guardians with the text and quick replies (titles ≤ 20), inside the window', () => {
    for (const [psid, locale] of [[PSID_WINDOW, 'en'], [PSID_JOINED, 'ar']] as const) {
      const invitations = graph.received.filter((m) => m.body.recipient.id === psid && m.body.message.quick_replies);
      expect(invitations, psid).toHaveLength(1);
      const body = invitations[0]!.body;
      expect(body.messaging_type).toBe('RESPONSE');
      expect(body.message.text).toContain('17:00');
      const replies = body.message.quick_replies ?? [];
      expect(replies.map((q) => q.payload)).toEqual([`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`]);
      expect(replies.map((q) => q.title)).toEqual(labels(locale).map((l) => [...l].slice(0, 20).join('')));
      for (const q of replies) expect(q.title.length).toBeLessThanOrEqual(20);
    }
    // The guardian who linked with the m.me ref was welcomed first, in Arabic.
    expect(graph.sentTo(PSID_JOINED)[0]).toBe(t('ar', 'join.welcome', { name: 'خديجة', school: '', named: 'no' }));
  });

  it('reaches linked WhatsApp guardians with the text, then a 3-option poll, and writes nothing to the one who never linked', () => {
    for (const [chat, locale] of [[WA1, 'en'], [WA2, 'ar']] as const) {
      const sent = wa.sent.filter((s) => s.chatId === chat).slice(0, 3); // a thank-you may follow
      // A welcome after the JOIN message, then the invitation: its text, then its poll.
      expect(sent.map((s) => (s.poll ? 'poll' : 'text')), chat).toEqual(['text', 'text', 'poll']);
      expect(sent[1]?.text).toContain('17:00');
      expect(sent[2]?.poll?.options).toEqual(labels(locale));
      for (const s of sent) expect(s.options).toMatchObject({ sendSeen: false });
    }
    expect(wa.sent.filter((s) => s.chatId === WA3)).toEqual([]);
  });

  it('puts it in the simulated chat with the three choices', async () => {
    const transcript = await app.runtime.ctx.stores.simulator.transcript('s1', SIM);
    expect(transcript).toHaveLength(1);
    expect(transcript[0]?.text).toContain('17:00');
    expect(transcript[0]?.choices?.map((c) => c.id)).toEqual([`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`]);
  });
});

describe('choices coming back', () => {
  it('records a Telegram button, a Messenger quick reply and a WhatsApp poll vote on the right rows, and thanks each guardian on their channel', async () => {
    const rowsBefore = await deliveries(app, eventId);
    const poll = wa.sent.find((s) => s.chatId === WA1 && s.poll);
    expect(poll, 'the poll sent to gW1').toBeDefined();
    // The vote names the message the adapter returned for the invitation (the poll, sent last).
    expect(rowsBefore.get('gW1')?.platformMessageId).toBe(poll!.id);

    const tap = await postTelegram(app, callbackUpdate(`r.yes.${eventId}`, 'cq-e2e-0001', 812100001));
    expect(tap.statusCode, tap.body).toBe(200);
    expect(tap.json()).toEqual({ ok: true, accepted: 1 });
    const quick = await postMessenger(app, pageWebhook([{
      pageId: PAGE.pageId,
      messaging: [messengerItems.quickReply({ psid: PSID_WINDOW, pageId: PAGE.pageId, timestamp: Date.now() }, 'mid.e2e.qr1', t('en', 'rsvp.no'), `r.no.${eventId}`)],
    }]));
    expect(quick.statusCode, quick.body).toBe(200);
    expect(quick.json()).toEqual({ ok: true, accepted: 1 });
    wa.emitVote({ voter: WA1, pollId: poll!.id, selected: [2], names: poll!.poll!.options, at: Date.now() });

    const after = await waitFor(async () => {
      const e = await getEvent(app, eventId);
      return e.rsvp && e.rsvp.yes + e.rsvp.no + e.rsvp.maybe === 3 ? e : undefined;
    }, 10_000, 'three RSVPs');
    expect(after.rsvp).toEqual({ yes: 1, no: 1, maybe: 1, pending: 3 });
    const rows = await deliveries(app, eventId);
    const answers = Object.fromEntries([...rows].map(([g, d]: [string, Delivery]) => [g, d.rsvp ?? null]));
    expect(answers).toEqual({ gT: 'yes', gM1: 'no', gM2: null, gW1: 'maybe', gW2: null, gW3: null, gS: null });
    for (const g of ['gT', 'gM1', 'gW1']) expect(Date.parse(rows.get(g)?.rsvpAt ?? ''), g).toBeGreaterThan(0);
    // Status is untouched by the answer.
    expect(rows.get('gT')?.status).toBe('delivered');
    expect(rows.get('gM1')?.status).toBe('sent');

    // Each guardian is thanked on the channel they answered on, in their language.
    await waitFor(async () => tg.sentTo(PARENT_CHAT_ID).includes(t(locales.gT!, 'rsvp.thanks.yes')), 10_000, 'the Telegram thank-you');
    await waitFor(async () => graph.sentTo(PSID_WINDOW).includes(t(locales.gM1!, 'rsvp.thanks.no')), 10_000, 'the Messenger thank-you');
    await waitFor(async () => wa.texts(WA1).includes(t(locales.gW1!, 'rsvp.thanks.maybe')), 10_000, 'the WhatsApp thank-you');
    // Nobody else was thanked.
    expect(tg.sentTo(PARENT_CHAT_ID)).toHaveLength(2);
    expect(graph.sentTo(PSID_JOINED)).toHaveLength(2); // welcome + invitation
    expect(wa.texts(WA2)).toHaveLength(3); // welcome + invitation + poll

    // The Telegram button's spinner was stopped (acknowledged without waiting, so wait for it).
    const answered = await waitFor(async () => {
      const found = tg.received.filter((c) => c.method === 'answerCallbackQuery');
      return found.length > 0 ? found : undefined;
    }, 5_000, 'answerCallbackQuery');
    expect(answered.map((c) => c.body.callback_query_id)).toEqual(['cq-e2e-0001']);
  });
});
