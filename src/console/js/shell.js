/**
 * What the console and the simulator page share around their content: the header (the school,
 * the navigation, the language switch, a district admin's school picker, and who is signed in
 * with their menu), the school's settings once signed in, and the polite refusal of a page the
 * role cannot use.
 */
import { api } from './api.js';
import { signOut, signOutEverywhere } from './auth.js';
import { bdi, h, replace } from './dom.js';
import { LANGS, LANG_NAMES, defaultLang, lang, setLang, t, tn } from './i18n.js';
import { chooseSchool, isDistrict, person, schoolId } from './session.js';
import { button, confirmDialog, errorBox } from './ui.js';
import { useOffsets } from './zoned.js';

/**
 * The school requests act for: the person's own, or a district admin's chosen one (undefined
 * while they have not chosen).
 */
export async function loadSchool() {
  if (isDistrict() && !schoolId()) return undefined;
  const [school, offsets] = await Promise.all([api('GET', '/v1/school'), api('GET', '/v1/school/offsets').catch(() => undefined)]);
  if (offsets) useOffsets(offsets);
  // Until someone picks a language here: theirs, else the school's.
  defaultLang(person()?.locale ?? school.defaultLocale);
  return school;
}

/** The schools a district admin may choose from (read once per page load). */
let schoolList;
export async function districtSchools() {
  schoolList ??= api('GET', '/v1/schools').then((r) => r.items).catch((err) => {
    schoolList = undefined;
    throw err;
  });
  return schoolList;
}

/** Forgets the list, after a school was opened. */
export function schoolsChanged() {
  schoolList = undefined;
}

/**
 * The header. `nav`: [{href, label, current, badge?}] (a badge: a count beside the label); `accountHref`: where the password is set;
 * `schools`: a district admin's list, for the picker; `onSchool(id)` after a choice.
 */
export function header({ school, nav = [], accountHref = '#/account', schools, onSchool } = {}) {
  const me = person();
  // The other two languages, each by its own name; "lang" is the Arabic/English one, as it always was.
  const others = LANGS.filter((l) => l !== lang());
  const toggle = others.find((l) => l !== 'fr');
  return h('header', { class: 'top' },
    // A school not named yet shows the app's name, not its id.
    h('div', { class: 'brand', dataset: { testid: 'brand' } }, school && school.named !== false ? bdi(school.name) : t('app.name')),
    me && isDistrict() && schools ? schoolPicker(schools, onSchool) : null,
    h('div', { class: 'tools' },
      others.map((l) => h('button', { type: 'button', class: 'lang', lang: l, dataset: { testid: l === toggle ? 'lang' : `lang-${l}` }, onclick: () => setLang(l) }, LANG_NAMES[l])),
      me ? meMenu(me, accountHref) : null),
    nav.length ? navigation(nav) : null);
}

/**
 * The pages, in a row that wraps; on a phone folded behind a "Menu" button that names the page
 * you are on (ten links in four rows would take a third of the screen). Choosing a page draws a
 * new header, so the menu closes by itself.
 */
function navigation(nav) {
  const links = h('nav', { id: 'main-nav', 'aria-label': t('app.nav') },
    nav.map((n) => h('a', { href: n.href, 'aria-current': n.current ? 'page' : null, dataset: { testid: `nav-${n.page}` } }, n.label, n.badge ?? null)));
  const current = nav.find((n) => n.current);
  const badges = nav.map((n) => n.badge).filter(Boolean);
  const toggle = h('button', {
    type: 'button', class: 'menu-toggle', 'aria-expanded': 'false', 'aria-controls': 'main-nav', dataset: { testid: 'menu-toggle' },
    onclick: () => {
      const open = links.classList.toggle('open');
      toggle.setAttribute('aria-expanded', String(open));
    },
  }, h('span', { 'aria-hidden': 'true' }, '☰ '), t('app.menu'), current ? h('span', { class: 'menu-current' }, ' · ', current.label) : null,
  // An unanswered count stays in sight with the menu folded (the same live badge, mirrored).
  badges.length ? mirror(badges[0]) : null);
  return [toggle, links];
}

/** A copy of a live badge that follows it (the inbox's unanswered count). */
function mirror(badge) {
  const copy = h('span', { class: 'badge', hidden: badge.hidden, 'aria-hidden': 'true' }, badge.textContent);
  new MutationObserver(() => {
    copy.textContent = badge.textContent;
    copy.hidden = badge.hidden;
  }).observe(badge, { childList: true, characterData: true, subtree: true, attributes: true });
  return copy;
}

function schoolPicker(schools, onSchool) {
  const chosen = schoolId() ?? '';
  const pick = h('select', { dataset: { testid: 'school-picker' } },
    h('option', { value: '', selected: !chosen }, t('district.pickSchool')),
    schools.map((s) => h('option', { value: s.id, selected: s.id === chosen }, `${s.name} (${s.id})`)));
  pick.addEventListener('change', () => {
    chooseSchool(pick.value || undefined);
    onSchool?.(pick.value || undefined);
  });
  return h('label', { class: 'school-pick' }, h('span', { class: 'label' }, t('district.school')), pick);
}

/** Who is signed in, with their role; the menu: password, sign out, sign out everywhere. */
function meMenu(me, accountHref) {
  const status = h('div', { role: 'status' });
  const menu = h('details', { class: 'me', dataset: { testid: 'me' } },
    h('summary', {}, h('span', { class: 'me-name' }, bdi(me.name)), h('span', { class: 'me-role', dataset: { testid: 'me-role' } }, t(`role.${me.role}`))),
    h('div', { class: 'menu' },
      h('p', { class: 'muted' }, tn('me.signedInAs', { login: me.login })),
      h('a', { class: 'button', href: accountHref, dataset: { testid: 'account' } }, t(me.hasPassword ? 'me.changePassword' : 'me.setPassword')),
      button(t('app.signOut'), () => leave(status, signOut), { dataset: { testid: 'sign-out' } }),
      button(t('me.signOutEverywhere'), async () => {
        const sure = await confirmDialog({ title: t('me.signOutEverywhere'), text: t('me.signOutEverywhereText'), confirm: t('me.signOutEverywhereConfirm') });
        if (sure) await leave(status, signOutEverywhere);
      }, { dataset: { testid: 'sign-out-everywhere' } }),
      status));
  return menu;
}

// A menu left open closes when the person clicks elsewhere.
document.addEventListener('click', (e) => {
  for (const menu of document.querySelectorAll('details.me[open]')) if (!menu.contains(e.target)) menu.open = false;
});

/**
 * Signs out, then starts the page afresh: nothing of this person (drafts, lists) stays in the
 * page for whoever signs in next on this computer.
 */
async function leave(status, how) {
  try {
    await how();
    location.replace(location.pathname);
  } catch (err) {
    replace(status, errorBox(err));
  }
}

/** A page the role cannot use, opened by its URL: said plainly, with the way back. */
export function notForRole(main, home = '#/events') {
  const me = person();
  replace(main, h('section', { class: 'card notice', dataset: { testid: 'not-for-role' } },
    h('h1', {}, t('role.notForYou')),
    h('p', {}, tn('role.notForYouText', { role: t(`role.${me?.role ?? 'staff'}`) })),
    h('a', { class: 'button primary', href: home }, t('role.backHome'))));
}
