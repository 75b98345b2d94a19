import { readFileSync, readdirSync } from 'node:fs';
import { parse } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, LOCALES, RSVP_ANSWERS } from '../../src/core/types.js';
import type { Locale } from '../../src/core/types.js';
import { flattenMessages, patternOf } from '../../src/i18n/catalog.js';
import { formatDate, formatTime, localeKeys, messageArgs, t } from '../../src/i18n/index.js';

const FSI = '\u2068';
const PDI = '\u2069';
const strip = (s: string): string => s.replace(/[\u2068\u2069\u200F]/g, '');

/** Read straight from disk, so the test does not trust the module's own loading. */
function patterns(locale: Locale): Map<string, string> {
  const url = new URL(`../../locales/${locale}.json`, import.meta.url);
  return flattenMessages(JSON.parse(readFileSync(url, 'utf8')));
}

/** Argument name → element kind, from the reference parser's AST. */
function argsOf(elements: MessageFormatElement[], out = new Map<string, string>()): Map<string, string> {
  for (const el of elements) {
    if ('options' in el) {
      out.set(el.value, 'pluralType' in el ? 'plural' : 'select');
      for (const option of Object.values(el.options)) argsOf(option.value, out);
    } else if ('children' in el) {
      argsOf(el.children, out);
    } else if ('value' in el && el.type !== 0) {
      out.set(el.value, 'style' in el ? 'formatted' : 'text');
    }
  }
  return out;
}

describe('locale files', () => {
  const ar = patterns('ar');
  const en = patterns('en');

  it('have exactly the same keys in Arabic and English', () => {
    expect([...ar.keys()].sort()).toEqual([...en.keys()].sort());
    expect(localeKeys('ar').sort()).toEqual(localeKeys('en').sort());
    expect(localeKeys('ar').sort()).toEqual([...ar.keys()].sort());
  });

  it('have a template and a default title for every event kind, and every RSVP label', () => {
    const keys = new Set(localeKeys('ar'));
    for (const kind of EVENT_KINDS) {
      expect(keys).toContain(`invitation.${kind}`);
      expect(keys).toContain(`title.${kind}`);
    }
    for (const answer of RSVP_ANSWERS) {
      expect(keys).toContain(`rsvp.${answer}`);
      expect(keys).toContain(`common.${answer}`);
    }
    for (const key of ['invitation.rsvpPrompt', 'invitation.signature', 'count.guardians']) {
      expect(keys).toContain(key);
    }
  });

  it('compile, in both languages, with the runtime formatter', () => {
    for (const locale of LOCALES) {
      for (const key of localeKeys(locale)) expect(() => messageArgs(locale, key), key).not.toThrow();
    }
  });

  it('use the same ICU arguments, the same way, in every language', () => {
    for (const [key, arPattern] of ar) {
      const arArgs = argsOf(parse(arPattern));
      for (const other of ['en', 'fr'] as const) {
        expect(localeKeys(other), `${other} ${key}`).toContain(key);
        expect([...argsOf(parse(patternOf(other, key) ?? ''))].sort(), `${other} ${key}`).toEqual([...arArgs].sort());
      }
      expect(new Map(messageArgs('ar', key)), key).toEqual(arArgs);
    }
    expect(localeKeys('fr').length).toBe(localeKeys('ar').length);
  });

  it('format numbers, dates and times in code, never with ICU number/date/time arguments', () => {
    for (const locale of LOCALES) {
      for (const key of localeKeys(locale)) {
        expect([...messageArgs(locale, key).values()], `${locale} ${key}`).not.toContain('formatted');
      }
    }
  });

  it('keep RSVP labels within 20 characters (Messenger quick replies cut there)', () => {
    for (const locale of LOCALES) {
      for (const answer of RSVP_ANSWERS) {
        const label = t(locale, `rsvp.${answer}`);
        expect(label.length, label).toBeLessThanOrEqual(20);
        expect(label.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('Arabic plurals', () => {
  it('count.guardians gives all six forms, with Latin digits', () => {
    const forms = [0, 1, 2, 3, 11, 100].map((count) => t('ar', 'count.guardians', { count }));
    expect(forms.map(strip)).toEqual([
      'لا أحد',
      'ولي أمر واحد',
      'وليا أمر',
      '3 أولياء أمور',
      '11 ولي أمر',
      '100 ولي أمر',
    ]);
    for (const f of forms) expect(f).not.toMatch(/[\u0660-\u0669\u06F0-\u06F9]/);
  });

  it('isolates the counted number in Arabic', () => {
    expect(t('ar', 'count.guardians', { count: 3 })).toBe(`${FSI}3${PDI} أولياء أمور`);
    expect(t('ar', 'count.guardians', { count: 103 })).toBe(`${FSI}103${PDI} أولياء أمور`);
  });

  it('counts in English with one/other and a zero phrase', () => {
    expect([0, 1, 2, 1000].map((count) => t('en', 'count.guardians', { count }))).toEqual([
      'no guardians',
      '1 guardian',
      '2 guardians',
      '1,000 guardians',
    ]);
  });
});

describe('t()', () => {
  it('isolates text values in Arabic and leaves plain English clean', () => {
    expect(t('ar', 'invitation.signature', { school: 'Al Amal', named: 'yes' })).toBe(`مع أطيب التحيات، ${FSI}Al Amal${PDI}`);
    expect(t('en', 'invitation.signature', { school: 'Al Amal', named: 'yes' })).toBe('Warm regards, Al Amal');
  });

  it('isolates an English value written in Arabic script', () => {
    expect(t('en', 'invitation.signature', { school: 'مدرسة الأمل', named: 'yes' })).toBe(`Warm regards, ${FSI}مدرسة الأمل${PDI}`);
  });

  it('formats a Date value as the full date in the given zone, isolated in Arabic', () => {
    const d = new Date('2026-09-15T23:30:00Z'); // already the 16th in Casablanca (UTC+1)
    expect(t('en', 'invitation.place', { place: d })).toBe('Where: Wednesday, 16 September 2026');
    expect(t('ar', 'invitation.place', { place: d }, 'UTC')).toBe(`المكان: ${FSI}الثلاثاء، 15 شتنبر 2026${PDI}`);
  });

  it('formats a plain number value with Latin digits, isolated in Arabic', () => {
    expect(t('ar', 'invitation.place', { place: 1234 })).toBe(`المكان: ${FSI}1.234${PDI}`);
    expect(t('en', 'invitation.place', { place: 1234 })).toBe('Where: 1,234');
  });

  it('never reads ICU syntax in a value', () => {
    expect(t('en', 'invitation.place', { place: "{room} 'B' #1" })).toBe("Where: {room} 'B' #1");
  });

  it('throws for an unknown key', () => {
    expect(() => t('ar', 'no.such.key')).toThrow(/no\.such\.key/);
  });
});

describe('formatDate / formatTime', () => {
  const sept = new Date('2026-09-15T17:00:00Z');

  it('uses Moroccan month names and Latin digits in Arabic', () => {
    expect(formatDate(sept, 'ar', 'Africa/Casablanca')).toBe('الثلاثاء، 15 شتنبر 2026');
    expect(formatDate(sept, 'en', 'Africa/Casablanca')).toBe('Tuesday, 15 September 2026');
  });

  it('gives a 24-hour time in the school zone: UTC+1, UTC+0 during Ramadan', () => {
    expect(formatTime(sept, 'ar', 'Africa/Casablanca')).toBe('18:00');
    expect(formatTime(new Date('2026-03-01T17:00:00Z'), 'ar', 'Africa/Casablanca')).toBe('17:00');
    expect(formatTime(new Date('2026-09-14T23:00:00Z'), 'en', 'Africa/Casablanca')).toBe('00:00');
  });
});

describe('src/i18n', () => {
  it('reads no clock: time is passed in', () => {
    const dir = new URL('../../src/i18n/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const src = readFileSync(new URL(file, dir), 'utf8');
      expect(src, file).not.toMatch(/Date\.now\(|new Date\(\s*\)/);
    }
  });
});
