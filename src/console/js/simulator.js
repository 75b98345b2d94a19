/**
 * /simulator: the demo guardians' and teachers' phones. Pick a person, read what the school
 * sent them, tap a choice or write as them. The open chat is read every CHAT_POLL_MS (a phone
 * shows a new message within about a second), the list of chats with messages every LIST_POLL_MS;
 * both pause while the tab is hidden. The URL fragment #/<address> opens one chat.
 */
import { api, listAll } from './api.js';
import { bdi, h, replace } from './dom.js';
import { applyDocument, onLangChange, t } from './i18n.js';
import { header, loadSchool, signInForm } from './shell.js';
import { takeKeyFromFragment } from './session.js';
import { phone } from './sim-chat.js';
import { errorBox, loading } from './ui.js';

const CHAT_POLL_MS = 1000;
const LIST_POLL_MS = 3000;

const root = document.getElementById('app');
let school;
let stop = () => {};

async function start() {
  stop();
  replace(root, loading());
  const result = school ?? (await loadSchool().catch((err) => ({ error: err })));
  if (!result || result.error) return signInForm(root, () => { school = undefined; start(); }, result?.error);
  school = result;
  let people;
  try {
    people = await loadPeople();
  } catch (err) {
    return replace(root, errorBox(err));
  }
  stop = draw(people);
}

async function loadPeople() {
  const [guardians, teachers] = await Promise.all([listAll('/v1/guardians'), listAll('/v1/teachers')]);
  const on = (p, role) => (p.channels?.simulator ? [{ name: p.name, address: p.channels.simulator, role }] : []);
  return [...guardians.flatMap((g) => on(g, 'guardian')), ...teachers.flatMap((tc) => on(tc, 'teacher'))];
}

function draw(people) {
  const controller = new AbortController();
  const list = h('ul', { class: 'list people sim-people', dataset: { testid: 'sim-people' } });
  const search = h('input', { type: 'search', placeholder: t('sim.search'), 'aria-label': t('sim.search') });
  const pane = h('div', { class: 'sim-pane' }, h('p', { class: 'muted' }, t('sim.pick')));
  const layout = h('div', { class: 'sim-layout' }, h('aside', {}, search, list), pane);
  const nav = [{ href: '/console', label: t('sim.console') }];
  replace(root, header(school, nav, () => { school = undefined; start(); }), h('main', { class: 'sim' }, h('h1', {}, t('sim.title')), layout));

  let active = new Set();
  let current;
  const drawList = () => replace(list, people
    .filter((p) => !search.value || `${p.name} ${p.address}`.toLowerCase().includes(search.value.toLowerCase()))
    .map((p) => h('li', {}, h('a', { href: `#/${p.address}`, class: 'row-link', 'aria-current': current?.address === p.address ? 'true' : null, dataset: { testid: 'sim-person', address: p.address } },
      h('strong', {}, bdi(p.name)), h('span', { class: 'muted' }, t(`sim.role.${p.role}`)), active.has(p.address) ? h('span', { class: 'dot', title: t('sim.hasMessages') }) : null))));
  search.addEventListener('input', drawList);

  const open = () => {
    const address = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    const person = people.find((p) => p.address === address);
    layout.classList.toggle('show-chat', Boolean(person));
    if (!person) return replace(pane, h('p', { class: 'muted' }, t('sim.pick')));
    current = { ...person, phone: phone(person, school, () => readChat()) };
    replace(pane, h('a', { href: '#', class: 'back only-narrow' }, t('common.back')), current.phone.el);
    drawList();
    readChat();
  };
  const readChat = async () => {
    const me = current;
    if (!me) return;
    const { messages } = await api('GET', `/v1/simulator/chats/${encodeURIComponent(me.address)}`, { signal: controller.signal }).catch(() => ({ messages: undefined }));
    if (messages && me === current) me.phone.show(messages);
  };
  const readList = async () => {
    const chats = await api('GET', '/v1/simulator/chats', { signal: controller.signal }).catch(() => undefined);
    if (chats) { active = new Set(chats.items); drawList(); }
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

takeKeyFromFragment();
applyDocument();
onLangChange(start);
start();
