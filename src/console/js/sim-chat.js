/**
 * One simulated phone: the school's messages with their choices as buttons, the parent's
 * answers, and a box to write as the parent. Each bubble takes its direction from its own
 * text, so an Arabic message reads right to left whatever the page's language.
 */
import { api } from './api.js';
import { autoText, bdi, h, replace } from './dom.js';
import { childWithClass, dateTime, listOf, nameList, t } from './i18n.js';
import { mediaLabel, mediaView } from './media.js';
import { filePicker, showError } from './ui.js';

/** What a simulated phone may send as a file, and the kind each type is sent as. */
const ACCEPT = 'audio/*,image/jpeg,image/png,image/webp,application/pdf';

function kindOf(type) {
  if (type.startsWith('audio/')) return 'voice';
  if (type.startsWith('image/')) return 'photo';
  return 'document';
}

function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** A phone's role: a teacher's by their gender when the roster gives it ("أستاذة"), else the neutral word. */
export function roleLabel(p) {
  return t(p.role === 'teacher' && p.gender ? `sim.role.teacher.${p.gender}` : `sim.role.${p.role}`);
}

/**
 * What tells two phones of the same name apart: a guardian's children with their classes, a
 * teacher's classes. Each name and class is isolated, so "سارة (5A)" keeps its order in English.
 */
export function whoLine(p) {
  const role = roleLabel(p);
  if (p.children?.length) return [role, ' · ', listOf(p.children.map((c) => childWithClass(c.name, c.class)))];
  if (p.classes?.length) return [role, ' · ', nameList(p.classes)];
  return role;
}

/** A phone for `person` ({name, address, role, children?, classes?}); returns {el, show(messages)}. */
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
  // A file goes with what is typed as its caption, the way a phone sends a photo with a line under it.
  const file = h('input', { type: 'file', accept: ACCEPT, title: t('sim.attachHint'), 'aria-label': t('sim.attach'), dataset: { testid: 'sim-file' }, onchange: async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const type = chosen.type || 'application/octet-stream';
    const caption = input.value.trim();
    const sent = await post({ media: { kind: kindOf(type), contentType: type, data: await base64Of(chosen), fileName: chosen.name.slice(0, 120) }, ...(caption ? { text: caption } : {}) });
    if (sent) input.value = '';
    file.value = '';
  } });
  const sticker = h('button', { type: 'button', title: t('sim.sticker'), 'aria-label': t('sim.sticker'), dataset: { testid: 'sim-sticker' }, onclick: () => post({ unsupported: 'sticker' }) }, '🙂');
  const extras = h('div', { class: 'composer-extras' }, filePicker(file, ['📎 ', t('sim.attach')]), sticker);
  const el = h('section', { class: 'phone', dataset: { testid: 'phone', address: person.address } },
    h('div', { class: 'phone-head' }, h('strong', {}, bdi(person.name)), h('span', { class: 'muted', dataset: { testid: 'phone-who' } }, whoLine(person), ' · ', bdi(person.address))),
    thread, status, form, extras);

  let shown = '';
  /** Shows the messages; true when they changed since last shown. */
  const show = (messages) => {
    const key = `${messages.length}|${messages.at(-1)?.id ?? ''}`;
    if (key === shown) return false;
    shown = key;
    const labels = new Map(messages.flatMap((m) => (m.choices ?? []).map((c) => [c.id, c.label])));
    replace(thread, messages.length ? messages.map((m) => bubble(m, labels, school, post)) : h('li', { class: 'muted empty' }, t('sim.empty')));
    thread.scrollTop = thread.scrollHeight;
    return true;
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
  const file = !m.media ? null : m.direction === 'out' && m.media.id ? mediaView(m.media, `/v1/simulator/media/${m.media.id}`) : mediaLabel(m.media);
  return h('li', { class: `msg ${m.direction}`, dataset: { testid: `msg-${m.direction}` } },
    file,
    text ? autoText('p', text) : null,
    choices,
    h('time', { datetime: m.at }, bdi(dateTime(m.at, school.timeZone, { hour: '2-digit', minute: '2-digit' }))));
}
