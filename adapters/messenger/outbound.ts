/**
 * Pure planning: text parts, quick replies, the Send API bodies (and an upload's form fields),
 * and whether Meta's 24-hour window (or the one tag we may use) lets us write at all
 * (shared/PLATFORMS.md §2.1).
 */
import type { Capabilities, Choice, Locale, MediaKind, PlannedMessage, SendContext } from '../../src/core/index.js';
import { cutLabel, mediaFileName, splitText } from '../../src/core/index.js';

export { cutLabel };
import { MESSENGER_CAPABILITIES } from './capabilities.js';

export interface QuickReply {
  content_type: 'text';
  /** ≤ 20 characters: Meta truncates or rejects longer titles. */
  title: string;
  /** The choice id, echoed back as `message.quick_reply.payload` (≤ 1000 characters). */
  payload: string;
}

/**
 * RESPONSE inside the window; outside it, only CONFIRMED_EVENT_UPDATE, only for an event the
 * guardian said yes to. UPDATE never: it is also window-bound, and other tags don't fit schools.
 */
export type Messaging = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'CONFIRMED_EVENT_UPDATE' };

export type SendBody = Messaging & {
  recipient: { id: string };
  message: { text: string; quick_replies?: QuickReply[] };
};


/** The message as Messenger will carry it: parts within maxTextLength, quick replies within their limits. */
export function planMessengerMessage(caps: Capabilities, msg: { text: string; choices?: Choice[]; locale: Locale }): PlannedMessage {
  const planned: PlannedMessage = { parts: splitText(msg.text, caps.maxTextLength), locale: msg.locale };
  if (msg.choices?.length) {
    planned.choices = msg.choices.slice(0, caps.maxChoices).map((c) => ({ id: c.id, label: cutLabel(c.label, caps.maxChoiceLabelLength) }));
  }
  return planned;
}

/**
 * How this send may go out, or undefined when Meta's policy does not let us write now: inside
 * the 24-hour window (the service tells, from the parent's last message) a plain response;
 * outside it only an update to an event the parent said yes to.
 */
export function messagingFor(ctx: SendContext): Messaging | undefined {
  if (ctx.withinWindow === true) return { messaging_type: 'RESPONSE' };
  if (ctx.confirmedEventUpdate === true) return { messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' };
  return undefined;
}

/** One Send API body per part, in order; the quick replies ride on the last part. */
export function toSendBodies(planned: PlannedMessage, psid: string, messaging: Messaging): SendBody[] {
  const quickReplies = quickRepliesFor(planned.choices ?? []);
  return planned.parts.map((text, i) => {
    const last = i === planned.parts.length - 1;
    const message = last && quickReplies.length > 0 ? { text, quick_replies: quickReplies } : { text };
    return { recipient: { id: psid }, ...messaging, message };
  });
}

/** How Messenger shows a stored file: a voice note or audio as a player, a photo inline, a PDF as a file. */
export type AttachmentType = 'audio' | 'image' | 'file';

const ATTACHMENT_TYPES: Record<MediaKind, AttachmentType> = { voice: 'audio', audio: 'audio', photo: 'image', document: 'file' };

/** The form field the Send API reads an uploaded file from. */
export const FILE_FIELD = 'filedata';

/**
 * The text fields of a Send API upload (multipart/form-data, the file itself in `filedata`):
 * `recipient` and `message` as JSON, `messaging_type` and `tag` as the window decided for the
 * text, so a file goes out under exactly the same rule as the words with it. Not reusable: each
 * file goes to one parent or teacher, and a reusable attachment id expires after 90 days anyway.
 */
export function toAttachmentFields(kind: MediaKind, psid: string, messaging: Messaging): Record<string, string> {
  const message = { attachment: { type: ATTACHMENT_TYPES[kind], payload: { is_reusable: false } } };
  return { recipient: JSON.stringify({ id: psid }), ...messaging, message: JSON.stringify(message) };
}

/** The name the file is uploaded under (core/media.ts). */
export const attachmentFileName = mediaFileName;

/** Idempotent with planning, so a plan made elsewhere still fits Meta's limits. */
export function quickRepliesFor(choices: readonly Choice[]): QuickReply[] {
  const { maxChoices, maxChoiceLabelLength } = MESSENGER_CAPABILITIES;
  return choices
    .slice(0, maxChoices)
    .map((c) => ({ content_type: 'text' as const, title: cutLabel(c.label, maxChoiceLabelLength), payload: c.id }));
}

/** `https://m.me/<page>?ref=<code>`: opening it starts (or reopens) the chat with the join code. */
export function messengerJoinLink(pageName: string, code: string): string {
  return `https://m.me/${encodeURIComponent(pageName)}?ref=${encodeURIComponent(code)}`;
}
