/**
 * Pure: a Messenger webhook POST as normalised inbound events (shared/PLATFORMS.md §2.2).
 * One POST may carry several entries, each with several messaging items: every one is read.
 */
import type { InboundEvent, MediaKind, UnsupportedKind } from '../../src/core/index.js';
import { type Attachment, attachmentSchema, type MessagingItem, messagingItemSchema, messengerWebhookSchema } from './schema.js';

/** Which Page this adapter is: one Meta app's webhook carries every Page subscribed to it. */
export interface InboundTarget {
  accountId: string;
  pageId: string;
}

type Base = Pick<InboundEvent, 'platform' | 'accountId' | 'from' | 'receivedAt' | 'sentAt'>;

/**
 * Events for this Page, in order. Entries for other Pages are skipped (their own adapter reads
 * them); so are echoes of our messages and unknown kinds.
 */
export function normaliseMessengerInbound(body: unknown, target: InboundTarget, receivedAt: Date): InboundEvent[] {
  const parsed = messengerWebhookSchema.safeParse(body);
  if (!parsed.success) return [];
  return parsed.data.entry
    .filter((entry) => entry.id === target.pageId)
    .flatMap((entry) => entry.messaging)
    .flatMap((raw) => {
      const item = messagingItemSchema.safeParse(raw);
      if (!item.success) return [];
      const base: Base = { platform: 'messenger', accountId: target.accountId, from: item.data.sender.id, receivedAt, sentAt: new Date(Number(item.data.timestamp)) };
      if (item.data.message) return fromMessage(item.data.message, base);
      return eventFor(item.data, base) ?? [];
    });
}

function eventFor(item: MessagingItem, base: Base): InboundEvent | undefined {
  if (item.postback) return fromPostback(item.postback, item, base);
  if (item.referral?.ref) {
    // An existing conversation opened an m.me link (messaging_referrals); no mid is given.
    return { ...base, type: 'join', payload: item.referral.ref, platformMessageId: `ref:${base.from}:${item.timestamp}` };
  }
  if (item.delivery?.mids?.length) {
    return { ...base, type: 'status', status: 'delivered', messageIds: item.delivery.mids, platformMessageId: `dlv:${base.from}:${item.delivery.watermark}` };
  }
  if (item.read) {
    // A read receipt names no message, only a watermark (everything sent before it was read).
    // The contract carries message ids, so until the store can match sends by time this event
    // ties to none; the watermark is kept in the id.
    return { ...base, type: 'status', status: 'read', messageIds: [], platformMessageId: `read:${base.from}:${item.read.watermark}` };
  }
  return undefined;
}

/**
 * A quick-reply tap, a text, files, or several of these from one message. Files we take become
 * media events, the text going with the first as its caption (or standing alone before the rest
 * when no file carries it). Each event needs its own dedupe key, stable across Meta's resends:
 * the first event of a message gets the mid, the n-th `<mid>#<n>`.
 */
function fromMessage(message: NonNullable<MessagingItem['message']>, base: Base): InboundEvent[] {
  if (message.is_echo) return [];
  const mid = message.mid;
  if (message.quick_reply) {
    return [{ ...base, type: 'choice', choiceId: message.quick_reply.payload, platformMessageId: mid, ...(message.text ? { text: message.text } : {}) }];
  }
  const text = message.text || undefined;
  const replyTo = message.reply_to ? { replyTo: message.reply_to.mid } : {};
  const parts = attachmentParts(message.attachments ?? [], text !== undefined);
  const captioned = parts.findIndex((p) => p.type === 'media');
  const events: InboundEvent[] = parts.map((p, i) => ({ ...base, ...replyTo, ...p, platformMessageId: mid, ...(i === captioned && text ? { text } : {}) }));
  if (text !== undefined && captioned < 0) events.unshift({ ...base, type: 'text', text, platformMessageId: mid, ...replyTo });
  return events.map((e, i) => (i === 0 ? e : { ...e, platformMessageId: `${mid}#${i + 1}` }));
}

type Part = { type: 'media'; media: { kind: MediaKind; ref: string } } | { type: 'unsupported'; what: UnsupportedKind };

/** Messenger's attachment types we take: a voice note recorded in Messenger arrives as `audio`. */
const MEDIA_KINDS: ReadonlyMap<string, MediaKind> = new Map([
  ['image', 'photo'],
  ['audio', 'voice'],
  ['file', 'document'],
]);
/** Those we cannot take; any other type (fallback, post, product, …) is `other`. */
const UNSUPPORTED_KINDS: ReadonlyMap<string, UnsupportedKind> = new Map([
  ['sticker', 'sticker'],
  ['video', 'video'],
  ['reel', 'video'],
  ['ig_reel', 'video'],
  ['location', 'location'],
]);

/** One part per attachment, less a sticker's second copy and a link share of the text's own URL. */
function attachmentParts(attachments: readonly unknown[], hasText: boolean): Part[] {
  const parts: Part[] = [];
  for (const raw of attachments) {
    const parsed = attachmentSchema.safeParse(raw);
    if (parsed.success && parsed.data.type === 'fallback' && hasText) continue;
    const part: Part = parsed.success ? partFor(parsed.data) : { type: 'unsupported', what: 'other' };
    // During Meta's sticker transition one sticker comes as two attachments (sticker and image).
    if (part.type === 'unsupported' && part.what === 'sticker' && parts.some((p) => p.type === 'unsupported' && p.what === 'sticker')) continue;
    parts.push(part);
  }
  return parts;
}

function partFor(a: Attachment): Part {
  if (a.type === 'image' && a.payload?.sticker_id !== undefined) return { type: 'unsupported', what: 'sticker' };
  const kind = MEDIA_KINDS.get(a.type);
  // The URL is how fetchMedia finds the bytes; a file without one cannot be taken.
  if (kind && a.payload?.url) return { type: 'media', media: { kind, ref: a.payload.url } };
  return { type: 'unsupported', what: UNSUPPORTED_KINDS.get(a.type) ?? 'other' };
}

function fromPostback(postback: NonNullable<MessagingItem['postback']>, item: MessagingItem, base: Base): InboundEvent | undefined {
  const platformMessageId = postback.mid ?? `pb:${base.from}:${item.timestamp}`;
  // Get Started tapped in a new conversation opened from an m.me link: the ref is the join code.
  if (postback.referral?.ref) return { ...base, type: 'join', payload: postback.referral.ref, platformMessageId };
  if (!postback.payload) return undefined;
  return { ...base, type: 'choice', choiceId: postback.payload, platformMessageId, ...(postback.title ? { text: postback.title } : {}) };
}
