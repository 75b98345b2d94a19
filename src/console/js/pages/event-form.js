/**
 * #/events/new: compose and send an invitation. The values live in a draft that outlives the
 * page (a failed request or a language switch loses nothing). One Idempotency-Key per set of
 * values: a double tap, or a retry after a lost answer, sends once; changing a value makes a new
 * request with a new key.
 */
import { api, listAll } from '../api.js';
import { h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { isTeacher } from '../roles.js';
import { card, confirmDialog, errorBox, field, loading, select, showError } from '../ui.js';
import { zonedDate, zonedToInstant } from '../zoned.js';
import { audienceOf, audiencePicker } from './audience-picker.js';
import { previewPanel } from './event-preview.js';
import { SLOT_DRAFT, slotFields, slotsBody, slotsProblem, slotted } from './event-slots.js';
import { reachLine } from './reach-line.js';
import { surveyFields } from './survey-attach.js';
import { spelledOut, whenFields } from './when-fields.js';
import { quietNow } from '../quiet.js';

export const EVENT_KINDS = ['meeting', 'school_event', 'home_activity', 'absence', 'progress', 'good_news', 'reminder', 'custom', 'survey'];
const RSVP_BY_DEFAULT = new Set(['meeting', 'school_event']);

let draft;

function freshDraft(school) {
  return {
    kind: 'meeting', titleAr: '', titleFr: '', titleEn: '', detailsAr: '', detailsFr: '', detailsEn: '',
    audienceMode: 'classes', classes: [], grades: [],
    date: zonedDate(Date.now(), school.timeZone, 7), time: '17:00', place: '', rsvp: true,
    surveyId: '', surveySend: 'after_rsvp', afterHours: '2', sendNow: false, ...SLOT_DRAFT,
    idempotencyKey: crypto.randomUUID(),
  };
}

export function renderEventForm(main, _param, { school, person }) {
  draft ??= freshDraft(school);
  replace(main, h('h1', {}, t('form.title')), loading());
  const controller = new AbortController();
  const teacher = isTeacher(person.role);
  // A teacher gets their own classes only (the API narrows the list); the school's teachers are
  // for the appointment times' teacher, a list the API keeps for the office (none: no choice shown).
  Promise.all([listAll('/v1/classes'), api('GET', '/v1/surveys').then((r) => r.items ?? r, () => []), teacher ? [] : listAll('/v1/teachers').catch(() => [])])
    .then(([classes, surveys, teachers]) => !controller.signal.aborted && draw(main, school, { classes, surveys, teachers }, teacher))
    .catch((err) => replace(main, h('h1', {}, t('form.title')), errorBox(err)));
  return () => controller.abort();
}

function draw(main, school, { classes, surveys, teachers }, teacher) {
  // Who the send reaches, asked again when the audience or the kind changes (the line skips the rest);
  // its count tells the appointment times whether every family fits.
  const reach = reachLine(() => {
    const audience = audienceOf(draft);
    return audience && { audience, kind: draft.kind };
  }, (answer) => slots.setFamilies(answer));
  // What parents will read, asked on the Preview button; put away by any change so it never shows a stale message.
  const preview = previewPanel();
  const changed = () => { draft.idempotencyKey = crypto.randomUUID(); reach.refresh(); preview.clear(); };
  const bind = (name, attrs = {}) => {
    const el = h(attrs.tag ?? 'input', { name, ...attrs, tag: null, value: draft[name] });
    el.addEventListener('input', () => { draft[name] = el.value; changed(); });
    return el;
  };
  const kind = select(EVENT_KINDS.map((k) => [k, t(`kind.${k}`)]), draft.kind, { name: 'kind', dataset: { testid: 'kind' } });
  const rsvp = h('input', { type: 'checkbox', name: 'rsvp', checked: draft.rsvp, onchange: (e) => { draft.rsvp = e.target.checked; changed(); } });
  kind.addEventListener('change', () => {
    draft.kind = kind.value;
    draft.rsvp = RSVP_BY_DEFAULT.has(kind.value);
    rsvp.checked = draft.rsvp;
    // A survey is its questions: one is picked at once (the error would only come after Send),
    // and the time, place and RSVP it does not have are put away; picked for it, dropped after it.
    if (draft.kind === 'survey' && !draft.surveyId && surveys.length) {
      draft.surveyId = (surveys.find((s) => s.id === 'involvement') ?? surveys[0]).id;
      draft.surveyPicked = true;
    } else if (draft.kind !== 'survey' && draft.surveyPicked) {
      draft.surveyId = '';
      draft.surveyPicked = false;
    }
    timing.hidden = draft.kind === 'survey';
    slots.refresh();
    changed();
    survey.refresh();
  });
  const when = whenFields(school, draft, changed);
  const rsvpLabel = h('label', { class: 'check' }, rsvp, h('span', {}, t('form.rsvp')));
  const slots = slotFields(draft, teachers, changed, { when, rsvp: rsvpLabel });
  const timing = card(
    slots.modes,
    when.el,
    slots.el,
    field(t('form.place'), bind('place', { type: 'text', maxlength: 200, dir: 'auto' })),
    rsvpLabel);
  timing.dataset.testid = 'timing';
  timing.hidden = draft.kind === 'survey';
  const survey = surveyFields(surveys, draft, changed);
  const quiet = quietNote(school);
  const errors = h('div');
  const submit = h('button', { type: 'submit', class: 'primary big', dataset: { testid: 'send' } }, t('form.send'));
  const previewButton = h('button', { type: 'button', class: 'big', dataset: { testid: 'preview-button' }, onclick: () => showPreview(preview, errors, school, teacher, when) }, t('preview.button'));
  const form = h('form', { class: 'event-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); send(submit, errors, school, teacher, when); } },
    card(field(t('form.kind'), kind), audiencePicker(classes, draft, changed, teacher)),
    timing,
    h('details', { class: 'card' }, h('summary', {}, t('form.wording')),
      field(t('form.titleAr'), bind('titleAr', { dir: 'rtl', lang: 'ar', maxlength: 2000 })),
      field(t('form.titleFr'), bind('titleFr', { dir: 'ltr', lang: 'fr', maxlength: 2000 })),
      field(t('form.titleEn'), bind('titleEn', { dir: 'ltr', lang: 'en', maxlength: 2000 })),
      field(t('form.detailsAr'), bind('detailsAr', { tag: 'textarea', dir: 'rtl', lang: 'ar', rows: 3 })),
      field(t('form.detailsFr'), bind('detailsFr', { tag: 'textarea', dir: 'ltr', lang: 'fr', rows: 3 })),
      field(t('form.detailsEn'), bind('detailsEn', { tag: 'textarea', dir: 'ltr', lang: 'en', rows: 3 }))),
    survey,
    card(h('label', { class: 'check' },
      h('input', { type: 'checkbox', checked: draft.sendNow, dataset: { testid: 'send-now' }, onchange: (e) => { draft.sendNow = e.target.checked; quiet.refresh(); changed(); } }),
      h('span', {}, tn('form.sendNow', { start: school.quietHours.start, end: school.quietHours.end }))),
    quiet.el),
    reach, errors, h('div', { class: 'form-actions' }, previewButton, submit));
  reach.refresh();
  replace(main, h('h1', {}, t('form.title')), form, preview);
}

/**
 * Said under "send now" while it is quiet hours at the school: when parents will get it if the
 * box stays unticked (the end of quiet hours, today or tomorrow), or that it goes at once.
 */
function quietNote(school) {
  const el = h('p', { class: 'warn-text', role: 'status', dataset: { testid: 'quiet-note' } });
  const refresh = () => {
    const quiet = quietNow(school);
    replace(el, !quiet ? null : draft?.sendNow ? t('form.quietNow') : t(quiet.tomorrow ? 'form.quietTomorrow' : 'form.quietToday', { end: quiet.end }));
  };
  refresh();
  return { el, refresh };
}

/** Kinds whose time is when parents come (the API refuses a past one unless told: starts_in_past). */
const PAST_ASKED = new Set(['meeting', 'school_event']);

async function send(submit, errors, school, teacher, when) {
  const body = requestBody(school, teacher, when);
  if (body.error) return replace(errors, h('div', { class: 'error', role: 'alert' }, t(body.error)));
  // A meeting whose time has passed is most often a slip (the year, 05:00 for 17:00): ask first.
  if (body.startsAt && PAST_ASKED.has(body.kind) && Date.parse(body.startsAt) < Date.now()) {
    const sure = await confirmDialog({ title: t('form.pastTitle'), text: t('form.pastText', { date: spelledOut(draft.date, draft.time) }), confirm: t('form.pastConfirm') });
    if (!sure) return;
    body.allowPastStart = true;
  }
  submit.disabled = true;
  showError(errors, null);
  try {
    const created = await api('POST', '/v1/events', { body, headers: { 'idempotency-key': draft.idempotencyKey } });
    draft = undefined;
    location.hash = `#/events/${created.eventId}`;
  } catch (err) {
    showError(errors, err);
  } finally {
    submit.disabled = false;
  }
}

/** The preview of what Send would send, the date spelled out as the form spells it. */
function showPreview(preview, errors, school, teacher, when) {
  const body = requestBody(school, teacher, when);
  if (body.error) return replace(errors, h('div', { class: 'error', role: 'alert' }, t(body.error)));
  showError(errors, null);
  preview.show(body, body.startsAt ? spelledOut(draft.date, draft.time) : undefined);
}

function requestBody(school, teacher, when) {
  const audience = audienceOf(draft);
  if (!audience) return { error: teacher ? 'form.pickClass' : 'form.pickAudience' };
  // A survey has no time: what was typed in the put-away fields does not stop it.
  if (slotsProblem(draft)) return { error: slotsProblem(draft) };
  if (draft.kind !== 'survey' && when.problem()) return { error: when.problem() };
  if (draft.kind === 'survey' && !draft.surveyId) return { error: 'form.pickSurvey' };
  // Only the languages written: a reader of another gets the nearest one (i18n/localized.ts).
  const localized = (texts) => {
    const kept = Object.fromEntries(Object.entries(texts).map(([l, v]) => [l, v.trim()]).filter(([, v]) => v));
    return Object.keys(kept).length ? kept : undefined;
  };
  // A survey asks its own questions: the API refuses RSVP on it.
  const body = { kind: draft.kind, audience, rsvp: draft.kind !== 'survey' && draft.rsvp, respectQuietHours: !draft.sendNow };
  const title = localized({ ar: draft.titleAr, fr: draft.titleFr, en: draft.titleEn });
  const details = localized({ ar: draft.detailsAr, fr: draft.detailsFr, en: draft.detailsEn });
  if (title) body.title = title;
  if (details) body.details = details;
  // A survey has no time or place: parents would read them under its questions.
  if (draft.date && draft.kind !== 'survey') body.startsAt = zonedToInstant(draft.date, draft.time, school.timeZone).iso;
  if (draft.place.trim() && draft.kind !== 'survey') body.place = draft.place.trim();
  // Appointment times: the API makes the answer a time (rsvp true); startsAt is the first one.
  if (slotted(draft)) Object.assign(body, { rsvp: true, slots: slotsBody(draft, school.timeZone) });
  if (draft.surveyId) {
    body.survey = draft.kind === 'survey' ? { id: draft.surveyId } : { id: draft.surveyId, send: draft.surveySend, ...(draft.surveySend === 'after_event' ? { afterHours: Number(draft.afterHours) } : {}) };
  }
  return body;
}

