/**
 * Pure: one Telegram Update → normalised inbound events. Never throws; anything we cannot read
 * or do not handle (edited messages, photos, groups, inline mode) gives [].
 *
 * Dedupe keys (`platformMessageId`). Telegram resends an update it could not deliver, with the
 * same update_id and the same content, so the key must come from those, never from the time
 * it arrived:
 * - messages and chat-member updates: `u:<accountId>:<update_id>`. update_id counts per bot, and
 *   the dedupe store keys on platform + id only, so the account id keeps two bots' update 1001
 *   apart. (update_id restarts at a random value after a week without updates; the dedupe TTL
 *   is a week, so an old key cannot swallow a new update.)
 * - button taps: `cq:<accountId>:<callback_query.id>`. The query id is as stable as the
 *   update_id and unique per tap, and `acknowledge` needs it to call answerCallbackQuery.
 */
import type { InboundBase, InboundEvent } from '../../src/core/index.js';
import { TELEGRAM_START_PAYLOAD } from './capabilities.js';
import { telegramUpdateSchema, type TelegramCallbackQuery, type TelegramChatMemberUpdated, type TelegramMessage } from './schema.js';

export function callbackQueryKey(accountId: string, callbackQueryId: string): string {
  return `cq:${accountId}:${callbackQueryId}`;
}

export function normaliseTelegramUpdate(body: unknown, accountId: string, receivedAt: Date): InboundEvent[] {
  const parsed = telegramUpdateSchema.safeParse(body);
  if (!parsed.success) return [];
  const update = parsed.data;
  const base = (chatId: number, languageHint: string | undefined, key: string): InboundBase => ({
    platform: 'telegram',
    accountId,
    // The chat id is the address we send to; in a private chat it equals the user's id.
    from: String(chatId),
    platformMessageId: key,
    ...(languageHint ? { languageHint } : {}),
    receivedAt,
  });
  const updateKey = `u:${accountId}:${update.update_id}`;
  if (update.message) return fromMessage(update.message, (c, l) => base(c, l, updateKey));
  if (update.callback_query) {
    const q = update.callback_query;
    return fromCallbackQuery(q, (c, l) => base(c, l, callbackQueryKey(accountId, q.id)));
  }
  if (update.my_chat_member) return fromChatMember(update.my_chat_member, (c, l) => base(c, l, updateKey));
  return [];
}

type MakeBase = (chatId: number, languageHint: string | undefined) => InboundBase;

/** `/start <code>` from a join link, `/start` typed by hand, or any other text. */
function fromMessage(m: TelegramMessage, base: MakeBase): InboundEvent[] {
  if (m.chat.type !== 'private' || m.text === undefined || m.text.trim() === '') return [];
  const b = { ...base(m.chat.id, m.from?.language_code), ...(m.date > 0 ? { sentAt: new Date(m.date * 1000) } : {}) };
  const start = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/.exec(m.text.trim());
  const payload = start?.[1];
  if (payload !== undefined && TELEGRAM_START_PAYLOAD.test(payload)) return [{ ...b, type: 'join', payload }];
  if (start) return [{ ...b, type: 'text', text: '/start' }];
  const replyTo = m.reply_to_message ? { replyTo: String(m.reply_to_message.message_id) } : {};
  return [{ ...b, type: 'text', text: m.text, ...replyTo }];
}

/** A tap on one of our inline buttons: callback_data is the choice id we planned. */
function fromCallbackQuery(q: TelegramCallbackQuery, base: MakeBase): InboundEvent[] {
  // No message: a button under an inline-mode message, which this bot never sends.
  if (!q.message || q.message.chat.type !== 'private' || !q.data) return [];
  const b = base(q.message.chat.id, q.from.language_code);
  return [{ ...b, type: 'choice', choiceId: q.data, replyTo: String(q.message.message_id) }];
}

/** In a private chat, Telegram sends my_chat_member only when the user blocks or unblocks the bot. */
function fromChatMember(u: TelegramChatMemberUpdated, base: MakeBase): InboundEvent[] {
  if (u.chat.type !== 'private') return [];
  const b = base(u.chat.id, u.from.language_code);
  if (u.new_chat_member.status === 'kicked') return [{ ...b, type: 'blocked' }];
  if (u.new_chat_member.status === 'member') return [{ ...b, type: 'unblocked' }];
  return [];
}
