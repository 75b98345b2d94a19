/**
 * #/people (admins): who signs in to the console — each with their role, the chats where their
 * sign-in codes arrive, whether they have a password, when they last signed in (or that they never
 * did, with the link to hand them), whether they are disabled — and adding,
 * changing, disabling or removing them, a one-time sign-in link to hand over, and the join links
 * that tie their chat app to the school's bot.
 */
import { api, listAll } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, t, tn } from '../i18n.js';
import { forget, keep, keptValue } from '../kept.js';
import { button, confirmDialog, errorBox, loading } from '../ui.js';
import { personDraft, personForm } from './person-form.js';
import { makeSignInLink, sendSignInLink, showJoinLinks, signInLinkView } from './person-links.js';

export function renderPeople(main, _param, { school, person: me }) {
  const controller = new AbortController();
  const page = { main, school, me };
  page.reload = () => load(page, controller.signal);
  page.reload();
  return () => controller.abort();
}

async function load(page, signal) {
  const heading = h('div', { class: 'page-head' }, h('h1', {}, t('people.title')));
  if (!page.list) replace(page.main, heading, loading());
  try {
    const [people, teachers, classes] = await Promise.all([api('GET', '/v1/people', { signal }), listAll('/v1/teachers'), listAll('/v1/classes')]);
    if (signal.aborted) return;
    const classNames = new Map(classes.map((c) => [c.id, c.name]));
    page.people = people.items;
    page.teachers = teachers.map((tc) => ({ ...tc, classNames: tc.classIds.map((id) => classNames.get(id) ?? id), takenBy: people.items.find((p) => p.teacherId === tc.id)?.name }));
    draw(page, heading);
  } catch (err) {
    if (err.name !== 'AbortError') replace(page.main, heading, errorBox(err));
  }
}

function draw(page, heading) {
  const adding = h('div');
  const openAdd = (draft) => {
    keep('people-adding', draft);
    replace(adding, h('section', { class: 'card' }, personForm({
      teachers: page.teachers,
      draft,
      onSaved: (p) => {
        for (const [id, state] of panels()) if (state.what === 'added') panels().delete(id);
        panels().set(p.id, { what: 'added' });
        forget('people-adding');
        replace(adding);
        page.reload();
      },
      onCancel: () => {
        forget('people-adding');
        replace(adding);
      },
    })));
  };
  const add = button(t('people.add'), () => {
    openAdd(keptValue('people-adding') ?? personDraft());
    adding.querySelector('input[name="role"]:checked')?.focus();
  }, { class: 'primary', dataset: { testid: 'add-person' } });
  heading.append(add);
  page.list = h('ul', { class: 'list people persons', dataset: { testid: 'people' } }, page.people.map((p) => row(page, p)));
  replace(page.main, heading, h('p', { class: 'muted' }, t('people.intro')), adding, page.list);
  // Drawn again in the other language: the form half filled stays open, as it was.
  const half = keptValue('people-adding');
  if (half) openAdd(half);
}

/**
 * What each person's panel shows, by id ({what: 'edit' | 'join' | 'added'} or {what: 'link',
 * link}), kept across a redraw in the other language: a link just made stays on screen.
 */
function panels() {
  let state = keptValue('people-panels');
  if (!state) keep('people-panels', (state = new Map()));
  return state;
}

function row(page, p) {
  const panel = h('div', { class: 'panel' });
  const teacher = p.teacherId ? page.teachers.find((tc) => tc.id === p.teacherId) : undefined;
  // A teacher's codes may also go to the chats the roster has for them.
  const chats = [...new Set([...Object.keys(p.channels ?? {}), ...Object.keys(teacher?.channels ?? {})])];
  const self = p.id === page.me.id;
  const show = (state) => {
    if (state) panels().set(p.id, state);
    else panels().delete(p.id);
    drawPanel(page, p, panel, state, chats.length > 0, makeLink);
  };
  /** Asks the server, then shows what it gave in the panel (`what`: how the panel draws it). */
  const fetchInto = (what, ask) => async () => {
    replace(panel, loading());
    try {
      show({ what, [what]: await ask(p) });
    } catch (err) {
      replace(panel, errorBox(err));
    }
  };
  const makeLink = fetchInto('link', makeSignInLink);
  // The bot sends the link to their own chat: one tap on their phone signs them in.
  const sendLink = fetchInto('sent', sendSignInLink);
  const li = h('li', { class: `person${p.disabled ? ' is-disabled' : ''}`, dataset: { testid: 'person', login: p.login } },
    h('div', { class: 'who' },
      h('strong', {}, bdi(p.name), self ? h('span', { class: 'badge' }, t('people.you')) : null),
      h('span', { class: 'muted' }, h('bdi', { dir: 'ltr' }, p.login), ' · ', h('span', { dataset: { testid: 'person-role' } }, t(`role.${p.role}`)),
        teacher ? [' · ', tn('people.teaches', { classes: teacher.classNames.join(', ') || '—' })] : null),
      p.lastSignInAt
        ? h('span', { class: 'muted small', dataset: { testid: 'last-sign-in' } }, tn('people.lastSignIn', { time: dateTime(p.lastSignInAt, page.school.timeZone) }))
        : h('span', { class: 'small warn-text', dataset: { testid: 'never-signed-in' } }, t(self ? 'people.firstSignIn' : 'people.neverSignedIn'))),
    h('div', { class: 'badges' },
      chats.length ? chats.map((c) => h('span', { class: 'badge linked', title: t('people.codesGoHere') }, t(`platform.${c}`)))
        : h('span', { class: 'badge warn' }, t('people.noChat')),
      p.hasPassword ? h('span', { class: 'badge' }, t('people.hasPassword')) : null,
      p.disabled ? h('span', { class: 'badge warn', dataset: { testid: 'disabled' } }, t('people.disabled')) : null),
    h('div', { class: 'actions' },
      button(t('people.edit'), () => show(panels().get(p.id)?.what === 'edit' ? undefined : { what: 'edit' }), { class: 'small', dataset: { testid: 'edit-person' } }),
      chats.length && !self && !p.disabled ? button(t('people.sendLink'), sendLink, { class: 'small', dataset: { testid: 'send-sign-in-link' } }) : null,
      button(t('people.signInLink'), makeLink, { class: 'small', dataset: { testid: 'make-sign-in-link' } }),
      button(t('people.joinLinks'), () => show({ what: 'join' }), { class: 'small', dataset: { testid: 'show-join-links' } }),
      self ? null : button(t(p.disabled ? 'people.enable' : 'people.disable'), () => setDisabled(page, p, panel), { class: 'small', dataset: { testid: p.disabled ? 'enable-person' : 'disable-person' } }),
      self ? null : button(t('people.remove'), () => remove(page, p, panel), { class: 'small danger-text', dataset: { testid: 'remove-person' } })),
    panel);
  drawPanel(page, p, panel, panels().get(p.id), chats.length > 0, makeLink);
  return li;
}

function drawPanel(page, p, panel, state, hasChat, makeLink) {
  if (!state) return replace(panel);
  if (state.what === 'edit') {
    state.draft ??= personDraft(p);
    return replace(panel, personForm({ existing: p, teachers: page.teachers, draft: state.draft, onSaved: () => { panels().delete(p.id); page.reload(); }, onCancel: () => { panels().delete(p.id); replace(panel); } }));
  }
  if (state.what === 'link') return replace(panel, signInLinkView(p, state.link, page.school));
  if (state.what === 'sent') {
    return replace(panel, h('p', { class: 'ok', role: 'status', dataset: { testid: 'sign-in-link-sent' } },
      tn('people.linkSent', { name: p.name, platform: t(`platform.${state.sent.sentTo}`), time: dateTime(state.sent.expiresAt, page.school.timeZone) })));
  }
  if (state.what === 'join') return showJoinLinks(panel, p);
  return replace(panel, added(p, hasChat, makeLink));
}

/** Just added: how they will sign in, and the link to hand over. */
function added(p, hasChat, makeLink) {
  return h('div', { class: 'ok', role: 'status', dataset: { testid: 'person-added' } },
    h('strong', {}, tn('people.added', { name: p.name })),
    h('p', {}, t(hasChat ? 'people.addedWithChat' : 'people.addedNoChat')),
    button(t('people.signInLink'), makeLink, { class: 'small primary' }));
}

async function setDisabled(page, p, panel) {
  if (!p.disabled) {
    const sure = await confirmDialog({ title: tn('people.disableTitle', { name: p.name }), text: t('people.disableText'), confirm: t('people.disable'), danger: true });
    if (!sure) return;
  }
  try {
    await api('PATCH', `/v1/people/${p.id}`, { body: { disabled: !p.disabled } });
    page.reload();
  } catch (err) {
    replace(panel, errorBox(err));
  }
}

async function remove(page, p, panel) {
  const sure = await confirmDialog({ title: tn('people.removeTitle', { name: p.name }), text: t('people.removeText'), confirm: t('people.remove'), danger: true });
  if (!sure) return;
  try {
    await api('DELETE', `/v1/people/${p.id}`);
    panels().delete(p.id);
    page.reload();
  } catch (err) {
    replace(panel, errorBox(err));
  }
}
