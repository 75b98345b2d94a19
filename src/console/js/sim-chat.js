/**
 * One simulated phone: the school's messages with their choices as buttons, the parent's
 * answers, and a box to write as the parent. Each bubble takes its direction from its own
 * text, so an Arabic message reads right to left whatever the page's language.
 */
import { api } from './api.js';
import { autoText, bdi, h, replace } from './dom.js';
import { dateTime, t } from './i18n.js';
import { showError } from './ui.js';

/** A phone for `person` ({name, address, role}); returns {el, show(messages)}. */
export function phone(person, school, onSent) {
  const thread = h('ol', { class: 'thread', dataset: { testid: 'thread' }, 'aria-live': 'polite' });
  const status = h('div');
  const input = h('input', { type: 'text', dir: 'auto', maxlength: 4096, 'aria-label': t('sim.write'), placeholder: t('sim.write'), dataset: { testid: 'sim-text' } });
  const post = async (body) => {
    showError(status, null);
    try {
      await api('POST', '/v1/simulator/inbound', { body: { from: person.address, ...body } });
      onSent();
      return true;
    } catch (err) {
      showError(status, err);
      return false;
    }
  };
  const form = h('form', { class: 'composer', onsubmit: async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text && (await post({ text }))) input.value = '';
  } }, input, h('button', { type: 'submit', class: 'primary', dataset: { testid: 'sim-send' } }, t('sim.send')));
  const el = h('section', { class: 'phone', dataset: { testid: 'phone', address: person.address } },
    h('div', { class: 'phone-head' }, h('strong', {}, bdi(person.name)), h('span', { class: 'muted' }, t(`sim.role.${person.role}`), ' · ', bdi(person.address))),
    thread, status, form);

  let shown = '';
  const show = (messages) => {
    const key = `${messages.length}|${messages.at(-1)?.id ?? ''}`;
    if (key === shown) return;
    shown = key;
    const labels = new Map(messages.flatMap((m) => (m.choices ?? []).map((c) => [c.id, c.label])));
    replace(thread, messages.length ? messages.map((m) => bubble(m, labels, school, post)) : h('li', { class: 'muted empty' }, t('sim.empty')));
    thread.scrollTop = thread.scrollHeight;
  };
  return { el, show };
}

function bubble(m, labels, school, post) {
  const text = m.direction === 'in' && m.choice && !m.text ? labels.get(m.choice) ?? m.choice : m.text;
  const choices = m.direction === 'out' && m.choices?.length
    ? h('div', { class: 'choices' }, m.choices.map((c) => h('button', { type: 'button', dir: 'auto', dataset: { testid: 'choice', choice: c.id }, onclick: async (e) => {
      e.currentTarget.disabled = true;
      const button = e.currentTarget;
      await post({ choice: c.id });
      button.disabled = false;
    } }, c.label)))
    : null;
  return h('li', { class: `msg ${m.direction}`, dataset: { testid: `msg-${m.direction}` } },
    autoText('p', text),
    choices,
    h('time', { datetime: m.at }, bdi(dateTime(m.at, school.timeZone, { hour: '2-digit', minute: '2-digit' }))));
}
