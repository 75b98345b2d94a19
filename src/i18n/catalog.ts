/**
 * The locale files as flat key → ICU pattern maps. The JSON is nested for people to edit;
 * code and tests address messages by dotted key ("invitation.meeting").
 */
import type { Locale } from '../core/types.js';
import ar from '../../locales/ar.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import fr from '../../locales/fr.json' with { type: 'json' };

export type Catalog = ReadonlyMap<string, string>;

/** Depth-first, in file order, so localeKeys() lists keys the way the file reads. */
export function flattenMessages(tree: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
    throw new TypeError(`locale entry "${prefix}" must be an object of messages`);
  }
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    if (typeof value === 'string') out.set(key, value);
    else flattenMessages(value, key, out);
  }
  return out;
}

const CATALOGS: Record<Locale, Catalog> = {
  ar: flattenMessages(ar),
  en: flattenMessages(en),
  fr: flattenMessages(fr),
};

/** The raw ICU pattern, or undefined for an unknown key. */
export function patternOf(locale: Locale, key: string): string | undefined {
  return CATALOGS[locale].get(key);
}

export function localeKeys(locale: Locale): string[] {
  return [...CATALOGS[locale].keys()];
}
