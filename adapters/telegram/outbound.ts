/**
 * Pure planning: what Telegram will be sent, decided before any IO.
 *
 * No `parse_mode`: messages carry parents' and children's names, and in HTML or MarkdownV2
 * mode every `<`, `&`, `_` or `*` in a name would have to be escaped or the whole message is
 * rejected with 400 "can't parse entities". Plain text shows exactly what we wrote.
 */
import type { Choice, Locale, PlannedMessage } from '../../src/core/index.js';
import { splitText } from '../../src/core/index.js';
import { TELEGRAM_CAPABILITIES as CAPS, TELEGRAM_START_PAYLOAD } from './capabilities.js';

export interface InlineKeyboardButton {
  text: string;
  callback_data: string;
}

/** The sendMessage fields we use (Bot API sendMessage), exactly as they go on the wire. */
export interface SendMessageBody {
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard: InlineKeyboardButton[][] };
}

/**
 * Text split into ≤ 4096-unit parts (splitText counts UTF-16 units, never fewer than the
 * characters Telegram counts), choices as buttons with labels cut to 40 characters.
 * Throws on what Telegram would reject anyway: no text, an empty label, or a choice id that is
 * not 1–64 bytes (our ids are ASCII `r.yes.<eventId>`, far below it).
 */
export function planTelegramMessage(msg: { text: string; choices?: Choice[]; locale: Locale }): PlannedMessage {
  const parts = splitText(msg.text, CAPS.maxTextLength);
  if (parts.length === 0) throw new Error('Telegram cannot send an empty message: text is blank');
  const planned: PlannedMessage = { parts, locale: msg.locale };
  if (msg.choices?.length) {
    // Beyond maxChoices they are dropped, as every planner does; the domain plans within it.
    planned.choices = msg.choices.slice(0, CAPS.maxChoices).map(planChoice);
  }
  return planned;
}

function planChoice(choice: Choice): Choice {
  const bytes = Buffer.byteLength(choice.id, 'utf8');
  if (bytes < 1 || bytes > CAPS.callbackDataMaxBytes) {
    throw new Error(`choice id '${choice.id}' is ${bytes} bytes; Telegram callback_data takes 1–${CAPS.callbackDataMaxBytes}`);
  }
  // By code points, so an Arabic letter or an emoji is never cut in half.
  const label = [...choice.label.trim()].slice(0, CAPS.maxChoiceLabelLength).join('');
  if (!label) throw new Error(`choice '${choice.id}' has an empty label; Telegram rejects empty buttons`);
  return { id: choice.id, label };
}

/** One sendMessage body per part; the keyboard rides on the last part, one button per row. */
export function toSendMessageBodies(planned: PlannedMessage, chatId: string): SendMessageBody[] {
  const last = planned.parts.length - 1;
  return planned.parts.map((text, i) => {
    const body: SendMessageBody = { chat_id: chatId, text };
    if (i === last && planned.choices?.length) body.reply_markup = inlineKeyboard(planned.choices);
    return body;
  });
}

/** One button per row: Arabic labels are long, and full-width buttons are easy to tap. */
export function inlineKeyboard(choices: readonly Choice[]): { inline_keyboard: InlineKeyboardButton[][] } {
  return { inline_keyboard: choices.map((c) => [{ text: c.label, callback_data: c.id }]) };
}

/** `https://t.me/<bot>?start=<code>`: pressing START sends us `/start <code>`. */
export function telegramJoinLink(username: string, code: string): string {
  if (!TELEGRAM_START_PAYLOAD.test(code)) {
    throw new Error('a Telegram join code must be 1–64 of A-Z, a-z, 0-9, _ and -');
  }
  return `https://t.me/${username}?start=${code}`;
}
