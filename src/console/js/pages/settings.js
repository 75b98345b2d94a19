/**
 * #/settings (admins): the school's name and default language, its quiet hours and when families
 * are reminded, as PATCH /v1/school takes them. Times are typed the way the console's other time
 * fields are (when-fields.js: 21:00, 21h00, 2100, written back as 21:00) and read left to right in
 * every language. What cannot be read is named before anything is sent; only what changed is
 * sent. What was typed outlives a redraw in another language (kept.js).
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { lang, listOf, plural, t, tn } from '../i18n.js';
import { keep, keptValue } from '../kept.js';
import { quietNow } from '../quiet.js';
import { errorBox, field, loading, select } from '../ui.js';
import { parseTime, zoneName } from './when-fields.js';

/** The server's defaults (store/school-store.ts, domain/reminders.ts) and the API's bounds (routes/schools.ts). */
const DEFAULT_QUIET = { start: '21:00', end: '08:00' };
const DEFAULT_REMINDERS = { eveningBefore: '18:00', hoursBefore: 2 };
/** No quiet hours: a window that starts where it ends (domain/schedule.ts: never quiet). */
const NO_QUIET = { start: '00:00', end: '00:00' };
const HOURS = [1, 48];
const LOCALES = ['ar', 'fr', 'en'];

/** Set after a save, for the page drawn again with the header that knows the new name. */
let saved;

export function renderSettings(main, _param, { school, redraw }) {
  const controller = new AbortController();
  const note = savedNote();
  const top = () => [h('h1', {}, t('settings.title')), h('p', { class: 'muted' }, t('settings.intro')), note];
  const show = (draft) => {
    keep('settings', draft);
    replace(main, top(), form(draft, school, redraw));
  };
  const draft = keptValue('settings');
  if (draft) show(draft);
  else {
    replace(main, top(), loading());
    api('GET', '/v1/school', { signal: controller.signal })
      .then((s) => {
        if (controller.signal.aborted) return;
        Object.assign(school, s);
        show(draftOf(s));
      })
      .catch((err) => {
        if (err.name !== 'AbortError') replace(main, top(), errorBox(err));
      });
  }
  // After a save the page is drawn again (the header shows the new name): the focus goes to what was done.
  note?.focus();
  return () => controller.abort();
}

/** "Saved." and, after quiet hours changed, when what waited for their end now goes. */
function savedNote() {
  if (!saved) return null;
  const { before, after } = saved;
  saved = undefined;
  let retimed = null;
  const wereOn = before.quietHours && before.quietHours.start !== before.quietHours.end;
  if (after && wereOn) {
    const off = after.quietHours.start === after.quietHours.end;
    const now = off || (quietNow(before) && !quietNow(after));
    retimed = h('span', { dataset: { testid: 'settings-retimed' } }, ' ', now ? t('settings.retimedNow') : tn('settings.retimed', { end: after.quietHours.end }));
  }
  return h('p', { class: 'ok', role: 'status', tabindex: '-1', dataset: { testid: 'settings-saved' } }, t('settings.saved'), retimed);
}

/** What the form starts from: the school as saved, every value as text, as it would be typed. */
function draftOf(s) {
  const quiet = s.quietHours ?? DEFAULT_QUIET;
  const off = quiet.start === quiet.end;
  const r = s.reminders ?? DEFAULT_REMINDERS;
  return {
    base: s,
    name: s.named === false ? '' : s.name,
    locale: s.defaultLocale,
    quietOff: off,
    from: off ? DEFAULT_QUIET.start : quiet.start,
    to: off ? DEFAULT_QUIET.end : quiet.end,
    eveningOn: r.eveningBefore !== null,
    evening: r.eveningBefore ?? DEFAULT_REMINDERS.eveningBefore,
    hoursOn: r.hoursBefore !== null,
    hours: String(r.hoursBefore ?? DEFAULT_REMINDERS.hoursBefore),
  };
}

/** The draft as the API takes it, and what stops it: [{name, text}] naming each field. */
function readDraft(draft) {
  const problems = [];
  const time = (name, label, example) => {
    const value = parseTime(draft[name]);
    if (!value) problems.push({ name, text: t('settings.badTime', { field: label, example }) });
    return value;
  };
  const name = draft.name.trim();
  if (!name && draft.base.named !== false) problems.push({ name: 'name', text: t('settings.nameMissing') });
  let quietHours = NO_QUIET;
  if (!draft.quietOff) {
    const sep = lang() === 'ar' ? '، ' : ', ';
    const start = time('from', `${t('settings.quiet')}${sep}${t('settings.from')}`, '21:00');
    const end = time('to', `${t('settings.quiet')}${sep}${t('settings.to')}`, '08:00');
    if (start && end && start === end) problems.push({ name: 'to', text: t('settings.sameTimes') });
    quietHours = { start, end };
  }
  const eveningBefore = draft.eveningOn ? time('evening', t('settings.eveningAt'), '18:00') : null;
  let hoursBefore = null;
  if (draft.hoursOn) {
    hoursBefore = wholeNumber(draft.hours, HOURS);
    if (!hoursBefore) problems.push({ name: 'hours', text: t('settings.badHours', { field: t('settings.hoursCount') }) });
  }
  return { values: { name, defaultLocale: draft.locale, quietHours, reminders: { eveningBefore, hoursBefore } }, problems };
}

/** Only what differs from the school as saved (an unnamed school left unnamed stays so). */
function changes(base, values) {
  const body = {};
  if (values.name && values.name !== (base.named === false ? '' : base.name)) body.name = values.name;
  if (values.defaultLocale !== base.defaultLocale) body.defaultLocale = values.defaultLocale;
  const quiet = base.quietHours ?? DEFAULT_QUIET;
  const wasOff = quiet.start === quiet.end;
  const isOff = values.quietHours.start === values.quietHours.end;
  if (wasOff !== isOff || (!isOff && (quiet.start !== values.quietHours.start || quiet.end !== values.quietHours.end))) body.quietHours = values.quietHours;
  const r = base.reminders ?? DEFAULT_REMINDERS;
  if (r.eveningBefore !== values.reminders.eveningBefore || r.hoursBefore !== values.reminders.hoursBefore) body.reminders = values.reminders;
  return body;
}

function form(draft, school, redraw) {
  const status = h('div', { dataset: { testid: 'settings-status' } });
  const problemSlots = {};
  const inputs = {};
  const problemSlot = (name) => (problemSlots[name] = h('small', { class: 'hint warn', id: `settings-${name}-problem`, dataset: { testid: `settings-${name}-problem` } }));

  // The school: its name and the language of its messages.
  inputs.name = h('input', { type: 'text', name: 'name', value: draft.name, dir: 'auto', maxlength: 200, autocomplete: 'organization', dataset: { testid: 'settings-name' } });
  inputs.name.addEventListener('input', () => { draft.name = inputs.name.value; inputs.name.removeAttribute('aria-invalid'); });
  const locale = select(LOCALES.map((l) => [l, t(`locale.${l}`)]), draft.locale, { name: 'defaultLocale', dataset: { testid: 'settings-locale' } });
  locale.addEventListener('change', () => { draft.locale = locale.value; });
  const schoolCard = section('settings-school-title', t('settings.school'),
    described(field(t('settings.name'), inputs.name, t('settings.nameHint')), inputs.name, 'name', problemSlot('name')),
    field(t('settings.locale'), locale, t('settings.localeHint')));

  // Quiet hours: from, to, or none; and what that means, in a sentence.
  const quietLine = h('p', { class: 'when-line', id: 'settings-quiet-line', 'aria-live': 'polite', dataset: { testid: 'settings-quiet-line' } });
  const showQuiet = () => replace(quietLine, quietText(draft));
  inputs.from = timeInput(draft, 'from', '21:00', showQuiet);
  inputs.to = timeInput(draft, 'to', '08:00', showQuiet);
  const off = h('input', { type: 'checkbox', name: 'quietOff', checked: draft.quietOff, dataset: { testid: 'settings-quiet-off' } });
  const applyOff = () => {
    inputs.from.disabled = inputs.to.disabled = draft.quietOff;
    showQuiet();
  };
  off.addEventListener('change', () => { draft.quietOff = off.checked; clearProblem('from'); clearProblem('to'); applyOff(); });
  applyOff();
  const quietCard = section('settings-quiet-title', t('settings.quiet'),
    h('p', { class: 'muted' }, t('settings.quietIntro')),
    h('div', { class: 'row2' },
      timeField(t('settings.from'), inputs.from, 'from', '21:00', problemSlot('from'), 'settings-quiet-line'),
      timeField(t('settings.to'), inputs.to, 'to', '08:00', problemSlot('to'), 'settings-quiet-line')),
    h('label', { class: 'check' }, off, h('span', {}, t('settings.noQuiet'))),
    quietLine,
    h('p', { class: 'hint' }, tn('settings.zone', { zone: zoneName(school.timeZone) })));

  // Reminders: the evening before at a time, some hours before, each on or off.
  const remindLine = h('p', { class: 'when-line', id: 'settings-remind-line', 'aria-live': 'polite', dataset: { testid: 'settings-remind-line' } });
  const showRemind = () => replace(remindLine, remindText(draft));
  inputs.evening = timeInput(draft, 'evening', '18:00', showRemind);
  inputs.hours = h('input', { type: 'number', name: 'hours', min: HOURS[0], max: HOURS[1], step: 1, value: draft.hours, dir: 'ltr', inputmode: 'numeric', class: 'when-input', dataset: { testid: 'settings-hours' } });
  inputs.hours.addEventListener('input', () => { draft.hours = inputs.hours.value; markHours(); showRemind(); });
  const markHours = () => inputs.hours.setAttribute('aria-invalid', String(draft.hoursOn && !wholeNumber(draft.hours, HOURS)));
  const eveningOn = toggle('eveningOn', draft, () => { inputs.evening.disabled = !draft.eveningOn; clearProblem('evening'); showRemind(); });
  const hoursOn = toggle('hoursOn', draft, () => { inputs.hours.disabled = !draft.hoursOn; clearProblem('hours'); markHours(); showRemind(); });
  inputs.evening.disabled = !draft.eveningOn;
  inputs.hours.disabled = !draft.hoursOn;
  markHours();
  showRemind();
  const remindCard = section('settings-remind-title', t('settings.reminders'),
    h('p', { class: 'muted' }, t('settings.remindersIntro')),
    h('div', { class: 'settings-reminder' },
      h('label', { class: 'check' }, eveningOn, h('span', {}, t('settings.evening'))),
      timeField(t('settings.eveningAt'), inputs.evening, 'evening', '18:00', problemSlot('evening'), 'settings-remind-line')),
    h('div', { class: 'settings-reminder' },
      h('label', { class: 'check' }, hoursOn, h('span', {}, t('settings.hours'))),
      described(field(t('settings.hoursCount'), inputs.hours), inputs.hours, 'hours', problemSlot('hours'), 'settings-remind-line')),
    remindLine);

  function clearProblem(name) {
    replace(problemSlots[name]);
  }

  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'settings-save' } }, t('settings.save'));
  const save = async (e) => {
    e.preventDefault();
    replace(status);
    for (const name of Object.keys(problemSlots)) clearProblem(name);
    const { values, problems } = readDraft(draft);
    // "Saved." from the last save would say the opposite of what follows.
    document.querySelector('[data-testid="settings-saved"]')?.remove();
    if (problems.length) {
      for (const p of problems) {
        replace(problemSlots[p.name], p.text);
        inputs[p.name].setAttribute('aria-invalid', 'true');
      }
      replace(status, h('div', { class: 'error', role: 'alert', dataset: { testid: 'settings-problems' } },
        h('strong', {}, t('settings.notSaved')), h('ul', {}, problems.map((p) => h('li', {}, p.text)))));
      inputs[problems[0].name].focus();
      return;
    }
    const body = changes(draft.base, values);
    if (!Object.keys(body).length) return replace(status, h('p', { class: 'muted', role: 'status', dataset: { testid: 'settings-unchanged' } }, t('settings.unchanged')));
    submit.disabled = true;
    try {
      const after = await api('PATCH', '/v1/school', { body });
      saved = { before: { ...draft.base }, after: body.quietHours ? after : undefined };
      Object.assign(school, after);
      keep('settings', draftOf(after));
      redraw();
    } catch (err) {
      replace(status, errorBox(err));
      submit.disabled = false;
    }
  };
  return h('form', { class: 'settings', novalidate: true, onsubmit: save, dataset: { testid: 'settings-form' } },
    schoolCard, quietCard, remindCard, status, h('div', { class: 'actions' }, submit));
}

/** A card with its heading; its fields are named by it for a screen reader ("Quiet hours", "From"). */
function section(id, title, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** A field whose input also points at its problem line (and the sentence it changes), the line under the field. */
function described(label, input, name, slot, line) {
  input.setAttribute('aria-describedby', [`settings-${name}-hint`, slot.id, line].filter(Boolean).join(' '));
  const hint = label.querySelector('.hint');
  if (hint) hint.id = `settings-${name}-hint`;
  label.append(slot);
  return label;
}

function timeField(label, input, name, example, slot, line) {
  return described(field(label, input, t('settings.timeHint', { example })), input, name, slot, line);
}

/** A time typed as the school writes it, written back in its form (2130 → 21:30) once the person moves on. */
function timeInput(draft, name, placeholder, onInput) {
  const el = h('input', { type: 'text', name, value: draft[name], placeholder, dir: 'ltr', inputmode: 'decimal', autocomplete: 'off', class: 'when-input', dataset: { testid: `settings-${name}` } });
  const read = () => el.setAttribute('aria-invalid', String(Boolean(el.value.trim()) && !parseTime(el.value)));
  el.addEventListener('input', () => { draft[name] = el.value; read(); onInput(); });
  el.addEventListener('change', () => {
    const canonical = parseTime(el.value);
    if (canonical && canonical !== el.value) el.value = draft[name] = canonical;
    read();
    onInput();
  });
  read();
  return el;
}

function toggle(name, draft, onChange) {
  const el = h('input', { type: 'checkbox', name, checked: draft[name], dataset: { testid: `settings-${name}` } });
  el.addEventListener('change', () => { draft[name] = el.checked; onChange(); });
  return el;
}

/** "Parents get no message from 21:00 to 08:00, school time; …", or what is wrong with the times. */
function quietText(draft) {
  if (draft.quietOff) return t('settings.quietNone');
  const start = parseTime(draft.from);
  const end = parseTime(draft.to);
  if (!start || !end) return h('span', { class: 'warn' }, t('settings.badTime', { field: t('settings.quiet'), example: start ? '08:00' : '21:00' }));
  if (start === end) return h('span', { class: 'warn' }, t('settings.sameTimes'));
  return tn('settings.quietMeans', { start, end });
}

/** "Families are reminded the evening before at 18:00 and 2 hours before." */
function remindText(draft) {
  const when = [];
  const evening = parseTime(draft.evening);
  const hours = wholeNumber(draft.hours, HOURS);
  if (draft.eveningOn) when.push(evening ? tn('settings.remindEvening', { time: evening }) : '…');
  if (draft.hoursOn) when.push(hours ? plural('settings.remindHours', hours) : '…');
  return when.length ? tn('settings.remindersMean', { when: h('span', {}, listOf(when)) }) : t('settings.remindNone');
}

function wholeNumber(text, [min, max]) {
  const s = String(text).trim();
  const n = Number(s);
  return s && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}
