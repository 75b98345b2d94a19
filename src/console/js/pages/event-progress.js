/**
 * An event's progress the way staff think of it: "10 of 10 families reached, 3 answered", with a
 * labelled bar for each. Reached is sent or delivered (some apps never confirm delivery, so a
 * message can stay "sent" for good); answered is yes, no or maybe for an RSVP event (a time
 * booked or "cannot come" for a meeting of appointments), the responses for a survey. Below, where each message is, and the RSVP answers one by one.
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { num, plural, t } from '../i18n.js';
import { progressBar } from '../ui.js';
import { reasonText } from '../labels.js';
import { showResultsOf } from './surveys.js';

const STATUSES = ['queued', 'sent', 'delivered', 'failed', 'skipped'];
const RSVPS = ['yes', 'no', 'maybe', 'pending'];
const SURVEY_STATES = ['completed', 'started', 'notStarted'];

/** Reached, answered (undefined when the event asks nothing) and the recipients, from the stream's counts. */
export function progressFigures(v, surveyResponses) {
  const total = v.fanout.total || 0;
  const reached = (v.counts.sent ?? 0) + (v.counts.delivered ?? 0);
  const slotted = v.rsvp && v.slots ? slotAnswers(v.rsvp, v.booked) : undefined;
  const answered = slotted ? slotted.booked + slotted.no : v.rsvp ? v.rsvp.yes + v.rsvp.no + v.rsvp.maybe : surveyResponses;
  return { total, reached, answered };
}

/**
 * A meeting of appointments, answered by booking a time: booked, cannot come (a no: none of the
 * times suits, or a time given back), and no answer yet (a "maybe" or a "yes" with no time held too).
 */
export function slotAnswers(rsvp, booked = 0) {
  const waiting = rsvp.pending + rsvp.maybe + Math.max(0, rsvp.yes - booked);
  return { booked, no: rsvp.no, pending: waiting };
}

/** "2 of 4 families reached · 1 answered". */
export function headline({ total, reached, answered }) {
  // One family: "the family was reached", not "0 of 1 family" (in Arabic «0 من أسرة واحدة» reads wrong).
  const parts = [total === 1 ? t(reached ? 'event.reachedSole.yes' : 'event.reachedSole.no') : plural('event.reached', total, { reached: num(reached) })];
  if (answered !== undefined) parts.push(plural('event.answered', answered));
  return parts.join(' · ');
}

/** The progress card; `update(counts)` with each counts message of the event's stream. */
export function progressSection(event, signal) {
  const asks = event.rsvp || event.kind === 'survey';
  const title = h('p', { class: 'headline', dataset: { testid: 'progress-headline' } });
  const reached = meter(t('event.reachedLabel'), 'reached');
  const answered = asks ? meter(t('event.answeredLabel'), 'answered') : null;
  const fan = meter(t('event.fanout'), 'fanout');
  const grid = h('div', { class: 'counts' });
  const settled = h('p', { class: 'settled', dataset: { testid: 'settled' }, hidden: true }, t('event.settled'));
  const rsvp = h('div', { class: 'counts rsvp' });
  const el = h('section', { class: 'card', dataset: { testid: 'progress' } },
    h('h2', {}, t('event.progress')), title, reached.el, answered?.el, fan.el, settled,
    h('h3', {}, t('event.byStatus')), grid, h('p', { class: 'hint' }, t('event.statusHint')),
    event.rsvp ? [h('h2', {}, t('event.rsvp')), rsvp] : null);
  const responses = event.kind === 'survey' && event.survey ? surveyResponses(event, signal) : undefined;
  const survey = h('div', { class: 'counts survey', dataset: { testid: 'survey-progress' } });
  if (responses) el.append(h('h2', {}, t('event.surveyProgress')), survey, resultsLink(event));
  let last = event;
  const draw = () => {
    const v = last;
    const figures = progressFigures(v, responses?.count);
    replace(title, headline(figures));
    reached.set(figures.reached, figures.total);
    answered?.set(figures.answered ?? 0, figures.total);
    if (answered) answered.el.hidden = figures.answered === undefined;
    fan.set(v.fanout.done, figures.total);
    fan.el.hidden = v.fanout.done >= figures.total;
    replace(grid, STATUSES.map((s) => countBox(s, t(`status.${s}`), v.counts[s], reasons(v.counts.reasons?.[s]))));
    settled.hidden = !(v.fanout.done >= figures.total && v.counts.queued === 0);
    if (v.rsvp && v.slots) {
      const a = slotAnswers(v.rsvp, v.booked);
      replace(rsvp, [['booked', 'meeting.booked'], ['no', 'meeting.cannotCome'], ['pending', 'rsvp.pending']].map(([k, label]) => countBox(`rsvp-${k}`, t(label), a[k])));
    } else if (v.rsvp) replace(rsvp, RSVPS.map((r) => countBox(`rsvp-${r}`, t(`rsvp.${r}`), v.rsvp[r])));
    const p = responses?.progress;
    if (p) replace(survey, SURVEY_STATES.map((s) => countBox(`survey-${s}`, t(`event.survey.${s}`), p[s])));
  };
  responses?.onChange(draw);
  const update = (v) => {
    last = { ...last, ...v };
    draw();
    responses?.refresh();
  };
  return { el, update };
}

/** A labelled bar: "Reached   2 of 4", its role progressbar named and valued in words. */
function meter(label, key) {
  const bar = progressBar(label, `bar-${key}`);
  const figure = h('span', { class: 'meter-figure', dataset: { testid: `${key}-of` } });
  const el = h('div', { class: `meter meter-${key}` }, h('div', { class: 'meter-head' }, h('span', { class: 'meter-label' }, label), figure), bar);
  return {
    el,
    set(done, total) {
      const words = t('event.ofTotal', { done: num(done), total: num(total) });
      bar.set(total ? done / total : 0);
      bar.setAttribute('aria-valuetext', words);
      replace(figure, words);
    },
  };
}

/** "See the results", on the survey page with this sending picked. */
function resultsLink(event) {
  return h('p', {}, h('a', { href: '#/surveys', class: 'button', dataset: { testid: 'survey-results-link' }, onclick: () => showResultsOf(event.survey.id, event.id) }, t('event.surveyResults')));
}

/**
 * How many finished a survey event, and how many started or not (GET /v1/events/:id/survey-progress),
 * read again at most every READ_EVERY_MS while counts move; undefined until read. Answered is
 * finished: a family that only opened it has not answered.
 */
const READ_EVERY_MS = 3000;
function surveyResponses(event, signal) {
  const state = { count: undefined, progress: undefined };
  let listener = () => {};
  let lastRead = 0;
  let timer;
  const read = async () => {
    lastRead = Date.now();
    try {
      const r = await api('GET', `/v1/events/${event.id}/survey-progress`, { signal });
      state.count = r.completed;
      state.progress = r;
      listener();
    } catch { /* the bars stay as they were */ }
  };
  signal.addEventListener('abort', () => clearTimeout(timer));
  read();
  return {
    get count() { return state.count; },
    get progress() { return state.progress; },
    onChange(fn) { listener = fn; },
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(read, Math.max(0, lastRead + READ_EVERY_MS - Date.now()));
    },
  };
}

function countBox(key, label, n, extra) {
  return h('div', { class: `count c-${key}` },
    h('span', { class: 'n', dataset: { testid: `count-${key}` } }, num(n ?? 0)),
    h('span', { class: 'label' }, label), extra);
}

function reasons(byReason) {
  const entries = Object.entries(byReason ?? {}).filter(([, n]) => n > 0);
  if (!entries.length) return null;
  return h('ul', { class: 'reasons' }, entries.map(([r, n]) => h('li', {}, reasonText(r), ': ', num(n))));
}
