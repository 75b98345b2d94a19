/**
 * Compiled ICU messages and `t()`. Each (locale, key) is parsed once and kept: parsing is
 * the slow part of ICU formatting. Values are prepared before formatting: text is cleaned
 * and isolated (bidi.ts), numbers and dates are formatted here with pinned Latin digits,
 * and staff text is only ever a value, never part of a pattern, so `{` or `'` in a title
 * cannot be read as ICU syntax.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from '../core/types.js';
import { wrapValue } from './bidi.js';
import { patternOf } from './catalog.js';
import { DEFAULT_TIME_ZONE, MESSAGE_LOCALE, formatDate, formatNumber } from './intl.js';

/**
 * How a message uses an argument: `text` is a plain `{name}` (isolated string), `plural` a
 * count (`{n, plural, …}`, needs a number), `select` a switch (`{x, select, …}`, needs the
 * exact string), `formatted` an ICU number/date/time argument (passed through untouched).
 */
export type ArgKind = 'text' | 'plural' | 'select' | 'formatted';

type AstElement = ReturnType<IntlMessageFormat['getAst']>[number];

/** intl-messageformat's element type codes (TYPE enum of @formatjs/icu-messageformat-parser). */
const AST_ARGUMENT = 1;

interface Compiled {
  format: IntlMessageFormat;
  args: ReadonlyMap<string, ArgKind>;
}

const compiled = new Map<string, Compiled>();

function collectArgs(elements: readonly AstElement[], out: Map<string, ArgKind>): void {
  for (const el of elements) {
    if ('options' in el) {
      out.set(el.value, 'pluralType' in el ? 'plural' : 'select');
      for (const option of Object.values(el.options)) collectArgs(option.value, out);
    } else if ('children' in el) {
      collectArgs(el.children, out);
    } else if ('style' in el) {
      out.set(el.value, 'formatted');
    } else if (el.type === AST_ARGUMENT && 'value' in el) {
      out.set(el.value, 'text');
    }
  }
}

function compile(locale: Locale, key: string): Compiled {
  const cacheKey = `${locale}\u0000${key}`;
  const hit = compiled.get(cacheKey);
  if (hit) return hit;
  const pattern = patternOf(locale, key);
  if (pattern === undefined) throw new Error(`i18n: no message "${key}" in locale "${locale}"`);
  // ignoreTag: a "<" in a pattern is text; these messages are plain chat text, never markup.
  const format = new IntlMessageFormat(pattern, MESSAGE_LOCALE[locale], undefined, { ignoreTag: true });
  const args = new Map<string, ArgKind>();
  collectArgs(format.getAst(), args);
  const entry = { format, args };
  compiled.set(cacheKey, entry);
  return entry;
}

/** Argument names and how the message uses them; throws for an unknown key. */
export function messageArgs(locale: Locale, key: string): ReadonlyMap<string, ArgKind> {
  return compile(locale, key).args;
}

/** Values already prepared (isolated, formatted): they go to the formatter as they are. */
export type PreparedValues = Record<string, string | number>;

export function formatPrepared(locale: Locale, key: string, values?: PreparedValues): string {
  const out = compile(locale, key).format.format<string>(values);
  return typeof out === 'string' ? out : out.join('');
}

export type MessageValue = string | number | Date;

/**
 * The values of a message that names the school: its name, or, for a school nobody has named
 * yet, `named: 'no'` and the message's own words ("your child’s school"). Never the id.
 */
export function schoolValues(name: string | undefined): { school: string; named: 'yes' | 'no' } {
  const given = name?.trim() ?? '';
  return { school: given, named: given ? 'yes' : 'no' };
}

function prepareValue(locale: Locale, kind: ArgKind | undefined, v: MessageValue, timeZone: string): string | number {
  if (kind === 'plural') return v instanceof Date ? v.getTime() : Number(v);
  if (kind === 'select') return v instanceof Date ? v.toISOString() : String(v);
  // ICU number/date/time arguments format the raw value themselves (locale files avoid them).
  if (kind === 'formatted') return v instanceof Date ? v.getTime() : v;
  if (typeof v === 'string') return wrapValue(locale, v);
  if (typeof v === 'number') return wrapValue(locale, formatNumber(v, locale));
  return wrapValue(locale, formatDate(v, locale, timeZone));
}

/**
 * Any message by key. Plain string/number/date values are isolated in Arabic (and in
 * English when they hold Arabic script); a Date becomes the full date in `timeZone`
 * (default Africa/Casablanca) — pass formatTime() output for a clock time.
 * Throws for an unknown key or a value the message needs but did not get.
 */
export function t(
  locale: Locale,
  key: string,
  values?: Record<string, MessageValue>,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  if (!values) return formatPrepared(locale, key);
  const { args } = compile(locale, key);
  const prepared: PreparedValues = {};
  for (const [name, v] of Object.entries(values)) {
    prepared[name] = prepareValue(locale, args.get(name), v, timeZone);
  }
  return formatPrepared(locale, key, prepared);
}
