import { encodeDataRef, type InboundEvent } from '../../src/core/index.js';
import { simulatorInboundSchema } from './schema.js';

/** Pure: a simulated parent's message as normalised inbound events; invalid input gives none. */
export function normaliseSimulatorInbound(body: unknown, accountId: string, receivedAt: Date, fallbackId: string): InboundEvent[] {
  const parsed = simulatorInboundSchema.safeParse(body);
  if (!parsed.success) return [];
  const { from, text, choice, messageId, replyTo, sentAt, media, unsupported } = parsed.data;
  const base = {
    platform: 'simulator' as const, accountId, from, platformMessageId: messageId ?? fallbackId, receivedAt,
    ...(sentAt ? { sentAt: new Date(sentAt) } : {}),
    ...(replyTo ? { replyTo } : {}),
  };
  const join = text ? /^\s*(?:JOIN|\/start)\s+([A-Za-z0-9_-]{4,64})\s*$/i.exec(text) : null;
  if (choice) return [{ ...base, type: 'choice', choiceId: choice, ...(text ? { text } : {}) }];
  if (media) {
    const bytes = Buffer.from(media.data, 'base64');
    const file = { kind: media.kind, ref: encodeDataRef(media.contentType, bytes), contentType: media.contentType, size: bytes.length, ...(media.fileName ? { fileName: media.fileName } : {}) };
    return [{ ...base, type: 'media', media: file, ...(text ? { text } : {}) }];
  }
  if (unsupported) return [{ ...base, type: 'unsupported', what: unsupported }];
  if (join) return [{ ...base, type: 'join', payload: join[1] as string }];
  return [{ ...base, type: 'text', text: text as string }];
}
