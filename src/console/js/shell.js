/**
 * What the console and the simulator page share around their content: the sign-in form, the
 * header with the language switch and sign-out, and the school's settings once signed in.
 */
import { api, ApiError } from './api.js';
import { bdi, h, replace } from './dom.js';
import { defaultLang, lang, setLang, t } from './i18n.js';
import { apiKey, signIn, signOut } from './session.js';
import { errorBox, field } from './ui.js';
import { useOffsets } from './zoned.js';

/** The school of the tab's key, or undefined when there is no (valid) key. */
export async function loadSchool() {
  if (!apiKey()) return undefined;
  try {
    const [school, offsets] = await Promise.all([api('GET', '/v1/school'), api('GET', '/v1/school/offsets').catch(() => undefined)]);
    if (offsets) useOffsets(offsets);
    defaultLang(school.defaultLocale);
    return school;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.code === 'school_required')) return { error: err };
    throw err;
  }
}

/** The sign-in form; calls `done()` once the key works. */
export function signInForm(root, done, previousError) {
  const key = h('input', { type: 'password', name: 'key', autocomplete: 'off', required: true, dataset: { testid: 'key' } });
  const school = h('input', { type: 'text', name: 'school', autocomplete: 'off', placeholder: t('signin.schoolHint') });
  const slot = h('div', {}, previousError && apiKey() ? errorBox(previousError) : null);
  const form = h('form', { class: 'card signin', onsubmit: async (e) => {
    e.preventDefault();
    signIn(key.value.trim(), school.value.trim() || undefined);
    const result = await loadSchool().catch((err) => ({ error: err }));
    if (result?.error) {
      replace(slot, errorBox(result.error));
      return;
    }
    done();
  } },
  h('h1', {}, t('signin.title')),
  h('p', {}, t('signin.intro')),
  field(t('signin.key'), key),
  field(t('signin.school'), school, t('signin.schoolWhen')),
  slot,
  h('button', { type: 'submit', class: 'primary', dataset: { testid: 'sign-in' } }, t('signin.submit')));
  replace(root, header(undefined, [], () => {}), h('main', {}, form));
  key.focus();
}

/**
 * The header: the school's name, links (`nav`: [{href, label, current}]), the language switch
 * (labelled in the language it switches to) and sign-out.
 */
export function header(school, nav, onSignOut) {
  const other = lang() === 'ar' ? 'en' : 'ar';
  return h('header', { class: 'top' },
    h('div', { class: 'brand' }, school ? bdi(school.name) : t('app.name')),
    nav.length ? h('nav', {}, nav.map((n) => h('a', { href: n.href, 'aria-current': n.current ? 'page' : null }, n.label))) : null,
    h('div', { class: 'tools' },
      h('button', { type: 'button', class: 'lang', lang: other, dataset: { testid: 'lang' }, onclick: () => setLang(other) }, other === 'ar' ? 'العربية' : 'English'),
      school ? h('button', { type: 'button', dataset: { testid: 'sign-out' }, onclick: () => { signOut(); onSignOut(); } }, t('app.signOut')) : null));
}
