/**
 * Meetings of individual appointments (issue: meetings the way schools run them): the school
 * gives a span, a length and breaks; each family books one time in the chat. Pure: the times a
 * plan makes, and the time a parent typed ("17:20", "5h20", "الخمسة و عشرين").
 */
import { toAsciiDigits } from '../core/phone.js';
import type { Slot } from '../core/types.js';
import { zonedParts } from './zoned-time.js';

export interface SlotPlan {
  /** ISO instants: the first time starts at `from`; the last ends by `to`. */
  from: string;
  to: string;
  minutes: number;
  /** Families per time. @defaultValue 1 */
  perSlot?: number;
  breaks?: Array<{ from: string; to: string }>;
  teacherId?: string;
  room?: string;
}

/** Enough for a long day with several teachers; a list parents page through in the chat. */
export const MAX_SLOTS = 300;

/** The times of every plan, in order of start (then plan order), numbered. A time that overlaps a break is left out. */
export function expandSlots(plans: readonly SlotPlan[]): Slot[] {
  const out: Array<Omit<Slot, 'index'> & { order: number }> = [];
  plans.forEach((plan, order) => {
    const step = plan.minutes * 60_000;
    const end = Date.parse(plan.to);
    const breaks = (plan.breaks ?? []).map((b) => [Date.parse(b.from), Date.parse(b.to)] as const);
    for (let start = Date.parse(plan.from); start + step <= end && out.length < MAX_SLOTS; start += step) {
      if (breaks.some(([bFrom, bTo]) => start < bTo && start + step > bFrom)) continue;
      out.push({
        order,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + step).toISOString(),
        capacity: plan.perSlot ?? 1,
        ...(plan.teacherId ? { teacherId: plan.teacherId } : {}),
        ...(plan.room ? { room: plan.room } : {}),
      });
    }
  });
  out.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.order - b.order);
  return out.map(({ order: _order, ...s }, index) => ({ index, ...s }));
}

/** Hours said in words (MSA and Darija): "الخامسة", "الخمسة", "خمسة". */
const HOUR_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/(?:ال)?واحد[ةه]?|الوحدة/, 1],
  [/(?:ال)?ثاني[ةه]|(?:ال)?جوج/, 2],
  [/(?:ال)?ثالث[ةه]|(?:ال)?[تث]لا[تث][ةه]/, 3],
  [/(?:ال)?رابع[ةه]|(?:ال)?ربع[ةه]/, 4],
  [/(?:ال)?خامس[ةه]|(?:ال)?خمس[ةه]/, 5],
  [/(?:ال)?سادس[ةه]|(?:ال)?ست[ةه]/, 6],
  [/(?:ال)?سابع[ةه]|(?:ال)?سبع[ةه]/, 7],
  [/(?:ال)?ثامن[ةه]|(?:ال)?[تث]من[يا][ةه]/, 8],
  [/(?:ال)?تاسع[ةه]|(?:ال)?تسعود|(?:ال)?تسع[ةه]/, 9],
  [/(?:ال)?عاشر[ةه]|(?:ال)?عشر[ةه]/, 10],
  [/(?:ال)?حادي[ةه] عشر[ةه]?|(?:ال)?حضاش/, 11],
  [/(?:ال)?ثاني[ةه] عشر[ةه]?|(?:ال)?طناش/, 12],
];

/** Minutes after the hour said in words: "و ربع", "و نص", "و عشرين", "الا ربع". */
const MINUTE_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/و\s*(?:ال)?خمس[ةه]? و\s*(?:ال)?عشرين/, 25],
  [/و\s*(?:ال)?خمس[ةه]? و\s*(?:ال)?[تث]لا[تث]ين/, 35],
  [/(?:الا|إلا|غير)\s*(?:ال)?ربع/, -15],
  [/(?:الا|إلا|غير)\s*(?:قصمان|(?:ال)?عشر[ةه])/, -10],
  [/و\s*(?:ال)?ربع/, 15],
  [/و\s*(?:ال)?(?:نص|نصف)/, 30],
  [/و\s*(?:ال)?(?:عشرين|ثلث|تلت)/, 20],
  [/و\s*(?:ال)?عشر[ةه]/, 10],
  [/و\s*قصمان/, 25],
  [/و\s*(?:ال)?خمس[ةه]/, 5],
];

export interface TypedTime {
  /** Minutes after midnight as typed (an hour ≤ 12 may be the afternoon's). */
  minutes: number;
  /** Said with "pm", "مساء", "العشية": the afternoon. */
  afternoon?: boolean;
  /** Said with "am", "صباحا", "du matin": the morning. */
  morning?: boolean;
}

/** A time of day in a parent's message, or undefined: "17:20", "17h20", "5.20 pm", "الخمسة و عشرين". */
export function parseTypedTime(raw: string): TypedTime | undefined {
  const text = toAsciiDigits(raw).toLowerCase().replace(/[\u064B-\u0652\u0640]/g, '');
  const afternoon = /\b(?:pm|p\.m\.)|مساء|المساء|العشي[ةه]|ف?الليل|de l'après-midi|du soir/.test(text) ? { afternoon: true } : {};
  const morning = /\b(?:am|a\.m\.)\b|صباح|الصباح|du matin/.test(text) ? { morning: true } : {};
  const digits = /(?:^|[^\d])([01]?\d|2[0-3])\s*(?:[:h.]|heures?\s*)\s*([0-5]\d)(?!\d)/.exec(text) ?? /(?:^|[^\d])([01]?\d|2[0-3])\s*(?:h|heures?|am|pm)(?![a-z\d])/.exec(text);
  if (digits) return { minutes: Number(digits[1]) * 60 + Number(digits[2] ?? 0), ...afternoon, ...morning };
  // The hour is the first hour word said ("الستة و خمسة": six, then five minutes).
  let hour: { at: number; value: number } | undefined;
  for (const [re, value] of HOUR_WORDS) {
    const at = re.exec(text)?.index;
    if (at !== undefined && (hour === undefined || at < hour.at)) hour = { at, value };
  }
  if (!hour) return undefined;
  const minute = MINUTE_WORDS.find(([re]) => re.test(text.slice(hour.at)))?.[1] ?? 0;
  return { minutes: (hour.value * 60 + minute + 24 * 60) % (24 * 60), ...afternoon, ...morning };
}

/** The minutes after midnight, in the school's time zone, a slot starts at. */
export function slotMinutes(slot: Pick<Slot, 'startsAt'>, timeZone: string): number {
  const p = zonedParts(new Date(slot.startsAt), timeZone);
  return p.hour * 60 + p.minute;
}

/**
 * The slots a typed time names: its clock time, or the afternoon's when the hour was said on
 * a 12-hour clock ("5:20" at a school whose meetings are at 17:20). Earliest first.
 */
export function slotsAt<S extends Pick<Slot, 'startsAt'>>(slots: readonly S[], typed: TypedTime, timeZone: string): S[] {
  const wanted = new Set([typed.minutes]);
  if (typed.minutes < 13 * 60 && !typed.morning) wanted.add(typed.minutes + 12 * 60);
  if (typed.afternoon && typed.minutes < 12 * 60) wanted.delete(typed.minutes);
  return slots.filter((s) => wanted.has(slotMinutes(s, timeZone)));
}
