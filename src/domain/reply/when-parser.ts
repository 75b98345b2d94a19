/**
 * When a meeting is, from what a teacher types to the bot: "ghda 17h", "الجمعة على الساعة ١٧:٠٠",
 * "le 15 décembre à 17h30", "tomorrow 5pm". Pure: `now` and the school's zone are arguments.
 *
 * Same rule as parser.ts: the text is understood only when all of it is. A word not in
 * when-words.ts, a second time ("17:00 or 18:00"), a bare number that is not clearly an hour
 * ("vendredi 17"), or two days that disagree ("demain vendredi" on a Tuesday) make it
 * `invalid`, and the bot asks again. A wrong date costs a meeting nobody comes to.
 */
import type { Lexicon } from './lexicon.js';
import { buildLexicon, segment, tokenise } from './lexicon.js';
import { normaliseReply } from './normalise.js';
import type { ZonedParts } from '../zoned-time.js';
import { zonedParts, zonedTimeToInstant } from '../zoned-time.js';
import {
  FILLER_WORDS, HOUR_UNIT_WORDS, MERIDIEM_WORDS, MONTH_WORDS, NOON_WORDS, RELATIVE_DAY_WORDS, THIS_PART_OF_DAY_WORDS,
  TIME_MARKER_WORDS, WEEKDAY_WORDS,
} from './when-words.js';

export type WhenResult =
  /** The instant, computed in the school's IANA zone. */
  | { kind: 'ok'; at: Date }
  /** Understood, but not strictly after `now` (or a day before today). */
  | { kind: 'past' }
  /** Understood, but more than 366 days ahead. */
  | { kind: 'too_far' }
  /** A day was understood but no clock time was given ("demain", "15 décembre"). */
  | { kind: 'no_time' }
  /** Not understood, or an impossible date such as 31/02. */
  | { kind: 'invalid' };

type Meridiem = 'am' | 'pm';
interface Clock { hour: number; minute: number }
interface DayMonth { day: number; month: number; year?: number }
interface CalendarDay { year: number; month: number; day: number }
interface Dot { a: number; b: number; bDigits: number }

type WordMeaning =
  | { kind: 'relative'; days: number; meridiem?: Meridiem }
  | { kind: 'weekday'; weekday: number }
  | { kind: 'month'; month: number }
  | { kind: 'meridiem'; meridiem: Meridiem }
  | { kind: 'noon' } | { kind: 'marker' } | { kind: 'unit' } | { kind: 'filler' };

type Item =
  | { t: 'word'; meaning: WordMeaning }
  | { t: 'num'; value: number; digits: number; ordinal: boolean }
  | { t: 'date'; date: DayMonth }
  | { t: 'clock'; time: Clock; open: boolean; meridiem?: Meridiem }
  | ({ t: 'dot' } & Dot);

/** What the text said, before it is placed in time. Each part may be said once (or said again the same). */
interface Reading {
  date?: DayMonth;
  relative?: number;
  weekday?: number;
  time?: Clock;
  meridiem?: Meridiem;
  /** "15.12": 15 December or 15:12, decided by what else was said. */
  dot?: Dot;
}
const READING_KEYS = ['date', 'relative', 'weekday', 'time', 'meridiem', 'dot'] as const;

interface Step { used: number; part: Reading }

/** "More than 366 days ahead" is too far: a school year, with room for a leap day. */
const HORIZON_MS = 366 * 24 * 60 * 60 * 1000;
/** Longer than this is a message, not a date; it also keeps the work bounded. */
const MAX_CHUNKS = 20;
const CHUNK_SEPARATORS = /[\s,،;!?؟()«»"]+/u;
const NOON: Clock = { hour: 12, minute: 0 };
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const INVALID: WhenResult = { kind: 'invalid' };

const LEXICON: Lexicon<WordMeaning> = buildLexicon<WordMeaning>([
  ...RELATIVE_DAY_WORDS.map((words, days) => [{ kind: 'relative', days }, words] as const),
  ...WEEKDAY_WORDS.map((words, weekday) => [{ kind: 'weekday', weekday }, words] as const),
  ...MONTH_WORDS.map((words, i) => [{ kind: 'month', month: i + 1 }, words] as const),
  [{ kind: 'meridiem', meridiem: 'am' }, MERIDIEM_WORDS.am],
  [{ kind: 'meridiem', meridiem: 'pm' }, MERIDIEM_WORDS.pm],
  [{ kind: 'relative', days: 0, meridiem: 'am' }, THIS_PART_OF_DAY_WORDS.am],
  [{ kind: 'relative', days: 0, meridiem: 'pm' }, THIS_PART_OF_DAY_WORDS.pm],
  [{ kind: 'noon' }, NOON_WORDS],
  [{ kind: 'marker' }, TIME_MARKER_WORDS],
  [{ kind: 'unit' }, HOUR_UNIT_WORDS],
  [{ kind: 'filler' }, FILLER_WORDS],
]);

/** Numbers, dates and clock times, one chunk each; a match out of range ("24:00", "31/13") is undefined. */
const NUMERIC: readonly (readonly [RegExp, (m: RegExpExecArray) => Item | undefined])[] = [
  [/^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/, (m) => dateItem(Number(m[4]), Number(m[3]), Number(m[1]))],
  [/^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$/, (m) => dateItem(Number(m[1]), Number(m[3]), fullYear(m[4]))],
  [/^(\d{1,2})[-/](\d{1,2})$/, (m) => dateItem(Number(m[1]), Number(m[2]))],
  [/^(\d{1,2})\.(\d{1,2})$/, (m) => ({ t: 'dot', a: Number(m[1]), b: Number(m[2]), bDigits: m[2]?.length ?? 0 })],
  [/^(\d{1,2})(?::(\d{2})h?|h(\d{2})?)$/, (m) => clockItem(m[1], m[2] ?? m[3], m[2] === undefined && m[3] === undefined)],
  [/^(\d{1,2})(?:[:.h](\d{2}))?([ap])\.?m$/, (m) => clockItem(m[1], m[2], false, m[3] === 'a' ? 'am' : 'pm')],
  [/^(\d{1,2})(?:er|st|nd|rd|th)$/, (m) => ({ t: 'num', value: Number(m[1]), digits: m[1]?.length ?? 0, ordinal: true })],
  [/^\d{1,4}$/, (m) => ({ t: 'num', value: Number(m[0]), digits: m[0].length, ordinal: false })],
];

/** The instant a teacher means, judged against `now` in the school's IANA zone. Throws RangeError for an unknown zone, whatever the text. */
export function parseWhen(text: string, now: Date, timeZone: string): WhenResult {
  const today = zonedParts(now, timeZone);
  const items = itemsOf(text);
  const reading = items && readItems(items);
  const said = reading && settle(reading);
  return said ? place(said, today, now, timeZone) : INVALID;
}

function itemsOf(text: string): Item[] | undefined {
  const chunks = normaliseReply(text).split(CHUNK_SEPARATORS).filter((c) => c.length > 0);
  if (chunks.length === 0 || chunks.length > MAX_CHUNKS) return undefined;
  const items: Item[] = [];
  let words: string[] = [];
  for (const chunk of chunks) {
    const numeric = numericItem(chunk.replace(/\.+$/, ''));
    if (numeric === 'word') {
      words.push(...tokenise(chunk));
      continue;
    }
    if (numeric === undefined || !pushWords(words, items)) return undefined;
    items.push(numeric);
    words = [];
  }
  return pushWords(words, items) ? items : undefined;
}

function numericItem(chunk: string): Item | 'word' | undefined {
  for (const [pattern, build] of NUMERIC) {
    const m = pattern.exec(chunk);
    if (m !== null) return build(m);
  }
  return 'word';
}

/** Words between numbers, covered by known phrases; false when one is not. */
function pushWords(words: readonly string[], items: Item[]): boolean {
  const meanings = segment(words, LEXICON);
  meanings?.forEach((meaning) => items.push({ t: 'word', meaning }));
  return meanings !== undefined;
}

/** Day and month are checked against the calendar later, once the year is known. */
function dateItem(day: number, month: number, year?: number): Item | undefined {
  if (day < 1 || day > 31 || month < 1 || month > 12) return undefined;
  return { t: 'date', date: year === undefined ? { day, month } : { day, month, year } };
}

function fullYear(digits: string | undefined): number {
  const year = Number(digits);
  return digits?.length === 2 ? 2000 + year : year;
}

function clockItem(hour: string | undefined, minute: string | undefined, open: boolean, meridiem?: Meridiem): Item | undefined {
  const time = clockOf(Number(hour), Number(minute ?? '0'));
  if (time === undefined) return undefined;
  return meridiem === undefined ? { t: 'clock', time, open } : { t: 'clock', time, open, meridiem };
}

function clockOf(hour: number, minute: number): Clock | undefined {
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

function readItems(items: readonly Item[]): Reading | undefined {
  let reading: Reading = {};
  for (let at = 0; at < items.length;) {
    const step = stepAt(items, at);
    const merged = step === undefined ? undefined : merge(reading, step.part);
    if (step === undefined || merged === undefined) return undefined;
    reading = merged;
    at += step.used;
  }
  return reading;
}

function merge(reading: Reading, part: Reading): Reading | undefined {
  const clash = READING_KEYS.some((key) => part[key] !== undefined && reading[key] !== undefined && part[key] !== reading[key]);
  return clash ? undefined : { ...reading, ...part };
}

function stepAt(items: readonly Item[], at: number): Step | undefined {
  const item = items[at];
  switch (item?.t) {
    case 'word': return wordStep(item.meaning, items, at);
    case 'num': return numberStep(item, items, at);
    case 'date': return { used: 1, part: { date: item.date } };
    case 'clock': return clockStep(item, items[at + 1]);
    case 'dot': return dotStep(item, items[at - 1], items[at + 1]);
    default: return undefined;
  }
}

function wordStep(meaning: WordMeaning, items: readonly Item[], at: number): Step | undefined {
  switch (meaning.kind) {
    case 'relative': return one(meaning.meridiem ? { relative: meaning.days, meridiem: meaning.meridiem } : { relative: meaning.days });
    case 'weekday': return one({ weekday: meaning.weekday });
    case 'month': return dayMonthStep(items[at + 1], meaning.month, items[at + 2]);
    case 'meridiem': return one({ meridiem: meaning.meridiem });
    case 'noon': return one({ time: NOON });
    // "à demain", "الساعة الثلاث": a marker must lead to a time, or the words after it are misread.
    case 'marker': return isTimeLike(items[at + 1]) ? one({}) : undefined;
    case 'unit': return undefined;
    case 'filler': return one({});
  }
}

function one(part: Reading): Step {
  return { used: 1, part };
}

/** "15 décembre", "December 15", either with a four-digit year after it. */
function dayMonthStep(day: Item | undefined, month: number, year: Item | undefined): Step | undefined {
  if (day?.t !== 'num' || day.digits > 2 || day.value < 1 || day.value > 31) return undefined;
  if (year?.t === 'num' && year.digits === 4) return { used: 3, part: { date: { day: day.value, month, year: year.value } } };
  return { used: 2, part: { date: { day: day.value, month } } };
}

/** A bare number is a day before a month name, or an hour before "h"/"pm" or after "à"/"الساعة"; otherwise not understood. */
function numberStep(item: Extract<Item, { t: 'num' }>, items: readonly Item[], at: number): Step | undefined {
  const next = items[at + 1];
  if (isWord(next, 'month')) return dayMonthStep(item, next.meaning.month, items[at + 2]);
  const hour = item.ordinal || item.digits > 2 ? undefined : clockOf(item.value, 0);
  if (hour === undefined) return undefined;
  if (isWord(next, 'unit')) return hourUnitStep(hour, items[at + 2]);
  return isWord(next, 'meridiem') || isWord(items[at - 1], 'marker') ? one({ time: hour }) : undefined;
}

/** "17 h", "17 h 30", "17 heures 30". */
function hourUnitStep(hour: Clock, minutes: Item | undefined): Step {
  const minute = minutes?.t === 'num' && minutes.digits === 2 ? clockOf(hour.hour, minutes.value) : undefined;
  return minute === undefined ? { used: 2, part: { time: hour } } : { used: 3, part: { time: minute } };
}

/** "17h 30" takes its minutes from the next number. */
function clockStep(item: Extract<Item, { t: 'clock' }>, next: Item | undefined): Step | undefined {
  const withMinutes = item.open && next?.t === 'num' && next.digits === 2 ? clockOf(item.time.hour, next.value) : undefined;
  const time = withMinutes ?? item.time;
  const part: Reading = item.meridiem ? { time, meridiem: item.meridiem } : { time };
  return { used: withMinutes ? 2 : 1, part };
}

function dotStep(item: Dot, previous: Item | undefined, next: Item | undefined): Step | undefined {
  if (!isWord(previous, 'marker') && !isWord(next, 'meridiem')) return one({ dot: item });
  const time = dotAsTime(item);
  return time ? one({ time }) : undefined;
}

function isWord<K extends WordMeaning['kind']>(item: Item | undefined, kind: K): item is { t: 'word'; meaning: Extract<WordMeaning, { kind: K }> } {
  return item?.t === 'word' && item.meaning.kind === kind;
}

function isTimeLike(item: Item | undefined): boolean {
  return (item?.t === 'num' && !item.ordinal) || item?.t === 'clock' || item?.t === 'dot' || isWord(item, 'noon');
}

function dotAsTime(dot: Dot): Clock | undefined {
  return dot.bDigits === 2 ? clockOf(dot.a, dot.b) : undefined;
}

interface Said { date?: DayMonth; relative?: number; weekday?: number; time?: Clock }

/** Decides "15.12" and applies am/pm; undefined when nothing of a day or a time was said. */
function settle(reading: Reading): Said | undefined {
  const r = reading.dot ? withDot(reading, reading.dot) : reading;
  if (r === undefined) return undefined;
  const time = r.time && r.meridiem ? withMeridiem(r.time, r.meridiem) : r.time;
  if (r.time !== undefined && time === undefined) return undefined;
  if (r.date === undefined && r.relative === undefined && r.weekday === undefined && time === undefined) return undefined;
  return { date: r.date, relative: r.relative, weekday: r.weekday, time };
}

/** A time when the day is already said (or "15" cannot be a month), else a date: "15.12" alone asks for the time. */
function withDot(reading: Reading, dot: Dot): Reading | undefined {
  const asTime = dotAsTime(dot);
  const asDate = dot.a >= 1 && dot.a <= 31 && dot.b >= 1 && dot.b <= 12 ? { day: dot.a, month: dot.b } : undefined;
  const dayKnown = reading.date !== undefined || reading.relative !== undefined;
  if (asTime && !reading.time && (!asDate || dayKnown)) return { ...reading, time: asTime };
  if (asDate && !reading.date) return { ...reading, date: asDate };
  return undefined;
}

/** 12am is 00:00, 12pm is 12:00; "18h du soir" stays 18:00; "18h du matin" and "0 pm" make no sense. */
function withMeridiem(time: Clock, meridiem: Meridiem): Clock | undefined {
  if (time.hour === 0 || (time.hour > 12 && meridiem === 'am')) return undefined;
  if (time.hour > 12) return time;
  return { hour: (time.hour % 12) + (meridiem === 'pm' ? 12 : 0), minute: time.minute };
}

function place(said: Said, today: ZonedParts, now: Date, timeZone: string): WhenResult {
  const isAhead = (day: CalendarDay): boolean =>
    said.time ? zonedTimeToInstant({ ...day, ...said.time }, timeZone) > now : dayNumber(day) >= dayNumber(today);
  const day = dayOf(said, today, isAhead);
  if (day === undefined) return INVALID;
  if (said.time === undefined) return dayWithoutTime(day, today, now, timeZone);
  const at = zonedTimeToInstant({ ...day, ...said.time }, timeZone);
  if (at <= now) return { kind: 'past' };
  return at.getTime() - now.getTime() > HORIZON_MS ? { kind: 'too_far' } : { kind: 'ok', at };
}

/** An explicit date first, then today/tomorrow, then a weekday; whatever else was said must agree with it. */
function dayOf(said: Said, today: ZonedParts, isAhead: (day: CalendarDay) => boolean): CalendarDay | undefined {
  const day = said.date ? dateDay(said.date, today, isAhead)
    : said.relative !== undefined ? addDays(today, said.relative)
    : said.weekday !== undefined ? weekdayDay(said.weekday, today, isAhead)
    : addDays(today, 0);
  if (day === undefined) return undefined;
  const relativeAgrees = said.relative === undefined || dayNumber(day) === dayNumber(addDays(today, said.relative));
  const weekdayAgrees = said.weekday === undefined || weekdayOf(day) === said.weekday;
  return relativeAgrees && weekdayAgrees ? day : undefined;
}

/** Without a year: this year, or next year once that day (and time) has passed. 31/02 exists in neither. */
function dateDay(date: DayMonth, today: ZonedParts, isAhead: (day: CalendarDay) => boolean): CalendarDay | undefined {
  const years = date.year === undefined ? [today.year, today.year + 1] : [date.year];
  const days = years.map((year) => ({ year, month: date.month, day: date.day })).filter(exists);
  if (date.year !== undefined) return days[0];
  return days.find(isAhead) ?? days.at(-1);
}

/** The next such weekday; today's only while the time is still ahead. */
function weekdayDay(weekday: number, today: ZonedParts, isAhead: (day: CalendarDay) => boolean): CalendarDay {
  const ahead = (weekday - today.weekday + 7) % 7;
  const day = addDays(today, ahead);
  return ahead === 0 && !isAhead(day) ? addDays(today, 7) : day;
}

function dayWithoutTime(day: CalendarDay, today: ZonedParts, now: Date, timeZone: string): WhenResult {
  if (dayNumber(day) < dayNumber(today)) return { kind: 'past' };
  const start = zonedTimeToInstant({ ...day, hour: 0, minute: 0 }, timeZone);
  return start.getTime() - now.getTime() > HORIZON_MS ? { kind: 'too_far' } : { kind: 'no_time' };
}

function addDays(day: CalendarDay, days: number): CalendarDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(day: CalendarDay): number {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
}

function dayNumber(day: CalendarDay): number {
  return day.year * 10_000 + day.month * 100 + day.day;
}

function exists(day: CalendarDay): boolean {
  const leap = day.year % 4 === 0 && (day.year % 100 !== 0 || day.year % 400 === 0);
  const length = day.month === 2 && leap ? 29 : DAYS_IN_MONTH[day.month - 1] ?? 0;
  return day.day >= 1 && day.day <= length;
}
