/**
 * Who to call or send a paper note to: guardians the invitation did not reach (with the reason
 * in words) and, for RSVP events, those who have not answered, per class, with their children's
 * names and a tap-to-call number. Then, for RSVP events, who answered and how ("read from
 * 'ma n9derch'"), each answer correctable by hand.
 */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { nameList, num, t, tn } from '../i18n.js';
import { errorBox, select } from '../ui.js';
import { reasonText } from '../labels.js';

export async function renderFollowUp(section, eventId, signal) {
  let data;
  try {
    data = await api('GET', `/v1/events/${eventId}/follow-up`, { signal });
  } catch (err) {
    if (err.name !== 'AbortError') replace(section, h('h2', {}, t('follow.title')), errorBox(err));
    return;
  }
  const people = data.classes.reduce((n, c) => n + c.guardians.length, 0);
  replace(section,
    h('h2', {}, t('follow.title')),
    h('p', { class: 'muted' }, t(data.rsvp ? 'follow.introRsvp' : 'follow.intro')),
    data.waiting ? h('p', { class: 'muted' }, t('follow.waiting', { n: num(data.waiting) })) : null,
    people ? null : h('p', { dataset: { testid: 'follow-none' } }, t('follow.none')),
    data.classes.map(group),
    data.rsvp ? answers(section, eventId, data.answers ?? [], signal) : null);
}

function answers(section, eventId, list, signal) {
  return h('div', { class: 'answers', dataset: { testid: 'answers' } },
    h('h3', {}, t('answers.title')),
    h('p', { class: 'muted' }, t(list.length ? 'answers.intro' : 'answers.none')),
    h('ul', { class: 'list people' }, list.map((a) => answered(section, eventId, a, signal))));
}

function answered(section, eventId, a, signal) {
  const how = a.correctedBy ? t('answers.corrected') : a.from ? tn('answers.from', { words: a.from }) : t('answers.tapped');
  const status = h('span', { role: 'status', class: 'muted' });
  const choice = select(['yes', 'no', 'maybe'].map((r) => [r, t(`rsvp.${r}`)]), a.answer, {
    'aria-label': t('answers.correct', { name: a.name }),
    dataset: { testid: 'answer-correct' },
    onchange: async (e) => {
      const answer = e.target.value;
      try {
        await api('PUT', `/v1/events/${eventId}/answers/${encodeURIComponent(a.guardianId)}`, { body: { answer } });
        replace(status, t('answers.saved', { answer: t(`rsvp.${answer}`) }));
        await renderFollowUp(section, eventId, signal);
      } catch (err) {
        replace(status, errorBox(err));
        e.target.value = a.answer;
      }
    },
  });
  return h('li', { dataset: { testid: 'answer', guardian: a.guardianId, answer: a.answer } },
    h('div', { class: 'who' },
      h('strong', {}, bdi(a.name)),
      a.children.length ? h('span', { class: 'muted' }, tn('follow.children', { names: h('span', {}, nameList(a.children.map((c) => (c.className ? `${c.name} (${c.className})` : c.name)))) })) : null),
    h('div', { class: `why answer-${a.answer}` }, h('strong', {}, t(`rsvp.${a.answer}`)), h('span', { class: 'muted' }, ' · ', how)),
    choice, status);
}

function group(g) {
  const title = g.className ?? g.classId ?? t('follow.noClass');
  return h('div', { class: 'follow-class', dataset: { testid: 'follow-class' } },
    h('h3', {}, tn('follow.class', { name: title, n: num(g.guardians.length) })),
    h('ul', { class: 'list people' }, g.guardians.map(person)));
}

function person(p) {
  const why = p.why === 'no_answer' ? t('follow.noAnswer') : reasonText(p.reason ?? p.status);
  return h('li', { dataset: { testid: 'follow-person', why: p.why } },
    h('div', { class: 'who' },
      h('strong', {}, bdi(p.name)),
      p.children.length ? h('span', { class: 'muted' }, tn('follow.children', { names: h('span', {}, nameList(p.children.map((c) => c.name))) })) : null),
    h('div', { class: `why ${p.why}` }, why, p.channel ? h('span', { class: 'muted' }, ' · ', t(`platform.${p.channel}`)) : null),
    p.phone ? h('a', { class: 'button call', href: `tel:${p.phone}`, dir: 'ltr' }, bdi(p.phone)) : null);
}
