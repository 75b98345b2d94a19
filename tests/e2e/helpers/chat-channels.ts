/**
 * A parent's or teacher's phone on a real channel, for conversation tests against the local
 * fakes: what they send (Telegram updates for any private chat, Messenger texts and quick-reply
 * taps, WhatsApp texts and poll votes) and a reader that waits for the next message the school
 * sends to that chat on that platform, so a test reads a conversation in order.
 */
import { expect } from 'vitest';
import type { FakeGraph, ReceivedMessage } from '../../fakes/graph-api.js';
import { messengerItems, pageWebhook } from '../../fakes/graph-webhook.js';
import type { FakeWhatsAppClient, SentRecord } from '../../fakes/whatsapp-client.js';
import { waitFor, type TestApp } from '../../helpers/app.js';
import { botMessagesTo, type BotApiRecorder, type BotMessage } from './bot-api-recorder.js';
import { PAGE } from './channels.js';
import { postMessenger, postTelegram } from './webhooks.js';

/** Waits for the messages of one chat, one at a time, in the order they were sent. */
export interface ChatReader<M> {
  next(what?: string): Promise<M>;
  /** Everything sent to the chat so far. */
  all(): M[];
  /** Marks what arrived so far as read. */
  skipAll(): void;
}

export function chatReader<M>(list: () => M[], where: string, timeoutMs = 15_000): ChatReader<M> {
  let seen = 0;
  return {
    async next(what = 'a message from the school') {
      const messages = await waitFor(async () => {
        const all = list();
        return all.length > seen ? all : undefined;
      }, timeoutMs, `${what} in ${where}`);
      return messages[seen++] as M;
    },
    all: list,
    skipAll() {
      seen = list().length;
    },
  };
}

/** The text without bidi controls (Arabic lines are marked RTL), for readable assertions. */
export function plain(text: string): string {
  return text.replace(/[\u2066-\u2069\u200E\u200F\u061C]/g, '');
}

// --- Telegram -----------------------------------------------------------------------------

const BOT_USER = { id: 123456789, is_bot: true, first_name: 'School', username: 'school_test_bot' };
/** update_id counts up per bot; each test app has its own dedupe keys, so a plain counter does. */
let updateId = 870_000_000;
const nextUpdateId = () => ++updateId;
let messageSeq = 5000;

export interface TelegramPerson {
  chatId: number;
  firstName: string;
  languageCode?: string;
}

function person(p: TelegramPerson) {
  return {
    from: { id: p.chatId, is_bot: false, first_name: p.firstName, ...(p.languageCode ? { language_code: p.languageCode } : {}) },
    chat: { id: p.chatId, first_name: p.firstName, type: 'private' },
  };
}

/** What typing `text` in the private chat sends (a message update), optionally as a reply to one of the bot's messages. */
export function telegramText(p: TelegramPerson, text: string, opts: { replyTo?: BotMessage; at?: Date } = {}) {
  const { from, chat } = person(p);
  const date = Math.floor((opts.at ?? new Date()).getTime() / 1000);
  return {
    update_id: nextUpdateId(),
    message: {
      message_id: ++messageSeq,
      from,
      chat,
      date,
      text,
      ...(opts.replyTo ? { reply_to_message: { message_id: opts.replyTo.messageId, from: BOT_USER, chat, date: date - 60, text: opts.replyTo.text } } : {}),
    },
  };
}

/** What tapping the inline button `data` under the bot's message `on` sends (a callback_query update). */
export function telegramTap(p: TelegramPerson, on: BotMessage, data: string, queryId = `cq-${nextUpdateId()}`) {
  const { from, chat } = person(p);
  expect(on.buttons.map((b) => b.data), `a button ${data} under message ${on.messageId}`).toContain(data);
  return {
    update_id: nextUpdateId(),
    callback_query: {
      id: queryId,
      from,
      message: { message_id: on.messageId, from: BOT_USER, chat, date: Math.floor(Date.now() / 1000), text: on.text, reply_markup: { inline_keyboard: on.buttons.map((b) => [{ text: b.text, callback_data: b.data }]) } },
      chat_instance: `ci-${p.chatId}`,
      data,
    },
  };
}

/** Posts an update to the bot's webhook as Telegram does, and checks it was taken. */
export async function toBot(t: TestApp, update: object): Promise<void> {
  const res = await postTelegram(t, update);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual({ ok: true, accepted: 1 });
}

export function telegramChat(recorder: BotApiRecorder, chatId: number | string): ChatReader<BotMessage> {
  return chatReader(() => botMessagesTo(recorder, chatId), `Telegram chat ${chatId}`);
}

// --- Messenger ----------------------------------------------------------------------------

let midSeq = 0;
const nextMid = () => `mid.$conv${Date.now().toString(36)}${++midSeq}`;

export async function messengerText(t: TestApp, psid: string, text: string, at = new Date()): Promise<void> {
  const body = pageWebhook([{ pageId: PAGE.pageId, messaging: [messengerItems.text({ psid, pageId: PAGE.pageId, timestamp: at.getTime() }, nextMid(), text)] }]);
  const res = await postMessenger(t, body);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual({ ok: true, accepted: 1 });
}

/** A quick reply tapped: Messenger posts its title as the text and its payload beside it. */
export async function messengerQuickReply(t: TestApp, psid: string, title: string, payload: string, at = new Date()): Promise<void> {
  const body = pageWebhook([{ pageId: PAGE.pageId, messaging: [messengerItems.quickReply({ psid, pageId: PAGE.pageId, timestamp: at.getTime() }, nextMid(), title, payload)] }]);
  const res = await postMessenger(t, body);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual({ ok: true, accepted: 1 });
}

export function messengerChat(graph: FakeGraph, psid: string): ChatReader<ReceivedMessage> {
  return chatReader(() => graph.received.filter((m) => m.body.recipient.id === psid), `Messenger chat ${psid}`);
}

// --- WhatsApp -----------------------------------------------------------------------------

let keySeq = 0;

/** A text typed in WhatsApp by `from` (a phone chat id), stamped now. */
export function whatsappText(wa: FakeWhatsAppClient, from: string, body: string): void {
  wa.emitMessage({ from, body, key: `3EB0CONV${Date.now().toString(16).toUpperCase()}${++keySeq}`, timestamp: Math.floor(Date.now() / 1000) });
}

/** Bubbles sent to a WhatsApp chat: a message with choices is its text, then its poll. */
export function whatsappChat(wa: FakeWhatsAppClient, chatId: string): ChatReader<SentRecord> {
  // A send is two client calls 1 s apart (pacing), and a question waits for a slot: be generous.
  return chatReader(() => wa.sent.filter((s) => s.chatId === chatId), `WhatsApp chat ${chatId}`, 20_000);
}
