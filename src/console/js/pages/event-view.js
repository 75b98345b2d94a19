/**
 * #/events/<id>: what happened to one event, live. Counts arrive over the event's stream
 * (queued → sent → delivered / failed / skipped, RSVP answers, fan-out progress); the follow-up
 * list below is read again whenever they change (at most every FOLLOW_UP_MS).
 */
import { api, listAll } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, num, t } from '../i18n.js';
import { followStream } from '../sse.js';
import { card, errorBox, loading, progressBar } from '../ui.js';
import { eventTitle, reasonText } from '../labels.js';
import { renderFollowUp } from './follow-up.js';

const STATUSES = ['queued', 'sent', 'delivered', 'failed', 'skipped'];
const RSVPS = ['yes', 'no', 'maybe', 'pending'];
/** The follow-up list costs a read of every row: not more often than this while counts move. */
const FOLLOW_UP_MS = 1500;

export function renderEventView(main, id, { school }) {
  const controller = new AbortController();
  replace(main, loading());
  // Class names, not ids, under "Sent to"; the page still opens when they cannot be read.
  const classes = listAll('/v1/classes').catch(() => []);
  Promise.all([api('GET', `/v1/events/${id}`, { signal: controller.signal }), classes])
    .then(([event, list]) => draw(main, event, school, controller.signal, new Map(list.map((c) => [c.id, c.name]))))
    .catch((err) => err.name !== 'AbortError' && replace(main, h('a', { href: '#/events' }, t('common.back')), errorBox(err)));
  return () => controller.abort();
}

function draw(main, event, school, signal, classNames) {
  const live = h('span', { class: 'live', dataset: { testid: 'live' } }, t('event.connecting'));
  const progress = progressSection(event);
  const followUp = h('section', { class: 'card', dataset: { testid: 'follow-up' } }, loading());
  replace(main,
    h('a', { href: '#/events', class: 'back' }, t('common.back')),
    h('div', { class: 'page-head' }, h('h1', { dir: 'auto' }, eventTitle(event)), live),
    card(details(event, school, classNames)),
    progress.el,
    followUp);

  let timer;
  let lastRead = 0;
  const refreshFollowUp = () => {
    clearTimeout(timer);
    const wait = Math.max(0, lastRead + FOLLOW_UP_MS - Date.now());
    timer = setTimeout(() => {
      lastRead = Date.now();
      renderFollowUp(followUp, event.id, signal);
    }, wait);
  };
  signal.addEventListener('abort', () => clearTimeout(timer));
  progress.update(event);
  refreshFollowUp();
  followStream(`/v1/events/${event.id}/stream`, {
    signal,
    onState: (state) => replace(live, t(state === 'open' ? 'event.live' : 'event.reconnecting')),
    onEvent: (name, data) => {
      if (name !== 'counts') return;
      progress.update(JSON.parse(data));
      refreshFollowUp();
    },
  });
}

function details(event, school, classNames) {
  const rows = [
    [t('event.kind'), t(`kind.${event.kind}`)],
    event.startsAt ? [t('event.when'), bdi(dateTime(event.startsAt, school.timeZone, { dateStyle: 'full', timeStyle: 'short' }))] : null,
    event.place ? [t('event.place'), h('span', { dir: 'auto' }, event.place)] : null,
    [t('event.audience'), audienceText(event.audience, classNames)],
    [t('event.sent'), bdi(dateTime(event.createdAt, school.timeZone))],
  ].filter(Boolean);
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function audienceText(a, classNames) {
  if (!a) return '';
  if (a.school) return t('audience.school');
  if (a.grades) return a.grades.map((g) => t('audience.grade', { n: num(g) })).join(' · ');
  if (a.classes) return a.classes.map((c) => bdi(classNames.get(c) ?? c)).flatMap((n, i) => (i ? [' · ', n] : [n]));
  return t('audience.people', { n: num((a.guardians ?? a.children ?? []).length) });
}

/** Fan-out bar, status counts with a stacked bar and reasons, RSVP answers. */
function progressSection(event) {
  const fanBar = progressBar(t('event.fanout'), 'fanout');
  const fanText = h('span', { class: 'muted' });
  const stack = h('div', { class: 'stack', 'aria-hidden': 'true' });
  const grid = h('div', { class: 'counts' });
  const settled = h('p', { class: 'settled', dataset: { testid: 'settled' }, hidden: true }, t('event.settled'));
  const rsvp = h('div', { class: 'counts rsvp' });
  const el = h('section', { class: 'card', dataset: { testid: 'progress' } },
    h('h2', {}, t('event.progress')), h('div', { class: 'fan' }, fanBar, fanText), stack, grid, settled,
    event.rsvp ? [h('h2', {}, t('event.rsvp')), rsvp] : null);
  const update = (v) => {
    const total = v.fanout.total || 0;
    fanBar.set(total ? v.fanout.done / total : 1);
    replace(fanText, t('event.fanoutOf', { done: num(v.fanout.done), total: num(total) }));
    replace(stack, STATUSES.map((s) => h('span', { class: `seg s-${s}`, style: { flexGrow: String(v.counts[s]) } })));
    replace(grid, STATUSES.map((s) => countBox(s, t(`status.${s}`), v.counts[s], reasons(v.counts.reasons?.[s]))));
    const c = v.counts;
    settled.hidden = !(v.fanout.done >= total && c.queued === 0);
    if (v.rsvp) replace(rsvp, RSVPS.map((r) => countBox(`rsvp-${r}`, t(`rsvp.${r}`), v.rsvp[r])));
  };
  return { el, update };
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

