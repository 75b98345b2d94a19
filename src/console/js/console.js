/**
 * The staff console: one page, routed by the URL fragment (#/events, #/events/<id>, #/roster,
 * #/surveys, #/inbox, #/people, #/keys, #/whatsapp, #/settings, #/operations, #/audit, #/schools, #/account). Each page is
 * render(main, param, ctx) → cleanup; a page is rendered again when the language changes (forms
 * keep their values in drafts that outlive the render). The navigation is the role's
 * (roles.js); a page the role cannot use, opened by its URL, says so.
 */
import { ensureSignedIn, onSessionEnd } from './boot.js';
import { h, replace } from './dom.js';
import { applyDocument, onLangChange, t } from './i18n.js';
import { focusHeading, skipLink } from './focus.js';
import { forgetOtherPages } from './kept.js';
import { renderAccount } from './pages/account.js';
import { renderApiKeys } from './pages/api-keys.js';
import { renderAudit } from './pages/audit.js';
import { renderEventForm } from './pages/event-form.js';
import { renderEventView } from './pages/event-view.js';
import { renderEvents } from './pages/events-list.js';
import { renderInbox } from './pages/inbox.js';
import { unansweredBadge } from './pages/inbox-count.js';
import { schoolNamePrompt } from './pages/school-name.js';
import { renderPeople } from './pages/people.js';
import { renderRoster } from './pages/roster.js';
import { renderSchools } from './pages/schools.js';
import { renderSurveys } from './pages/surveys.js';
import { renderWhatsApp } from './pages/whatsapp.js';
import { renderSchedule } from './pages/schedule.js';
import { renderAbsences } from './pages/absences.js';
import { renderOperations } from './pages/operations.js';
import { renderSettings } from './pages/settings.js';
import { mayOpen, navFor, needsSchool } from './roles.js';
import { districtSchools, header, loadSchool, notForRole } from './shell.js';
import { chooseSchool, isDistrict, person, signInPending } from './session.js';
import { errorBox, loading } from './ui.js';

const PAGES = {
  events: renderEvents,
  'events/new': renderEventForm,
  event: renderEventView,
  schedule: renderSchedule,
  absences: renderAbsences,
  roster: renderRoster,
  surveys: renderSurveys,
  inbox: renderInbox,
  people: renderPeople,
  keys: renderApiKeys,
  whatsapp: renderWhatsApp,
  settings: renderSettings,
  operations: renderOperations,
  audit: renderAudit,
  schools: renderSchools,
  account: renderAccount,
};

const root = document.getElementById('app');
let ready = false;
let school;
let schools;
let cleanup = () => {};
/** Set by a change of fragment (a navigation), not by a redraw: only then does the focus move to the heading. */
let navigated = false;

function parse(hash) {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'events/new') return ['events/new'];
  const m = /^events\/([a-z0-9]+)$/.exec(path);
  if (m) return ['event', m[1]];
  const sched = /^events\/([a-z0-9]+)\/schedule$/.exec(path);
  if (sched) return ['schedule', sched[1]];
  return [PAGES[path] ? path : undefined];
}

/** The page to show when the fragment names none: a district admin without a school, the schools. */
function home() {
  return isDistrict() && !school ? 'schools' : 'events';
}

async function route() {
  if (!ready || signInPending()) return;
  cleanup();
  cleanup = () => {};
  forgetOtherPages();
  const me = person();
  const [asked, param] = parse(location.hash);
  const page = asked ?? home();
  const section = page === 'event' || page === 'events/new' || page === 'schedule' ? 'events' : page;
  const nav = navFor(me.role, Boolean(school)).filter((p) => PAGES[p]).map((p) => ({ page: p, href: `#/${p}`, label: t(`nav.${p}`), current: p === section, badge: p === 'inbox' ? unansweredBadge() : null }));
  const main = h('main', { id: 'main', dataset: { page } });
  // An unnamed school's admin is asked its name above the page: parents read it in every message.
  const naming = schoolNamePrompt(school, me.role, (saved) => {
    school = saved;
    route();
  });
  replace(root, skipLink(main), header({ school, nav, schools, onSchool: openSchool }), naming, main);
  if (navigated) focusHeading(main);
  navigated = false;
  document.title = `${t(`nav.${section}`)} · ${t('app.name')}`;
  if (!mayOpen(me.role, page)) return notForRole(main, `#/${home()}`);
  if (needsSchool(page) && !school) return location.replace('#/schools');
  try {
    cleanup = PAGES[page](main, param, { school, person: me, openSchool, redraw: route }) ?? (() => {});
  } catch (err) {
    replace(main, errorBox(err));
  }
}

/**
 * A district admin acts for another school: the page starts afresh (no draft or list of the
 * previous school stays), on its events, or on the schools when none is chosen.
 */
function openSchool(id) {
  chooseSchool(id);
  location.hash = id ? '#/events' : '#/schools';
  location.reload();
}

/** Reads the school (and a district admin's list of schools), then shows the page. */
async function restart() {
  try {
    if (isDistrict()) schools = await districtSchools();
    school = await loadSchool();
  } catch (err) {
    return replace(root, h('main', {}, errorBox(err)));
  }
  ready = true;
  route();
}

async function start() {
  applyDocument();
  replace(root, loading());
  onSessionEnd(root, () => { ready = false; }, () => { ready = true; route(); });
  await ensureSignedIn(root);
  await restart();
}

window.addEventListener('hashchange', () => {
  navigated = true;
  route();
});
onLangChange(route);
start();
