import type { Capabilities } from '../../src/core/index.js';

/**
 * Messenger's limits as data (shared/PLATFORMS.md §2.1, §2.5).
 *
 * - maxTextLength: the Send API allows 2000 characters, but Salesforce reports 1994 for its
 *   channel and splitText may append closing bidi isolates (1 unit each) after a cut, so we
 *   plan 1900 UTF-16 units and keep 100 in hand.
 * - Quick replies: at most 13, title ≤ 20 characters, payload ≤ 1000 characters (ASCII choice
 *   ids, so 1000 bytes is the same bound).
 * - rateLimit: the Send API allows 300 calls/s per Page, but a Page sending more than 40
 *   messages/s sustained stops its Page Inbox from showing or sending new messages — the
 *   inbox staff read replies in. The limiter counts sends, and a long invitation is two
 *   calls, so 30 sends/s keeps a one- or two-part invitation near or below 40 calls/s; a
 *   school of 1000 guardians still goes out in about 35 s.
 * - canMessageFirst: a parent must write first (m.me link with ?ref=, Get Started).
 * - sendConfirmsDelivery: a message id is not delivery; `delivery` webhooks say that later.
 * - sendsMedia: every kind we keep, uploaded with the Send API as multipart/form-data (a voice
 *   note or audio as `audio`, a photo as `image`, a PDF as `file`; 25 MB a file), under the
 *   same window rule as the text. Meta documents no audio format list [U]: OGG from Telegram
 *   or WhatsApp is sent as audio, as it came.
 */
export const MESSENGER_CAPABILITIES = {
  maxTextLength: 1900,
  choiceUi: 'quick_replies',
  maxChoices: 13,
  maxChoiceLabelLength: 20,
  callbackDataMaxBytes: 1000,
  messagingWindowHours: 24,
  rateLimit: { max: 30, durationMs: 1000 },
  canMessageFirst: false,
  sendConfirmsDelivery: false,
  sendsMedia: ['voice', 'audio', 'photo', 'document'],
} as const satisfies Capabilities;
