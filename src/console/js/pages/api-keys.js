/**
 * #/keys (admins): API keys for the school's integrations (people sign in instead). Make one —
 * shown this once, with a copy button and a warning, since only its hash is kept — see when each
 * was last used, and revoke one (it stops working at once).
 */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, t, tn } from '../i18n.js';
import { forget, keep, keptValue } from '../kept.js';
import { button, card, confirmDialog, copyBox, errorBox, field, loading, select } from '../ui.js';

export function renderApiKeys(main, _param, { school }) {
  const controller = new AbortController();
  const made = keptValue('new-key');
  const shown = h('div', { dataset: { testid: 'new-key' } }, made ? keyOnce(made) : null);
  const list = h('div', {}, loading());
  const reload = () => load(list, school, controller.signal, reload);
  replace(main, h('h1', {}, t('keys.title')), h('p', { class: 'muted' }, t('keys.intro')), createCard(shown, reload), shown, list);
  reload();
  return () => controller.abort();
}

function createCard(shown, reload) {
  const name = h('input', { type: 'text', name: 'name', maxlength: 80, dir: 'auto', autocomplete: 'off', required: true, dataset: { testid: 'key-name' } });
  const role = select([['staff', t('role.staff')], ['admin', t('role.admin')]], 'staff', { name: 'role', dataset: { testid: 'key-role' } });
  const hint = h('small', { class: 'hint' }, t('keys.roleHint.staff'));
  role.addEventListener('change', () => replace(hint, t(`keys.roleHint.${role.value}`)));
  const status = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'create-key' } }, t('keys.create'));
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', {}, t('keys.new')),
    field(t('keys.name'), name, t('keys.nameHint')),
    h('label', { class: 'field' }, h('span', { class: 'label' }, t('keys.role')), role, hint),
    status, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!name.value.trim()) return replace(status, errorBox({ code: 'name_missing' }));
    submit.disabled = true;
    replace(status);
    try {
      const made = await api('POST', '/v1/api-keys', { body: { name: name.value.trim(), role: role.value } });
      name.value = '';
      keep('new-key', made);
      replace(shown, keyOnce(made));
      shown.scrollIntoView({ block: 'nearest' });
      reload();
    } catch (err) {
      replace(status, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The new key, this once: copy it now (kept across a language switch, until dismissed or left). */
function keyOnce(made) {
  const box = h('section', { class: 'card secret', role: 'status' },
    h('h2', {}, tn('keys.madeTitle', { name: made.name })),
    h('p', { class: 'warn-box' }, h('strong', {}, t('keys.onceTitle')), ' ', t('keys.onceText')),
    copyBox(made.key, 'key-value'),
    button(t('keys.copiedDone'), () => {
      forget('new-key');
      box.remove();
    }, { dataset: { testid: 'key-done' } }));
  return box;
}

async function load(list, school, signal, reload) {
  try {
    const [keys, people] = await Promise.all([api('GET', '/v1/api-keys', { signal }), api('GET', '/v1/people', { signal }).catch(() => ({ items: [] }))]);
    const names = new Map(people.items.map((p) => [p.id, p.name]));
    if (!keys.items.length) return replace(list, card(h('p', { class: 'muted', dataset: { testid: 'no-keys' } }, t('keys.none'))));
    replace(list, h('ul', { class: 'list keys', dataset: { testid: 'keys' } }, keys.items.map((k) => row(k, names, school, reload))));
  } catch (err) {
    if (err.name !== 'AbortError') replace(list, errorBox(err));
  }
}

function row(k, names, school, reload) {
  const status = h('div', { role: 'status' });
  const by = names.get(k.createdBy);
  return h('li', { class: 'key', dataset: { testid: 'key', name: k.name } },
    h('div', { class: 'who' },
      h('strong', { dir: 'auto' }, k.name),
      h('span', { class: 'muted' }, t(`role.${k.role}`), ' · ', tn('keys.created', { time: bdi(dateTime(k.createdAt, school.timeZone)), by: by ? bdi(by) : t('keys.someone') })),
      h('span', { class: k.lastUsedAt ? 'muted' : 'muted never', dataset: { testid: 'last-used' } },
        k.lastUsedAt ? tn('keys.lastUsed', { time: bdi(dateTime(k.lastUsedAt, school.timeZone)) }) : t('keys.neverUsed'))),
    button(t('keys.revoke'), async () => {
      const sure = await confirmDialog({ title: tn('keys.revokeTitle', { name: k.name }), text: t('keys.revokeText'), confirm: t('keys.revoke'), danger: true });
      if (!sure) return;
      try {
        await api('DELETE', `/v1/api-keys/${k.id}`);
        reload();
      } catch (err) {
        replace(status, errorBox(err));
      }
    }, { class: 'small danger-text', dataset: { testid: 'revoke-key' } }),
    status);
}
