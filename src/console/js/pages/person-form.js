/**
 * Adding or changing a person who signs in: their role (with what it may do), a teacher's entry
 * in the roster (their classes, and the chats the bot knows them by), name, login, the language
 * of their sign-in messages, and the chats where their codes arrive. Only what changed is sent
 * when editing; Telegram and Messenger chats, linked by join links, are kept as they are.
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox, field, select } from '../ui.js';

export const ROLES = ['admin', 'staff', 'teacher'];
/** The API's rule for a login (routes/people.ts). */
const LOGIN = /^[a-z0-9][a-z0-9._-]{2,39}$/;
/** Chats typed here; the others are linked by the person with a join link. */
const TYPED = ['whatsapp', 'simulator'];

/** The form's values for `existing` (or a new person): keep it to keep what was typed across redraws. */
export function personDraft(existing) {
  return {
    role: existing?.role ?? 'staff', teacherId: existing?.teacherId ?? '', name: existing?.name ?? '', login: existing?.login ?? '',
    locale: existing?.locale ?? 'ar', whatsapp: shownWhatsapp(existing?.channels.whatsapp), simulator: existing?.channels.simulator ?? '',
  };
}

/**
 * `existing`: the person to change, or undefined to add one. `teachers`: the roster's, each
 * {id, name, classNames, channels, takenBy}. `draft`: the values (personDraft), changed as the
 * person types. `onSaved(person)` after the API took it.
 */
export function personForm({ existing, teachers, draft, onSaved, onCancel }) {
  const v = draft ?? personDraft(existing);
  const inputs = {};
  const bind = (name, attrs) => {
    const el = h('input', { name, value: v[name], ...attrs });
    el.addEventListener('input', () => { v[name] = el.value; });
    inputs[name] = el;
    return el;
  };
  const status = h('div', { role: 'status' });
  const teacherBox = h('div');
  const roleHint = h('small', { class: 'hint', dataset: { testid: 'role-hint' } });
  const drawRole = () => {
    replace(roleHint, t(`people.roleHint.${v.role}`));
    replace(teacherBox, v.role === 'teacher' ? teacherPicker(v, teachers, inputs) : null);
  };
  const roles = h('fieldset', { class: 'segmented-field' }, h('legend', {}, t('people.role')),
    h('div', { class: 'segmented', role: 'radiogroup' }, ROLES.map((r) => h('label', {},
      h('input', { type: 'radio', name: 'role', value: r, checked: v.role === r, dataset: { testid: `role-${r}` }, onchange: () => { v.role = r; drawRole(); } }),
      h('span', {}, t(`role.${r}`))))),
    roleHint);
  const locale = select([['ar', t('locale.ar')], ['fr', t('locale.fr')], ['en', t('locale.en')]], v.locale, { name: 'locale', onchange: (e) => { v.locale = e.target.value; } });
  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'save-person' } }, t(existing ? 'people.save' : 'people.add'));
  const form = h('form', { class: 'person-form', novalidate: true, dataset: { testid: 'person-form' } },
    h('h3', {}, existing ? t('people.editTitle') : t('people.addTitle')),
    roles, teacherBox,
    field(t('people.name'), bind('name', { type: 'text', dir: 'auto', maxlength: 200, autocomplete: 'off', dataset: { testid: 'person-name' } })),
    field(t('people.login'), bind('login', { type: 'text', dir: 'ltr', maxlength: 40, autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off', dataset: { testid: 'person-login' } }), t('people.loginHint')),
    field(t('people.locale'), locale),
    h('fieldset', { class: 'chats' }, h('legend', {}, t('people.chats')),
      h('p', { class: 'hint' }, t('people.chatsHint')),
      field(t('people.whatsapp'), bind('whatsapp', { type: 'tel', dir: 'ltr', maxlength: 32, autocomplete: 'off', dataset: { testid: 'person-whatsapp' } }), t('people.whatsappHint')),
      field(t('people.simulator'), bind('simulator', { type: 'text', dir: 'ltr', maxlength: 128, autocomplete: 'off', dataset: { testid: 'person-simulator' } }), t('people.simulatorHint')),
      otherChats(existing)),
    status,
    h('div', { class: 'actions' }, submit, h('button', { type: 'button', onclick: onCancel, dataset: { testid: 'cancel-person' } }, t('common.cancel'))));
  drawRole();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const problem = check(v);
    if (problem) return fail(status, inputs, { code: problem.code, details: { field: problem.field } });
    submit.disabled = true;
    try {
      const body = existing ? changes(existing, v) : created(v);
      const saved = existing ? (Object.keys(body).length ? await api('PATCH', `/v1/people/${existing.id}`, { body }) : existing)
        : await api('POST', '/v1/people', { body });
      onSaved(saved);
    } catch (err) {
      fail(status, inputs, err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function teacherPicker(v, teachers, inputs) {
  if (!teachers.length) return h('p', { class: 'error', role: 'alert' }, t('people.noTeachers'));
  const options = [['', t('people.pickTeacher')], ...teachers.map((tc) => [tc.id, teacherLabel(tc)])];
  const pick = select(options, v.teacherId, { name: 'teacherId', dataset: { testid: 'person-teacher' } });
  pick.addEventListener('change', () => {
    const before = teachers.find((tc) => tc.id === v.teacherId);
    v.teacherId = pick.value;
    const chosen = teachers.find((tc) => tc.id === v.teacherId);
    // The roster's name, unless one was typed already.
    if (chosen && (!v.name.trim() || v.name === before?.name)) {
      v.name = chosen.name;
      inputs.name.value = chosen.name;
    }
  });
  inputs.teacherId = pick;
  return field(t('people.teacher'), pick, t('people.teacherHint'));
}

function teacherLabel(tc) {
  const classes = tc.classNames.length ? ` · ${tc.classNames.join(', ')}` : '';
  return `${tc.name}${classes}${tc.takenBy ? ` · ${t('people.hasAccount')}` : ''}`;
}

/** Telegram and Messenger chats, linked with join links: shown, kept, not typed. */
function otherChats(existing) {
  const linked = Object.keys(existing?.channels ?? {}).filter((p) => !TYPED.includes(p));
  return linked.length ? h('p', { class: 'muted' }, t('people.alsoLinked'), ' ', linked.map((p) => t(`platform.${p}`)).join(' · ')) : null;
}

/** A WhatsApp chat id (2126…@c.us) as the number a secretary would type. */
function shownWhatsapp(address) {
  const m = /^(\d+)@c\.us$/.exec(address ?? '');
  return m ? `+${m[1]}` : address ?? '';
}

function check(v) {
  if (!v.name.trim()) return { code: 'name_missing', field: 'name' };
  if (!LOGIN.test(v.login.trim().toLowerCase())) return { code: 'login_format', field: 'login' };
  if (v.role === 'teacher' && !v.teacherId) return { code: 'teacher_missing', field: 'teacherId' };
  if (v.whatsapp.trim() && !/^[+\d\s().-]{8,32}$/.test(v.whatsapp.trim())) return { code: 'whatsapp_format', field: 'whatsapp' };
  return undefined;
}

function typedChats(v) {
  const chats = {};
  for (const p of TYPED) if (v[p].trim()) chats[p] = v[p].trim();
  return chats;
}

function created(v) {
  const chats = typedChats(v);
  return {
    name: v.name.trim(), login: v.login.trim().toLowerCase(), role: v.role, locale: v.locale,
    ...(v.role === 'teacher' ? { teacherId: v.teacherId } : {}),
    ...(Object.keys(chats).length ? { channels: chats } : {}),
  };
}

/**
 * Only what changed. Chats: only the typed ones are sent, set or (null) unlinked; the server keeps
 * the others, so a chat the person links while this form is open is not lost.
 */
function changes(p, v) {
  const body = {};
  if (v.name.trim() !== p.name) body.name = v.name.trim();
  if (v.login.trim().toLowerCase() !== p.login) body.login = v.login.trim().toLowerCase();
  if (v.role !== p.role) body.role = v.role;
  if (v.role === 'teacher' && v.teacherId !== (p.teacherId ?? '')) body.teacherId = v.teacherId;
  if (v.locale !== (p.locale ?? 'ar')) body.locale = v.locale;
  const typed = typedChats(v);
  const same = (a, b) => shownWhatsapp(a ?? '') === shownWhatsapp(b ?? '');
  const changed = TYPED.filter((k) => !same(typed[k], p.channels[k]));
  if (changed.length) body.channels = Object.fromEntries(changed.map((k) => [k, typed[k] ?? null]));
  return body;
}

/** The error in words, and the field it names marked and focused. */
function fail(status, inputs, err) {
  replace(status, errorBox(err));
  for (const el of Object.values(inputs)) el.removeAttribute('aria-invalid');
  const named = fieldOf(err);
  const el = named && Object.entries(inputs).find(([name]) => named === name || named.startsWith(`${name}.`) || named.startsWith(`channels.${name}`))?.[1];
  if (el) {
    el.setAttribute('aria-invalid', 'true');
    el.focus();
  }
}

function fieldOf(err) {
  const d = err.details;
  const named = Array.isArray(d) ? d[0]?.field : d?.field;
  if (!named) return undefined;
  const path = named.replace(/^body\./, '');
  return path.startsWith('channels.') ? path.slice('channels.'.length) : path;
}
