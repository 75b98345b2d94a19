/**
 * Pure normalisation of whatsapp-web.js client events (PLATFORMS §3a). The IO layer has already
 * looked up what needs the client: the phone JID behind an `@lid` sender (`resolvedFrom`) and the
 * id of a quoted message. Anything unparsed or unknown gives no events.
 */
import type { InboundBase, InboundEvent } from '../../src/core/index.js';
import { waInboundSchema, type WaMessage, type WaVote } from './schema.js';

/** Only one-to-one chats: phone JIDs and linked ids. Groups, status, channels, broadcasts are not guardians. */
const PERSONAL_CHAT = /^[^@]+@(c\.us|lid)$/;
const JOIN = /^\s*JOIN\s+([A-Za-z0-9_-]{4,64})\s*$/i;

/** A guardian's own text message, worth resolving and normalising. */
export function isGuardianText(m: WaMessage): boolean {
  return m.type === 'chat' && !(m.fromMe ?? m.id.fromMe ?? false) && m.isStatus !== true && PERSONAL_CHAT.test(m.from);
}

export function normaliseWhatsAppInbound(body: unknown, accountId: string, receivedAt: Date): InboundEvent[] {
  const parsed = waInboundSchema.safeParse(body);
  if (!parsed.success) return [];
  const e = parsed.data;
  const base = { platform: 'whatsapp' as const, accountId, receivedAt };
  switch (e.event) {
    case 'message':
      return fromMessage(e.message, { ...base, from: e.resolvedFrom ?? e.message.from }, e.quotedMessageId);
    case 'vote_update':
      return fromVote(e.vote, { ...base, from: e.resolvedFrom ?? e.vote.voter });
    case 'message_ack':
      return fromAck(e.message, e.ack, base);
  }
}

type Base = Omit<InboundBase, 'platformMessageId'>;

function fromMessage(m: WaMessage, base: Base, quotedMessageId: string | undefined): InboundEvent[] {
  if (!isGuardianText(m) || !m.body.trim()) return [];
  const event = {
    ...base,
    platformMessageId: m.id._serialized,
    ...(m.timestamp !== undefined ? { receivedAt: new Date(m.timestamp * 1000), sentAt: new Date(m.timestamp * 1000) } : {}),
    ...(quotedMessageId ? { replyTo: quotedMessageId } : {}),
  };
  const join = JOIN.exec(m.body);
  if (join?.[1]) return [{ ...event, type: 'join', payload: join[1] }];
  return [{ ...event, type: 'text', text: m.body }];
}

/**
 * A vote names the poll it answers (replyTo) and the option's index. The dedupe key uses the raw
 * voter id, so a later successful @lid lookup cannot make the same vote look new. A vote taken
 * back (no option selected) says nothing: it is skipped.
 */
function fromVote(v: WaVote, base: Base): InboundEvent[] {
  const first = v.selectedOptions[0];
  const optionIndex = first?.localId ?? first?.id;
  const pollId = v.parentMessage?.id?._serialized ?? v.parentMsgKey?._serialized;
  if (optionIndex === undefined || pollId === undefined || !PERSONAL_CHAT.test(v.voter)) return [];
  return [
    {
      ...base,
      type: 'choice',
      optionIndex,
      ...(first?.name ? { text: first.name } : {}),
      replyTo: pollId,
      platformMessageId: `vote:${pollId}:${v.voter}:${v.interractedAtTs}`,
      receivedAt: new Date(v.interractedAtTs),
      sentAt: new Date(v.interractedAtTs),
    },
  ];
}

/** Receipts for our own messages: 2 reached the phone, 3 read, 4 played (voice). */
function fromAck(m: WaMessage, ack: number, base: Omit<Base, 'from'>): InboundEvent[] {
  const status = ack === 2 ? 'delivered' : ack === 3 || ack === 4 ? 'read' : undefined;
  if (!status) return [];
  const id = m.id._serialized;
  return [{ ...base, type: 'status', status, messageIds: [id], from: m.to ?? m.from, platformMessageId: `ack:${id}:${ack}` }];
}
