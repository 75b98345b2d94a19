/**
 * Pure: a Messenger webhook POST as normalised inbound events (shared/PLATFORMS.md §2.2).
 * One POST may carry several entries, each with several messaging items: every one is read.
 */
import type { InboundEvent } from '../../src/core/index.js';
import { type MessagingItem, messagingItemSchema, messengerWebhookSchema } from './schema.js';

/** Which Page this adapter is: one Meta app's webhook carries every Page subscribed to it. */
export interface InboundTarget {
  accountId: string;
  pageId: string;
}

type Base = Pick<InboundEvent, 'platform' | 'accountId' | 'from' | 'receivedAt' | 'sentAt'>;

/**
 * Events for this Page, in order. Entries for other Pages are skipped (their own adapter reads
 * them); so are echoes of our messages, attachment-only messages and unknown kinds.
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
      return eventFor(item.data, base) ?? [];
    });
}

function eventFor(item: MessagingItem, base: Base): InboundEvent | undefined {
  if (item.message) return fromMessage(item.message, base);
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

function fromMessage(message: NonNullable<MessagingItem['message']>, base: Base): InboundEvent | undefined {
  if (message.is_echo) return undefined;
  const platformMessageId = message.mid;
  if (message.quick_reply) {
    return { ...base, type: 'choice', choiceId: message.quick_reply.payload, platformMessageId, ...(message.text ? { text: message.text } : {}) };
  }
  // Attachment-only messages (photos, stickers, voice) have no text we could act on.
  if (!message.text) return undefined;
  return { ...base, type: 'text', text: message.text, platformMessageId, ...(message.reply_to ? { replyTo: message.reply_to.mid } : {}) };
}

function fromPostback(postback: NonNullable<MessagingItem['postback']>, item: MessagingItem, base: Base): InboundEvent | undefined {
  const platformMessageId = postback.mid ?? `pb:${base.from}:${item.timestamp}`;
  // Get Started tapped in a new conversation opened from an m.me link: the ref is the join code.
  if (postback.referral?.ref) return { ...base, type: 'join', payload: postback.referral.ref, platformMessageId };
  if (!postback.payload) return undefined;
  return { ...base, type: 'choice', choiceId: postback.payload, platformMessageId, ...(postback.title ? { text: postback.title } : {}) };
}
