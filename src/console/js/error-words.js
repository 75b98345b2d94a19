/**
 * An API error in the reader's language, from its stable code and its parameters (the API's
 * `error.params`, src/routes/errors.ts): "forbidden" with `reason: 'role', needs: 'admin'` reads
 * "This is for a school admin." The API's own sentence is English, for API clients; it is shown
 * only for a code the console has no words for, so a secretary never reads English in an Arabic
 * or French console.
 */
import { h } from './dom.js';
import { has, plural, t, tn } from './i18n.js';

/** The most precise words there are: the code made precise by its reason or its subject, else the code. */
function titleKey(code, params, words) {
  if (words[code]) return words[code];
  const precise = [
    params.reason ? `error.${code}.${params.reason}` : undefined,
    code === 'not_found' && params.what ? `error.not_found.${params.what}` : undefined,
  ].find((k) => k && has(k));
  return precise ?? `error.${code}`;
}

/** "too many tries: wait 15 minutes" from a Retry-After in seconds (at least a minute: a person counts in minutes). */
function waitText(retryAfterS) {
  return plural('time.minutes', Math.max(1, Math.ceil((retryAfterS ?? 60) / 60)));
}

/**
 * The error's words: `title` (text), `detail` (nodes or null) and `known` (false: the console
 * has no words for this code, and the detail is the API's English sentence). `words` replaces
 * the words of some codes where the page knows better ({wrong_password: 'account.wrongCurrent'}).
 */
export function errorWords(err, words = {}) {
  const code = err?.code ?? 'unknown';
  const params = err?.params ?? {};
  const key = titleKey(code, params, words);
  if (code === 'too_many_attempts') return { title: t(key, { wait: waitText(err.retryAfterS ?? params.retryAfterS) }), detail: null, known: true };
  if (!has(key)) {
    const title = err?.status >= 500 ? t('error.server') : t('error.refused');
    return { title, detail: err?.message ? h('p', { class: 'detail', dir: 'auto', lang: 'en' }, err.message) : null, known: false };
  }
  const needs = params.needs ? t(`access.${params.needs}`) : '';
  return { title: t(key, { needs }), detail: fieldDetail(params.field), known: true };
}

/** "Check: Date and time" for the field an error names, when it names one. */
function fieldDetail(field) {
  if (typeof field !== 'string' || !field) return null;
  return h('p', { class: 'detail' }, tn('error.field', { field: fieldLabel(field) }));
}

/**
 * A request's field in the reader's words: "body.startsAt" → "Date and time"; "admin.login" →
 * "Login". A field the console has no word for stays as the API names it, marked as code.
 */
export function fieldLabel(field) {
  const path = field.replace(/^(body|querystring|params|headers)\./, '');
  const parts = path.split('.');
  const key = [path, parts.at(-1), parts[0]].map((p) => `field.${p}`).find((k) => has(k));
  return key ? t(key) : h('code', { dir: 'ltr' }, path);
}
