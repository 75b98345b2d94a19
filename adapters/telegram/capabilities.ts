import type { Capabilities } from '../../src/core/index.js';

/** sendMessage `text`: 1–4096 characters after entity parsing (Bot API sendMessage). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;
/** InlineKeyboardButton `callback_data`: 1–64 bytes, UTF-8 (Bot API InlineKeyboardButton). */
export const TELEGRAM_CALLBACK_DATA_LIMIT_BYTES = 64;
/** `/start` deep-link payload: 1–64 of A-Z a-z 0-9 _ - (core.telegram.org/bots/features#deep-linking). */
export const TELEGRAM_START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Telegram as data, read by the planner before `send` is ever called (STYLE 2).
 *
 * - maxChoices 8, labels 40: the API allows more, but a phone screen shows about eight
 *   full-width buttons and a 40-character label without truncating it.
 * - rateLimit 25/s per bot: the Bot FAQ says bulk sends hit 429 at "30 messages per second or
 *   so" (PLATFORMS §1.4); 25 keeps a margin, and a 429 still arrives as RateLimitedError.
 * - canMessageFirst false: a bot can write only to someone who pressed START (a join link).
 * - sendConfirmsDelivery true: a successful sendMessage only means Telegram's servers took the
 *   message, but bots never get delivery or read receipts, so that is the last news we will
 *   ever have of it; `send` sets deliveredAt = sentAt rather than leave it "sent" forever.
 */
export const TELEGRAM_CAPABILITIES = {
  maxTextLength: TELEGRAM_MESSAGE_LIMIT,
  choiceUi: 'buttons',
  maxChoices: 8,
  maxChoiceLabelLength: 40,
  callbackDataMaxBytes: TELEGRAM_CALLBACK_DATA_LIMIT_BYTES,
  rateLimit: { max: 25, durationMs: 1000 },
  canMessageFirst: false,
  sendConfirmsDelivery: true,
  // Uploaded with the message (sendVoice, sendAudio, sendPhoto, sendDocument; 50 MB a file).
  sendsMedia: ['voice', 'audio', 'photo', 'document'],
} as const satisfies Capabilities;
