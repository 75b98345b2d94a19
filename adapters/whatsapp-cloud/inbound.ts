/**
 * Pure normalisation of Cloud API webhooks (shared/PLATFORMS.md §3b): a number's messages (text,
 * reply-button and list taps, template quick replies, files) and statuses (delivered, read,
 * failed). One Meta app may carry several numbers on one callback: each account keeps only the
 * changes of its own `phone_number_id`. Anything unparsed or unknown gives no events.
 */
import type { ChannelErrorCode, InboundBase, InboundEvent, MediaKind, UnsupportedKind } from '../../src/core/index.js';
import { cloudErrorCode } from './errors.js';
import { addressOf } from './outbound.js';
import { cloudMessageSchema, cloudStatusSchema, cloudValueSchema, cloudWebhookSchema, type CloudMessage, type CloudStatus } from './schema.js';

const JOIN = /^\s*JOIN\s+([A-Za-z0-9_-]{4,64})\s*$/i;
const UNSUPPORTED: ReadonlyMap<string, UnsupportedKind> = new Map([
  ['sticker', 'sticker'],
  ['location', 'location'],
  ['video', 'video'],
  ['contacts', 'contact'],
  ['unsupported', 'other'],
]);

export interface CloudTarget {
  accountId: string;
  phoneNumberId: string;
}

export function normaliseCloudInbound(body: unknown, target: CloudTarget, receivedAt: Date): InboundEvent[] {
  const parsed = cloudWebhookSchema.safeParse(body);
  if (!parsed.success) return [];
  const events: InboundEvent[] = [];
  for (const change of parsed.data.entry.flatMap((e) => e.changes)) {
    if (change.field !== 'messages') continue;
    const value = cloudValueSchema.safeParse(change.value);
    if (!value.success || value.data.metadata.phone_number_id !== target.phoneNumberId) continue;
    const base = { platform: 'whatsapp' as const, accountId: target.accountId, receivedAt };
    for (const raw of value.data.messages ?? []) {
      const m = cloudMessageSchema.safeParse(raw);
      if (m.success) events.push(...fromMessage(m.data, base));
    }
    for (const raw of value.data.statuses ?? []) {
      const s = cloudStatusSchema.safeParse(raw);
      if (s.success) events.push(...fromStatus(s.data, base));
    }
  }
  return events;
}

type Base = Pick<InboundBase, 'platform' | 'accountId' | 'receivedAt'>;

function fromMessage(m: CloudMessage, base: Base): InboundEvent[] {
  const at = m.timestamp ? new Date(Number(m.timestamp) * 1000) : undefined;
  const event = {
    ...base,
    from: addressOf(m.from),
    platformMessageId: m.id,
    ...(at ? { sentAt: at } : {}),
    ...(m.context?.id ? { replyTo: m.context.id } : {}),
  };
  switch (m.type) {
    case 'text': {
      const text = m.text?.body ?? '';
      if (!text.trim()) return [];
      const join = JOIN.exec(text);
      return join?.[1] ? [{ ...event, type: 'join', payload: join[1] }] : [{ ...event, type: 'text', text }];
    }
    case 'interactive': {
      const tap = m.interactive?.button_reply ?? m.interactive?.list_reply;
      return tap ? [{ ...event, type: 'choice', choiceId: tap.id, ...(tap.title ? { text: tap.title } : {}) }] : [];
    }
    case 'button':
      return m.button?.payload ? [{ ...event, type: 'choice', choiceId: m.button.payload, ...(m.button.text ? { text: m.button.text } : {}) }] : [];
    case 'audio':
    case 'voice':
    case 'image':
    case 'document':
      return fromMedia(m, event);
    case 'reaction':
    case 'system':
    case 'request_welcome':
      return [];
    default: {
      const what = UNSUPPORTED.get(m.type);
      return what ? [{ ...event, type: 'unsupported', what }] : [];
    }
  }
}

function fromMedia(m: CloudMessage, event: Omit<InboundBase, never>): InboundEvent[] {
  const file = m.audio ?? m.voice ?? m.image ?? m.document;
  if (!file) return [];
  const kind: MediaKind = m.type === 'image' ? 'photo' : m.type === 'document' ? 'document' : m.type === 'voice' || file.voice === true ? 'voice' : 'audio';
  const media = {
    kind,
    ref: file.id,
    ...(file.mime_type ? { contentType: file.mime_type } : {}),
    ...(file.filename ? { fileName: file.filename } : {}),
  };
  const caption = file.caption?.trim() ? { text: file.caption } : {};
  return [{ ...event, type: 'media', media, ...caption }];
}

/**
 * Delivered and read go onto the invitation's row; failed says why (its first error's code, in
 * our words). `sent` adds nothing: the send's answer said so. A status's own id is its message's
 * with the status, so a resent webhook is one event and read after delivered is another.
 */
function fromStatus(s: CloudStatus, base: Base): InboundEvent[] {
  const status = s.status === 'delivered' || s.status === 'read' || s.status === 'failed' ? s.status : undefined;
  if (!status) return [];
  const at = s.timestamp ? new Date(Number(s.timestamp) * 1000) : undefined;
  const event = { ...base, from: addressOf(s.recipient_id), platformMessageId: `${s.id}:${status}`, messageIds: [s.id], ...(at ? { sentAt: at } : {}) };
  if (status !== 'failed') return [{ ...event, type: 'status', status }];
  const first = s.errors?.[0];
  const code: ChannelErrorCode = first ? cloudErrorCode(first.code) : 'permanent';
  const detail = first ? `${first.code} ${first.title ?? first.message ?? ''}`.trim().slice(0, 200) : 'failed';
  return [{ ...event, type: 'status', status, failure: { code, detail } }];
}
