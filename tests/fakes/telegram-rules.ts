/** What the fake Bot API checks in a sendMessage body, with Telegram's own error texts. */
import { z } from 'zod';

/** Bot API's error answer (grammyjs/types api.ts ApiError, less `ok`). */
export interface BotApiError {
  error_code: number;
  description: string;
  /** retry_after is in seconds. */
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

const button = z.object({ text: z.string(), callback_data: z.string().optional(), url: z.string().optional() });
const sendMessageSchema = z.object({
  chat_id: z.union([z.number().int(), z.string()]).optional(),
  text: z.string().optional(),
  parse_mode: z.string().optional(),
  reply_markup: z.object({ inline_keyboard: z.array(z.array(button)) }).optional(),
});

export type ReplyMarkup = z.infer<typeof sendMessageSchema>['reply_markup'];

export type SendMessageCheck = { chatId: string; text: string; replyMarkup: ReplyMarkup } | { error: BotApiError };

const bad = (description: string): { error: BotApiError } => ({ error: { error_code: 400, description: `Bad Request: ${description}` } });

export function validateSendMessage(body: unknown): SendMessageCheck {
  const parsed = sendMessageSchema.safeParse(body);
  if (!parsed.success) return bad('invalid parameters');
  const { chat_id, text, reply_markup } = parsed.data;
  if (chat_id === undefined || chat_id === '') return bad('chat_id is empty');
  // Private chats have numeric ids; "@name" strings are channels, which this fake does not host.
  if (!/^-?\d{1,20}$/.test(String(chat_id))) return bad('chat not found');
  if (text === undefined || text.trim() === '') return bad('message text is empty');
  // The limit is 4096 characters; String.length counts UTF-16 units, never fewer than that.
  if (text.length > 4096) return bad('message is too long');
  for (const b of reply_markup?.inline_keyboard.flat() ?? []) {
    if (b.text === '') return bad('text buttons are unallowed in the inline keyboard');
    const bytes = Buffer.byteLength(b.callback_data ?? '', 'utf8');
    if (b.url === undefined && (bytes < 1 || bytes > 64)) return bad('BUTTON_DATA_INVALID');
  }
  return { chatId: String(chat_id), text, replyMarkup: reply_markup };
}
