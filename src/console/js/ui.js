/** Small pieces every page uses: fields, buttons, an error box, a progress bar, a spinner. */
import { h, replace } from './dom.js';
import { has, t } from './i18n.js';

/**
 * An API error in the user's language (from its stable code), with the API's own message as
 * the detail, so staff can read it to whoever supports them.
 */
export function errorBox(err) {
  const code = err?.code ?? 'unknown';
  const key = `error.${code}`;
  const words = has(key) ? t(key) : err?.status >= 500 ? t('error.server') : t('error.refused');
  return h('div', { class: 'error', role: 'alert', dataset: { testid: 'error', code } },
    h('strong', {}, words),
    err?.message && code !== 'network' ? h('p', { class: 'detail', dir: 'auto' }, err.message) : null);
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
