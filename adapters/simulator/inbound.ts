import type { InboundEvent } from '../../src/core/index.js';
import { simulatorInboundSchema } from './schema.js';

/** Pure: a simulated parent's message as normalised inbound events; invalid input gives none. */
export function normaliseSimulatorInbound(body: unknown, accountId: string, receivedAt: Date, fallbackId: string): InboundEvent[] {
  const parsed = simulatorInboundSchema.safeParse(body);
  if (!parsed.success) return [];
  const { from, text, choice, messageId, replyTo, sentAt } = parsed.data;
  const base = {
    platform: 'simulator' as const, accountId, from, platformMessageId: messageId ?? fallbackId, receivedAt,
    ...(sentAt ? { sentAt: new Date(sentAt) } : {}),
    ...(replyTo ? { replyTo } : {}),
  };
  const join = text ? /^\s*(?:JOIN|\/start)\s+([A-Za-z0-9_-]{4,64})\s*$/i.exec(text) : null;
  if (choice) return [{ ...base, type: 'choice', choiceId: choice, ...(text ? { text } : {}) }];
  if (join) return [{ ...base, type: 'join', payload: join[1] as string }];
  return [{ ...base, type: 'text', text: text as string }];
}
