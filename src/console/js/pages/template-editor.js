/**
 * The school's approved WhatsApp templates as a list to edit: for each kind of message and
 * language, the template's name in WhatsApp Manager, its language code there, the facts that fill
 * its {{1}}, {{2}}, … in order, and whether it has Yes / No / Maybe buttons. Checked here as the
 * API checks it (domain/templates.ts), so a mistake is named on its row in the user's language;
 * the API's own refusal is mapped to the same words. The rows being edited outlive a redraw in
 * another language (kept.js).
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { has, lang, plural, t } from '../i18n.js';
import { keep, keptValue } from '../kept.js';
import { button, errorBox, field, select } from '../ui.js';
import { EVENT_KINDS } from './event-form.js';

const LOCALES = ['ar', 'fr', 'en'];
/** As domain/templates.ts: WhatsApp Manager's names, and Meta's language codes ("en_US"). */
const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;
const MAX_PARAMETERS = 10;
const KEPT = 'wa-templates';

export function templateEditor({ templates, fields }) {
  let rows = keptValue(KEPT);
  if (!rows) keep(KEPT, (rows = templates.map(fromServer)));
  let problems = rows.map(() => []);
  const list = h('ol', { class: 'templates', dataset: { testid: 'templates' } });
  const status = h('div', { class: 'save-status' });
  const draw = () => replace(list, rows.length
    ? rows.map((row, i) => rowView(row, fields, problems[i] ?? [], () => { rows.splice(i, 1); problems.splice(i, 1); changed(); draw(); }))
    : h('li', { class: 'muted empty', dataset: { testid: 'no-templates' } }, t('wa.noTemplates')));
  const changed = () => replace(status);
  const add = button(t('wa.add'), () => {
    rows.push(newRow(rows));
    problems.push([]);
    changed();
    draw();
    list.lastElementChild?.querySelector('select')?.focus();
  }, { dataset: { testid: 'add-template' } });
  const save = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'save-templates' } }, t('wa.save'));
  const form = h('form', { class: 'wa-templates', novalidate: true }, list, h('div', { class: 'actions' }, add, save), status);
  form.addEventListener('input', changed);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    problems = problemsOf(rows);
    if (problems.some((p) => p.length)) return showProblems(status, draw);
    save.disabled = true;
    try {
      const saved = await api('PUT', '/v1/school/whatsapp-templates', { body: { templates: rows.map(toServer) } });
      rows.splice(0, rows.length, ...saved.templates.map(fromServer));
      problems = rows.map(() => []);
      draw();
      replace(status, h('div', { class: 'ok', role: 'status', dataset: { testid: 'templates-saved' } }, rows.length ? plural('wa.saved', rows.length) : t('wa.savedNone')));
    } catch (err) {
      const mapped = refusedRows(err, rows.length);
      if (mapped) {
        problems = mapped;
        return showProblems(status, draw);
      }
      replace(status, errorBox(inWords(err)));
    } finally {
      save.disabled = false;
    }
  });
  draw();
  return h('section', { class: 'wa-templates-section' },
    h('h2', {}, t('wa.templates')),
    h('p', {}, t('wa.templatesIntro')),
    h('p', { class: 'muted' }, t('wa.templatesHow')),
    form);
}

function showProblems(status, draw) {
  draw();
  replace(status, h('div', { class: 'error', role: 'alert', dataset: { testid: 'error', code: 'invalid_request' } }, h('strong', {}, t('wa.fix'))));
  status.closest('form')?.querySelector('[aria-invalid="true"]')?.focus();
}

/** The API's English message is left out where its code has words in the user's language. */
function inWords(err) {
  return lang() !== 'en' && has(`error.${err.code}`) ? { code: err.code, status: err.status, retryAfterS: err.retryAfterS } : err;
}

function rowView(row, fields, problems, remove) {
  const heading = h('h3', {});
  const title = () => replace(heading, t('wa.row', { kind: t(`kind.${row.kind}`), locale: t(`locale.${row.locale}`) }));
  const bad = (what) => (problems.some((p) => what.includes(p)) ? 'true' : null);
  const kind = select(EVENT_KINDS.map((k) => [k, t(`kind.${k}`)]), row.kind, { dataset: { testid: 'template-kind' }, 'aria-invalid': bad(['duplicate']) });
  kind.addEventListener('change', () => { row.kind = kind.value; title(); });
  const locale = select(LOCALES.map((l) => [l, t(`locale.${l}`)]), row.locale, { dataset: { testid: 'template-locale' }, 'aria-invalid': bad(['duplicate']) });
  locale.addEventListener('change', () => { row.locale = locale.value; code.placeholder = locale.value; title(); });
  const name = text(row, 'name', { maxlength: 512, placeholder: 'meeting_invitation', dataset: { testid: 'template-name' }, 'aria-invalid': bad(['name', 'nameMissing']) });
  const code = text(row, 'language', { maxlength: 6, placeholder: row.locale, dataset: { testid: 'template-language' }, 'aria-invalid': bad(['language']) });
  const buttons = h('input', { type: 'checkbox', checked: row.rsvpButtons, dataset: { testid: 'template-buttons' }, onchange: (e) => { row.rsvpButtons = e.target.checked; } });
  title();
  return h('li', { class: 'template card', dataset: { testid: 'template' } },
    heading,
    h('div', { class: 'template-grid' }, field(t('wa.kind'), kind), field(t('wa.locale'), locale), field(t('wa.name'), name), field(t('wa.language'), code)),
    parametersEditor(row, fields),
    h('label', { class: 'check' }, buttons, h('span', {}, t('wa.buttons'))),
    problems.length ? h('ul', { class: 'error problems', dataset: { testid: 'template-problems' } }, problems.map((p) => h('li', {}, t(`wa.bad.${p}`)))) : null,
    h('div', { class: 'actions' }, button(t('wa.remove'), remove, { class: 'small danger-text', dataset: { testid: 'remove-template' } })));
}

/** A left-to-right text box bound to `row[key]`: names and codes are Latin whatever the page's direction. */
function text(row, key, attrs) {
  const input = h('input', { type: 'text', value: row[key], dir: 'ltr', autocomplete: 'off', spellcheck: 'false', ...attrs });
  input.addEventListener('input', () => { row[key] = input.value; });
  return input;
}

/** The facts in the template's order: a select per {{n}}, moved up or down, added or removed. */
function parametersEditor(row, fields) {
  const box = h('fieldset', { class: 'params' });
  const draw = (focus) => {
    replace(box, h('legend', {}, t('wa.parameters')),
      row.parameters.length
        ? h('ol', { class: 'param-list' }, row.parameters.map((_, i) => parameterRow(i)))
        : h('p', { class: 'muted' }, t('wa.noParameters')),
      row.parameters.length < MAX_PARAMETERS ? button(t('wa.addParameter'), () => {
        row.parameters.push(fields.find((f) => !row.parameters.includes(f)) ?? fields[0]);
        draw(`select[data-index="${row.parameters.length - 1}"]`);
      }, { class: 'small', dataset: { testid: 'add-parameter' } }) : null);
    if (focus) box.querySelector(focus)?.focus();
  };
  const move = (i, by) => {
    const [f] = row.parameters.splice(i, 1);
    row.parameters.splice(i + by, 0, f);
    draw(`select[data-index="${i + by}"]`);
  };
  const parameterRow = (i) => {
    const n = i + 1;
    const choice = select(fields.map((f) => [f, t(`wa.field.${f}`)]), row.parameters[i], { 'aria-label': t('wa.parameter', { n }), dataset: { testid: 'parameter', index: i } });
    choice.addEventListener('change', () => { row.parameters[i] = choice.value; });
    return h('li', { class: 'param' },
      h('code', { class: 'slot', dir: 'ltr', 'aria-hidden': 'true' }, `{{${n}}}`),
      choice,
      h('span', { class: 'param-tools' },
        button('↑', () => move(i, -1), { class: 'small icon', 'aria-label': t('wa.moveUp', { n }), disabled: i === 0 }),
        button('↓', () => move(i, 1), { class: 'small icon', 'aria-label': t('wa.moveDown', { n }), disabled: i === row.parameters.length - 1 }),
        button('✕', () => { row.parameters.splice(i, 1); draw('[data-testid="add-parameter"]'); }, { class: 'small icon danger-text', 'aria-label': t('wa.removeParameter', { n }), dataset: { testid: 'remove-parameter' } })));
  };
  draw();
  return box;
}

function fromServer(m) {
  return { kind: m.kind, locale: m.locale, name: m.name, language: m.language ?? '', parameters: [...(m.parameters ?? [])], rsvpButtons: Boolean(m.rsvpButtons) };
}

function toServer(r) {
  const language = r.language.trim();
  return { kind: r.kind, locale: r.locale, name: r.name.trim(), ...(language ? { language } : {}), parameters: [...r.parameters], rsvpButtons: r.rsvpButtons };
}

/** The first kind and language no row covers yet, so a new row is not a duplicate from the start. */
function newRow(rows) {
  const taken = new Set(rows.map((r) => `${r.kind}/${r.locale}`));
  const order = [lang(), ...LOCALES.filter((l) => l !== lang())];
  const [kind, locale] = EVENT_KINDS.flatMap((k) => order.map((l) => [k, l])).find(([k, l]) => !taken.has(`${k}/${l}`)) ?? ['meeting', order[0]];
  return { kind, locale, name: '', language: '', parameters: [], rsvpButtons: false };
}

/** Per row, what the API would refuse: wa.bad.<problem>. */
function problemsOf(rows) {
  const seen = new Set();
  return rows.map((r) => {
    const out = [];
    const name = r.name.trim();
    if (!name) out.push('nameMissing');
    else if (!NAME.test(name)) out.push('name');
    if (r.language.trim() && !LANGUAGE.test(r.language.trim())) out.push('language');
    const key = `${r.kind}/${r.locale}`;
    if (seen.has(key)) out.push('duplicate');
    seen.add(key);
    return out;
  });
}

/** The API's 400 as problems per row ("body.templates.2.name"), or undefined when it names none. */
function refusedRows(err, count) {
  if (err.code !== 'invalid_request' || !Array.isArray(err.details)) return undefined;
  const out = Array.from({ length: count }, () => []);
  let named = false;
  for (const d of err.details) {
    const m = /^body\.templates\.(\d+)\.(\w+)/.exec(d?.field ?? '');
    const row = m && out[Number(m[1])];
    if (!row) continue;
    const problem = { name: 'name', language: 'language', locale: 'duplicate' }[m[2]] ?? 'invalid';
    if (!row.includes(problem)) row.push(problem);
    named = true;
  }
  return named ? out : undefined;
}
