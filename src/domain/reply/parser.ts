/**
 * What a parent's free-text reply means: an RSVP, a survey rating, or a command. Pure.
 *
 * The rule throughout: a reply is understood only when all of it is understood (every word is
 * a known word or short phrase, see lexicon.ts); otherwise it is `unknown` and the
 * caller asks again. Asking again kindly costs a message; a wrong RSVP costs a parent's trust.
 */
import { decodeRsvpChoice } from '../../core/choice.js';
import { RSVP_ANSWERS } from '../../core/types.js';
import type { RsvpAnswer, SurveyScale } from '../../core/types.js';
import { buildLexicon, segment, tokenise } from './lexicon.js';
import { normaliseMarksOnly, normaliseReply } from './normalise.js';
import { readRatingSentence, readRsvpSentence, type SentenceCommand } from './sentences.js';
import type { RsvpSignal, Words } from './words.js';
import {
  COMMAND_WORDS,
  FILLER_WORDS,
  LANGUAGE_WORDS,
  NUMBER_WORDS,
  OUT_OF_WORDS,
  RSVP_WORDS,
  START_WORDS_WITH_FINAL_HAMZA,
  allWords,
} from './words.js';

export type RatingValue = 1 | 2 | 3 | 4 | 5 | 6;
export type CommandName = 'stop' | 'start' | 'help' | 'skip' | 'language';
export type ReplyLanguage = 'ar' | 'en' | 'fr';

export type ReplyMeaning =
  | { kind: 'rsvp'; answer: RsvpAnswer; confidence: 'sure' | 'likely' }
  | { kind: 'rating'; value: RatingValue }
  | { kind: 'command'; command: CommandName; language?: ReplyLanguage }
  | { kind: 'unknown' };

/** Longer than this is a letter, not an answer: the caller reads it as a message (and it keeps the work bounded). */
const MAX_TOKENS = 24;
const unknown = (): ReplyMeaning => ({ kind: 'unknown' });

type CommandTag = Exclude<CommandName, 'language'> | `language:${ReplyLanguage}` | 'filler';
type RatingTag = RatingValue | 'filler';

const entries = <K extends string, W extends Words>(groups: Record<K, W>): [K, W][] => Object.entries(groups) as [K, W][];

/** Digits answer a numbered list of choices, in the order they were offered: 1 yes, 2 no, 3 maybe. */
const RSVP_DIGITS = RSVP_ANSWERS.map((answer, i): [RsvpSignal, string[]] => [answer, [String(i + 1)]]);

const RSVP_LEXICON = buildLexicon<RsvpSignal | 'filler'>([
  ...entries(RSVP_WORDS).map(([signal, words]): [RsvpSignal, string[]] => [signal, allWords(words)]),
  ...RSVP_DIGITS,
  ['filler', allWords(FILLER_WORDS)],
]);

const COMMAND_LEXICON = buildLexicon<CommandTag>([
  ...entries(COMMAND_WORDS).map(([command, words]): [CommandTag, string[]] => [command, allWords(words)]),
  ...entries(LANGUAGE_WORDS).map(([language, words]): [CommandTag, string[]] => [`language:${language}`, allWords(words)]),
  ['filler', allWords(FILLER_WORDS)],
]);

const RATING_LEXICON = buildLexicon<RatingTag>([
  ...Object.entries(NUMBER_WORDS).map(([value, words]): [RatingTag, string[]] => [Number(value) as RatingValue, [value, ...allWords(words)]]),
  ['filler', allWords(FILLER_WORDS)],
]);

const COMMAND_MEANINGS: Record<Exclude<CommandTag, 'filler'>, ReplyMeaning> = {
  stop: { kind: 'command', command: 'stop' },
  start: { kind: 'command', command: 'start' },
  help: { kind: 'command', command: 'help' },
  skip: { kind: 'command', command: 'skip' },
  'language:ar': { kind: 'command', command: 'language', language: 'ar' },
  'language:en': { kind: 'command', command: 'language', language: 'en' },
  'language:fr': { kind: 'command', command: 'language', language: 'fr' },
};

const START_EXACT = new Set(START_WORDS_WITH_FINAL_HAMZA);
const OUT_OF = new RegExp(`^(\\d+) ?(?:${OUT_OF_WORDS.map((w) => escapeRegExp(normaliseReply(w) || w)).join('|')}) ?(\\d+)$`, 'u');

/** Commands only (STOP, START, HELP, skip, a language), with greetings and thanks around them; else unknown. */
export function parseCommand(text: string): ReplyMeaning {
  return commandIn(text, tokensOf(normaliseReply(text))) ?? unknown();
}

/**
 * A reply as read: what it means, the words that decided it (shown to staff, who may correct
 * it), and whether part of it is a question or a request the teacher should read as a note.
 */
export interface Reading {
  meaning: ReplyMeaning;
  from?: string;
  note: boolean;
  /** Answer-like words that disagree or fall outside the scale: ask again rather than pass it on. */
  unclear?: boolean;
}

/**
 * An RSVP answer, a command, or unknown. Choice ids from a tap (`r.yes.<event>`) are sure;
 * free text follows the rules in words.ts and `resolveRsvp`, then, for a sentence, sentences.ts.
 */
export function parseRsvp(text: string): ReplyMeaning {
  return readRsvp(text).meaning;
}

export function readRsvp(text: string): Reading {
  const tap = decodeRsvpChoice(text.trim());
  if (tap) return { meaning: rsvp(tap.answer, 'sure'), note: false };
  // A choice id that does not decode ("r.yes.") is a broken tap, not words.
  if (/^r\.\w*\.\S*$/.test(text.trim())) return { meaning: unknown(), note: false };
  const normalised = normaliseReply(text);
  const tokens = tokensOf(normalised);
  const command = commandIn(text, tokens);
  if (command) return { meaning: command, note: false };
  const signals = tokens && segment(tokens, RSVP_LEXICON);
  const strict = signals && resolveRsvp(signals);
  if (strict && strict.kind !== 'unknown') return { meaning: strict, from: normaliseMarksOnly(text), note: false };
  const opening = firstClauseCommand(text);
  if (opening) return { meaning: opening, note: false };
  const sentence = readRsvpSentence(text, normalised, endsAsQuestion(text));
  if (sentence.command) return { meaning: sentenceCommand(sentence.command), note: false };
  // Known words that disagree ("yes no") stay unknown, unless a sentence reads them as a hedge ("يمكن نجي يمكن لا").
  const meaning = sentence.answer && (!strict || sentence.answer === 'maybe') ? rsvp(sentence.answer, 'likely') : unknown();
  return { meaning, ...(sentence.from ? { from: sentence.from } : {}), note: sentence.note, ...(sentence.unclear ? { unclear: true } : {}) };
}

/**
 * A rating from 1 to `max` (digits of any set, number words, "3/6", "3 out of 6"), a command
 * (STOP during a survey is STOP), or unknown: 0, 7, "3.5", "3/5" and two different numbers.
 */
export function parseRating(text: string, max: RatingValue = 6): ReplyMeaning {
  const normalised = normaliseReply(text);
  const tokens = tokensOf(normalised);
  const command = commandIn(text, tokens);
  if (command) return command;
  const fraction = outOf(normalised, max);
  const value = fraction === undefined ? tokens && ratingIn(tokens) : fraction;
  return value !== undefined && value !== 'invalid' && value <= max ? { kind: 'rating', value } : unknown();
}

/**
 * A survey answer in words: the strict reading first (digits, number words, "3/6"), then a
 * sentence with the scale's label words and numbers in it (sentences.ts).
 */
export function readRating(text: string, scale: SurveyScale, max: RatingValue = 6): Reading {
  const strict = parseRating(text, max);
  const normalised = normaliseReply(text);
  if (strict.kind !== 'unknown') return { meaning: strict, from: normaliseMarksOnly(text), note: false };
  const opening = firstClauseCommand(text);
  if (opening) return { meaning: opening, note: false };
  const sentence = readRatingSentence(text, normalised, scale, max, endsAsQuestion(text));
  if (sentence.command) return { meaning: sentenceCommand(sentence.command), note: false };
  const meaning: ReplyMeaning = sentence.answer === 'skip' ? { kind: 'command', command: 'skip' }
    : sentence.answer !== undefined ? { kind: 'rating', value: sentence.answer as RatingValue } : unknown();
  return { meaning, ...(sentence.from ? { from: sentence.from } : {}), note: sentence.note, ...(sentence.unclear ? { unclear: true } : {}) };
}

/** "help, ma fhmtch", "start, rj3ou sifto lia": a command on its own before the first comma is that command. */
function firstClauseCommand(text: string): ReplyMeaning | undefined {
  const first = text.split(/[,،;؛.!\n]/u)[0] ?? '';
  if (first.trim() === text.trim()) return undefined;
  const command = commandIn(first, tokensOf(normaliseReply(first)));
  return command?.kind === 'command' && command.command !== 'skip' ? command : undefined;
}

function sentenceCommand(command: SentenceCommand): ReplyMeaning {
  return command.startsWith('language:') ? { kind: 'command', command: 'language', language: command.slice(9) as ReplyLanguage } : { kind: 'command', command: command as CommandName };
}

/** normaliseReply trims a last "?" with the other edge punctuation; sentences need to know it was there. */
function endsAsQuestion(text: string): boolean {
  return /[?؟]\s*(?:\p{Extended_Pictographic}\uFE0F?\s*)*$/u.test(text);
}

function tokensOf(normalised: string): string[] | undefined {
  const tokens = tokenise(normalised);
  return tokens.length > 0 && tokens.length <= MAX_TOKENS ? tokens : undefined;
}

function commandIn(text: string, tokens: string[] | undefined): ReplyMeaning | undefined {
  if (START_EXACT.has(normaliseMarksOnly(text))) return { ...COMMAND_MEANINGS.start };
  const tags = tokens && segment(tokens, COMMAND_LEXICON);
  const commands = new Set(tags?.filter((t) => t !== 'filler'));
  const [only] = commands;
  return commands.size === 1 && only !== undefined ? { ...COMMAND_MEANINGS[only] } : undefined;
}

/**
 * How the parts of a reply add up:
 * - no with yes (or maybe) contradicts itself ("لا ماشي مشكل", "oui non"): unknown, ask again;
 * - no with a verb of coming is no ("ما نقدرش نجي", "I can't come"): negation wins;
 * - maybe with anything positive is maybe, likely ("yes maybe", "ربما أحضر");
 * - yes is sure only when said outright and unhedged; "ok", "👍", "no problem", a bare verb, or
 *   any yes with "inshallah" is yes, likely;
 * - "inshallah" alone is maybe, likely: in Morocco it commits to nothing.
 */
export function resolveRsvp(parts: readonly (RsvpSignal | 'filler')[]): ReplyMeaning {
  const s = new Set(parts.filter((p) => p !== 'filler'));
  if (s.size === 0) return unknown();
  const hedged = s.has('hedge');
  const agrees = s.has('yes') || s.has('yesLikely');
  if (s.has('no')) return agrees || s.has('maybe') ? unknown() : rsvp('no', hedged ? 'likely' : 'sure');
  if (s.has('maybe')) return rsvp('maybe', agrees || s.has('attend') || hedged ? 'likely' : 'sure');
  if (agrees || s.has('attend')) return rsvp('yes', s.has('yes') && !hedged ? 'sure' : 'likely');
  return rsvp('maybe', 'likely');
}

function rsvp(answer: RsvpAnswer, confidence: 'sure' | 'likely'): ReplyMeaning {
  return { kind: 'rsvp', answer, confidence };
}

/** "3/6", "3 out of 6", "٣ من ٦": only when the scale's top is the one asked ("3/5" on a 6-point scale is unknown). */
function outOf(normalised: string, max: RatingValue): RatingValue | 'invalid' | undefined {
  const m = OUT_OF.exec(normalised);
  if (!m) return undefined;
  const value = Number(m[1]);
  return Number(m[2]) === max && value >= 1 && value <= max ? (value as RatingValue) : 'invalid';
}

/** One number, said once or repeated the same ("3 ثلاثة"), with fillers around; two different numbers are unknown. */
function ratingIn(tokens: readonly string[]): RatingValue | undefined {
  const values = new Set(segment(tokens, RATING_LEXICON)?.filter((t) => t !== 'filler'));
  const [only] = values;
  return values.size === 1 ? only : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
