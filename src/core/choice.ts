import type { RsvpAnswer } from './types.js';
import { RSVP_ANSWERS } from './types.js';

/**
 * Choice ids carry the invitation they answer, so a tap is understood without a session:
 * `r.<answer>.<eventId>`, ASCII and well under Telegram's 64-byte callback_data limit.
 */
export function encodeRsvpChoice(answer: RsvpAnswer, eventId: string): string {
  return `r.${answer}.${eventId}`;
}

export function decodeRsvpChoice(id: string): { answer: RsvpAnswer; eventId: string } | undefined {
  const m = /^r\.(yes|no|maybe)\.([A-Za-z0-9_-]{1,40})$/.exec(id);
  if (!m) return undefined;
  const answer = m[1] as string;
  if (!(RSVP_ANSWERS as readonly string[]).includes(answer)) return undefined;
  return { answer: answer as RsvpAnswer, eventId: m[2] as string };
}

/**
 * A survey answer tap: `s.<value>.<question index>.<eventId>`. Like RSVP ids, it carries what
 * it answers, so a tap on an old question's button is understood without the session.
 */
export function encodeSurveyChoice(value: number, questionIndex: number, eventId: string): string {
  return `s.${value}.${questionIndex}.${eventId}`;
}

export function decodeSurveyChoice(id: string): { value: number; questionIndex: number; eventId: string } | undefined {
  const m = /^s\.([1-9])\.(\d{1,2})\.([A-Za-z0-9_-]{1,40})$/.exec(id);
  if (!m) return undefined;
  return { value: Number(m[1]), questionIndex: Number(m[2]), eventId: m[3] as string };
}

/**
 * The conversation's own buttons (skip a question, pass a message on, a teacher's pick of a
 * class): `x.<action>` with an optional short ASCII argument.
 */
export function encodeControlChoice(action: string, arg?: string | number): string {
  return arg === undefined ? `x.${action}` : `x.${action}.${arg}`;
}

export function decodeControlChoice(id: string): { action: string; arg?: string } | undefined {
  const m = /^x\.([a-z_]{1,16})(?:\.([A-Za-z0-9_-]{1,40}))?$/.exec(id);
  if (!m) return undefined;
  return m[2] === undefined ? { action: m[1] as string } : { action: m[1] as string, arg: m[2] };
}

/** A meeting time tapped: `t.<slot index>.<eventId>`, so a tap on an old list is understood without the session. */
export function encodeSlotChoice(index: number, eventId: string): string {
  return `t.${index}.${eventId}`;
}

export function decodeSlotChoice(id: string): { index: number; eventId: string } | undefined {
  const m = /^t\.(\d{1,3})\.([A-Za-z0-9_-]{1,40})$/.exec(id);
  return m ? { index: Number(m[1]), eventId: m[2] as string } : undefined;
}

/** An absence's reason tapped: `a.<reason>.<eventId>` (the notice names the day and the children). */
export function encodeAbsenceChoice(reason: string, eventId: string): string {
  return `a.${reason}.${eventId}`;
}

export function decodeAbsenceChoice(id: string): { reason: string; eventId: string } | undefined {
  const m = /^a\.([a-z]{2,12})\.([A-Za-z0-9_-]{1,40})$/.exec(id);
  return m ? { reason: m[1] as string, eventId: m[2] as string } : undefined;
}
