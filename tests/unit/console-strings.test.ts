/**
 * The console's labels: Arabic, French and English have the same keys (Arabic may add the plural
 * forms English has not: zero, two, few, many), the same {placeholders}, and every key the pages
 * name literally exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(process.cwd(), 'src', 'console', 'js');
type Strings = Record<string, string>;
const load = async (lang: string): Promise<Strings> => ((await import(join(DIR, `strings-${lang}.js`))) as { default: Strings }).default;
const ARABIC_ONLY_PLURALS = /\.(zero|two|few|many)$/;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.js') ? [path] : [];
  });
}

describe('console strings', () => {
  it('has the same keys and placeholders in Arabic and English', async () => {
    const [ar, en] = await Promise.all([load('ar'), load('en')]);
    expect(Object.keys(ar).filter((k) => !ARABIC_ONLY_PLURALS.test(k)).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) expect(placeholders(ar[key] ?? ''), key).toEqual(placeholders(text));
  });

  it('has the same keys and placeholders in French and English (a plural’s "one" form may leave out or add {n})', async () => {
    const [fr, en] = await Promise.all([load('fr'), load('en')]);
    expect(Object.keys(fr).filter((k) => !ARABIC_ONLY_PLURALS.test(k)).sort()).toEqual(Object.keys(en).sort());
    const named = (key: string, text: string) => placeholders(text).filter((p) => !(key.endsWith('.one') && p === 'n'));
    for (const [key, text] of Object.entries(en)) expect(named(key, fr[key] ?? ''), key).toEqual(named(key, text));
  });

  it('has every key a page names literally', async () => {
    const en = await load('en');
    const used = new Set(sources(DIR).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\b(?:t|tn|plural)\(\s*'([^'$]+)'/g)].map((m) => m[1] as string)));
    const missing = [...used].filter((key) => !(key in en) && !(`${key}.other` in en));
    expect(missing).toEqual([]);
  });
});
