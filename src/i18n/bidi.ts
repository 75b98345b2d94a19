/**
 * Bidi helpers (PLATFORMS.md §6.1). Chat apps have no markup, so direction is fixed with
 * invisible Unicode controls: every interpolated value is an isolate (FSI … PDI), so a
 * Latin name, a time or a link cannot reorder the Arabic sentence around it.
 */
import type { Locale } from '../core/types.js';

/** FIRST STRONG ISOLATE: the isolate takes its direction from its own first strong char. */
export const FSI = '\u2068';
/** POP DIRECTIONAL ISOLATE: closes the isolate; must sit in the same paragraph (line). */
export const PDI = '\u2069';
/** RIGHT-TO-LEFT MARK: invisible strong RTL char, pins a line's base direction. */
export const RLM = '\u200F';

/** Strong right-to-left scripts; one such char in an English value makes us isolate it. */
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * Embedding/override/isolate controls typed or pasted into staff text. Left in, a stray PDI
 * would close our isolate early and a stray FSI would leave one open, so they are dropped.
 * RLM/LRM/ALM stay: they pair with nothing and cannot unbalance anything.
 */
const PAIRED_BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function isolate(s: string): string {
  return FSI + s + PDI;
}

export function hasRtlChars(s: string): boolean {
  return RTL_SCRIPT.test(s);
}

/**
 * Staff text as it may safely be interpolated: no paired controls, Unix newlines, and no
 * private-use U+E000 (invitation.ts keeps the children's place with it while formatting).
 */
export function cleanText(s: string): string {
  return s.replace(PAIRED_BIDI_CONTROLS, '').replace(/\uE000/g, '').replace(/\r\n?/g, '\n');
}

/**
 * Isolates do not cross paragraph boundaries (a newline ends every open isolate), so a
 * multi-line value gets one isolate per line; empty lines stay empty.
 */
export function isolateLines(s: string): string {
  if (!s.includes('\n')) return isolate(s);
  return s
    .split('\n')
    .map((line) => (line === '' ? line : isolate(line)))
    .join('\n');
}

/**
 * One interpolated value as it goes into a message: always isolated in Arabic; in English
 * only when it carries right-to-left script (a child's name written in Arabic), so English
 * stays free of invisible characters otherwise.
 */
export function wrapValue(locale: Locale, raw: string): string {
  const s = cleanText(raw);
  if (s === '') return s;
  if (locale === 'ar' || hasRtlChars(s)) return isolateLines(s);
  return s;
}

/** First char decides a line's direction in most chat apps; Arabic letters already do it. */
const STARTS_RTL = /^[\p{Script=Arabic}\u200F]/u;

/**
 * Prefix RLM to every non-empty line of an Arabic message that does not begin with an Arabic
 * letter (e.g. a line that is only an isolated value), so the app lays it out right-to-left
 * instead of guessing from the isolate's content.
 */
export function markRtlLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' || STARTS_RTL.test(line) ? line : RLM + line))
    .join('\n');
}
