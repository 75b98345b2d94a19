/**
 * What is still open for a guardian besides the current question: an invitation not answered
 * yet. After a survey ends, or an RSVP to another invitation, it is asked again so nothing the
 * school asked is left behind.
 */
import { t } from '../../i18n/index.js';
import { joined, rsvpChoices, rsvpValues } from './messages.js';
import { askSlots, hasSlots } from './slots.js';
import type { Turn } from './turn.js';
import type { EventInfo } from './types.js';

/** An invitation still worth answering: RSVP asked, not answered, not started yet. */
export function isOpenRsvp(turn: Turn, event: EventInfo | undefined): event is EventInfo {
  return Boolean(event?.rsvp && event.answer === undefined && !hasStarted(turn, event));
}

export function hasStarted(turn: Turn, event: EventInfo): boolean {
  return event.startsAt !== undefined && Date.parse(event.startsAt) <= turn.now.getTime();
}

/** Asks an invitation again (with what came before it as the lead) and waits for its answer. */
export function askRsvp(turn: Turn, event: EventInfo, lead: string[] = []): void {
  // A meeting of appointments is answered with a time: its times, not yes / no / maybe. With none
  // free the question stays yes / no / maybe (a yes joins the waiting list), so nobody is put on
  // the list without asking.
  if (hasSlots(event) && event.times.some((s) => s.free)) return askSlots(turn, event, lead);
  turn.session.mode = { m: 'rsvp', eventId: event.id };
  const question = t(turn.locale, 'conv.rsvp.question', rsvpValues(event, turn.locale, turn.ctx.school.timeZone));
  turn.reply(joined(turn.locale, [...lead, question], rsvpChoices(turn.locale, event.id)));
}

/** The newest invitation sent to the chat that still waits for an answer. */
export function openRsvpEvent(turn: Turn): EventInfo | undefined {
  return turn.ctx.prompts.map((p) => turn.event(p.eventId)).find((e) => isOpenRsvp(turn, e));
}

/** The newest invitation sent to the chat that is still open, asked again; false when none. */
export function askOpenRsvp(turn: Turn, lead: string[]): boolean {
  const open = openRsvpEvent(turn);
  if (!open) return false;
  askRsvp(turn, open, lead);
  return true;
}
