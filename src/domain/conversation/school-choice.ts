/**
 * A chat shared by two schools (DESIGN §10): one parent, two schools' guardians, one bot. Which
 * school a message is about, decided from what it says of itself. Pure.
 *
 * In order: what the message points at (a tap on one school's invitation, a quoted message);
 * then the one school whose conversation takes the message as an answer to what it asked
 * (a typed "yes" to the only open RSVP, a survey rating); then the school the parent picked a
 * moment ago; otherwise the parent is asked, with the schools' names as choices. A guess is
 * never made: a note read by the wrong school is a parent's words given to strangers.
 */
import { decodeControlChoice, encodeControlChoice } from '../../core/choice.js';
import type { Choice } from '../../core/types.js';
import { normaliseReply } from '../reply/normalise.js';
import { parseRating } from '../reply/parser.js';

/**
 * Outcomes of a step that mean "this answered what this school's conversation waits for", or
 * that it waits for one (asking again is still that school's business).
 */
const CLAIMS = /^(rsvp_(yes|no|maybe|ask_again|not_understood_quiet|past)|survey_(answer|skip|completed|corrected|stopped|ask_again|not_understood_quiet)|draft_.+|event_requested|teacher_answer)$/;

export function claimsMessage(outcome: string): boolean {
  return CLAIMS.test(outcome);
}

/** How long a pick stands for the messages that follow it. */
export const PICK_STANDS_MS = 30 * 60_000;
/** A question left unanswered is asked again, at most this often, when the parent writes again. */
export const ASK_AGAIN_AFTER_MS = 10 * 60_000;

export interface SchoolSignals {
  /** The schools the chat belongs to on this account, in the order they are offered. */
  candidates: readonly string[];
  /** The school the message itself points at (a tapped invitation, a quoted message). */
  pointed?: string;
  /** The schools whose conversation takes the message as an answer (claimsMessage). */
  claimers: readonly string[];
  /** The parent's last pick, while it stands. */
  picked?: string;
}

export type SchoolDecision = { schoolId: string } | { ask: string[] };

export function chooseSchool(s: SchoolSignals): SchoolDecision {
  const has = (id: string | undefined): id is string => id !== undefined && s.candidates.includes(id);
  if (has(s.pointed)) return { schoolId: s.pointed };
  const claimers = s.claimers.filter(has);
  if (claimers.length === 1) return { schoolId: claimers[0] as string };
  const among = claimers.length ? claimers : [...s.candidates];
  if (has(s.picked) && among.includes(s.picked)) return { schoolId: s.picked };
  return { ask: among };
}

/** The button of one school: its id, hashed short (callback data may be 64 bytes: core/choice.ts). */
export function schoolChoiceId(schoolKey: string): string {
  return encodeControlChoice('school', schoolKey);
}

/**
 * The school a message picks, among those offered: a tap on a school's button (or a vote in the
 * question's poll, by its place), the school's number in the list, or its name typed in full.
 */
export function pickedSchool(input: { choiceId?: string; text?: string; optionIndex?: number }, offered: ReadonlyArray<{ id: string; key: string; name: string }>): string | undefined {
  const control = input.choiceId ? decodeControlChoice(input.choiceId) : undefined;
  if (control?.action === 'school') return offered.find((s) => s.key === control.arg)?.id;
  if (input.choiceId || !offered.length) return undefined;
  const named = (s: { name: string } | undefined, text: string) => s !== undefined && normaliseReply(s.name) === normaliseReply(text);
  if (input.optionIndex !== undefined) {
    // A vote whose poll is not known (yet): only when its label is that school's name.
    const at = offered[input.optionIndex];
    return at && (input.text === undefined || named(at, input.text)) ? at.id : undefined;
  }
  if (!input.text) return undefined;
  const rating = parseRating(input.text, Math.min(6, offered.length) as 1 | 2 | 3 | 4 | 5 | 6);
  if (rating.kind === 'rating') return offered[rating.value - 1]?.id;
  return offered.find((s) => named(s, input.text as string))?.id;
}

/** The question's choices: one per school, labelled with its name. */
export function schoolChoices(offered: ReadonlyArray<{ key: string; name: string }>): Choice[] {
  return offered.map((s) => ({ id: schoolChoiceId(s.key), label: s.name }));
}
