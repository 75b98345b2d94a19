/**
 * #/events/<id>/schedule: a meeting's appointments, the day's schedule per teacher (time, family,
 * children and class), the families waiting for a time to free up, and those none of the times
 * suits (to call). Printable: the browser's
 * print gives one clean table per teacher under a heading that names the school, the meeting, its
 * day and place (console.css hides the header and buttons in print, on white).
 */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { childWithClass, dateTime, listOf, num, t, tn } from '../i18n.js';
import { eventTitle } from '../labels.js';
import { errorBox, loading } from '../ui.js';

export function renderSchedule(main, id, { school }) {
  const controller = new AbortController();
  replace(main, loading());
  Promise.all([api('GET', `/v1/events/${id}`, { signal: controller.signal }), api('GET', `/v1/events/${id}/slots`, { signal: controller.signal })])
    .then(([event, schedule]) => draw(main, event, schedule, school))
    .catch((err) => err.name !== 'AbortError' && replace(main, h('a', { href: `#/events/${id}`, class: 'back' }, t('common.back')), errorBox(err)));
  return () => controller.abort();
}

function draw(main, event, schedule, school) {
  const byTeacher = new Map();
  for (const slot of schedule.slots) {
    const key = slot.teacherId ?? '';
    byTeacher.set(key, [...(byTeacher.get(key) ?? []), slot]);
  }
  const booked = schedule.slots.filter((s) => s.families.length).length;
  replace(main,
    h('a', { href: `#/events/${event.id}`, class: 'back no-print' }, t('common.back')),
    h('div', { class: 'page-head' },
      h('h1', { dir: 'auto' }, t('schedule.title')),
      h('button', { type: 'button', class: 'no-print', dataset: { testid: 'print' }, onclick: () => window.print() }, t('schedule.print'))),
    meetingLine(event, schedule, school),
    h('p', { dataset: { testid: 'schedule-summary' } }, tn('schedule.summary', { booked: num(booked), total: num(schedule.slots.length), waiting: num(schedule.waiting.length) })),
    [...byTeacher].map(([teacherId, slots]) => teacherTable(teacherId, slots, school, schedule.waiting)),
    schedule.waiting.length ? waitingList(schedule.waiting, school) : null,
    schedule.declined?.length ? declinedList(schedule.declined) : null);
}

/** Families none of the times suits, by name with their children: the teacher may call them. */
function declinedList(declined) {
  return h('section', { class: 'card', dataset: { testid: 'declined' } },
    h('h2', {}, t('schedule.declined')),
    h('p', { class: 'muted no-print' }, t('schedule.declinedHint')),
    h('ul', {}, declined.map((f) => h('li', { dataset: { testid: 'declined-family' } }, familyText(f)))));
}

/** Which meeting, when and where, and the school's name: what a printed sheet needs to stand alone. */
function meetingLine(event, schedule, school) {
  const first = schedule.slots[0]?.startsAt ?? event.startsAt;
  const day = first ? dateTime(first, school.timeZone, { dateStyle: 'full' }) : '';
  const place = event.place ?? schedule.slots.find((s) => s.room)?.room;
  return h('div', { class: 'schedule-meeting', dataset: { testid: 'schedule-meeting' } },
    school.name ? h('p', { class: 'school-name' }, h('strong', { dir: 'auto' }, school.name)) : null,
    h('p', {}, h('strong', { dir: 'auto' }, eventTitle(event)), day ? [' · ', bdi(day)] : null, place ? [' · ', bdi(place)] : null));
}

function teacherTable(teacherId, slots, school, waiting) {
  const name = slots[0]?.teacherName;
  const gender = slots[0]?.teacherGender;
  // A free time offered to a waiting family says so (it may be taken any moment).
  const offeredTo = (index) => waiting.find((f) => f.offered?.index === index);
  const free = (s) => {
    const f = offeredTo(s.index);
    return h('span', { class: 'muted' }, f ? tn('schedule.offeredTo', { name: bdi(f.name ?? t('schedule.erased')) }) : t('schedule.free'));
  };
  const rows = slots.map((s) => h('tr', { dataset: { testid: 'slot-row' } },
    h('td', { class: 'time' }, bdi(dateTime(s.startsAt, school.timeZone, { timeStyle: 'short' }))),
    h('td', {}, s.families.length ? s.families.map(familyText) : free(s)),
    h('td', {}, s.room ? bdi(s.room) : '')));
  const day = slots[0] ? dateTime(slots[0].startsAt, school.timeZone, { dateStyle: 'full' }) : '';
  // The teacher's title by their gender when the roster gives it («الأستاذة»), else the neutral «الأستاذ(ة)».
  const title = gender ? `schedule.teacher.${gender}` : 'schedule.teacher';
  return h('section', { class: 'card schedule', dataset: { testid: 'schedule', teacher: teacherId } },
    h('h2', {}, teacherId ? tn(title, { name: bdi(name ?? teacherId) }) : t('schedule.allTeachers'), ' · ', bdi(day)),
    h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, t('schedule.time')), h('th', {}, t('schedule.family')), h('th', {}, t('schedule.room')))),
      h('tbody', {}, rows))));
}

function familyText(f) {
  const children = f.children.map((c) => childWithClass(c.name, c.className));
  return h('div', {}, bdi(f.name ?? t('schedule.erased')), children.length ? h('span', { class: 'muted', dataset: { testid: 'children' } }, ' · ', listOf(children)) : null);
}

/** Families waiting, first first; one offered a freed time says which, until they take it. */
function waitingList(waiting, school) {
  return h('section', { class: 'card', dataset: { testid: 'waiting' } },
    h('h2', {}, t('schedule.waiting')),
    h('ol', {}, waiting.map((f) => h('li', { dataset: { testid: 'waiting-family' } }, familyText(f),
      f.offered ? h('span', { class: 'muted', dataset: { testid: 'offered' } }, tn('schedule.offered', { time: bdi(dateTime(f.offered.startsAt, school.timeZone, { timeStyle: 'short' })) })) : null))));
}
