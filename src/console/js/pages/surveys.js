/**
 * #/surveys: results of one survey, for all its sendings or one event, all guardians or one
 * class: per item a stacked bar of the six answers, per subscale n, mean, SD and Cronbach's
 * alpha, the Spearman matrix between subscales as a heat map, and the answers as CSV. A teacher
 * reads one of their classes at a time (the API asks them for the class).
 */
import { api, download, listAll } from '../api.js';
import { h, replace } from '../dom.js';
import { has, num, pick, t, tn } from '../i18n.js';
import { eventTitle } from '../labels.js';
import { isTeacher } from '../roles.js';
import { heatMap, palette, stackedBar } from '../charts.js';
import { button, card, errorBox, field, loading, select } from '../ui.js';

/** Kept across renders (a language switch redraws the page with the same choices). */
const choice = { surveyId: '', eventId: '', classId: '', missing: 'listwise' };

export function renderSurveys(main, _param, { person }) {
  const controller = new AbortController();
  replace(main, h('h1', {}, t('surveys.title')), loading());
  Promise.all([
    api('GET', '/v1/surveys', { signal: controller.signal }),
    api('GET', '/v1/events', { query: { limit: 100 }, signal: controller.signal }),
    listAll('/v1/classes'),
  ]).then(([surveys, events, classes]) => draw(main, surveys.items ?? [], events.items, classes, controller.signal, isTeacher(person.role)))
    .catch((err) => err.name !== 'AbortError' && replace(main, h('h1', {}, t('surveys.title')), errorBox(err)));
  return () => controller.abort();
}

function draw(main, surveys, events, classes, signal, teacher) {
  if (!surveys.length) return replace(main, h('h1', {}, t('surveys.title')), h('p', {}, t('survey.noneDefined')));
  if (teacher && !classes.length) return replace(main, h('h1', {}, t('surveys.title')), h('p', { class: 'muted' }, t('audience.noClasses')));
  choice.surveyId ||= surveys[0].id;
  if (teacher && !classes.some((c) => c.id === choice.classId)) choice.classId = classes[0].id;
  const classOptions = classes.map((c) => [c.id, c.name]);
  const results = h('div', { dataset: { testid: 'results' } });
  const bind = (name, options, testid) => {
    const el = select(options, choice[name], { dataset: { testid } });
    el.addEventListener('change', () => { choice[name] = el.value; show(results, signal); });
    return el;
  };
  const surveyEvents = events.filter((e) => e.kind === 'survey' || e.survey);
  replace(main, h('h1', {}, t('surveys.title')),
    card(h('div', { class: 'filters' },
      field(t('surveys.survey'), bind('surveyId', surveys.map((s) => [s.id, pick(s.title) || s.id]), 'pick-survey')),
      field(t('surveys.event'), bind('eventId', [['', t('surveys.allEvents')], ...(surveyEvents.length ? surveyEvents : events).map((e) => [e.id, eventTitle(e)])], 'pick-event')),
      field(t(teacher ? 'surveys.yourClass' : 'surveys.class'), bind('classId', teacher ? classOptions : [['', t('guardians.allClasses')], ...classOptions], 'pick-class')),
      field(t('surveys.missing'), bind('missing', [['listwise', t('surveys.listwise')], ['median', t('surveys.median')]], 'pick-missing')))),
    results);
  show(results, signal);
}

async function show(results, signal) {
  replace(results, loading());
  const query = { eventId: choice.eventId || undefined, classId: choice.classId || undefined };
  try {
    const r = await api('GET', `/v1/surveys/${choice.surveyId}/results`, { query: { ...query, missing: choice.missing }, signal });
    const csv = button(t('surveys.csv'), () => download(`/v1/surveys/${choice.surveyId}/responses.csv`, query, `${choice.surveyId}-responses.csv`).catch((err) => results.prepend(errorBox(err))), { dataset: { testid: 'csv' } });
    replace(results, summary(r, csv), r.responses ? [items(r), subscales(r), correlations(r)] : null);
  } catch (err) {
    if (err.name !== 'AbortError') replace(results, errorBox(err));
  }
}

function summary(r, csv) {
  return card(h('h2', {}, pick(r.survey.title) || r.survey.id),
    h('p', { dataset: { testid: 'survey-n' } }, tn('surveys.summary', { responses: num(r.responses), n: num(r.n), dropped: num(r.dropped) })),
    r.invalidAnswers ? h('p', { class: 'muted' }, t('surveys.invalid', { n: num(r.invalidAnswers) })) : null,
    r.responses ? null : h('p', {}, t('surveys.noResponses')),
    csv);
}

export function answerLabels(scale) {
  return [1, 2, 3, 4, 5, 6].map((k) => t(`scale.${scale}.${k}`));
}

function legend(scale) {
  const colours = palette(scale);
  return h('ul', { class: 'legend' }, answerLabels(scale).map((label, i) => h('li', {}, h('span', { class: 'swatch', style: { background: colours[i] } }), label)));
}

function items(r) {
  const scales = [...new Set(r.items.map((i) => i.scale))];
  return card(h('h2', {}, t('surveys.items')), scales.map(legend),
    h('ol', { class: 'items' }, r.items.map((item) => h('li', {},
      h('p', { dir: 'auto' }, pick(item.text) || item.id, item.reverse ? h('span', { class: 'badge' }, t('surveys.reverse')) : null),
      stackedBar(item.distribution, item.scale, answerLabels(item.scale)),
      h('small', { class: 'muted' }, t('surveys.itemStats', { n: num(item.n), mean: num(item.mean, 2), sd: num(item.sd, 2) }))))));
}

export function subscaleName(id) {
  return has(`subscale.${id}`) ? t(`subscale.${id}`) : id;
}

function subscales(r) {
  const cols = ['surveys.subscale', 'surveys.itemsCount', 'n', 'surveys.mean', 'surveys.sd', 'surveys.alpha'];
  return card(h('h2', {}, t('surveys.subscales')), h('div', { class: 'table-wrap' }, h('table', { dataset: { testid: 'subscales' } },
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', {}, c === 'n' ? 'n' : t(c))))),
    h('tbody', {}, r.subscales.map((s) => h('tr', {},
      h('td', {}, subscaleName(s.id)), h('td', {}, num(s.items.length)), h('td', {}, num(s.n)),
      h('td', {}, num(s.mean, 2)), h('td', {}, num(s.sd, 2)), h('td', {}, s.alpha === null ? '—' : num(s.alpha, 2))))))));
}

function correlations(r) {
  if (r.subscales.length < 2) return null;
  const tooltip = (a, b, p) => t('surveys.cell', { a, b, rho: p?.rho === null || !p ? '—' : num(p.rho, 2), p: p?.p === null || !p ? '—' : num(p.p, 3), n: num(p?.n ?? 0) });
  return card(h('h2', {}, t('surveys.correlations')), h('p', { class: 'muted' }, t('surveys.correlationsHint')),
    h('div', { class: 'chart-wrap' }, heatMap(r.subscales.map((s) => s.id), subscaleName, r.correlations, tooltip)));
}
