/**
 * Platform webhooks as the platforms send them, posted to the real app: Meta's escaped JSON
 * signed with the app secret, Telegram updates with the bot's secret header.
 */
import type { LightMyRequestResponse } from 'fastify';
import { metaJson, signMetaBody } from '../../fakes/graph-webhook.js';
import type { TestApp } from '../../helpers/app.js';
import { BOT, PAGE } from './channels.js';

export interface MessengerPostOptions {
  /** The exact bytes to send; default metaJson(body), as Meta serialises. */
  raw?: string;
  /** The header value; default the right HMAC of `raw`; null leaves the header out. */
  signature?: string | null;
}

export function postMessenger(t: TestApp, body: object, opts: MessengerPostOptions = {}): Promise<LightMyRequestResponse> {
  const raw = opts.raw ?? metaJson(body);
  const signature = opts.signature === undefined ? signMetaBody(raw, PAGE.appSecret) : opts.signature;
  return t.app.inject({
    method: 'POST',
    url: '/webhooks/messenger',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    payload: raw,
  });
}

/** `secret: null` leaves the X-Telegram-Bot-Api-Secret-Token header out. */
export function postTelegram(t: TestApp, update: object, secret: string | null = BOT.webhookSecret): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${BOT.id}`,
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    payload: JSON.stringify(update),
  });
}

/** Meta's subscription GET. */
export function messengerHandshake(t: TestApp, query: Record<string, string>): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url: '/webhooks/messenger', query });
}

/** A Telegram update moved to another private chat (the fixtures all share one chat and user). */
export function inChat<U extends { message?: { chat: object; from?: object } }>(update: U, chatId: number, languageCode?: string): U {
  const m = update.message;
  if (!m) return update;
  return {
    ...update,
    message: {
      ...m,
      chat: { ...m.chat, id: chatId },
      ...(m.from ? { from: { ...m.from, id: chatId, ...(languageCode ? { language_code: languageCode } : {}) } } : {}),
    },
  };
}
