/**
 * The date and time of an invitation, typed the way the school writes them: day/month/year and
 * the 24-hour clock. Chromium draws <input type=date|time> in the browser's locale (12/14/2027,
 * 05:00 PM on an English-US phone, whatever the page's `lang`), so these are text fields, read
 * leniently (14/12/2027, 14-12-27, 14.12.2027; 17:30, 17h30, 17.30, 1730) and written back in the
 * school's form. Under them the date is spelled out in the console's language ("Tuesday 14
 * December 2027 at 17:30"): what parents will read, to check before sending.
 */
import { latinDigits } from '../auth.js';
import { h, replace } from '../dom.js';
import { intlLocale, lang, t, tn } from '../i18n.js';
import { formatOffset, zonedToInstant } from '../zoned.js';

/** A two-digit year is this century's: 27 is 2027 (no invitation names 1927). */
const CENTURY = 2000;

/** "14/12/2027" (or 14-12-27, 14.12.2027, and ISO 2027-12-14) → "2027-12-14"; undefined when no such day. */
export function parseDay(text) {
  const s = latinDigits(text.trim());
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const dmy = /^(\d{1,2})\s*[/.,\-\s]\s*(\d{1,2})\s*[/.,\-\s]\s*(\d{2}|\d{4})$/.exec(s);
  if (!iso && !dmy) return undefined;
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]].map(Number) : [dmy[3], dmy[2], dmy[1]].map(Number);
  const year = y < 100 ? CENTURY + y : y;
  const day = new Date(Date.UTC(year, m - 1, d));
  if (day.getUTCFullYear() !== year || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  return `${year}-${pad(m)}-${pad(d)}`;
}

/** "17:30" (or 17h30, 17.30, 1730, 9:05, 9) → "17:30"; undefined when no such time. */
export function parseTime(text) {
  // «٠٧:٣٠» from an Arabic keyboard reads as 07:30.
  const m = /^(\d{1,2})(?:\s*[:hH.,]\s*(\d{2})|(\d{2}))?$/.exec(latinDigits(text.trim()));
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? m[3] ?? 0);
  return hours < 24 && minutes < 60 ? `${pad(hours)}:${pad(minutes)}` : undefined;
}

/** "2027-12-14" → "14/12/2027", as the school writes it. */
export function dayText(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** "Tuesday 14 December 2027 at 17:30", in the console's language (Latin digits). */
export function spelledOut(isoDay, time) {
  const [y, m, d] = isoDay.split('-').map(Number);
  const date = new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  return t('form.spelled', { date, time });
}

/**
 * The two fields and the line under them. `draft` keeps what was typed (dateText, timeText) and
 * what it means (date "YYYY-MM-DD", time "HH:MM", '' when empty or unreadable); `changed()` after
 * each keystroke. `problem()` names what stops the form: a key of the strings, or undefined.
 * `setTime(text)` types a time for the person; `timeField` is its label, to hide.
 */
export function whenFields(school, draft, changed) {
  draft.dateText ??= dayText(draft.date);
  draft.timeText ??= draft.time;
  const line = h('small', { class: 'hint when-line', id: 'when-line', dataset: { testid: 'when' }, 'aria-live': 'polite' });
  const date = textField('date', draft.dateText, t('form.datePlaceholder'));
  const time = textField('time', draft.timeText, t('form.timePlaceholder'));
  const read = () => {
    draft.dateText = date.value;
    draft.timeText = time.value;
    draft.date = parseDay(date.value) ?? '';
    draft.time = parseTime(time.value) ?? '';
    date.setAttribute('aria-invalid', String(Boolean(date.value.trim()) && !draft.date));
    time.setAttribute('aria-invalid', String(Boolean(time.value.trim()) && !draft.time));
    replace(line, lineText(school, draft));
  };
  for (const [el, canonical] of [[date, () => dayText(draft.date)], [time, () => draft.time]]) {
    el.addEventListener('input', () => { read(); changed(); });
    // Written back in the school's form once the person moves on: 14-12-27 becomes 14/12/2027.
    el.addEventListener('change', () => { if (canonical()) el.value = canonical(); read(); });
  }
  read();
  const timeField = field(t('form.time'), time, t('form.timeFormat'));
  const row = h('div', { class: 'row2' }, field(t('form.date'), date, t('form.dateFormat')), timeField);
  // With appointment times the first one is the meeting's time: its field stands in for this one.
  const setTime = (text) => { time.value = text; read(); };
  return { el: [row, line], problem: () => problemOf(draft), refresh: read, timeField, setTime };
}

function textField(name, value, placeholder) {
  // Digits and separators read left to right in every language; the phone shows its number pad.
  return h('input', { type: 'text', name, value, placeholder, dir: 'ltr', inputmode: 'decimal', autocomplete: 'off', class: 'when-input', dataset: { testid: name } });
}

function field(label, input, format) {
  const hint = h('small', { class: 'hint', id: `${input.name}-format` }, format);
  input.setAttribute('aria-describedby', `${hint.id} when-line`);
  return h('label', { class: 'field' }, h('span', { class: 'label' }, label), input, hint);
}

/** What stops the form: a day or time that cannot be read, or one without the other. */
function problemOf(draft) {
  if (draft.dateText.trim() && !draft.date) return 'form.badDate';
  if (draft.timeText.trim() && !draft.time) return 'form.badTime';
  if (Boolean(draft.date) !== Boolean(draft.time)) return 'form.dateAndTime';
  return undefined;
}

/** The spelled-out date and the school's clock, or what is wrong with what was typed. */
function lineText(school, draft) {
  const problem = problemOf(draft);
  if (problem) return h('span', { class: 'warn', dataset: { testid: 'when-problem' } }, t(problem));
  if (!draft.date) return t('form.noDate');
  const { offset } = zonedToInstant(draft.date, draft.time, school.timeZone);
  return [h('strong', { dataset: { testid: 'when-spelled' } }, spelledOut(draft.date, draft.time)), h('br'),
    tn('form.zone', { zone: zoneName(school.timeZone), offset: `UTC${formatOffset(offset)}` })];
}

/** The schools' usual zones by their city, as each language writes it. */
const CITIES = { 'Africa/Casablanca': { ar: 'الدار البيضاء', fr: 'Casablanca', en: 'Casablanca' }, 'Africa/El_Aaiun': { ar: 'العيون', fr: 'Laâyoune', en: 'Laayoune' } };

/** "Casablanca", «الدار البيضاء»: the zone's city, not its id (another zone: its city in Latin letters). */
export function zoneName(timeZone) {
  return CITIES[timeZone]?.[lang()] ?? timeZone.split('/').at(-1).replace(/_/g, ' ');
}

function pad(n) {
  return String(n).padStart(2, '0');
}
