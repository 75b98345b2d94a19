/** Text staff wrote in some of the languages, read in the reader's: the reader's own, else the nearest. */
import type { LocalizedText, Locale } from '../core/types.js';

/**
 * Arabic and French readers in Morocco usually read the other of the two; English readers more
 * often French than Arabic. Staff may write in one language only: every reader gets something.
 */
const NEAREST: Record<Locale, readonly Locale[]> = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'ar', 'en'], en: ['en', 'fr', 'ar'] };

export function pickLocalized(text: LocalizedText | undefined, locale: Locale): string | undefined {
  if (!text) return undefined;
  for (const l of NEAREST[locale]) if (text[l]) return text[l];
  return undefined;
}
