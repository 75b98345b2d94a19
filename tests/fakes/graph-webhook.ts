/**
 * Messenger webhook POSTs as Meta sends them (shared/PLATFORMS.md §2.2–2.3): realistic event
 * shapes, serialised with non-ASCII escaped as lowercase `\uXXXX`, signed with the app secret.
 */
import { createHmac } from 'node:crypto';
import type { WebhookRequest } from '../../src/core/index.js';

/** Meta's serialisation: every character from U+007F up written as a lowercase `\uXXXX` escape. */
export function metaJson(obj: unknown): string {
  return JSON.stringify(obj).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** The `X-Hub-Signature-256` value for these exact bytes. */
export function signMetaBody(raw: string | Buffer, appSecret: string): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(raw).digest('hex');
}

/** A webhook POST as the adapter sees it; `signature: null` leaves the header out. */
export function webhookPost(raw: string, opts: { appSecret: string; signature?: string | null }): WebhookRequest {
  const signature = opts.signature === undefined ? signMetaBody(raw, opts.appSecret) : opts.signature;
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    query: {},
    rawBody: Buffer.from(raw, 'utf8'),
  };
}

/** `{object: 'page', entry: [...]}` with one entry per Page, in the order given. */
export function pageWebhook(entries: Array<{ pageId: string; messaging: object[]; time?: number }>): object {
  return {
    object: 'page',
    entry: entries.map((e) => ({ id: e.pageId, time: e.time ?? 1764000000000, messaging: e.messaging })),
  };
}

interface Who {
  psid: string;
  pageId: string;
  timestamp?: number;
}

function envelope(w: Who): { sender: { id: string }; recipient: { id: string }; timestamp: number } {
  return { sender: { id: w.psid }, recipient: { id: w.pageId }, timestamp: w.timestamp ?? 1764000000000 };
}

/** Builders for the messaging items a Page receives. */
export const messengerItems = {
  text: (w: Who, mid: string, text: string, replyToMid?: string) => ({
    ...envelope(w),
    message: { mid, text, ...(replyToMid ? { reply_to: { mid: replyToMid } } : {}) },
  }),
  quickReply: (w: Who, mid: string, title: string, payload: string) => ({ ...envelope(w), message: { mid, text: title, quick_reply: { payload } } }),
  /** Get Started in a new conversation opened from `m.me/<page>?ref=<ref>`. */
  getStartedWithRef: (w: Who, mid: string, ref: string) => ({
    ...envelope(w),
    postback: { mid, title: 'Get Started', payload: 'GET_STARTED', referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } },
  }),
  postback: (w: Who, mid: string | undefined, title: string, payload: string) => ({ ...envelope(w), postback: { ...(mid ? { mid } : {}), title, payload } }),
  /** An existing conversation opened an m.me link (messaging_referrals). */
  referral: (w: Who, ref: string) => ({ ...envelope(w), referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } }),
  /** Our own message echoed back: the Page is the sender. */
  echo: (w: Who, mid: string, text: string) => ({
    sender: { id: w.pageId },
    recipient: { id: w.psid },
    timestamp: w.timestamp ?? 1764000000000,
    message: { mid, text, is_echo: true, app_id: 1517776481860111 },
  }),
  delivery: (w: Who, mids: string[], watermark: number) => ({ ...envelope(w), delivery: { mids, watermark } }),
  read: (w: Who, watermark: number) => ({ ...envelope(w), read: { watermark } }),
  image: (w: Who, mid: string) => ({ ...envelope(w), message: { mid, attachments: [{ type: 'image', payload: { url: 'https://example.invalid/p.jpg' } }] } }),
};
