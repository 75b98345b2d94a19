/**
 * The API's error codes and the roster import's problem codes are a contract with clients: every
 * code thrown anywhere is listed (API_ERROR_CODES, ROSTER_PROBLEMS), and the console has words
 * for each in Arabic, French and English, with the same placeholders, so it never falls back to
 * the server's English sentence for a code it should know.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROSTER_PROBLEMS } from '../../src/domain/roster/issues.js';
import { API_ERROR_CODES } from '../../src/routes/errors.js';

const SRC = join(process.cwd(), 'src');
const CONSOLE = join(SRC, 'console', 'js');
type Strings = Record<string, string>;
const load = async (lang: string): Promise<Strings> => ((await import(join(CONSOLE, `strings-${lang}.js`))) as { default: Strings }).default;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'console' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The codes the server's code throws: literal codes of ApiError and of the errors routes turn into ApiError. */
function thrownCodes(): Set<string> {
  const patterns = [
    /new (?:ApiError|RetryLaterError)\(\s*\d{3},\s*'([a-z_]+)'/g,
    /new (?:EventRequestError|PeopleError|SignInError)\(\s*'([a-z_]+)'/g,
    /\[\s*\d{3},\s*'([a-z_]+)'/g, // [status, code, message] tables (webhooks, the parser)
  ];
  /** Tables of { status, code } (Fastify's own errors, the parser's), in these files only. */
  const tables = /src\/routes\/(errors|protocol-errors)\.ts$/;
  const found = new Set<string>();
  for (const file of sources(SRC).filter((f) => /src\/(routes|services)\//.test(f))) {
    const text = readFileSync(file, 'utf8');
    for (const re of tables.test(file) ? [...patterns, /\bcode: '([a-z_]+)'/g] : patterns) for (const m of text.matchAll(re)) found.add(m[1] as string);
  }
  return found;
}

describe('API error codes', () => {
  it('lists every code the routes and services throw', () => {
    const listed = new Set<string>(API_ERROR_CODES);
    expect([...thrownCodes()].filter((c) => !listed.has(c))).toEqual([]);
  });

  it('are worded in the console in Arabic, French and English', async () => {
    for (const lang of ['ar', 'fr', 'en']) {
      const strings = await load(lang);
      expect(API_ERROR_CODES.filter((code) => !(`error.${code}` in strings)), lang).toEqual([]);
    }
  });
});

describe('roster problem codes', () => {
  it('are worded in the console in Arabic, French and English, with the same placeholders', async () => {
    const [ar, fr, en] = await Promise.all(['ar', 'fr', 'en'].map(load));
    for (const code of Object.keys(ROSTER_PROBLEMS)) {
      const key = `problem.${code}`;
      expect(en, key).toHaveProperty([key]);
      expect(placeholders(ar?.[key] ?? ''), `ar ${key}`).toEqual(placeholders(en?.[key] ?? ''));
      expect(placeholders(fr?.[key] ?? ''), `fr ${key}`).toEqual(placeholders(en?.[key] ?? ''));
    }
  });
});

describe('console strings in French', () => {
  it('has the keys and placeholders of the English', async () => {
    const [fr, en] = await Promise.all([load('fr'), load('en')]);
    expect(Object.keys(fr).filter((k) => !/\.(zero|two|few|many)$/.test(k)).sort()).toEqual(Object.keys(en).sort());
    // French "one" covers 0 and 1: it may say {n} where English writes "1".
    const counted = (key: string, list: Array<string | undefined>) => (key.endsWith('.one') ? list.filter((p) => p !== 'n') : list);
    for (const [key, text] of Object.entries(en)) expect(counted(key, placeholders(fr[key] ?? '')), key).toEqual(counted(key, placeholders(text)));
  });
});
