/**
 * What the bot does with a typed reply, decided in one place for the conversation (guardian.ts,
 * survey.ts), the tests and the reply benchmark: record an answer (and pass a question beside it
 * on as a note), act on a command, pass a message on, let courtesy be, or ask again kindly.
 */
import type { RsvpAnswer, SurveyScale } from '../../core/types.js';
import { isCourtesyOnly, looksLikeMessage } from './intent.js';
import { readRating, readRsvp, type CommandName, type RatingValue, type Reading, type ReplyLanguage } from './parser.js';

export type Understood<A> =
  | { kind: 'answer'; answer: A; confidence: 'sure' | 'likely'; from?: string; alsoNote: boolean }
  | { kind: 'command'; command: CommandName; language?: ReplyLanguage }
  | { kind: 'note' }
  | { kind: 'courtesy' }
  | { kind: 'unclear' };

export function understandRsvp(text: string): Understood<RsvpAnswer> {
  const reading = readRsvp(text);
  const { meaning } = reading;
  if (meaning.kind === 'rsvp') return answer(meaning.answer, meaning.confidence, reading, reading.note);
  return notAnAnswer(text, reading);
}

/** A survey answer; a rating beside a question is a note (the question is asked again, one tap away). */
export function understandRating(text: string, scale: SurveyScale, max: RatingValue = 6): Understood<RatingValue> {
  const reading = readRating(text, scale, max);
  const { meaning } = reading;
  if (meaning.kind === 'rating') return reading.note ? { kind: 'note' } : answer(meaning.value, 'sure', reading, false);
  return notAnAnswer(text, reading);
}

function answer<A>(value: A, confidence: 'sure' | 'likely', reading: Reading, alsoNote: boolean): Understood<A> {
  return { kind: 'answer', answer: value, confidence, ...(reading.from ? { from: reading.from } : {}), alsoNote };
}

function notAnAnswer<A>(text: string, reading: Reading): Understood<A> {
  const { meaning } = reading;
  if (meaning.kind === 'command') return { kind: 'command', command: meaning.command, ...(meaning.language ? { language: meaning.language } : {}) };
  // "?", "؟؟", "😅": nothing to pass on, nothing understood.
  if (!/[\p{L}\p{N}]/u.test(text)) return isCourtesyOnly(text) ? { kind: 'courtesy' } : { kind: 'unclear' };
  if (reading.note) return { kind: 'note' };
  if (isCourtesyOnly(text)) return { kind: 'courtesy' };
  if (reading.unclear) return { kind: 'unclear' };
  return looksLikeMessage(text) ? { kind: 'note' } : { kind: 'unclear' };
}
