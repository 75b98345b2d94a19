/**
 * Small pieces every page uses: fields, buttons, an error box, a progress bar, a spinner, a
 * confirmation dialog, a value to copy.
 */
import { h, replace } from './dom.js';
import { has, plural, t } from './i18n.js';

/** Codes whose words say all there is: the API's English detail would only repeat them. */
const SAID_IN_FULL = new Set(['network', 'unavailable', 'session_ended', 'csrf', 'unauthorized', 'wrong_code', 'wrong_password', 'invalid_link', 'too_many_attempts', 'login_taken', 'last_admin']);

/**
 * An API error in the user's language (from its stable code), with the API's own message as
 * the detail, so staff can read it to whoever supports them. `words` replaces the words of some
 * codes where the page knows better ({wrong_password: 'account.wrongCurrent'}).
 */
export function errorBox(err, words = {}) {
  const code = err?.code ?? 'unknown';
  const key = words[code] ?? `error.${code}`;
  const text = code === 'too_many_attempts' ? t('error.too_many_attempts', { wait: waitText(err.retryAfterS) })
    : has(key) ? t(key) : err?.status >= 500 ? t('error.server') : t('error.refused');
  return h('div', { class: 'error', role: 'alert', dataset: { testid: 'error', code } },
    h('strong', {}, text),
    err?.message && !SAID_IN_FULL.has(code) ? h('p', { class: 'detail', dir: 'auto' }, err.message) : null);
}

/** "15 minutes" from a Retry-After in seconds (at least a minute: a person counts in minutes). */
function waitText(retryAfterS) {
  return plural('time.minutes', Math.max(1, Math.ceil((retryAfterS ?? 60) / 60)));
}

/** Shows `err` in `slot` (an element kept on the page), or clears it with no error. */
export function showError(slot, err) {
  replace(slot, err ? errorBox(err) : null);
}

export function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'label' }, label), input, hint ? h('small', { class: 'hint' }, hint) : null);
}

export function button(label, onclick, attrs = {}) {
  return h('button', { type: 'button', onclick, ...attrs }, label);
}

/** A progress bar; update it with bar.set(fraction). */
export function progressBar(label, testid) {
  const inner = h('div', { class: 'bar-fill' });
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, dataset: { testid } }, inner);
  bar.set = (fraction) => {
    const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    inner.style.width = `${pct}%`;
    bar.setAttribute('aria-valuenow', String(pct));
  };
  bar.set(0);
  return bar;
}

export function loading() {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, t('common.loading'));
}

export function card(...children) {
  return h('section', { class: 'card' }, ...children);
}

/** A select whose options are [value, label] pairs. */
export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/**
 * Asks before something that cannot be undone, in a modal dialog (focus stays inside; Escape
 * cancels). Resolves true when confirmed.
 */
export function confirmDialog({ title, text, confirm, danger = false }) {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', class: danger ? 'danger' : 'primary', dataset: { testid: 'confirm-ok' } }, confirm);
    const cancel = h('button', { type: 'button', dataset: { testid: 'confirm-cancel' } }, t('common.cancel'));
    const heading = h('h2', { id: `confirm-${Date.now()}` }, title);
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': heading.id, dataset: { testid: 'confirm' } },
      heading, text ? h('p', {}, text) : null, h('div', { class: 'actions' }, cancel, ok));
    ok.addEventListener('click', () => dialog.close('ok'));
    cancel.addEventListener('click', () => dialog.close('cancel'));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * A value to hand over (a link, a key) with a Copy button. The clipboard API needs HTTPS or
 * localhost; a school's server on a plain-HTTP address gets the text selected and copied the
 * old way, or selected for the person to copy.
 */
export function copyBox(value, testid) {
  const text = h('code', { dir: 'ltr', class: 'url copy-value', dataset: { testid } }, value);
  const status = h('span', { class: 'muted', role: 'status' });
  const copy = async () => {
    replace(status, (await copyText(value, text)) ? t('common.copied') : t('common.copyFailed'));
  };
  return h('div', { class: 'copy-box' }, text, h('div', { class: 'copy-row' }, button(t('common.copy'), copy, { class: 'small', dataset: { testid: `${testid}-copy` } }), status));
}

async function copyText(value, el) {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(el);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    return document.execCommand?.('copy') ?? false;
  }
}
