/**
 * Booking a meeting time in the chat. The invitation lists the times (a page at a time, "more
 * times" for the rest); a tap, a digit from the list or a typed time ("17:20", "الخمسة و عشرين")
 * books one, "change" lists them again and "cancel" gives it back. Whether a time is still free
 * is known only when the booking runs (two families may tap at once): the outcome is told by
 * the booking effect (services/conversation/slot-effects.ts), with the messages written here.
 */
import { decodeControlChoice, decodeSlotChoice, encodeControlChoice, encodeSlotChoice } from '../../core/choice.js';
import { toAsciiDigits } from '../../core/phone.js';
import type { Choice, Locale, OutboundMessage } from '../../core/types.js';
import { formatTime, INTL_LOCALE, t } from '../../i18n/index.js';
import { parseTypedTime, slotsAt } from '../slots.js';
import { joined, message } from './messages.js';
import type { Turn } from './turn.js';
import type { EventInfo } from './types.js';

/** Times per message: with "more times" and "none of these", eight choices fit every channel (Telegram shows eight). */
export const SLOTS_PER_PAGE = 6;

const CHANGE = /\b(?:change|changer|modifier|another time|autre heure)\b|بدل|بدّل|غير الوقت|تغيير/i;
const CANCEL = /\b(?:cancel|annuler|annule)\b|إلغاء|الغاء|الغي|ألغي|نلغي|لغي/i;

type Slotted = EventInfo & { times: NonNullable<EventInfo['times']> };

export function hasSlots(event: EventInfo | undefined): event is Slotted {
  return Boolean(event?.times?.length);
}

/** "Tue 14 Dec, 17:20" when the meeting spans days; "17:20" when it is one day. */
export function slotLabel(locale: Locale, timeZone: string, startsAt: string, oneDay: boolean): string {
  const time = formatTime(new Date(startsAt), locale, timeZone);
  if (oneDay) return time;
  const day = new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: 'short', day: 'numeric', month: 'short', timeZone, numberingSystem: 'latn' }).format(new Date(startsAt));
  return `${day}${AT[locale]}${time}`;
}

/** Between a day and its time, as each language writes it. */
const AT: Record<Locale, string> = { ar: '، ', en: ', ', fr: ', ' };
const AT_FULL: Record<Locale, string> = { ar: '، على الساعة ', en: ' at ', fr: ' à ' };

/** The time in full for a sentence: "Tuesday 14 December 2027 at 17:20". */
export function slotWhen(locale: Locale, timeZone: string, startsAt: string): string {
  const day = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'full', timeZone, numberingSystem: 'latn' }).format(new Date(startsAt));
  return `${day}${AT_FULL[locale]}${formatTime(new Date(startsAt), locale, timeZone)}`;
}

function oneDay(slots: ReadonlyArray<{ startsAt: string }>, timeZone: string): boolean {
  const day = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(new Date(iso));
  return new Set(slots.map((s) => day(s.startsAt))).size <= 1;
}

/**
 * The choices for page `page` (1-based) of the times: only those free when the message came,
 * unless `all` (the invitation lists every time; a tap on one taken meanwhile is told so).
 */
export function slotPage(locale: Locale, timeZone: string, event: Pick<Slotted, 'id' | 'times'>, page: number, all = false): Choice[] {
  const shown = all ? event.times : event.times.filter((s) => s.free);
  const day = oneDay(event.times, timeZone);
  const from = (page - 1) * SLOTS_PER_PAGE;
  const choices = shown.slice(from, from + SLOTS_PER_PAGE).map((s) => ({ id: encodeSlotChoice(s.index, event.id), label: slotLabel(locale, timeZone, s.startsAt, day) }));
  if (shown.length > from + SLOTS_PER_PAGE) choices.push({ id: encodeControlChoice('more', `${page + 1}-${event.id}`), label: t(locale, 'conv.slot.more') });
  choices.push({ id: encodeControlChoice('noslot', event.id), label: t(locale, 'conv.slot.none') });
  return choices;
}

/** The newest invitation with times that this family has not booked, and that is not over. */
export function openSlotEvent(turn: Turn): Slotted | undefined {
  for (const p of turn.ctx.prompts) {
    const e = turn.event(p.eventId);
    if (hasSlots(e) && e.booked === undefined && e.answer !== 'no' && !over(turn, e)) return e;
  }
  return undefined;
}

/**
 * "cancel" or "change" from a family holding a time, when nothing else says which meeting (a
 * survey came after the booking, and the bot now waits for its answer): the newest meeting with
 * a time of theirs still ahead.
 */
export function bookedSlotEvent(turn: Turn, text: string): Slotted | undefined {
  if (!CANCEL.test(text) && !CHANGE.test(text)) return undefined;
  for (const p of turn.ctx.prompts) {
    const e = turn.event(p.eventId);
    if (hasSlots(e) && e.booked !== undefined && !over(turn, e)) return e;
  }
  return undefined;
}

function over(turn: Turn, event: Slotted): boolean {
  const last = event.times.at(-1);
  return last !== undefined && Date.parse(last.startsAt) <= turn.now.getTime();
}

/** Lists the times (page `page` of the free ones) and waits for a choice. */
export function askSlots(turn: Turn, event: Slotted, lead: string[] = [], page = 1): void {
  turn.session.mode = { m: 'slot', eventId: event.id, page };
  if (!event.times.some((s) => s.free)) {
    turn.session.mode = { m: 'idle' };
    const mine = event.times.find((s) => s.index === event.booked);
    if (mine) return void turn.reply(joined(turn.locale, [...lead, t(turn.locale, 'conv.slot.noneFree', { time: slotWhen(turn.locale, turn.ctx.school.timeZone, mine.startsAt) })]));
    // Nothing free: trying the first time puts the family on the waiting list and tells them their place.
    if (lead.length) turn.reply(joined(turn.locale, lead));
    return void turn.effect({ type: 'book', eventId: event.id, index: event.times[0]?.index ?? 0, at: turn.at });
  }
  // The example is a time really offered, as this meeting writes it.
  const example = formatTime(new Date(event.times.find((s) => s.free)!.startsAt), turn.locale, turn.ctx.school.timeZone);
  turn.reply(joined(turn.locale, [...lead, t(turn.locale, 'conv.slot.which', { example })], slotPage(turn.locale, turn.ctx.school.timeZone, event, page)));
}

/** A tap on a time, on "more times" or on "none of these": true when it was one. */
export function slotTap(turn: Turn, choiceId: string): boolean {
  const tapped = decodeSlotChoice(choiceId);
  if (tapped) {
    const event = turn.event(tapped.eventId);
    if (!hasSlots(event) || !event.times.some((s) => s.index === tapped.index)) return Boolean(turn.done('not_a_slot'));
    if (over(turn, event)) return Boolean(turn.reply(message(turn.locale, 'conv.slot.past')).done('slot_past'));
    book(turn, event, tapped.index);
    return true;
  }
  const control = decodeControlChoice(choiceId);
  if (control?.action === 'more' && control.arg) {
    const [page, ...rest] = control.arg.split('-');
    const event = turn.event(rest.join('-'));
    if (hasSlots(event)) askSlots(turn, event, [], Math.max(1, Number(page) || 1));
    return Boolean(turn.done('slot_more'));
  }
  if (control?.action === 'noslot' && control.arg) {
    const event = turn.event(control.arg);
    if (!hasSlots(event)) return Boolean(turn.done('not_a_slot'));
    turn.session.mode = { m: 'idle' };
    turn.effect({ type: 'unbook', eventId: event.id, at: turn.at, declined: true }).reply(message(turn.locale, 'conv.slot.declined'));
    return Boolean(turn.done('slot_declined'));
  }
  return false;
}

/**
 * Words about a meeting with times: "change", "cancel", a typed time or a digit from the list.
 * False when the text is none of these (it is then read the usual way: an answer, a note).
 */
export function slotText(turn: Turn, event: Slotted, text: string, asked: boolean): boolean {
  if (CANCEL.test(text)) {
    turn.session.mode = { m: 'idle' };
    turn.session.topicEventId = event.id;
    // The booking store decides whether there was a time (two chats of one family may race):
    // "cancel" with none is told so, with the way to say no time suits them.
    turn.effect({ type: 'unbook', eventId: event.id, at: turn.at, from: text });
    return Boolean(turn.done('slot_cancel'));
  }
  if (CHANGE.test(text)) {
    askSlots(turn, event);
    return Boolean(turn.done('slot_change'));
  }
  const mode = turn.session.mode;
  const digit = /^\s*(\d{1,2})\s*$/.exec(toAsciiDigits(text));
  if (digit && asked) {
    const page = mode.m === 'slot' && mode.eventId === event.id ? mode.page : 1;
    const free = mode.m === 'slot' ? event.times.filter((s) => s.free) : event.times;
    const picked = free[(page - 1) * SLOTS_PER_PAGE + Number(digit[1]) - 1];
    if (picked && Number(digit[1]) <= SLOTS_PER_PAGE) {
      book(turn, event, picked.index, text);
      return true;
    }
  }
  const typed = parseTypedTime(text);
  if (!typed) return false;
  const at = slotsAt(event.times, typed, turn.ctx.school.timeZone);
  const pick = at.find((s) => s.free) ?? at[0];
  if (pick) {
    book(turn, event, pick.index, text);
    return true;
  }
  const said = `${String(Math.floor(typed.minutes / 60)).padStart(2, '0')}:${String(typed.minutes % 60).padStart(2, '0')}`;
  turn.session.mode = { m: 'slot', eventId: event.id, page: 1 };
  turn.reply(joined(turn.locale, [t(turn.locale, 'conv.slot.notAtTime', { time: said })], slotPage(turn.locale, turn.ctx.school.timeZone, event, 1)));
  return Boolean(turn.done('slot_no_such_time'));
}

function book(turn: Turn, event: Slotted, index: number, from?: string): void {
  turn.clearMisses();
  turn.session.mode = { m: 'idle' };
  turn.session.topicEventId = event.id;
  turn.effect({ type: 'book', eventId: event.id, index, at: turn.at, ...(from ? { from } : {}) }).done('slot_book');
}

/** What the booking effect says back: booked, already theirs, taken (with what is left), or the waiting list. */
export function bookingReply(locale: Locale, timeZone: string, event: Pick<Slotted, 'id' | 'times'>, outcome: BookingOutcome): OutboundMessage {
  const when = (index: number) => slotWhen(locale, timeZone, event.times.find((s) => s.index === index)?.startsAt ?? '');
  switch (outcome.kind) {
    case 'booked':
      // With whom and where, when the meeting says (a teacher's name, a room).
      return message(locale, 'conv.slot.booked', { time: when(outcome.index), hasWhere: outcome.where ? 'yes' : 'no', where: outcome.where ?? '' });
    case 'same':
      return message(locale, 'conv.slot.same', { time: when(outcome.index) });
    case 'taken':
      return message(locale, 'conv.slot.taken', { time: slotLabel(locale, timeZone, event.times.find((s) => s.index === outcome.index)?.startsAt ?? '', true) }, slotPage(locale, timeZone, event, 1));
    case 'full':
      return message(locale, 'conv.slot.full', { place: String(outcome.place) });
    case 'cancelled':
      return message(locale, 'conv.slot.cancelled', { time: when(outcome.index) });
    case 'none':
      // "Cancel" with no time booked: the times again, with "none of these" for a no.
      return message(locale, 'conv.slot.noBooking', {}, slotPage(locale, timeZone, event, 1));
    case 'offer':
      return message(locale, 'conv.slot.offer', { time: when(outcome.index) }, [{ id: encodeSlotChoice(outcome.index, event.id), label: slotLabel(locale, timeZone, event.times.find((s) => s.index === outcome.index)?.startsAt ?? '', false) }]);
  }
}

export type BookingOutcome =
  | { kind: 'booked'; index: number; where?: string }
  | { kind: 'same' | 'cancelled' | 'offer'; index: number }
  | { kind: 'taken'; index: number }
  | { kind: 'full'; place: number }
  | { kind: 'none' };
