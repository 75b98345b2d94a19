/**
 * The staff console: one page, routed by the URL fragment (#/events, #/events/<id>, #/roster,
 * #/surveys, #/inbox). Each page is render(main, param, ctx) → cleanup; a page is rendered again
 * when the language changes (forms keep their values in drafts that outlive the render).
 */
import { h, replace } from './dom.js';
import { applyDocument, onLangChange, t } from './i18n.js';
import { renderEventForm } from './pages/event-form.js';
import { renderEventView } from './pages/event-view.js';
import { renderEvents } from './pages/events-list.js';
import { renderInbox } from './pages/inbox.js';
import { renderRoster } from './pages/roster.js';
import { renderSurveys } from './pages/surveys.js';
import { header, loadSchool, signInForm } from './shell.js';
import { takeKeyFromFragment } from './session.js';
import { errorBox, loading } from './ui.js';

const PAGES = {
  events: renderEvents,
  'events/new': renderEventForm,
  event: renderEventView,
  roster: renderRoster,
  surveys: renderSurveys,
  inbox: renderInbox,
};
const NAV = ['events', 'roster', 'surveys', 'inbox'];

const root = document.getElementById('app');
let school;
let cleanup = () => {};

function parse(hash) {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'events/new') return ['events/new'];
  const m = /^events\/([a-z0-9]+)$/.exec(path);
  if (m) return ['event', m[1]];
  return [PAGES[path] ? path : 'events'];
}

async function route() {
  cleanup();
  cleanup = () => {};
  if (!school) {
    replace(root, loading());
    const result = await loadSchool().catch((err) => ({ error: err }));
    if (!result || result.error) return signInForm(root, route, result?.error);
    school = result;
  }
  const [page, param] = parse(location.hash);
  const section = page === 'event' || page === 'events/new' ? 'events' : page;
  const nav = NAV.map((p) => ({ href: `#/${p}`, label: t(`nav.${p}`), current: p === section }));
  const main = h('main', { dataset: { page } });
  replace(root, header(school, nav, () => { school = undefined; location.hash = ''; route(); }), main);
  document.title = `${t(`nav.${section}`)} · ${t('app.name')}`;
  try {
    cleanup = PAGES[page](main, param, { school }) ?? (() => {});
  } catch (err) {
    replace(main, errorBox(err));
  }
}

takeKeyFromFragment();
applyDocument();
window.addEventListener('hashchange', route);
onLangChange(route);
route();
