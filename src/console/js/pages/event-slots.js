/**
 * A meeting's time in the event form: one time for everyone, or appointment times each family
 * books in the chat (POST /v1/events `slots`, domain/slots.ts). The secretary gives the first
 * time, the end of the last one, the minutes per family, a break and how many families a time
 * takes; the line under them says, live, what that makes and warns when fewer families fit than
 * will get the invitation (they wait on a list). Times are typed as the school writes them
 * (16:00) and sent as instants on the meeting's day in the school's zone, like the date and time.
 */
import { h, replace } from '../dom.js';
import { plural, t, tn } from '../i18n.js';
import { field, select } from '../ui.js';
import { zonedToInstant } from '../zoned.js';
import { parseTime } from './when-fields.js';

/** The draft's appointment values, as typed ('' when not given). */
export const SLOT_DRAFT = { slotMode: 'one', slotFrom: '', slotTo: '', slotMinutes: '15', perSlot: '1', breakFrom: '', breakTo: '', teacherId: '', room: '' };

/** The API's bounds (domain/event-schema.ts): minutes per time and families per time. */
const MINUTES = [5, 240];
const PER_SLOT = [1, 50];

/** True when the draft is a meeting of appointment times. */
export function slotted(draft) {
  return draft.kind === 'meeting' && draft.slotMode === 'slots';
}

/** What stops the form: a key of the strings, or undefined (always undefined for one time for everyone). */
export function slotsProblem(draft) {
  if (!slotted(draft)) return undefined;
  if (!draft.date) return 'slots.needDay';
  return readSlots(draft).problem;
}

/** The request's `slots` on the day `draft.date`, as the API takes them (ISO instants with the school's offset). */
export function slotsBody(draft, timeZone) {
  const { plan } = readSlots(draft);
  const at = (hhmm) => zonedToInstant(draft.date, hhmm, timeZone).iso;
  return {
    from: at(plan.from), to: at(plan.to), minutes: plan.minutes,
    ...(plan.perSlot > 1 ? { perSlot: plan.perSlot } : {}),
    ...(plan.breakFrom ? { breaks: [{ from: at(plan.breakFrom), to: at(plan.breakTo) }] } : {}),
    ...(draft.teacherId ? { teacherId: draft.teacherId } : {}),
    ...(draft.room.trim() ? { room: draft.room.trim() } : {}),
  };
}

/** The typed values read: {plan: {from, to, minutes, perSlot, breakFrom?, breakTo?}, count} or {problem}. */
export function readSlots(draft) {
  const from = parseTime(draft.slotFrom);
  const to = parseTime(draft.slotTo);
  if (!draft.slotFrom.trim() || !draft.slotTo.trim()) return { problem: 'slots.fill' };
  if (!from) return { problem: 'slots.badFrom' };
  if (!to) return { problem: 'slots.badTo' };
  if (minutesOf(to) <= minutesOf(from)) return { problem: 'slots.toBeforeFrom' };
  const minutes = wholeNumber(draft.slotMinutes, MINUTES);
  if (!minutes) return { problem: 'slots.badMinutes' };
  const perSlot = draft.perSlot.trim() ? wholeNumber(draft.perSlot, PER_SLOT) : 1;
  if (!perSlot) return { problem: 'slots.badPerSlot' };
  const pause = readBreak(draft);
  if (pause === null) return { problem: 'slots.badBreak' };
  if (pause.breakFrom && (minutesOf(pause.breakFrom) < minutesOf(from) || minutesOf(pause.breakTo) > minutesOf(to))) return { problem: 'slots.breakOutside' };
  const plan = { from, to, minutes, perSlot, ...pause };
  const count = countTimes(plan);
  return count ? { plan, count } : { problem: 'slots.none' };
}

/** {} with no break, {breakFrom, breakTo} for one, null for half of one or one that ends before it starts. */
function readBreak(draft) {
  if (!draft.breakFrom.trim() && !draft.breakTo.trim()) return {};
  const breakFrom = parseTime(draft.breakFrom);
  const breakTo = parseTime(draft.breakTo);
  return breakFrom && breakTo && minutesOf(breakTo) > minutesOf(breakFrom) ? { breakFrom, breakTo } : null;
}

/** How many times the plan makes: the same walk as expandSlots, a time that overlaps the break left out. */
function countTimes(plan) {
  const [end, bFrom, bTo] = [plan.to, plan.breakFrom, plan.breakTo].map((x) => (x ? minutesOf(x) : undefined));
  let count = 0;
  for (let start = minutesOf(plan.from); start + plan.minutes <= end; start += plan.minutes) {
    if (bFrom === undefined || !(start < bTo && start + plan.minutes > bFrom)) count++;
  }
  return count;
}

/**
 * The choice and the fields. `when`: the date and time fields (whenFields), whose time the
 * first appointment stands in for; `rsvp`: the RSVP box's label, put away with appointments (the
 * API makes the answer a time). Returns the choice (`modes`, above the date) and the fields (`el`,
 * under it); `refresh()` after the kind changes; `setFamilies(reach)` takes the reach line's answer.
 */
export function slotFields(draft, teachers, changed, { when, rsvp }) {
  for (const [k, v] of Object.entries(SLOT_DRAFT)) draft[k] ??= v;
  const summary = h('div', { class: 'slots-summary', id: 'slots-summary', 'aria-live': 'polite', dataset: { testid: 'slots-summary' } });
  const answer = h('p', { class: 'hint', dataset: { testid: 'slots-answer' } }, t('slots.answer'));
  let families;
  const redraw = () => replace(summary, summaryOf(draft, families));
  const edit = () => { redraw(); changed(); };
  const from = timeInput(draft, 'slotFrom', () => { when.setTime(draft.slotFrom); edit(); });
  const fields = h('div', { class: 'slots', dataset: { testid: 'slots' } },
    h('div', { class: 'row2' },
      labelled(t('slots.from'), from, t('slots.timeHint', { example: '16:00' })),
      labelled(t('slots.to'), timeInput(draft, 'slotTo', edit), t('slots.timeHint', { example: '18:00' }))),
    h('div', { class: 'row2' },
      labelled(t('slots.minutes'), numberInput(draft, 'slotMinutes', MINUTES, edit), t('slots.minutesHint')),
      labelled(t('slots.perSlot'), numberInput(draft, 'perSlot', PER_SLOT, edit))),
    h('fieldset', { class: 'slots-break' }, h('legend', {}, t('slots.break')),
      h('div', { class: 'row2' },
        labelled(t('slots.breakFrom'), timeInput(draft, 'breakFrom', edit)),
        labelled(t('slots.breakTo'), timeInput(draft, 'breakTo', edit)))),
    h('div', { class: teachers.length ? 'row2' : null },
      teachers.length ? field(t('slots.teacher'), teacherSelect(draft, teachers, edit)) : null,
      labelled(t('slots.room'), textInput(draft, 'room', edit))),
    summary, answer);
  const modes = h('fieldset', { class: 'segmented-field', dataset: { testid: 'slot-mode' } }, h('legend', {}, t('slots.mode')),
    h('div', { class: 'segmented stacked', role: 'radiogroup' }, ['one', 'slots'].map((m) => h('label', {},
      h('input', { type: 'radio', name: 'slotMode', value: m, checked: draft.slotMode === m, dataset: { testid: `slot-mode-${m}` }, onchange: () => choose(m) }),
      h('span', {}, t(m === 'one' ? 'slots.modeOne' : 'slots.modeMany'))))));
  const apply = () => {
    modes.hidden = draft.kind !== 'meeting';
    fields.hidden = !slotted(draft);
    when.timeField.hidden = slotted(draft);
    rsvp.hidden = slotted(draft);
    redraw();
  };
  const choose = (mode) => {
    draft.slotMode = mode;
    // The first appointment starts where the one time was, and is the meeting's time from then on.
    if (mode === 'slots' && !draft.slotFrom) from.value = draft.slotFrom = draft.time;
    if (mode === 'slots') when.setTime(draft.slotFrom);
    apply();
    changed();
  };
  apply();
  return { modes, el: fields, refresh: apply, setFamilies: (reach) => { families = reach && reach.families - reach.unreachable; redraw(); } };
}

/** "8 times of 15 minutes, from 16:00 to 18:00 (break 17:00–17:15): room for 8 families." and the waiting list. */
function summaryOf(draft, families) {
  if (!slotted(draft)) return null;
  const { plan, count, problem } = readSlots(draft);
  if (problem) return h('p', { class: 'warn', dataset: { testid: 'slots-problem' } }, t(problem));
  const room = count * plan.perSlot;
  const vars = {
    times: plural('slots.times', count), minutes: plural('slots.length', plan.minutes), from: plan.from, to: plan.to,
    breakFrom: plan.breakFrom, breakTo: plan.breakTo, room: plural('reach.families', room),
  };
  return [
    h('p', { dataset: { testid: 'slots-made' } }, h('strong', {}, tn(plan.breakFrom ? 'slots.summaryBreak' : 'slots.summary', vars))),
    families > room ? h('p', { class: 'warn', dataset: { testid: 'slots-short' } }, tn('slots.short', { families: plural('reach.families', families), room: plural('reach.families', room) })) : null,
  ];
}

function labelled(label, input, hint) {
  input.setAttribute('aria-describedby', 'slots-summary');
  return field(label, input, hint);
}

/** A time typed as the school writes it, written back in its form (1600 → 16:00) once the person moves on. */
function timeInput(draft, name, onInput) {
  // An example where it helps; none in the break's fields, where "16:00" read as a break already set.
  const placeholder = name.startsWith('break') ? null : '16:00';
  const el = h('input', { type: 'text', name, value: draft[name], placeholder, dir: 'ltr', inputmode: 'decimal', autocomplete: 'off', class: 'when-input', dataset: { testid: name } });
  const read = () => el.setAttribute('aria-invalid', String(Boolean(el.value.trim()) && !parseTime(el.value)));
  el.addEventListener('input', () => { draft[name] = el.value; read(); onInput(); });
  el.addEventListener('change', () => { const canonical = parseTime(el.value); if (canonical && canonical !== el.value) { el.value = draft[name] = canonical; onInput(); } });
  read();
  return el;
}

function numberInput(draft, name, [min, max], onInput) {
  const el = h('input', { type: 'number', name, min, max, step: 1, value: draft[name], inputmode: 'numeric', dataset: { testid: name } });
  el.addEventListener('input', () => { draft[name] = el.value; onInput(); });
  return el;
}

function textInput(draft, name, onInput) {
  const el = h('input', { type: 'text', name, value: draft[name], maxlength: 100, dir: 'auto', dataset: { testid: name } });
  el.addEventListener('input', () => { draft[name] = el.value; onInput(); });
  return el;
}

function teacherSelect(draft, teachers, onInput) {
  const el = select([['', t('slots.noTeacher')], ...teachers.map((tc) => [tc.id, tc.name])], draft.teacherId, { name: 'teacherId', dataset: { testid: 'teacherId' } });
  el.addEventListener('change', () => { draft.teacherId = el.value; onInput(); });
  return el;
}

function minutesOf(hhmm) {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

function wholeNumber(text, [min, max]) {
  const n = Number(String(text).trim());
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}
