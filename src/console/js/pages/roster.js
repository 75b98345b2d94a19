/**
 * #/roster: upload the school's spreadsheet (CSV) with a progress bar; on a 422, the API's
 * per-row report (row, field, reason) and the choice to import the good rows only; below, the
 * guardians with their chat channels and join links. Importing is the admin's: staff read.
 */
import { uploadCsv } from '../api.js';
import { h, replace } from '../dom.js';
import { num, t } from '../i18n.js';
import { keep, keptValue } from '../kept.js';
import { mayImportRoster } from '../roles.js';
import { button, card, errorBox, filePicker, progressBar } from '../ui.js';
import { renderGuardians } from './guardians.js';
import { problemColumn, problemText } from './import-problems.js';

export function renderRoster(main, _param, { person }) {
  const guardians = h('section', { class: 'card', dataset: { testid: 'guardians' } });
  const upload = mayImportRoster(person.role) ? uploadCard(() => renderGuardians(guardians)) : h('p', { class: 'muted', dataset: { testid: 'roster-read-only' } }, t('roster.readOnly'));
  replace(main, h('h1', {}, t('roster.title')), upload, guardians);
  renderGuardians(guardians);
}

function uploadCard(onImported) {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', 'aria-label': t('roster.file'), dataset: { testid: 'csv-file' } });
  const bar = progressBar(t('roster.uploading'), 'upload-progress');
  bar.hidden = true;
  const result = h('div', { dataset: { testid: 'import-result' } });
  // The report (and its file, for "import the good rows only") outlives a switch of language.
  const show = ({ answer, err }) => {
    if (answer) return replace(result, imported(answer));
    const errors = err.details?.errors;
    replace(result, errorBox(err), errors?.length ? [errorTable(errors), button(t('roster.partial'), () => upload(true), { class: 'primary', dataset: { testid: 'import-partial' } })] : null);
  };
  const upload = async (partial) => {
    const chosen = file.files?.[0] ?? keptValue('roster-import')?.file;
    if (!chosen) return replace(result, h('div', { class: 'error', role: 'alert' }, t('roster.pickFile')));
    bar.hidden = false;
    bar.set(0);
    replace(result);
    try {
      const answer = await uploadCsv('/v1/roster/import', chosen, { partial: partial ? 'true' : undefined }, bar.set);
      keep('roster-import', { answer, file: chosen });
      show({ answer });
      onImported();
    } catch (err) {
      keep('roster-import', { err, file: chosen });
      show({ err });
    }
  };
  if (keptValue('roster-import')) show(keptValue('roster-import'));
  return card(
    h('h2', {}, t('roster.upload')),
    h('p', { class: 'muted' }, t('roster.uploadHint')),
    h('div', { class: 'field' }, h('span', { class: 'label', 'aria-hidden': 'true' }, t('roster.file')), filePicker(file)),
    button(t('roster.send'), () => upload(false), { class: 'primary', dataset: { testid: 'upload' } }),
    bar, result);
}

function imported(answer) {
  const c = answer.imported;
  return h('div', { class: 'ok', role: 'status' },
    h('strong', {}, t('roster.done')),
    h('p', {}, t('roster.counts', { classes: num(c.classes), guardians: num(c.guardians), children: num(c.children), teachers: num(c.teachers) })),
    answer.errors?.length ? [h('p', {}, t('roster.skippedRows', { n: num(answer.errors.length) })), errorTable(answer.errors)] : null);
}

/** Row (or the item's id), column, reason: in the reader's words, from each error's code and params. */
function errorTable(errors) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'errors', dataset: { testid: 'import-errors' } },
    h('thead', {}, h('tr', {}, h('th', {}, t('roster.row')), h('th', {}, t('roster.field')), h('th', {}, t('roster.reason')))),
    h('tbody', {}, errors.map((e) => h('tr', {},
      h('td', {}, e.row !== undefined ? num(e.row) : h('bdi', {}, `${e.entity} ${e.id ?? (e.index ?? '')}`)),
      h('td', { dataset: { testid: 'import-column' } }, problemColumn(e)),
      h('td', { dataset: { testid: 'import-reason', code: e.code ?? '' } }, problemText(e)))))));
}
