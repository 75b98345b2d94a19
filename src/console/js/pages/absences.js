/**
 * #/absences: mark the children of a class absent for a day (their families are asked why, in
 * their language, once per child and day), and read each absence with the reason the family
 * gave — a choice, their words, a certificate — and the children absent three school days in a
 * row. A teacher sees and marks their own classes (the server decides).
 */
import { api, download, listAll } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, intlLocale, plural, t, tn } from '../i18n.js';
import { button, card, errorBox, field, loading, select } from '../ui.js';
import { zonedDate } from '../zoned.js';
import { dayText, parseDay } from './when-fields.js';
import { quietNow } from '../quiet.js';

/**
 * What was typed and ticked, kept while the console is open (a change of language draws the page
 * again): the day, the class and the children ticked; forgotten on another day.
 */
const kept = { on: '', date: '', classId: '', ticked: new Set() };

export function renderAbsences(main, _param, { school }) {
  const controller = new AbortController();
  const today = zonedDate(Date.now(), school.timeZone);
  if (kept.on !== today) Object.assign(kept, { on: today, date: today, classId: '', ticked: new Set() });
  const state = kept;
  const list = h('div', {}, loading());
  const marker = h('div', {}, loading());
  const reload = () => showList(list, state.date, controller.signal, school);
  replace(main, h('h1', {}, t('abs.title')), h('p', { class: 'muted' }, t('abs.intro')), dayPicker(state, reload), marker, list);
  Promise.all([listAll('/v1/classes'), listAll('/v1/children')])
    .then(([classes, children]) => replace(marker, markCard(state, classes, children, reload, school)))
    .catch((err) => err.name !== 'AbortError' && replace(marker, errorBox(err)));
  reload();
  return () => controller.abort();
}

function dayPicker(state, reload) {
  const input = h('input', { type: 'text', inputmode: 'numeric', value: dayText(state.date), dir: 'ltr', dataset: { testid: 'abs-date' } });
  const line = h('small', { class: 'hint', dataset: { testid: 'abs-day' } }, spelledDay(state.date));
  input.addEventListener('change', () => {
    const day = parseDay(input.value);
    if (!day) return replace(line, h('span', { class: 'error' }, t('abs.badDay')));
    state.date = day;
    input.value = dayText(day);
    replace(line, spelledDay(day));
    reload();
  });
  return card(field(t('abs.day'), input), line);
}

/** "Monday 7 December 2026", in the console's language. */
function spelledDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

function markCard(state, classes, children, reload, school) {
  const pick = select([['', t('abs.pickClass')], ...classes.map((c) => [c.id, c.name])], state.classId, { dataset: { testid: 'abs-class' } });
  const boxes = h('div', { class: 'checks', dataset: { testid: 'abs-children' } });
  const showClass = () => {
    const mine = children.filter((c) => c.classId === state.classId).sort((a, b) => a.name.localeCompare(b.name));
    replace(boxes, mine.map((c) => {
      const box = h('input', { type: 'checkbox', value: c.id, checked: state.ticked.has(c.id) });
      box.addEventListener('change', () => (box.checked ? state.ticked.add(c.id) : state.ticked.delete(c.id)));
      return h('label', { class: 'check' }, box, ' ', bdi(c.name));
    }));
  };
  const status = h('div', { role: 'status' });
  const send = button(t('abs.mark'), async () => {
    const ids = [...boxes.querySelectorAll('input:checked')].map((b) => b.value);
    if (!ids.length) return replace(status, h('p', { class: 'error' }, t('abs.noneChecked')));
    send.disabled = true;
    try {
      const out = await api('POST', '/v1/absences', { body: { date: state.date, children: ids } });
      // At night the question waits for the end of quiet hours: said, so nobody thinks the families were asked already.
      const quiet = out.marked.length ? quietNow(school) : undefined;
      replace(status, h('p', { class: 'ok', dataset: { testid: 'abs-marked' } }, plural('abs.marked', out.marked.length), out.alreadyMarked.length ? [' ', plural('abs.already', out.alreadyMarked.length)] : null,
        quiet ? [' ', h('strong', { dataset: { testid: 'abs-quiet' } }, t(quiet.tomorrow ? 'abs.quietTomorrow' : 'abs.quietToday', { end: quiet.end }))] : null));
      for (const b of boxes.querySelectorAll('input:checked')) b.checked = false;
      state.ticked.clear();
      reload();
    } catch (err) {
      replace(status, errorBox(err));
    } finally {
      send.disabled = false;
    }
  }, { class: 'primary', dataset: { testid: 'abs-send' } });
  pick.addEventListener('change', () => {
    state.classId = pick.value;
    state.ticked.clear();
    showClass();
  });
  showClass();
  return card(h('h2', {}, t('abs.markTitle')), field(t('abs.class'), pick), boxes, h('p', { class: 'muted' }, t('abs.markHint')), send, status);
}

async function showList(list, date, signal, school) {
  try {
    const [day, all] = await Promise.all([api('GET', '/v1/absences', { query: { date }, signal }), api('GET', '/v1/absences', { signal })]);
    const classes = new Map((await listAll('/v1/classes')).map((c) => [c.id, c.name]));
    replace(list,
      card(h('h2', {}, tn('abs.of', { day: dayText(date) })),
        day.items.length ? h('ul', { class: 'list', dataset: { testid: 'abs-list' } }, day.items.map((a) => row(a, classes, school))) : h('p', { class: 'muted' }, t('abs.none'))),
      all.followUp.length ? card(h('h2', {}, t('abs.followUp')), h('ul', { class: 'list', dataset: { testid: 'abs-follow-up' } }, all.followUp.map((a) => h('li', {},
        bdi(a.childName ?? a.childId), ' ', h('span', { class: 'muted' }, `(${classes.get(a.classId) ?? a.classId ?? ''})`), ' · ', plural('abs.inARow', a.daysInARow), ' · ', dayText(a.date))))) : null);
  } catch (err) {
    if (err.name !== 'AbortError') replace(list, errorBox(err));
  }
}

/**
 * One absence: the child, and what the family said, or that they have not answered yet — or, while
 * the question waits for quiet hours to end (`askAt`), that it has not been asked yet and when it goes.
 */
function row(a, classes, school) {
  const said = a.reason || a.text || a.mediaId
    ? [a.reason ? h('strong', {}, t(`abs.reason.${a.reason}`)) : null, a.text ? [' · «', h('span', { dir: 'auto' }, a.text), '»'] : null, a.mediaId ? [' · ', button(t('abs.document'), () => download(`/v1/absences/${a.date}/${encodeURIComponent(a.childId)}/document`, undefined, `absence-${a.date}-${a.childId}`).catch(() => undefined), { class: 'link', dataset: { testid: 'abs-document' } })] : null]
    : h('span', { class: 'muted' }, a.askAt ? tn('abs.askAt', { time: dateTime(a.askAt, school.timeZone, { timeStyle: 'short' }) }) : t(a.eventId ? 'abs.waiting' : 'abs.notAsked'));
  return h('li', { dataset: { testid: 'abs-row', child: a.childId } },
    h('div', {}, bdi(a.childName ?? a.childId), ' ', h('span', { class: 'muted' }, `(${classes.get(a.classId) ?? a.classId ?? ''})`), a.daysInARow >= 2 ? [' · ', plural('abs.inARow', a.daysInARow)] : null),
    h('div', { dataset: { testid: 'abs-reason' } }, said));
}

