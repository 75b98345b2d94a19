/**
 * Who to call or send a paper note to: guardians the invitation did not reach (with the reason
 * in words) and, for RSVP events, those who have not answered (for a survey, not finished), per class, with their children's
 * names and a tap-to-call number. Then, for RSVP events, who answered and how ("read from
 * 'ma n9derch'"), each answer correctable by hand; for a meeting of appointments, the time each
 * family booked instead (booked in the chat only).
 */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { childWithClass, dateTime, listOf, nameList, num, t, tn } from '../i18n.js';
import { zonedDate } from '../zoned.js';
import { errorBox, select } from '../ui.js';
import { reasonText } from '../labels.js';

/** Reads in flight per section: only the newest one draws, so a slow older answer never hides a newer one. */
const latest = new WeakMap();

export async function renderFollowUp(section, eventId, signal, school) {
  const mine = (latest.get(section) ?? 0) + 1;
  latest.set(section, mine);
  let data;
  try {
    data = await api('GET', `/v1/events/${eventId}/follow-up`, { signal });
  } catch (err) {
    if (err.name !== 'AbortError' && latest.get(section) === mine) replace(section, h('h2', {}, t('follow.title')), errorBox(err));
    return;
  }
  if (latest.get(section) !== mine) return;
  const people = data.classes.reduce((n, c) => n + c.guardians.length, 0);
  replace(section,
    h('h2', {}, t('follow.title')),
    h('p', { class: 'muted' }, t(data.survey ? 'follow.introSurvey' : data.rsvp ? 'follow.introRsvp' : 'follow.intro')),
    data.waiting ? h('p', { class: 'muted' }, t('follow.waiting', { n: num(data.waiting) })) : null,
    people ? null : h('p', { dataset: { testid: 'follow-none' } }, t(data.waiting ? 'follow.noneYet' : data.survey ? 'follow.noneSurvey' : data.rsvp ? 'follow.none' : 'follow.noneReached')),
    data.classes.map((g) => group(g, school?.timeZone)),
    data.rsvp ? answers(section, eventId, data.answers ?? [], signal, school, data.slots > 0) : null);
}

function answers(section, eventId, list, signal, school, slotted) {
  return h('div', { class: 'answers', dataset: { testid: 'answers' } },
    h('h3', {}, t('answers.title')),
    h('p', { class: 'muted' }, t(!list.length ? 'answers.none' : slotted ? 'answers.introSlots' : 'answers.intro')),
    h('ul', { class: 'list people' }, list.map((a) => answered(section, eventId, a, signal, school, slotted))));
}

/**
 * What a family answered: for a meeting of appointments the time it booked ("Booked 16:20") or
 * that it cannot come, with no correction by hand (a "yes" from staff would hold no time).
 */
function answerText(a, slotted, timeZone) {
  if (!slotted) return t(`rsvp.${a.answer}`);
  if (a.slot) return tn('answers.bookedAt', { time: dateTime(a.slot.startsAt, timeZone, { timeStyle: 'short' }) });
  return t(a.answer === 'no' ? 'answers.cannotCome' : a.answer === 'yes' ? 'answers.yesNoTime' : `rsvp.${a.answer}`);
}

function answered(section, eventId, a, signal, school, slotted) {
  const how = a.correctedBy ? t('answers.corrected') : a.from ? tn('answers.from', { words: a.from }) : t('answers.tapped');
  const status = h('span', { role: 'status', class: 'muted' });
  const choice = slotted ? null : select(['yes', 'no', 'maybe'].map((r) => [r, t(`rsvp.${r}`)]), a.answer, {
    'aria-label': t('answers.correct', { name: a.name }),
    dataset: { testid: 'answer-correct' },
    onchange: async (e) => {
      const answer = e.target.value;
      try {
        await api('PUT', `/v1/events/${eventId}/answers/${encodeURIComponent(a.guardianId)}`, { body: { answer } });
        replace(status, t('answers.saved', { answer: t(`rsvp.${answer}`) }));
        await renderFollowUp(section, eventId, signal, school);
      } catch (err) {
        replace(status, errorBox(err));
        e.target.value = a.answer;
      }
    },
  });
  return h('li', { dataset: { testid: 'answer', guardian: a.guardianId, answer: a.answer } },
    h('div', { class: 'who' },
      h('strong', {}, bdi(a.name)),
      a.children.length ? h('span', { class: 'muted' }, tn('follow.children', { names: h('span', {}, listOf(a.children.map((c) => childWithClass(c.name, c.className)))) })) : null),
    h('div', { class: `why answer-${a.answer}`, dataset: { testid: 'answer-text' } }, h('strong', {}, answerText(a, slotted, school?.timeZone)), h('span', { class: 'muted' }, ' · ', how)),
    choice, status);
}

function group(g, timeZone) {
  const title = g.className ?? g.classId ?? t('follow.noClass');
  return h('div', { class: 'follow-class', dataset: { testid: 'follow-class' } },
    h('h3', {}, tn('follow.class', { name: title, n: num(g.guardians.length) })),
    h('ul', { class: 'list people' }, g.guardians.map((p) => person(p, timeZone))));
}

/** A family waiting for an appointment time: their place, or the freed time offered to them. */
function waitingText(w, timeZone) {
  return w.offered ? tn('follow.offered', { time: when(w.offered, timeZone) }) : tn('follow.waitingList', { place: num(w.place) });
}

/** A time on the school's clock: "today at 09:14", else with the day. */
function when(iso, timeZone) {
  const today = zonedDate(Date.now(), timeZone) === zonedDate(Date.parse(iso), timeZone);
  if (today) return h('span', {}, tn('follow.todayAt', { time: dateTime(iso, timeZone, { timeStyle: 'short' }) }));
  return bdi(dateTime(iso, timeZone, { dateStyle: 'medium', timeStyle: 'short' }));
}

/** Reached at …, read at …: whether it is too soon to call, or they saw it and did not answer. */
function seen(p, timeZone) {
  if (!p.reachedAt) return null;
  return h('span', { class: 'muted', dataset: { testid: 'follow-seen' } },
    ' · ', h('span', { class: 'seen' }, tn('follow.reachedAt', { time: when(p.reachedAt, timeZone) })),
    p.readAt ? [' · ', h('span', { class: 'seen' }, tn('follow.readAt', { time: when(p.readAt, timeZone) }))] : null);
}

function person(p, timeZone) {
  const why = p.waitingList ? waitingText(p.waitingList, timeZone)
    : p.why === 'no_answer' ? t('follow.noAnswer')
    : p.why === 'survey_unfinished' ? t(p.surveyStarted ? 'follow.surveyStarted' : 'follow.surveyNotStarted')
      : reasonText(p.reason ?? p.status);
  return h('li', { dataset: { testid: 'follow-person', why: p.why } },
    h('div', { class: 'who' },
      h('strong', {}, bdi(p.name)),
      p.children.length ? h('span', { class: 'muted' }, tn('follow.children', { names: h('span', {}, nameList(p.children.map((c) => c.name))) })) : null),
    h('div', { class: `why ${p.why}` }, why, p.channel ? h('span', { class: 'muted' }, ' · ', t(`platform.${p.channel}`)) : null, seen(p, timeZone)),
    p.phone ? h('a', { class: 'button call', href: `tel:${p.phone}`, dir: 'ltr' }, bdi(p.phone)) : null);
}
