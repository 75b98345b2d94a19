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
