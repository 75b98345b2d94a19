/**
 * #/inbox: what parents wrote (a question about an invitation, a note to the teacher), newest
 * first, each with its replies and a box to answer; the answer goes to the parent's chat. The
 * heading says how many wait for an answer; the list shows all notes, those waiting, or those
 * answered (kept while the console is open).
 */
import { mediaView } from '../media.js';
import { api } from '../api.js';
import { autoText, bdi, h, replace } from '../dom.js';
import { childWithClass, dateTime, listOf, t } from '../i18n.js';
import { eventTitle, reasonText } from '../labels.js';
import { button, errorBox, loading, showError } from '../ui.js';
import { refreshUnanswered, setUnanswered, unansweredHeading } from './inbox-count.js';

/** Unsent replies, by note id, kept across renders (a failed send or a language switch). */
const drafts = new Map();

/** The list's filter: every note, those waiting for an answer, those answered (the API's `answered`). */
const SHOWS = { all: undefined, unanswered: 'false', answered: 'true' };
let show = 'all';

export function renderInbox(main, param, ctx) {
  const list = h('ul', { class: 'list notes', dataset: { testid: 'inbox' } });
  const more = h('div');
  replace(main, h('div', { class: 'page-head' }, h('h1', {}, t('inbox.title')), unansweredHeading()), showPicker(() => renderInbox(main, param, ctx)), list, more);
  const load = async (before) => {
    replace(more, loading());
    try {
      const page = await api('GET', '/v1/inbox', { query: { limit: 30, before, answered: SHOWS[show] } });
      setUnanswered(page.unanswered);
      for (const note of page.items) list.append(noteView(note, ctx.school));
      // A filtered page may hold none of the notes it read: go on until some show or none are left.
      if (page.next && !list.childElementCount) return load(page.next);
      if (!page.next && !list.childElementCount) list.append(h('li', { class: 'muted', dataset: { testid: 'inbox-none' } }, t(show === 'all' ? 'inbox.none' : `inbox.none.${show}`)));
      replace(more, page.next ? button(t('common.more'), () => load(page.next)) : null);
    } catch (err) {
      replace(more, err.status === 404 && err.code === 'not_found' && before === undefined ? h('p', { class: 'muted' }, t('inbox.unavailable')) : errorBox(err));
    }
  };
  load();
}

/** All / waiting for an answer / answered: one choice of three, as the event form's choices are. */
function showPicker(redraw) {
  return h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('inbox.show'), dataset: { testid: 'inbox-show' } },
    Object.keys(SHOWS).map((value) => h('label', {},
      h('input', { type: 'radio', name: 'inbox-show', value, checked: show === value, dataset: { testid: `inbox-show-${value}` }, onchange: () => {
        show = value;
        redraw();
      } }),
      t(`inbox.show.${value}`))));
}

function noteView(note, school) {
  const replies = h('ol', { class: 'replies' }, note.replies.map((r) => reply(r, school)));
  return h('li', { class: 'note', dataset: { testid: 'note' } },
    h('div', { class: 'who' },
      h('strong', {}, note.guardian ? bdi(note.guardian.name) : t('inbox.erased')),
      // Each child with their class: two parents called Fatima are told apart by it.
      note.children?.length ? h('span', { class: 'muted' }, ' · ', listOf(note.children.map((c) => childWithClass(c.name, c.className)))) : null,
      // "#12" is one token: kept left to right, it never reads "12#" in an Arabic line.
      h('span', { class: 'muted' }, ' · ', t(`platform.${note.channel}`), ' · ', bdi(dateTime(note.at, school.timeZone)), ' · ', h('bdi', { dir: 'ltr', dataset: { testid: 'note-ref' } }, `#${note.ref}`))),
    note.event ? h('p', { class: 'muted', dataset: { testid: 'note-event' } }, t(note.event.guessed ? 'inbox.after' : 'inbox.about'), ' ', h('a', { href: `#/events/${note.event.id}`, dir: 'auto' }, eventTitle(note.event))) : null,
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
  const text = h('textarea', { rows: 2, dir: 'auto', maxlength: 2000, 'aria-label': t('inbox.reply'), placeholder: t('inbox.replyPlaceholder'), value: drafts.get(note.id) ?? '' });
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
      refreshUnanswered();
    } catch (err) {
      showError(status, err);
    } finally {
      send.disabled = false;
    }
  }, { class: 'primary' });
  return h('div', { class: 'reply-box' }, text, send, status);
}
