/**
 * The console's language: Arabic (right to left), French or English. Labels come from strings-*.js;
 * numbers and dates go through Intl for ar-MA / fr-MA / en-GB with Latin digits pinned (`-u-nu-latn`),
 * the digits Moroccan schools write. Interpolated values are <bdi>-isolated (tn).
 */
import { bdi, h } from './dom.js';
import { wallDate } from './zoned.js';
import AR from './strings-ar.js';
import EN from './strings-en.js';
import FR from './strings-fr.js';

const STRINGS = { ar: AR, en: EN, fr: FR };
export const LANGS = ['ar', 'fr', 'en'];
/** The language's own name, on the switcher: each reader finds theirs. */
export const LANG_NAMES = { ar: 'العربية', fr: 'Français', en: 'English' };
const STORE = 'school-bridge.lang';
const listeners = new Set();
let current = LANGS.includes(localStorage.getItem(STORE)) ? localStorage.getItem(STORE) : undefined;

export function lang() {
  return current ?? 'ar';
}

/** The school's default language is used until the user picks one. */
export function defaultLang(l) {
  if (!current && LANGS.includes(l)) {
    current = l;
    applyDocument();
  }
}

export function setLang(l) {
  current = l;
  localStorage.setItem(STORE, l);
  applyDocument();
  for (const fn of listeners) fn(l);
}

/** Calls `fn(lang)` after each switch; returns what stops it. */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function applyDocument() {
  document.documentElement.lang = lang();
  document.documentElement.dir = lang() === 'ar' ? 'rtl' : 'ltr';
}

/** A label, with {name} placeholders filled in as plain text. */
export function t(key, vars = {}) {
  const template = STRINGS[lang()][key] ?? EN[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** A label as DOM nodes, each placeholder's value isolated in a <bdi>. */
export function tn(key, vars = {}) {
  const template = STRINGS[lang()][key] ?? EN[key] ?? key;
  const out = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    out.push(template.slice(last, m.index));
    const v = vars[m[1]];
    out.push(v instanceof Node ? v : bdi(v ?? m[0]));
    last = m.index + m[0].length;
  }
  out.push(template.slice(last));
  return out;
}

/**
 * A counted phrase in the user's language: `${base}.${category}` by the language's plural rules
 * (Arabic has zero, one, two, few, many and other), falling back to `${base}.other`. `vars` fill
 * its other placeholders ("{platform} can start {n} new conversations").
 */
export function plural(base, n, vars = {}) {
  const category = new Intl.PluralRules(intlLocale()).select(n);
  const key = has(`${base}.${category}`) ? `${base}.${category}` : `${base}.other`;
  return t(key, { ...vars, n: num(n) });
}

export function has(key) {
  return key in STRINGS[lang()] || key in EN;
}

/** The nearest language staff wrote in when not the user's own (the same order as the server's i18n/localized.ts). */
const NEAREST = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'ar', 'en'], en: ['en', 'fr', 'ar'] };

/** Text in the user's language, else in the nearest one written. */
export function pick(text) {
  if (!text) return '';
  const l = NEAREST[lang()].find((x) => text[x]);
  return l ? text[l] : '';
}

const INTL = { ar: 'ar-MA-u-nu-latn', fr: 'fr-MA-u-nu-latn', en: 'en-GB-u-nu-latn' };

export function intlLocale() {
  return INTL[lang()];
}

const numberFormats = new Map();

export function num(n, fractionDigits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const key = `${intlLocale()}|${fractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

export function percent(fraction) {
  return new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/**
 * A date and time on the school's clock: shifted by the zone's offset (zoned.js), then formatted
 * as UTC, so the browser's own, possibly stale, zone data is never used.
 */
export function dateTime(iso, timeZone, opts = { dateStyle: 'medium', timeStyle: 'short' }) {
  if (!iso) return '';
  const text = new Intl.DateTimeFormat(intlLocale(), { ...opts, timeZone: 'UTC', hourCycle: 'h23' }).format(wallDate(Date.parse(iso), timeZone));
  // Arabic's right-to-left marks after each number would show 07/12/2026 as 2026/12/07; without
  // them the day reads 07/12/2026, as the school writes it (and as the Absences page shows it).
  return text.replace(/\u200f/g, '');
}

/** Pieces of DOM as a list in the user's language ("a, b and c", «أ وب وج»): `nodes` are nodes or arrays of them. */
export function listOf(nodes) {
  const parts = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).formatToParts(nodes.map((_, i) => `\u0000${i}`));
  const item = (p) => nodes[Number(p.value.slice(1))];
  return parts.map((p, i) => (p.type === 'element' ? item(p) : apart(p.value, parts[i + 1] ? textOf(item(parts[i + 1])) : '')));
}

/** Names as a list in the user's language ("Sara and Adam", «سارة وآدم»), each one isolated. */
export function nameList(names) {
  const parts = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).formatToParts(names);
  return parts.map((p, i) => (p.type === 'element' ? bdi(p.value) : apart(p.value, parts[i + 1]?.value ?? '')));
}

/**
 * A child with their class, "هبة (5A)", as one unit in the page's direction: the name and the class
 * each isolated, so an Arabic name beside a Latin class keeps "name (class)" order in every language.
 */
export function childWithClass(name, className) {
  return h('bdi', { class: 'child-class', dir: lang() === 'ar' ? 'rtl' : 'ltr' }, bdi(name), className ? [' (', bdi(className), ')'] : null);
}

/** Arabic's «و» joins the next word; before a name in Latin letters it stands apart («هبة و Anas»). */
function apart(separator, next) {
  return /و$/.test(separator) && /^[^\u0600-\u06ff]/.test(next) ? `${separator} ` : separator;
}

function textOf(x) {
  if (Array.isArray(x)) return x.map(textOf).join('');
  return x instanceof Node ? x.textContent ?? '' : String(x ?? '');
}
