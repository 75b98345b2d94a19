/**
 * Cached Intl formatters (PLATFORMS.md §6.3). Each formatter is built once per
 * locale + time zone: building one costs far more than using it, and invitations are
 * rendered thousands of times per second during a fan-out.
 */
import type { Locale } from '../core/types.js';

/** Tags for Intl: Moroccan Arabic (month names such as «شتنبر», 24-hour clock), British English and Moroccan French. */
export const INTL_LOCALE: Record<Locale, string> = { ar: 'ar-MA', en: 'en-GB', fr: 'fr-MA' };

/**
 * Tags for IntlMessageFormat: the `-u-nu-latn` extension pins Latin digits for `#` in
 * plurals, whatever the ICU build's default numbering system for the locale is.
 */
export const MESSAGE_LOCALE: Record<Locale, string> = { ar: 'ar-MA-u-nu-latn', en: 'en-GB-u-nu-latn', fr: 'fr-MA-u-nu-latn' };

/** Morocco is UTC+1 except during Ramadan (UTC+0): always go through the IANA zone. */
export const DEFAULT_TIME_ZONE = 'Africa/Casablanca';

const DATE_OPTIONS: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  numberingSystem: 'latn',
};

/** h23, not h24: midnight prints 00:00, never 24:00. */
const TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  numberingSystem: 'latn',
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const listFormats = new Map<Locale, Intl.ListFormat>();

function cachedDateTime(
  cache: Map<string, Intl.DateTimeFormat>,
  options: Intl.DateTimeFormatOptions,
  locale: Locale,
  timeZone: string,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

/** Full date in the school's zone: ar «الثلاثاء، 15 شتنبر 2026», en "Tuesday, 15 September 2026" (CLDR 48). */
export function formatDate(d: Date, locale: Locale, timeZone: string): string {
  return cachedDateTime(dateFormats, DATE_OPTIONS, locale, timeZone).format(d);
}

/** 24-hour clock time in the school's zone, Latin digits: "18:00". */
export function formatTime(d: Date, locale: Locale, timeZone: string): string {
  return cachedDateTime(timeFormats, TIME_OPTIONS, locale, timeZone).format(d);
}

/** A number for plain interpolation (not a plural `#`): ar-MA groups as 1.234, en-GB as 1,234. */
export function formatNumber(n: number, locale: Locale): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(MESSAGE_LOCALE[locale]);
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/** "Sara and Youssef" / «سارة ويوسف»; items are joined as given (isolate them first in Arabic). */
export function formatList(items: readonly string[], locale: Locale): string {
  // A list of one is that one item in every locale (CLDR has no pattern for it): most
  // invitations name one child, and ICU is not asked thousands of times a second for it.
  if (items.length === 1) return items[0] as string;
  let f = listFormats.get(locale);
  if (!f) {
    f = new Intl.ListFormat(INTL_LOCALE[locale], { type: 'conjunction', style: 'long' });
    listFormats.set(locale, f);
  }
  if (locale !== 'ar') return f.format(items);
  // Arabic's «و» joins the next word; before a name in Latin letters it stands apart («هبة و Anas»).
  const parts = f.formatToParts(items);
  return parts.map((p, i) => (p.type === 'literal' && p.value.endsWith('و') && startsLatin(parts[i + 1]?.value) ? `${p.value} ` : p.value)).join('');
}

/** Its first letter (past any bidi isolate or mark) is not Arabic. */
function startsLatin(text: string | undefined): boolean {
  const first = text?.replace(/^[\u2066-\u2069\u200e\u200f]+/, '')[0];
  return first !== undefined && !/[\u0600-\u06ff]/.test(first);
}
