/**
 * A survey's figures per subscale, said in plain words: how many answered, the average answer
 * and how far answers spread. Cronbach's alpha and Spearman's rho go in an "Advanced" section,
 * and only once there are MIN_ANSWERS_FOR_STATS answers behind them.
 */
import { h } from '../dom.js';
import { has, num, t, tn } from '../i18n.js';
import { heatMap } from '../charts.js';
import { card } from '../ui.js';

/**
 * Below this many answers, alpha and rho say nothing: with 3 answers alpha swings anywhere
 * (−6.00 was seen) and rho is the order of three points. Ten is the usual floor for a first
 * read of a scale's consistency (Nunnally's rule of thumb asks far more for a firm one); under
 * it the page says "too few answers yet" instead of a figure.
 */
export const MIN_ANSWERS_FOR_STATS = 10;

export function subscaleName(id) {
  return has(`subscale.${id}`) ? t(`subscale.${id}`) : id;
}

/** The subscale card: the plain table, what its figures mean, and the advanced section. */
export function subscaleStats(r, answerLabels) {
  const enough = r.n >= MIN_ANSWERS_FOR_STATS;
  const labels = answerLabels(r.survey.scale);
  return card(h('h2', {}, t('surveys.subscales')),
    enough ? null : h('p', { class: 'warn-box', dataset: { testid: 'too-few' } }, tooFew(r.n)),
    h('div', { class: 'table-wrap' }, plainTable(r)),
    h('p', { class: 'hint', dataset: { testid: 'stats-words' } }, tn('surveys.meanWords', { low: labels[0], high: labels[5] }), ' ', t('surveys.sdWords')),
    advanced(r, enough));
}

function tooFew(n) {
  return t('surveys.tooFew', { n: num(n), min: num(MIN_ANSWERS_FOR_STATS) });
}

/** Per subscale: its questions, how many answered, the average answer and the spread; a card per row on a phone. */
function plainTable(r) {
  const cols = [t('surveys.subscale'), t('surveys.itemsCount'), t('surveys.answers'), t('surveys.mean'), t('surveys.sd')];
  return h('table', { class: 'reflow', dataset: { testid: 'subscales' } },
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, r.subscales.map((s) => h('tr', {},
      h('th', { scope: 'row', 'data-label': cols[0] }, subscaleName(s.id)),
      [num(s.items.length), num(s.n), num(s.mean, 2), num(s.sd, 2)].map((v, i) => h('td', { 'data-label': cols[i + 1] }, v))))));
}

/** Alpha per subscale and the rho heat map, folded away; "too few answers yet" below the minimum. */
function advanced(r, enough) {
  return h('details', { class: 'advanced', dataset: { testid: 'advanced' } },
    h('summary', {}, t('surveys.advanced')),
    enough ? [alphaTable(r), correlations(r)] : h('p', { dataset: { testid: 'too-few-advanced' } }, t('surveys.advancedTooFew', { min: num(MIN_ANSWERS_FOR_STATS) })));
}

function alphaTable(r) {
  const cols = [t('surveys.subscale'), t('surveys.alpha')];
  return [h('h3', {}, t('surveys.alphaTitle')), h('p', { class: 'hint' }, t('surveys.alphaWords')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'reflow', dataset: { testid: 'alpha' } },
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.subscales.map((s) => h('tr', {},
        h('th', { scope: 'row', 'data-label': cols[0] }, subscaleName(s.id)),
        h('td', { 'data-label': cols[1] }, alphaText(s)))))))];
}

/** Alpha with two decimals; a dash for a one-question subscale, "too few" under the minimum. */
function alphaText(s) {
  if (s.n < MIN_ANSWERS_FOR_STATS) return t('surveys.tooFewShort');
  return s.alpha === null ? '—' : num(s.alpha, 2);
}

function correlations(r) {
  if (r.subscales.length < 2) return null;
  const rho = (p) => (!p || p.rho === null || p.n < MIN_ANSWERS_FOR_STATS ? null : p.rho);
  const shown = r.correlations.map((p) => ({ ...p, rho: rho(p) }));
  const tooltip = (a, b, p) => t('surveys.cell', { a, b, rho: p?.rho === null || !p ? '—' : num(p.rho, 2), p: p?.p === null || !p ? '—' : num(p.p, 3), n: num(p?.n ?? 0) });
  return [h('h3', {}, t('surveys.correlations')), h('p', { class: 'hint' }, t('surveys.correlationsHint')),
    h('div', { class: 'chart-wrap' }, heatMap(r.subscales.map((s) => s.id), subscaleName, shown, tooltip))];
}
