/**
 * #/inbox: what parents wrote (a question about an invitation, a note to the teacher), newest
 * first, each with its replies and a box to answer; the answer goes to the parent's chat.
 */
import { mediaView } from '../media.js';
import { api } from '../api.js';
import { autoText, bdi, h, replace } from '../dom.js';
import { dateTime, nameList, t } from '../i18n.js';
import { eventTitle, reasonText } from '../labels.js';
import { button, errorBox, loading, showError } from '../ui.js';

/** Unsent replies, by note id, kept across renders (a failed send or a language switch). */
const drafts = new Map();

export function renderInbox(main, _param, { school }) {
  const list = h('ul', { class: 'list notes', dataset: { testid: 'inbox' } });
  const more = h('div');
  replace(main, h('h1', {}, t('inbox.title')), list, more);
  const load = async (before) => {
    replace(more, loading());
    try {
      const page = await api('GET', '/v1/inbox', { query: { limit: 30, before } });
      if (!page.items.length && before === undefined) list.append(h('li', { class: 'muted' }, t('inbox.none')));
      for (const note of page.items) list.append(noteView(note, school));
      replace(more, page.next ? button(t('common.more'), () => load(page.next)) : null);
    } catch (err) {
      replace(more, err.status === 404 && err.code === 'not_found' && before === undefined ? h('p', { class: 'muted' }, t('inbox.unavailable')) : errorBox(err));
    }
  };
  load();
}

function noteView(note, school) {
  const replies = h('ol', { class: 'replies' }, note.replies.map((r) => reply(r, school)));
  return h('li', { class: 'note', dataset: { testid: 'note' } },
    h('div', { class: 'who' },
      h('strong', {}, note.guardian ? bdi(note.guardian.name) : t('inbox.erased')),
      // Each child with their class: two parents called Fatima are told apart by it.
      note.children?.length ? h('span', { class: 'muted' }, ' · ', nameList(note.children.map((c) => (c.className ? `${c.name} (${c.className})` : c.name)))) : null,
      // "#12" is one token: kept left to right, it never reads "12#" in an Arabic line.
      h('span', { class: 'muted' }, ' · ', t(`platform.${note.channel}`), ' · ', bdi(dateTime(note.at, school.timeZone)), ' · ', h('bdi', { dir: 'ltr', dataset: { testid: 'note-ref' } }, `#${note.ref}`))),
    note.event ? h('p', { class: 'muted' }, t('inbox.about'), ' ', h('a', { href: `#/events/${note.event.id}`, dir: 'auto' }, eventTitle(note.event))) : null,
    note.text ? autoText('blockquote', note.text) : null,
    note.media ? mediaView(note.media, note.media.url) : null,
    replies,
    note.guardian ? replyBox(note, replies, school) : null);
}

function reply(r, school) {
  return h('li', { class: `reply by-${r.by}` },
    h('span', { class: 'muted' }, t(`inbox.by.${r.by}`), ' · ', bdi(dateTime(r.at, school.timeZone))),
    r.text ? autoText('p', r.text) : null,
    r.media ? mediaView(r.media, r.media.url) : null,
    r.undelivered ? h('small', { class: 'warn' }, t('inbox.undelivered'), ': ', reasonText(r.undelivered)) : null);
}

function replyBox(note, replies, school) {
  const text = h('textarea', { rows: 2, dir: 'auto', maxlength: 2000, 'aria-label': t('inbox.reply'), value: drafts.get(note.id) ?? '' });
  text.addEventListener('input', () => drafts.set(note.id, text.value));
  const status = h('div', { role: 'status' });
  const send = button(t('inbox.send'), async () => {
    const body = text.value.trim();
    // An empty answer is said, not silently ignored.
    if (!body) {
      replace(status, h('small', { class: 'error', role: 'alert', dataset: { testid: 'reply-empty' } }, t('inbox.empty')));
      text.focus();
      return;
    }
    send.disabled = true;
    showError(status, null);
    try {
      const answer = await api('POST', `/v1/inbox/${encodeURIComponent(note.id)}/reply`, { body: { text: body } });
      replies.append(reply({ at: new Date().toISOString(), by: 'staff', text: body, ...(answer.delivered ? {} : { undelivered: answer.reason ?? 'unknown' }) }, school));
      replace(status, h('small', {}, t(answer.delivered ? 'inbox.delivered' : 'inbox.notDelivered')));
      text.value = '';
      drafts.delete(note.id);
    } catch (err) {
      showError(status, err);
    } finally {
      send.disabled = false;
    }
  }, { class: 'primary' });
  return h('div', { class: 'reply-box' }, text, send, status);
}
