/**
 * #/events/<id>: what happened to one event, live. Counts arrive over the event's stream
 * (queued → sent → delivered / failed / skipped, RSVP answers, fan-out progress); the follow-up
 * list below is read again whenever they change (at most every FOLLOW_UP_MS).
 */
import { api, listAll } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, lang, num, t, tn, plural } from '../i18n.js';
import { followStream } from '../sse.js';
import { card, errorBox, loading } from '../ui.js';
import { audienceText, eventTitle } from '../labels.js';
import { progressSection } from './event-progress.js';
import { renderFollowUp } from './follow-up.js';

/** The follow-up list costs a read of every row: not more often than this while counts move. */
const FOLLOW_UP_MS = 1500;

export function renderEventView(main, id, { school }) {
  const controller = new AbortController();
  replace(main, loading());
  // Class names, not ids, under "Sent to"; the page still opens when they cannot be read.
  const classes = listAll('/v1/classes').catch(() => []);
  api('GET', `/v1/events/${id}`, { signal: controller.signal })
    .then(async (event) => {
      // An absence notice names children: "1 child in 5A", each child's class read from the roster.
      const children = event.audience?.children ? listAll('/v1/children').catch(() => []) : undefined;
      const [list, kids] = await Promise.all([classes, children]);
      const childClasses = kids ? new Map(kids.map((c) => [c.id, c.classId])) : undefined;
      draw(main, event, school, controller.signal, new Map(list.map((c) => [c.id, c.name])), childClasses);
    })
    .catch((err) => err.name !== 'AbortError' && replace(main, h('a', { href: '#/events' }, t('common.back')), errorBox(err)));
  return () => controller.abort();
}

function draw(main, event, school, signal, classNames, childClasses) {
  const live = h('span', { class: 'live', dataset: { testid: 'live' } }, t('event.connecting'));
  const progress = progressSection(event, signal);
  const followUp = h('section', { class: 'card', dataset: { testid: 'follow-up' } }, loading());
  replace(main,
    h('a', { href: '#/events', class: 'back' }, t('common.back')),
    h('div', { class: 'page-head' }, h('h1', { dir: 'auto' }, eventTitle(event)), live),
    card(details(event, school, classNames, childClasses)),
    event.slots ? h('p', {}, h('a', { href: `#/events/${event.id}/schedule`, class: 'button', dataset: { testid: 'schedule-link' } }, t('event.schedule'))) : null,
    progress.el,
    event.reminders?.length ? remindersCard(event.reminders, school, event) : null,
    followUp);

  let timer;
  let lastRead = 0;
  const refreshFollowUp = () => {
    clearTimeout(timer);
    const wait = Math.max(0, lastRead + FOLLOW_UP_MS - Date.now());
    timer = setTimeout(() => {
      lastRead = Date.now();
      renderFollowUp(followUp, event.id, signal, school);
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

/**
 * The event's reminders: when each goes, and what became of it (sent to those who said yes, or
 * who booked a time for a meeting of appointments; skipped, with why, for the others).
 */
function remindersCard(reminders, school, event) {
  return h('section', { class: 'card', dataset: { testid: 'reminders' } },
    h('h2', {}, t('event.reminders')),
    h('ul', { class: 'list' }, reminders.map((r) => {
      const c = r.counts ?? {};
      const reached = (c.sent ?? 0) + (c.delivered ?? 0);
      const survey = r.when === 'survey';
      // Not gone yet: to whom it will go, not a row of zeros.
      const planned = !reached && !c.queued && !c.skipped && !c.failed;
      // A meeting of appointments: each family with a time is reminded before its own time.
      const slotted = Boolean(event.slotsSpan) && !survey;
      // Hours before: each family's own time; the evening before is one time for a one-day meeting.
      const own = slotted && r.when === 'before';
      const what = planned
        ? (survey ? t('event.reminderPlannedSurvey') : (slotted ? plural('event.reminderPlannedSlots', event.booked ?? 0) : plural('event.reminderPlanned', event.rsvp?.yes ?? 0)))
        : tn(survey ? 'event.reminderCountsSurvey' : 'event.reminderCounts', { reached: num(reached), waiting: num(c.queued ?? 0), skipped: num(c.skipped ?? 0) });
      // "2 hours before", not "shortly before": the meeting's time less the reminder's, else the school's setting (2 by default).
      const hours = r.when === 'before' ? (own || !event.startsAt ? (school.reminders?.hoursBefore ?? 2) : Math.round((Date.parse(event.startsAt) - Date.parse(r.sendAt)) / 3_600_000)) : undefined;
      const label = hours ? plural('event.reminder.hoursBefore', hours) : t(`event.reminder.${r.when}`);
      return h('li', { dataset: { testid: 'reminder', when: r.when } },
        h('strong', {}, label), ' · ', own ? t('event.reminderOwnTime') : bdi(dateTime(r.sendAt, school.timeZone)), ' · ', what);
    })));
}

/**
 * When it is: an absence notice's day (its 08:00 is the school day's start); a meeting of
 * appointments from its first time to the end of its last, with how many and how long; else the time.
 */
function whenText(event, timeZone) {
  if (event.kind === 'absence') return bdi(dateTime(event.startsAt, timeZone, { dateStyle: 'full' }));
  const span = event.slotsSpan;
  if (!span) return bdi(dateTime(event.startsAt, timeZone, { dateStyle: 'full', timeStyle: 'short' }));
  const time = (iso) => dateTime(iso, timeZone, { timeStyle: 'short' });
  return [bdi(dateTime(span.from, timeZone, { dateStyle: 'full' })), lang() === 'ar' ? '، ' : ', ', bdi(`${time(span.from)}–${time(span.to)}`),
    ' · ', h('span', { dataset: { testid: 'event-appointments' } }, tn('event.appointments', { n: num(event.slots), length: plural('slots.length', span.minutes) }))];
}

function details(event, school, classNames, childClasses) {
  const rows = [
    [t('event.kind'), t(`kind.${event.kind}`)],
    event.startsAt ? [t(event.kind === 'absence' ? 'event.day' : 'event.when'), whenText(event, school.timeZone)] : null,
    event.place ? [t('event.place'), h('span', { dir: 'auto' }, event.place)] : null,
    [t(event.audience?.children ? 'event.aboutChildren' : 'event.audience'), audienceText(event.audience, classNames, childClasses)],
    [t('event.sent'), bdi(dateTime(event.createdAt, school.timeZone))],
  ].filter(Boolean);
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
