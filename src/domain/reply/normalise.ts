/**
 * The one normal form every inbound reply goes through before it is understood, whatever the
 * script or keyboard: Arabic with or without diacritics, hamza forms and tatweel; Latin
 * Arabizi and French; three sets of digits; emoji. Pure and cheap: it runs on every message.
 */
import { toAsciiDigits } from '../../core/phone.js';

/** Direction marks and isolates (PLATFORMS §6.1), zero-width space/non-joiner and BOM. ZWJ stays: emoji use it. */
const INVISIBLES = /[\u200B\u200C\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** Harakat and other combining Arabic marks (U+064B–U+065F), superscript alef (U+0670), tatweel (U+0640). */
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;
/** Letter variants people type interchangeably; Persian/Urdu keyboards send ی and ک. */
const LETTER_VARIANTS: Readonly<Record<string, string>> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
  'ى': 'ي', 'ی': 'ي', 'ئ': 'ي',
  'ة': 'ه',
  'ؤ': 'و',
  'ک': 'ك',
};
const LETTER_VARIANT_CHARS = /[أإآٱىیئةؤک]/g;
/** "1️⃣": a keycap emoji is a digit someone tapped from a numbered list. */
const KEYCAP = /([0-9\u0660-\u0669\u06F0-\u06F9])\uFE0F?\u20E3/g;
export const APOSTROPHES = /[\u2018\u2019\u02BC\u0060\u00B4]/g;
const DASHES = /[\u2010-\u2014\u2212]/g;
/**
 * Stretched letters: three or more of the same letter in a row become one ("نعععم", "yesss",
 * "wakhaaa"). Two stay two, because real words double letters ("noon", "allah", "بركة").
 * A stretched word that ends in a doubled letter ("yess", "noo") is the parser's business:
 * it knows its words, this function does not.
 */
const STRETCHED = /(\p{L})\1{2,}/gu;
/** Punctuation (Latin and Arabic, quotes, ellipsis, brackets) and spaces, trimmed at either end. Emoji are symbols, not punctuation: they stay. */
const EDGE_CHAR = /[\s\p{P}]/u;

export function normaliseReply(text: string): string {
  const plain = withoutMarks(text)
    .replace(LETTER_VARIANT_CHARS, (ch) => LETTER_VARIANTS[ch] ?? ch)
    .replace(KEYCAP, '$1');
  const folded = toAsciiDigits(plain).replace(APOSTROPHES, "'").replace(DASHES, '-').toLowerCase();
  return trimEdges(folded.replace(STRETCHED, '$1').replace(/\s+/g, ' '));
}

/**
 * Only the invisible parts gone (compatibility forms, direction marks, harakat, tatweel) and
 * the ends trimmed; letters as typed. For the rare word that letter unification would turn
 * into another word: "ابدأ" (start) against "أبدًا" (never).
 */
export function normaliseMarksOnly(text: string): string {
  return trimEdges(withoutMarks(text).replace(/\s+/g, ' '));
}

function withoutMarks(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLES, '').replace(ARABIC_MARKS, '');
}

/** A loop, not /[…]+$/: that regex is quadratic on a long run of punctuation followed by a letter. */
function trimEdges(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && EDGE_CHAR.test(text.charAt(start))) start++;
  while (end > start && EDGE_CHAR.test(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}
