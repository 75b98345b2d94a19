/**
 * Pure normalisation of whatsapp-web.js client events (PLATFORMS §3a). The IO layer has already
 * done what needs the client: looked up the phone JID behind an `@lid` sender (`resolvedFrom`)
 * and the id of a quoted message, and downloaded a file's bytes (`media`). Anything unparsed or
 * unknown gives no events.
 */
import { encodeDataRef, type InboundBase, type InboundEvent, type InboundMedia, type MediaKind, type UnsupportedKind } from '../../src/core/index.js';
import { waInboundSchema, type WaMedia, type WaMessage, type WaVote } from './schema.js';

/** Only one-to-one chats: phone JIDs and linked ids. Groups, status, channels, broadcasts are not guardians. */
const PERSONAL_CHAT = /^[^@]+@(c\.us|lid)$/;
const JOIN = /^\s*JOIN\s+([A-Za-z0-9_-]{4,64})\s*$/i;

/** Message types (whatsapp-web.js MessageTypes) we take as files: 'ptt' is a voice note. */
const MEDIA_KINDS: ReadonlyMap<string, MediaKind> = new Map([
  ['ptt', 'voice'],
  ['audio', 'audio'],
  ['image', 'photo'],
  ['document', 'document'],
]);
/** Those we answer with what we can take. Others (revoked, reactions, polls, …) say nothing. */
const UNSUPPORTED_KINDS: ReadonlyMap<string, UnsupportedKind> = new Map([
  ['sticker', 'sticker'],
  ['location', 'location'],
  ['video', 'video'],
  ['vcard', 'contact'],
  ['multi_vcard', 'contact'],
]);
/** The types a guardian can write a caption under (it arrives as `body`). */
const CAPTIONED = new Set(['image', 'document']);

/** The kind of file a message type carries, when it is one we take (and so download). */
export function waMediaKind(type: string): MediaKind | undefined {
  return MEDIA_KINDS.get(type);
}

/** A guardian's own message of a type we answer (text, a file, one we cannot take): worth resolving and normalising. */
export function isGuardianMessage(m: WaMessage): boolean {
  const handled = m.type === 'chat' || MEDIA_KINDS.has(m.type) || UNSUPPORTED_KINDS.has(m.type);
  return handled && !(m.fromMe ?? m.id.fromMe ?? false) && m.isStatus !== true && PERSONAL_CHAT.test(m.from);
}

export function normaliseWhatsAppInbound(body: unknown, accountId: string, receivedAt: Date): InboundEvent[] {
  const parsed = waInboundSchema.safeParse(body);
  if (!parsed.success) return [];
  const e = parsed.data;
  const base = { platform: 'whatsapp' as const, accountId, receivedAt };
  switch (e.event) {
    case 'message':
      return fromMessage(e.message, { ...base, from: e.resolvedFrom ?? e.message.from }, e.quotedMessageId, e.media);
    case 'vote_update':
      return fromVote(e.vote, { ...base, from: e.resolvedFrom ?? e.vote.voter });
    case 'message_ack':
      return fromAck(e.message, e.ack, base);
  }
}

type Base = Omit<InboundBase, 'platformMessageId'>;

function fromMessage(m: WaMessage, base: Base, quotedMessageId: string | undefined, media: WaMedia | undefined): InboundEvent[] {
  if (!isGuardianMessage(m)) return [];
  const event = {
    ...base,
    platformMessageId: m.id._serialized,
    ...(m.timestamp !== undefined ? { receivedAt: new Date(m.timestamp * 1000), sentAt: new Date(m.timestamp * 1000) } : {}),
    ...(quotedMessageId ? { replyTo: quotedMessageId } : {}),
  };
  const kind = MEDIA_KINDS.get(m.type);
  if (kind) return [{ ...event, type: 'media', media: inboundMedia(kind, media), ...caption(m) }];
  const what = UNSUPPORTED_KINDS.get(m.type);
  if (what) return [{ ...event, type: 'unsupported', what }];
  if (!m.body.trim()) return [];
  const join = JOIN.exec(m.body);
  if (join?.[1]) return [{ ...event, type: 'join', payload: join[1] }];
  return [{ ...event, type: 'text', text: m.body }];
}

/** Only with the file present is `body` the caption (Message.js); otherwise it may be a preview. */
function caption(m: WaMessage): { text?: string } {
  return m.hasMedia === true && CAPTIONED.has(m.type) && m.body.trim() ? { text: m.body } : {};
}

/**
 * The file as a `data:` ref when its bytes came with the message. Otherwise the ref is '': the
 * file was over the size cap (then `size` says so), gone from the phone, or failed to download.
 */
function inboundMedia(kind: MediaKind, media: WaMedia | undefined): InboundMedia {
  const bytes = media?.data !== undefined ? Buffer.from(media.data, 'base64') : undefined;
  const contentType = media?.mimetype;
  const size = bytes?.length ?? media?.filesize ?? undefined;
  return {
    kind,
    ref: bytes ? encodeDataRef(contentType ?? 'application/octet-stream', bytes) : '',
    ...(contentType ? { contentType } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(media?.filename ? { fileName: media.filename } : {}),
  };
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
