/**
 * /simulator: the demo's phones — guardians', teachers' and staff's (where sign-in codes
 * arrive). Pick one, read what the school sent, tap a choice or write as them. The open chat is
 * read every CHAT_POLL_MS (a phone shows a new message within about a second), the list of chats
 * with messages every LIST_POLL_MS; both pause while the tab is hidden. The URL fragment
 * #/<address> opens one chat. Signing in is the console's (a one-time link works here too); the
 * page is the staff's: a teacher uses their own phone.
 */
import { api } from './api.js';
import { ensureSignedIn, onSessionEnd } from './boot.js';
import { bdi, h, replace } from './dom.js';
import { applyDocument, onLangChange, t } from './i18n.js';
import { mayUseSimulator } from './roles.js';
import { districtSchools, header, loadSchool, notForRole } from './shell.js';
import { chooseSchool, isDistrict, person, signInPending } from './session.js';
import { phone, whoLine } from './sim-chat.js';
import { errorBox, loading } from './ui.js';

const CHAT_POLL_MS = 1000;
const LIST_POLL_MS = 3000;

const root = document.getElementById('app');
let ready = false;
let school;
let schools;
let stop = () => {};

async function start() {
  applyDocument();
  replace(root, loading());
  onSessionEnd(root, () => { ready = false; stop(); }, () => { ready = true; show(); });
  await ensureSignedIn(root);
  try {
    if (isDistrict()) schools = await districtSchools();
    if (mayUseSimulator(person().role)) school = await loadSchool();
  } catch (err) {
    return replace(root, h('main', {}, errorBox(err)));
  }
  ready = true;
  show();
}

async function show() {
  if (!ready) return;
  stop();
  stop = () => {};
  const main = h('main', { class: 'sim' });
  const shell = header({ school, nav: [{ page: 'console', href: '/console', label: t('sim.console') }], accountHref: '/console#/account', schools, onSchool: (id) => { chooseSchool(id); location.reload(); } });
  replace(root, shell, main);
  document.title = `${t('sim.title')} · ${t('app.name')}`;
  if (!mayUseSimulator(person().role)) return notForRole(main, '/console');
  if (!school) return replace(main, h('h1', {}, t('sim.title')), h('p', { class: 'muted', dataset: { testid: 'pick-school' } }, t('district.pickFirst')));
  replace(main, h('h1', {}, t('sim.title')), loading());
  try {
    const { items } = await api('GET', '/v1/simulator/phones');
    if (ready) stop = draw(main, items);
  } catch (err) {
    replace(main, h('h1', {}, t('sim.title')), errorBox(err));
  }
}

function searchText(p) {
  return [p.name, p.address, ...(p.children ?? []).flatMap((c) => [c.name, c.class]), ...(p.classes ?? [])].join(' ').toLowerCase();
}

function draw(main, people) {
  const controller = new AbortController();
  const list = h('ul', { class: 'list people sim-people', dataset: { testid: 'sim-people' } });
  const search = h('input', { type: 'search', placeholder: t('sim.search'), 'aria-label': t('sim.search') });
  const pane = h('div', { class: 'sim-pane' }, h('p', { class: 'muted' }, t('sim.pick')));
  const layout = h('div', { class: 'sim-layout' }, h('aside', {}, search, list), pane);
  replace(main, h('h1', {}, t('sim.title')), layout);

  // Chats the bot wrote to that nobody opened since: kept by the server, so a reload keeps them read.
  let unread = new Set();
  let current;
  const drawList = () => replace(list, people
    .filter((p) => !search.value || searchText(p).includes(search.value.toLowerCase()))
    .map((p) => h('li', {}, h('a', { href: `#/${p.address}`, class: 'row-link', 'aria-current': current?.address === p.address ? 'true' : null, dataset: { testid: 'sim-person', address: p.address } },
      h('strong', {}, bdi(p.name)), h('span', { class: 'muted' }, whoLine(p)), unread.has(p.address) ? h('span', { class: 'dot', title: t('sim.unread'), 'aria-label': t('sim.unread'), role: 'img', dataset: { testid: 'sim-unread' } }) : null))));
  search.addEventListener('input', drawList);

  const open = () => {
    if (signInPending()) return;
    const address = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    const owner = people.find((p) => p.address === address);
    layout.classList.toggle('show-chat', Boolean(owner));
    if (!owner) return replace(pane, h('p', { class: 'muted' }, t('sim.pick')));
    current = { ...owner, phone: phone(owner, school, () => readChat()) };
    replace(pane, h('a', { href: '#', class: 'back only-narrow' }, t('common.back')), current.phone.el);
    unread.delete(owner.address);
    drawList();
    readChat();
  };
  // What the open phone shows has been read: said to the server when it opens and when a message arrives.
  const markRead = (address) => api('POST', `/v1/simulator/chats/${encodeURIComponent(address)}/read`, { signal: controller.signal }).catch(() => undefined);
  const readChat = async () => {
    const me = current;
    if (!me) return;
    const { messages } = await api('GET', `/v1/simulator/chats/${encodeURIComponent(me.address)}`, { signal: controller.signal }).catch(() => ({ messages: undefined }));
    if (messages && me === current && me.phone.show(messages)) await markRead(me.address);
  };
  const readList = async () => {
    const chats = await api('GET', '/v1/simulator/chats', { signal: controller.signal }).catch(() => undefined);
    if (!chats) return;
    unread = new Set((chats.unread ?? []).filter((a) => a !== current?.address));
    drawList();
  };
  const timers = [every(CHAT_POLL_MS, readChat), every(LIST_POLL_MS, readList)];
  window.addEventListener('hashchange', open, { signal: controller.signal });
  drawList();
  readList();
  open();
  return () => { controller.abort(); timers.forEach(clearInterval); };
}

/** Runs `fn` every `ms` while the tab is visible. */
function every(ms, fn) {
  return setInterval(() => document.visibilityState === 'visible' && fn(), ms);
}

onLangChange(show);
start();
