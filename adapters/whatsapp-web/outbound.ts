/**
 * Pure planning for WhatsApp Web: text split to the capability's length, choices as one
 * single-answer poll sent after the text (Buttons and Lists are deprecated, PLATFORMS §3a), and
 * how a stored file goes (a voice note as one, a name for every file).
 */
import type { Capabilities, Choice, Locale, MediaRef, PlannedMessage } from '../../src/core/index.js';
import { mediaFileName, splitText } from '../../src/core/index.js';
import { POLL_QUESTION_MAX_LENGTH } from './capabilities.js';

type Message = { text: string; choices?: Choice[]; locale: Locale };

/**
 * Text parts, then a poll whose option i is choice i (a vote's localId is that index). A short
 * question (a survey question, "can you come?": one paragraph, a few lines) is the poll alone:
 * one message on the phone instead of the same words twice, and one send instead of two on a
 * number paced seconds apart. A letter (an invitation, with its paragraphs) keeps its text.
 */
export function planWhatsAppMessage(caps: Capabilities, msg: Message): PlannedMessage {
  const text = msg.text.trim();
  if (msg.choices?.length && text && isShortQuestion(text)) {
    return { parts: [], choices: pollChoices(msg.choices, caps), locale: msg.locale, pollQuestion: text };
  }
  const planned: PlannedMessage = { parts: splitText(msg.text, caps.maxTextLength), locale: msg.locale };
  if (msg.choices?.length) planned.choices = pollChoices(msg.choices, caps);
  return planned;
}

/** Poll questions are shown in bold above the options: a sentence or two, not a letter. */
const POLL_ONLY_MAX_LENGTH = 200;
const POLL_ONLY_MAX_LINES = 3;

function isShortQuestion(text: string): boolean {
  return text.length <= Math.min(POLL_ONLY_MAX_LENGTH, POLL_QUESTION_MAX_LENGTH) && text.split('\n').length <= POLL_ONLY_MAX_LINES && !/\n\s*\n/.test(text);
}

/**
 * For a number that cannot send polls: the choices as "1. Yes" lines under the text, no poll.
 * The plan carries no choices (nothing for `send` to turn into a poll); the service keeps the
 * message's own choices to read a typed digit as the option index.
 */
export function planNumberedText(caps: Capabilities, msg: Message): PlannedMessage {
  const choices = msg.choices?.length ? pollChoices(msg.choices, caps) : [];
  const list = choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
  const text = list ? `${msg.text.trimEnd()}\n\n${list}` : msg.text;
  return { parts: splitText(text, caps.maxTextLength), locale: msg.locale };
}

/**
 * Choice labels as poll option names: trimmed, at most maxChoiceLabelLength code points, never
 * empty, and unique (two equal options could not be told apart in a vote). The order is kept.
 */
export function pollChoices(choices: Choice[], caps: Pick<Capabilities, 'maxChoices' | 'maxChoiceLabelLength'>): Choice[] {
  const max = caps.maxChoiceLabelLength;
  const seen = new Set<string>();
  return choices.slice(0, caps.maxChoices).map((c, i) => {
    const label = uniqueLabel(cut(c.label.trim(), max) || String(i + 1), seen, max);
    seen.add(label);
    return { id: c.id, label };
  });
}

function uniqueLabel(label: string, seen: ReadonlySet<string>, max: number): string {
  let candidate = label;
  for (let n = 2; seen.has(candidate); n++) {
    const suffix = ` (${n})`;
    candidate = cut(label, max - suffix.length).trimEnd() + suffix;
  }
  return candidate;
}

/** Shown as the poll's question when the text has no short sentence to repeat. */
export const POLL_FALLBACK_QUESTION = '↓';

/**
 * The poll's question. The planner knows no locale strings, so it repeats the text's own
 * question: the last sentence ending in ? or ؟, else the last sentence, when it fits in
 * POLL_QUESTION_MAX_LENGTH; otherwise a neutral arrow pointing at the options.
 */
export function pollQuestion(parts: readonly string[]): string {
  const sentences = (parts.at(-1) ?? '')
    .split(/(?<=[.!?؟۔…])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const question = sentences.findLast((s) => /[?؟]\W*$/u.test(s)) ?? sentences.at(-1);
  return question && question.length <= POLL_QUESTION_MAX_LENGTH ? question : POLL_FALLBACK_QUESTION;
}

function cut(s: string, maxCodePoints: number): string {
  return [...s].slice(0, Math.max(maxCodePoints, 0)).join('');
}

/**
 * The type a voice note is sent with. WhatsApp plays a push-to-talk message only as OGG/Opus,
 * and reports say the codec must be named for it to show as playable (not verified here [U]).
 */
export const VOICE_NOTE_MIMETYPE = 'audio/ogg; codecs=opus';

/**
 * A voice note recorded as OGG/Opus (WhatsApp's and Telegram's own) goes as a voice note
 * (`sendAudioAsVoice`); one recorded otherwise (Messenger's MP4 clips, WAV, AMR) as an audio
 * file, which every phone still plays, rather than a voice bubble that might not.
 */
export function sendsAsVoiceNote(file: Pick<MediaRef, 'kind' | 'contentType'>): boolean {
  return file.kind === 'voice' && (file.contentType === 'audio/ogg' || file.contentType === 'audio/opus');
}

/** The file's name (core/media.ts): the library makes a File of the bytes in the page, and a missing name would read "null". */
export { mediaFileName };
