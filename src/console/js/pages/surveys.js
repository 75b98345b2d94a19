/**
 * #/surveys: results of one survey, for all its sendings or one event, all guardians or one
 * class: per item a stacked bar of the six answers, per subscale the answers, average and spread
 * in plain words (Cronbach's alpha and the Spearman heat map in an advanced section, once there
 * are enough answers: survey-stats.js), and the answers as CSV. A teacher
 * reads one of their classes at a time (the API asks them for the class).
 */
import { api, download, listAll } from '../api.js';
import { h, replace } from '../dom.js';
import { dateTime, num, pick, plural, t, tn } from '../i18n.js';
import { eventTitle } from '../labels.js';
import { isTeacher } from '../roles.js';
import { palette, stackedBar } from '../charts.js';
import { button, card, errorBox, field, loading, select } from '../ui.js';
import { subscaleStats } from './survey-stats.js';

/** Kept across renders (a language switch redraws the page with the same choices). */
const choice = { surveyId: '', eventId: '', classId: '', missing: 'listwise' };

/** Opens the results of one sending next (an event page's "See the results"). */
export function showResultsOf(surveyId, eventId) {
  choice.surveyId = surveyId;
  choice.eventId = eventId;
}

export function renderSurveys(main, _param, { person, school }) {
  const controller = new AbortController();
  replace(main, h('h1', {}, t('surveys.title')), loading());
  Promise.all([
    api('GET', '/v1/surveys', { signal: controller.signal }),
    api('GET', '/v1/events', { query: { limit: 100 }, signal: controller.signal }),
    listAll('/v1/classes'),
  ]).then(([surveys, events, classes]) => draw(main, surveys.items ?? [], events.items, classes, controller.signal, isTeacher(person.role), school?.timeZone))
    .catch((err) => err.name !== 'AbortError' && replace(main, h('h1', {}, t('surveys.title')), errorBox(err)));
  return () => controller.abort();
}

function draw(main, surveys, events, classes, signal, teacher, timeZone) {
  if (!surveys.length) return replace(main, h('h1', {}, t('surveys.title')), h('p', {}, t('survey.noneDefined')));
  if (teacher && !classes.length) return replace(main, h('h1', {}, t('surveys.title')), h('p', { class: 'muted' }, t('audience.noClasses')));
  const surveyEvents = events.filter((e) => e.kind === 'survey' || e.survey);
  // First the survey sent last, and that sending: what staff come here to read.
  if (!choice.surveyId) {
    const latest = surveyEvents.find((e) => surveys.some((sv) => sv.id === e.survey?.id));
    choice.surveyId = latest?.survey.id ?? surveys[0].id;
    choice.eventId = latest?.id ?? '';
  }
  if (teacher && !classes.some((c) => c.id === choice.classId)) choice.classId = classes[0].id;
  const classOptions = classes.map((c) => [c.id, c.name]);
  const results = h('div', { dataset: { testid: 'results' } });
  const bind = (name, options, testid) => {
    const el = select(options, choice[name], { dataset: { testid } });
    el.addEventListener('change', () => {
      choice[name] = el.value;
      // Another survey: its own sendings to pick from (drawn again), all of them at first.
      if (name === 'surveyId') {
        choice.eventId = '';
        return draw(main, surveys, events, classes, signal, teacher, timeZone);
      }
      show(results, signal);
    });
    return el;
  };
  const sendings = surveyEvents.filter((e) => e.survey?.id === choice.surveyId);
  replace(main, h('h1', {}, t('surveys.title')),
    card(h('div', { class: 'filters' },
      field(t('surveys.survey'), bind('surveyId', surveys.map((s) => [s.id, pick(s.title) || s.id]), 'pick-survey')),
      field(t('surveys.event'), bind('eventId', [['', t('surveys.allEvents')], ...sendings.map((e) => [e.id, sendingLabel(e, classes, timeZone)])], 'pick-event')),
      field(t(teacher ? 'surveys.yourClass' : 'surveys.class'), bind('classId', teacher ? classOptions : [['', t('guardians.allClasses')], ...classOptions], 'pick-class')),
      field(t('surveys.missing'), bind('missing', [['listwise', t('surveys.listwise')], ['median', t('surveys.median')]], 'pick-missing')))),
    results);
  show(results, signal);
}

/**
 * A sending told apart from the others of its survey (they often share a title): to whom and
 * when it went, "Your feedback on the event · 5A · 3 Dec".
 */
function sendingLabel(e, classes, timeZone) {
  const names = new Map(classes.map((c) => [c.id, c.name]));
  const a = e.audience ?? {};
  const to = a.school ? t('audience.school')
    : a.grades ? a.grades.map((g) => t('audience.grade', { n: num(g) })).join(', ')
      : a.classes ? a.classes.map((c) => names.get(c) ?? c).join(', ')
        : a.guardians || a.children ? plural('audience.people', (a.guardians ?? a.children).length) : '';
  const when = dateTime(e.sendAt ?? e.createdAt, timeZone, { day: 'numeric', month: 'short' });
  return [eventTitle(e), to, when].filter(Boolean).join(' · ');
}

/** The newest results asked for: an answer to an older choice that comes back later is dropped. */
let asked = 0;

async function show(results, signal) {
  const mine = ++asked;
  replace(results, loading());
  const query = { eventId: choice.eventId || undefined, classId: choice.classId || undefined };
  try {
    const r = await api('GET', `/v1/surveys/${choice.surveyId}/results`, { query: { ...query, missing: choice.missing }, signal });
    if (mine !== asked) return;
    const csv = button(t('surveys.csv'), () => download(`/v1/surveys/${choice.surveyId}/responses.csv`, query, `${choice.surveyId}-responses.csv`).catch((err) => results.prepend(errorBox(err))), { dataset: { testid: 'csv' } });
    replace(results, summary(r, csv), r.responses ? [items(r), subscaleStats(r, answerLabels)] : null);
  } catch (err) {
    if (err.name !== 'AbortError' && mine === asked) replace(results, errorBox(err));
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
      h('small', { class: 'muted', dataset: { testid: 'item-stats' } }, itemLine(item))))));
}

/**
 * "2 answers · average 4.50 · spread 0.71": the answers are the bar's (every one given); the
 * figures come from the complete responses only (the missing-answers choice), said when fewer.
 */
function itemLine(item) {
  const answered = (item.distribution ?? []).reduce((a, b) => a + b, 0);
  const count = plural('surveys.itemAnswers', answered);
  if (!item.n) return answered ? [count, ' · ', t('surveys.itemNoFigures')] : count;
  const figures = t('surveys.itemFigures', { mean: num(item.mean, 2), sd: num(item.sd, 2) });
  return [count, ' · ', figures, item.n < answered ? [' ', plural('surveys.itemFrom', item.n)] : null];
}
