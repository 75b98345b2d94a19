/**
 * #/schools (district admins): the schools of the deployment — open one to act as its admin —
 * and opening a new school with its first admin, whose one-time sign-in link is shown to hand
 * over.
 */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, t, tn } from '../i18n.js';
import { keep, keptValue } from '../kept.js';
import { schoolsChanged } from '../shell.js';
import { schoolId } from '../session.js';
import { button, card, copyBox, errorBox, field, loading, select } from '../ui.js';

const DEFAULT_ZONE = 'Africa/Casablanca';

export function renderSchools(main, _param, { openSchool }) {
  const list = h('div', {}, loading());
  const made = keptValue('school-opened');
  const opened = h('div', { dataset: { testid: 'school-opened' } }, made ? openedCard(made) : null);
  const reload = () => load(list, openSchool);
  replace(main, h('h1', {}, t('schools.title')), h('p', { class: 'muted' }, t('schools.intro')), list, opened, newSchool(opened, reload));
  reload();
}

async function load(list, openSchool) {
  try {
    const { items } = await api('GET', '/v1/schools');
    if (!items.length) return replace(list, card(h('p', { class: 'muted' }, t('schools.none'))));
    const chosen = schoolId();
    replace(list, h('ul', { class: 'list schools', dataset: { testid: 'schools' } }, items.map((s) => h('li', { dataset: { testid: 'school', id: s.id } },
      h('div', { class: 'who' },
        h('strong', {}, bdi(s.name), s.id === chosen ? h('span', { class: 'badge linked' }, t('schools.current')) : null),
        h('span', { class: 'muted' }, h('code', { dir: 'ltr' }, s.id), ' · ', bdi(s.timeZone ?? DEFAULT_ZONE), ' · ', t(`locale.${s.defaultLocale ?? 'ar'}`))),
      button(t('schools.open'), () => openSchool(s.id), { class: 'small primary', dataset: { testid: 'open-school' } })))));
  } catch (err) {
    replace(list, errorBox(err));
  }
}

function newSchool(opened, reload) {
  const input = (name, attrs = {}) => h('input', { type: 'text', name, autocomplete: 'off', ...attrs, dataset: { testid: `school-${name}` } });
  const f = {
    id: input('id', { dir: 'ltr', maxlength: 64, autocapitalize: 'none', spellcheck: 'false' }),
    name: input('name', { dir: 'auto', maxlength: 200 }),
    timeZone: input('timeZone', { dir: 'ltr', value: DEFAULT_ZONE }),
    locale: select([['ar', t('locale.ar')], ['fr', t('locale.fr')], ['en', t('locale.en')]], 'ar'),
    adminName: input('adminName', { dir: 'auto', maxlength: 200 }),
    adminLogin: input('adminLogin', { dir: 'ltr', maxlength: 40, autocapitalize: 'none', spellcheck: 'false' }),
    adminWhatsapp: input('adminWhatsapp', { type: 'tel', dir: 'ltr', maxlength: 32 }),
  };
  const status = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'create-school' } }, t('schools.create'));
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', {}, t('schools.new')),
    field(t('schools.id'), f.id, t('schools.idHint')),
    field(t('schools.name'), f.name),
    h('div', { class: 'row2' }, field(t('schools.timeZone'), f.timeZone), field(t('schools.locale'), f.locale)),
    h('fieldset', {}, h('legend', {}, t('schools.firstAdmin')),
      field(t('people.name'), f.adminName),
      field(t('people.login'), f.adminLogin, t('people.loginHint')),
      field(t('people.whatsapp'), f.adminWhatsapp, t('schools.adminWhatsappHint'))),
    status, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    replace(status);
    const whatsapp = f.adminWhatsapp.value.trim();
    const body = {
      id: f.id.value.trim(), name: f.name.value.trim(), timeZone: f.timeZone.value.trim() || DEFAULT_ZONE, defaultLocale: f.locale.value,
      admin: { name: f.adminName.value.trim(), login: f.adminLogin.value.trim().toLowerCase(), locale: f.locale.value, ...(whatsapp ? { channels: { whatsapp } } : {}) },
    };
    try {
      const made = await api('POST', '/v1/schools', { body });
      schoolsChanged();
      keep('school-opened', made);
      form.reset();
      replace(opened, openedCard(made));
      opened.scrollIntoView({ block: 'nearest' });
      reload();
    } catch (err) {
      replace(status, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function openedCard(made) {
  return h('section', { class: 'card ok' },
    h('h2', {}, tn('schools.opened', { name: made.school.name })),
    h('p', {}, tn('schools.adminLink', { name: made.admin.name })),
    copyBox(made.signInLink.url, 'admin-sign-in-link'),
    h('p', { class: 'warn-box' }, tn('people.linkWarning', { name: made.admin.name, time: bdi(dateTime(made.signInLink.expiresAt, made.school.timeZone ?? DEFAULT_ZONE)) })));
}
