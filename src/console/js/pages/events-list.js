/**
 * #/events: the school's events, newest first, each row telling it apart from the others: its
 * title and kind, when (marked when it has passed), to which classes, who sent it (the office or
 * a teacher, by name), when it goes out if it waits, and, for an RSVP event, how parents answered
 * (for a meeting of appointments, how many booked a time). A search box and filters by
 * kind and by time narrow what was read (pages of PAGE_SIZE, "Show more" for older ones).
 */
import { api, listAll } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, num, pick, plural, t, tn } from '../i18n.js';
import { audienceText, eventTitle } from '../labels.js';
import { button, errorBox, field, loading, select } from '../ui.js';
import { EVENT_KINDS } from './event-form.js';
import { slotAnswers } from './event-progress.js';

const PAGE_SIZE = 30;
/** Kept across renders: a language switch redraws the list with the same search. */
const filters = { q: '', kind: '', when: '' };

export function renderEvents(main, _param, { school }) {
  const list = h('ul', { class: 'list events', dataset: { testid: 'events' } });
  const shown = h('p', { class: 'muted', role: 'status', dataset: { testid: 'events-shown' } });
  const more = h('div');
  const loaded = [];
  let classNames = new Map();
  let childClasses; // child id → class id, read once an event names children (an absence notice)
  const draw = () => {
    const now = Date.now();
    const rows = loaded.filter((e) => matches(e, classNames, now));
    const byId = new Map(loaded.map((e) => [e.id, e]));
    replace(list, rows.map((e) => row(e, school, { classNames, childClasses }, now, byId.get(e.followUpOf))));
    if (!loaded.length) list.append(h('li', { class: 'muted' }, t('events.none')));
    else if (!rows.length) list.append(h('li', { class: 'muted', dataset: { testid: 'events-none-match' } }, t('events.noneMatch')));
    replace(shown, filtering() ? t('events.shown', { shown: num(rows.length), loaded: num(loaded.length) }) : null);
  };
  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, t('events.title')),
      h('a', { class: 'button primary', href: '#/events/new', dataset: { testid: 'new-event' } }, t('events.new'))),
    tools(draw), shown, list, more);

  const load = async (before) => {
    replace(more, loading());
    try {
      const page = await api('GET', '/v1/events', { query: { limit: PAGE_SIZE, before } });
      loaded.push(...page.items);
      draw();
      if (!childClasses && loaded.some((e) => e.audience?.children)) {
        childClasses = new Map();
        listAll('/v1/children').then((cs) => { childClasses = new Map(cs.map((c) => [c.id, c.classId])); draw(); }, () => {});
      }
      replace(more, page.next ? button(t('common.more'), () => load(page.next)) : null);
    } catch (err) {
      replace(more, errorBox(err), button(t('common.retry'), () => load(before)));
    }
  };
  // Class names, not ids; the list still shows (with ids) when they cannot be read.
  listAll('/v1/classes').then((cs) => { classNames = new Map(cs.map((c) => [c.id, c.name])); draw(); }, () => {});
  load();
}

function filtering() {
  return Boolean(filters.q.trim() || filters.kind || filters.when);
}

/** The search box and the two filters. */
function tools(draw) {
  const q = h('input', { type: 'search', value: filters.q, dir: 'auto', autocomplete: 'off', placeholder: t('events.searchHint'), dataset: { testid: 'events-search' } });
  q.addEventListener('input', () => { filters.q = q.value; draw(); });
  const kind = select([['', t('events.allKinds')], ...EVENT_KINDS.map((k) => [k, t(`kind.${k}`)])], filters.kind, { dataset: { testid: 'events-kind' } });
  kind.addEventListener('change', () => { filters.kind = kind.value; draw(); });
  const when = select([['', t('events.anyTime')], ['upcoming', t('events.upcoming')], ['past', t('events.past')]], filters.when, { dataset: { testid: 'events-when' } });
  when.addEventListener('change', () => { filters.when = when.value; draw(); });
  return h('div', { class: 'card list-tools', role: 'search' },
    field(t('events.search'), q), field(t('events.kind'), kind), field(t('events.when'), when));
}

/** Kinds whose time is when something happens (an absence notice's is only the day it is about). */
const TIMED = new Set(['meeting', 'school_event', 'reminder']);

function isPast(e, now) {
  return TIMED.has(e.kind) && Boolean(e.startsAt) && Date.parse(e.startsAt) < now;
}

/** Whether an event passes the filters: its kind, its time, and the words searched in its title, classes and sender. */
function matches(e, classNames, now) {
  if (filters.kind && e.kind !== filters.kind) return false;
  if (filters.when === 'past' && !isPast(e, now)) return false;
  if (filters.when === 'upcoming' && (!e.startsAt || isPast(e, now))) return false;
  const words = fold(filters.q).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = fold([...Object.values(e.title ?? {}), t(`kind.${e.kind}`), e.place ?? '', ...(e.audience?.classes ?? []).map((c) => classNames.get(c) ?? c), e.sender?.name ?? '', senderText(e.sender)].join(' '));
  return words.every((w) => text.includes(w));
}

/** Lower case without Arabic short vowels or tatweel, so "اجتماع" finds "اجتماعٌ". */
function fold(text) {
  return text.toLocaleLowerCase().replace(/[\u064B-\u0652\u0640]/g, '');
}

function senderText(sender) {
  if (sender?.kind === 'teacher') return sender.name ? t('events.byTeacherNamed', { name: sender.name }) : t('events.byTeacher');
  return t('events.byOffice');
}

/** One event; `parent`: the event it follows up (a reminder, a survey after a meeting), when read. */
function row(e, school, { classNames, childClasses }, now, parent) {
  const past = isPast(e, now);
  const title = eventTitle(e);
  return h('li', { class: past ? 'is-past' : null },
    h('a', { href: `#/events/${e.id}`, class: 'row-link', dataset: { testid: 'event-row', kind: e.kind, past: String(past) } },
      h('span', { class: 'event-head' },
        h('strong', { dir: 'auto' }, title),
        pick(e.title) ? h('span', { class: 'badge' }, t(`kind.${e.kind}`)) : null,
        past ? h('span', { class: 'badge past', dataset: { testid: 'event-past' } }, t('events.pastMark')) : null),
      h('span', { class: 'muted' },
        // An absence notice is about a day (its 08:00 is the school day's start, not when it was marked).
        e.startsAt ? [bdi(dateTime(e.startsAt, school.timeZone, e.kind === 'absence' ? { dateStyle: 'medium' } : undefined)), ' · '] : null,
        // Named people: their number is the recipients' (said once); named children: how many, in which classes.
        e.audience?.guardians ? null : [h('span', { dataset: { testid: 'event-audience' } }, audienceText(e.audience, classNames, childClasses ?? new Map())), ' · '],
        plural('events.recipients', e.recipients)),
      parent ? h('span', { class: 'muted', dataset: { testid: 'event-follows' } }, tn('events.followUpOf', { title: eventTitle(parent) })) : null,
      e.sendAt && Date.parse(e.sendAt) > now ? h('span', { class: 'muted', dataset: { testid: 'event-scheduled' } }, tn('events.scheduled', { when: dateTime(e.sendAt, school.timeZone) })) : null,
      h('span', { class: 'muted', dataset: { testid: 'event-sender' } }, e.sender?.kind === 'teacher' && e.sender.name ? tn('events.byTeacherNamed', { name: e.sender.name }) : senderText(e.sender)),
      e.rsvp ? (e.slots ? bookings(e) : answers(e.rsvp)) : null));
}

/** "Yes 3 · No 1 · Maybe 0 · No answer yet 6". */
function answers(rsvp) {
  return h('span', { class: 'rsvp-line', dataset: { testid: 'event-rsvp' } },
    ['yes', 'no', 'maybe', 'pending'].map((r) => h('span', { class: `rsvp-${r}`, dataset: { answer: r } }, t(`rsvp.${r}`), ' ', h('b', {}, num(rsvp[r])))));
}

/** A meeting of appointments: "Booked 2 · Cannot come 1 · No answer yet 7". */
function bookings(e) {
  const a = slotAnswers(e.rsvp, e.booked);
  return h('span', { class: 'rsvp-line', dataset: { testid: 'event-rsvp' } },
    [['yes', 'events.booked', a.booked], ['no', 'meeting.cannotCome', a.no], ['pending', 'rsvp.pending', a.pending]]
      .map(([r, label, n]) => h('span', { class: `rsvp-${r}`, dataset: { answer: r } }, t(label), ' ', h('b', {}, num(n)))));
}
