/**
 * Small pieces every page uses: fields, buttons, an error box, a progress bar, a spinner, a
 * confirmation dialog, a value to copy.
 */
import { h, replace } from './dom.js';
import { errorWords } from './error-words.js';
import { t } from './i18n.js';

/**
 * An API error in the user's language, from its stable code and parameters (error-words.js);
 * the API's English sentence only for a code the console has no words for. `words` replaces the
 * words of some codes where the page knows better ({wrong_password: 'account.wrongCurrent'}).
 */
export function errorBox(err, words = {}) {
  const code = err?.code ?? 'unknown';
  const { title, detail, known } = errorWords(err, words);
  return h('div', { class: 'error', role: 'alert', dataset: { testid: 'error', code, known: String(known) } }, h('strong', {}, title), detail);
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

/**
 * A file input in the page's language: the browser's own control says "Choose File / No file
 * chosen" in the browser's language whatever the page's. The input stays (visually hidden, still
 * focusable, inside its label); a button-like label and the chosen file's name are shown instead.
 */
export function filePicker(input, label = t('common.chooseFile')) {
  const chosen = h('span', { class: 'muted file-name', dataset: { testid: 'file-name' } }, t('common.noFile'));
  input.classList.add('visually-hidden');
  input.addEventListener('change', () => replace(chosen, input.files?.[0]?.name ?? t('common.noFile')));
  return h('span', { class: 'file-pick' }, h('label', { class: 'button' }, input, label), chosen);
}
