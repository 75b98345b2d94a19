/**
 * The parts of Telegram's Update JSON we read (Bot API "Update", grammyjs/types update.ts),
 * nothing more. Unknown fields are stripped and unknown update kinds simply parse with none
 * of the optional fields set, so Telegram adding a kind never breaks parsing (STYLE 11).
 */
import { z } from 'zod';

/** Chat and user ids need up to 52 bits: JSON numbers hold them exactly. */
const telegramId = z.number().int();

const chatSchema = z.object({
  id: telegramId,
  /** 'private' | 'group' | 'supergroup' | 'channel'; a string so new types do not fail the update. */
  type: z.string(),
});

const userSchema = z.object({
  id: telegramId,
  is_bot: z.boolean().optional(),
  /** IETF language tag of the user's Telegram app language, e.g. "ar", "en", "fr". */
  language_code: z.string().max(35).optional(),
});

/**
 * A file a parent sent (Bot API Voice, Audio, Document): `file_id` is what getFile takes. The
 * optional fields are as the sender's app reported them; photos carry no mime_type at all.
 */
const fileSchema = z.object({
  file_id: z.string().min(1),
  /** Bytes. */
  file_size: z.number().int().nonnegative().optional(),
  mime_type: z.string().max(255).optional(),
  file_name: z.string().max(1024).optional(),
});

/** One size of a photo (Bot API PhotoSize); a photo message carries several. */
const photoSizeSchema = z.object({
  file_id: z.string().min(1),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  file_size: z.number().int().nonnegative().optional(),
});

/** What we cannot take (stickers, videos, places, contacts): only whether it is there matters. */
const present = z.object({}).optional();

const messageSchema = z.object({
  message_id: telegramId,
  /** Unix seconds. */
  date: z.number(),
  chat: chatSchema,
  from: userSchema.optional(),
  text: z.string().optional(),
  reply_to_message: z.object({ message_id: telegramId }).optional(),
  /** The text sent with a photo, voice note, audio or document. */
  caption: z.string().optional(),
  voice: fileSchema.optional(),
  audio: fileSchema.optional(),
  /** A general file. Also set, for old clients, beside `animation` (a GIF): check that first. */
  document: fileSchema.optional(),
  /** Sizes of one photo, smallest first in practice; a live photo sets this too. */
  photo: z.array(photoSizeSchema).optional(),
  sticker: present,
  location: present,
  /** A place; `location` is set beside it. */
  venue: present,
  video: present,
  /** The round video messages. */
  video_note: present,
  animation: present,
  contact: present,
});

const callbackQuerySchema = z.object({
  id: z.string().min(1),
  from: userSchema,
  /** The message the button was on; an InaccessibleMessage (date 0) when it is old. Absent for inline mode. */
  message: z.object({ message_id: telegramId, chat: chatSchema }).optional(),
  data: z.string().optional(),
});

const chatMemberUpdatedSchema = z.object({
  chat: chatSchema,
  from: userSchema,
  date: z.number(),
  /** 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked'. */
  new_chat_member: z.object({ status: z.string() }),
});

export const telegramUpdateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: messageSchema.optional(),
  callback_query: callbackQuerySchema.optional(),
  /** "For private chats, this update is received only when the bot is blocked or unblocked by the user." */
  my_chat_member: chatMemberUpdatedSchema.optional(),
});

export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;
export type TelegramMessage = z.infer<typeof messageSchema>;
export type TelegramFile = z.infer<typeof fileSchema>;
export type TelegramPhotoSize = z.infer<typeof photoSizeSchema>;
export type TelegramCallbackQuery = z.infer<typeof callbackQuerySchema>;
export type TelegramChatMemberUpdated = z.infer<typeof chatMemberUpdatedSchema>;

/** What getUpdates needs from each item to move its offset on, even past one we cannot read. */
export const updateIdSchema = z.object({ update_id: z.number().int().nonnegative() });

/** The `Message` sendMessage returns: only its id is used (replies and taps refer to it). */
export const sentMessageSchema = z.object({ message_id: telegramId });

/** getFile's `File`: `file_path` is absent when Telegram will not serve the file. */
export const fileInfoSchema = z.object({ file_path: z.string().min(1).max(1024).optional() });
