/**
 * Pure planning and the Cloud API's message bodies (shared/PLATFORMS.md §3b): a text, reply
 * buttons (≤ 3), a list (≤ 10 rows), an approved template with quick-reply payloads, or a file
 * sent by its uploaded id.
 */
import type { Capabilities, Choice, Locale, MediaKind, PlannedMessage, TemplateMessage } from '../../src/core/index.js';
import { cutLabel as cut, splitText } from '../../src/core/index.js';

/** Reply buttons: at most 3, titles ≤ 20 characters, unique (capabilities' `listAbove`). */
export const MAX_BUTTONS = 3;
export const BUTTON_TITLE_MAX = 20;
/** List rows: titles ≤ 24, descriptions ≤ 72; the list's own button ≤ 20. */
export const ROW_TITLE_MAX = 24;
export const ROW_DESCRIPTION_MAX = 72;
/** An interactive message's body: 1024 characters (a text's is 4096). */
export const INTERACTIVE_BODY_MAX = 1024;

/** The label of the button that opens a list, in the message's language. */
const LIST_BUTTON: Record<Locale, string> = { ar: 'اختر', en: 'Choose', fr: 'Choisir' };

interface Envelope {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
}
interface ReplyButton { type: 'reply'; reply: { id: string; title: string } }
interface ListRow { id: string; title: string; description?: string }

export type CloudBody = Envelope & (
  | { type: 'text'; text: { body: string; preview_url: false } }
  | { type: 'interactive'; interactive: { type: 'button'; body: { text: string }; action: { buttons: ReplyButton[] } } }
  | { type: 'interactive'; interactive: { type: 'list'; body: { text: string }; action: { button: string; sections: Array<{ rows: ListRow[] }> } } }
  | { type: 'template'; template: { name: string; language: { policy: 'deterministic'; code: string }; components?: TemplateComponent[] } }
  | { type: 'audio'; audio: { id: string } }
  | { type: 'image'; image: { id: string } }
  | { type: 'document'; document: { id: string; filename?: string } }
);

type TemplateComponent =
  | { type: 'body'; parameters: Array<{ type: 'text'; text: string }> }
  | { type: 'button'; sub_type: 'quick_reply'; index: string; parameters: Array<{ type: 'payload'; payload: string }> };

/**
 * The message as the Cloud API will carry it. Texts go in parts of ≤ 4096; the part that
 * carries choices fits an interactive body (≤ 1024). Labels are cut to what the choices become:
 * button titles (≤ 20) for three or fewer; for more, list rows, whose title (≤ 24) the body
 * cuts again, the whole label (≤ 72) shown underneath when it was cut.
 */
export function planCloudMessage(caps: Capabilities, msg: { text: string; choices?: Choice[]; locale: Locale }): PlannedMessage {
  const parts = splitText(msg.text, caps.maxTextLength);
  if (!msg.choices?.length) return { parts, locale: msg.locale };
  const last = parts.pop() ?? '';
  parts.push(...splitText(last, INTERACTIVE_BODY_MAX));
  const choices = msg.choices.slice(0, caps.maxChoices);
  const max = choices.length <= MAX_BUTTONS ? BUTTON_TITLE_MAX : ROW_DESCRIPTION_MAX;
  return { parts, locale: msg.locale, choices: choices.map((c) => ({ id: c.id, label: cut(c.label, max) })) };
}

/** The JSON bodies of one planned message, in order: the choices ride on the last part. */
export function toCloudBodies(planned: PlannedMessage, to: string): CloudBody[] {
  const envelope: Envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const choices = planned.choices ?? [];
  return planned.parts.map((text, i): CloudBody => {
    if (i < planned.parts.length - 1 || !choices.length) return { ...envelope, type: 'text', text: { body: text, preview_url: false } };
    if (choices.length <= MAX_BUTTONS) {
      const titles = uniqueTitles(choices.map((c) => cut(c.label, BUTTON_TITLE_MAX)), BUTTON_TITLE_MAX);
      return { ...envelope, type: 'interactive', interactive: { type: 'button', body: { text }, action: { buttons: choices.map((c, k) => ({ type: 'reply', reply: { id: c.id, title: titles[k] ?? '' } })) } } };
    }
    const titles = uniqueTitles(choices.map((c) => cut(c.label, ROW_TITLE_MAX)), ROW_TITLE_MAX);
    const rows = choices.map((c, k): ListRow => {
      const title = titles[k] ?? '';
      const whole = cut(c.label, ROW_DESCRIPTION_MAX);
      return whole === title ? { id: c.id, title } : { id: c.id, title, description: whole };
    });
    return { ...envelope, type: 'interactive', interactive: { type: 'list', body: { text }, action: { button: LIST_BUTTON[planned.locale], sections: [{ rows }] } } };
  });
}

/** An approved template, filled in: its body's parameters, and a payload for each quick reply. */
export function toTemplateBody(template: TemplateMessage, to: string): CloudBody {
  const components: TemplateComponent[] = [];
  if (template.parameters.length) components.push({ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) });
  (template.quickReplies ?? []).forEach((payload, i) => components.push({ type: 'button', sub_type: 'quick_reply', index: String(i), parameters: [{ type: 'payload', payload }] }));
  return {
    messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template',
    template: { name: template.name, language: { policy: 'deterministic', code: template.language }, ...(components.length ? { components } : {}) },
  };
}

/** How WhatsApp shows a stored file: a voice note or audio as a player, a photo inline, a PDF as a document. */
const MEDIA_TYPES: Record<MediaKind, 'audio' | 'image' | 'document'> = { voice: 'audio', audio: 'audio', photo: 'image', document: 'document' };

/** A file already uploaded to the number's media endpoint, sent by its id. */
export function toMediaBody(kind: MediaKind, mediaId: string, to: string, fileName?: string): CloudBody {
  const envelope: Envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const type = MEDIA_TYPES[kind];
  if (type === 'document') return { ...envelope, type, document: { id: mediaId, ...(fileName ? { filename: fileName } : {}) } };
  return type === 'audio' ? { ...envelope, type, audio: { id: mediaId } } : { ...envelope, type, image: { id: mediaId } };
}

/**
 * A WhatsApp address, whichever kind of account the school connects: `<digits>@c.us` (as
 * rosters write it and WhatsApp Web names the chat) or the bare number. Undefined otherwise (an
 * `@lid` id means nothing to the Cloud API).
 */
export function recipientDigits(address: string): string | undefined {
  return /^\+?(\d{8,15})(?:@c\.us)?$/.exec(address.trim())?.[1];
}

/** The address a Cloud API sender (`wa_id`) has in rosters and chats: the same as on WhatsApp Web. */
export function addressOf(waId: string): string {
  return `${waId}@c.us`;
}

/** Titles must differ: a repeated one (two labels cut alike) is numbered. */
function uniqueTitles(titles: string[], max: number): string[] {
  const seen = new Set<string>();
  return titles.map((t, i) => {
    const title = seen.has(t) ? cut(`${i + 1}. ${t}`, max) : t;
    seen.add(title);
    return title;
  });
}
