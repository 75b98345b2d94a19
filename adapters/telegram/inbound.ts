/**
 * Pure: one Telegram Update → normalised inbound events. Never throws; anything we cannot read
 * or do not handle (edited messages, groups, inline mode, service messages) gives [].
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
import { baseContentType, type InboundBase, type InboundEvent, type InboundMedia, type MediaKind, type UnsupportedKind } from '../../src/core/index.js';
import { TELEGRAM_START_PAYLOAD } from './capabilities.js';
import {
  telegramUpdateSchema,
  type TelegramCallbackQuery,
  type TelegramChatMemberUpdated,
  type TelegramFile,
  type TelegramMessage,
  type TelegramPhotoSize,
} from './schema.js';

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

/** A text (see fromText), a file we take (voice, audio, photo, document), or one we cannot take. */
function fromMessage(m: TelegramMessage, base: MakeBase): InboundEvent[] {
  if (m.chat.type !== 'private') return [];
  const b = { ...base(m.chat.id, m.from?.language_code), ...(m.date > 0 ? { sentAt: new Date(m.date * 1000) } : {}) };
  const replyTo = m.reply_to_message ? { replyTo: String(m.reply_to_message.message_id) } : {};
  if (m.text !== undefined) return fromText(m.text, b, replyTo);
  const media = mediaOf(m);
  if (media) {
    const caption = m.caption?.trim() ? { text: m.caption } : {};
    return [{ ...b, type: 'media', media, ...caption, ...replyTo }];
  }
  const what = unsupportedOf(m);
  // Anything else (polls, dice, service messages such as a pinned message) says nothing to us.
  return what ? [{ ...b, type: 'unsupported', what, ...replyTo }] : [];
}

/** `/start <code>` from a join link, `/start` typed by hand, or any other text. */
function fromText(text: string, b: InboundBase, replyTo: { replyTo?: string }): InboundEvent[] {
  if (text.trim() === '') return [];
  const start = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/.exec(text.trim());
  const payload = start?.[1];
  if (payload !== undefined && TELEGRAM_START_PAYLOAD.test(payload)) return [{ ...b, type: 'join', payload }];
  if (start) return [{ ...b, type: 'text', text: '/start' }];
  return [{ ...b, type: 'text', text, ...replyTo }];
}

/**
 * The file a message carries, named by its file_id (what getFile takes). An animation (a GIF) is
 * not a document even though Telegram also sets `document` beside it for old clients.
 */
function mediaOf(m: TelegramMessage): InboundMedia | undefined {
  if (m.voice) return fileMedia('voice', m.voice);
  if (m.audio) return fileMedia('audio', m.audio);
  const photo = largest(m.photo ?? []);
  if (photo) return { kind: 'photo', ref: photo.file_id, ...(photo.file_size !== undefined ? { size: photo.file_size } : {}) };
  if (m.document && !m.animation) return fileMedia('document', m.document);
  return undefined;
}

function fileMedia(kind: MediaKind, f: TelegramFile): InboundMedia {
  return {
    kind,
    ref: f.file_id,
    ...(f.mime_type ? { contentType: f.mime_type } : {}),
    ...(f.file_size !== undefined ? { size: f.file_size } : {}),
    ...(f.file_name ? { fileName: f.file_name } : {}),
  };
}

/** Telegram sends each photo in several sizes; the teacher wants the one with the most pixels. */
function largest(sizes: readonly TelegramPhotoSize[]): TelegramPhotoSize | undefined {
  const score = (p: TelegramPhotoSize) => [p.width * p.height, p.file_size ?? 0] as const;
  return sizes.reduce<TelegramPhotoSize | undefined>((best, p) => {
    if (!best) return p;
    const [area, bytes] = score(p);
    const [bestArea, bestBytes] = score(best);
    return area > bestArea || (area === bestArea && bytes > bestBytes) ? p : best;
  }, undefined);
}

function unsupportedOf(m: TelegramMessage): UnsupportedKind | undefined {
  if (m.sticker) return 'sticker';
  if (m.location || m.venue) return 'location';
  if (m.video || m.video_note || m.animation) return 'video';
  if (m.contact) return 'contact';
  return undefined;
}

/**
 * Telegram's file extensions for what parents send (voice notes are `voice/file_N.oga`, photos
 * `photos/file_N.jpg`): the content type when the message did not report one (photos never do).
 */
const TYPES_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['oga', 'audio/ogg'],
  ['ogg', 'audio/ogg'],
  ['mp3', 'audio/mpeg'],
  ['m4a', 'audio/mp4'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['pdf', 'application/pdf'],
]);

/**
 * A downloaded file's content type: the one the sender's app reported with the message, else
 * the one its file_path's extension names, else unknown (application/octet-stream). The file
 * server's own Content-Type is not used: getFile's note says the file "may not preserve the
 * original file name and MIME type".
 */
export function telegramContentType(reported: string | undefined, filePath: string): string {
  const base = baseContentType(reported);
  if (base) return base;
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(filePath)?.[1]?.toLowerCase();
  return (extension && TYPES_BY_EXTENSION.get(extension)) || 'application/octet-stream';
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
