/**
 * Beyond answers and commands: a teacher's commands, replies that are only courtesy
 * ("thanks", "salam", 🙏), and replies that read as a message for a person rather than an
 * answer for the bot. Pure, and built on the same normalisation and whole-message matching
 * as parser.ts.
 */
import { toAsciiDigits } from '../../core/phone.js';
import { buildLexicon, segment, tokenise } from './lexicon.js';
import { normaliseReply } from './normalise.js';
import { FILLER_WORDS, TEACHER_WORDS, allWords } from './words.js';

export type TeacherCommand = keyof typeof TEACHER_WORDS;

const TEACHER_LEXICON = buildLexicon<TeacherCommand | 'filler'>([
  ...(Object.entries(TEACHER_WORDS) as [TeacherCommand, (typeof TEACHER_WORDS)[TeacherCommand]][]).map(([command, words]): [TeacherCommand, string[]] => [command, allWords(words)]),
  ['filler', allWords(FILLER_WORDS)],
]);

const FILLER_LEXICON = buildLexicon<'filler'>([['filler', allWords(FILLER_WORDS)]]);

/** A message of at least this many words is a message for a person, not a missed answer. */
const MESSAGE_MIN_WORDS = 4;
const MESSAGE_MIN_CHARS = 30;

/** "invite", "دعوة", "/invite", "status", "الحالة", "cancel", with greetings around them; else undefined. */
export function parseTeacherCommand(text: string): TeacherCommand | undefined {
  const tokens = tokenise(normaliseReply(text));
  if (!tokens.length || tokens.length > 12) return undefined;
  const commands = new Set(segment(tokens, TEACHER_LEXICON)?.filter((t) => t !== 'filler'));
  const [only] = commands;
  return commands.size === 1 ? only : undefined;
}

/** Only greetings, thanks and the like: nothing to answer, nothing to pass on. */
export function isCourtesyOnly(text: string): boolean {
  const tokens = tokenise(normaliseReply(text));
  return tokens.length > 0 && segment(tokens, FILLER_LEXICON) !== undefined;
}

/**
 * A reply the bot did not understand that reads as a message for a person: a question, a
 * sentence. Such text is passed on to the teacher; a short unknown word is asked again.
 */
export function looksLikeMessage(text: string): boolean {
  const trimmed = text.trim();
  if (/[?؟]/.test(trimmed)) return true;
  return tokenise(normaliseReply(trimmed)).length >= MESSAGE_MIN_WORDS || trimmed.length >= MESSAGE_MIN_CHARS;
}

/** "#12 see you tomorrow" → {ref: 12, text: "see you tomorrow"}: a teacher answering a forwarded note. */
export function parseNoteAnswer(text: string): { ref: number; text: string } | undefined {
  const m = /^\s*[#＃]\s*([0-9\u0660-\u0669\u06F0-\u06F9]{1,7})\s*[:.,،-]?\s*([\s\S]+)$/u.exec(text);
  if (!m) return undefined;
  const answer = (m[2] as string).trim();
  return answer ? { ref: Number(toAsciiDigits(m[1] as string)), text: answer } : undefined;
}
