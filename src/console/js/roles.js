/**
 * What each role may open in the console (DESIGN §10), as the API allows it: a page the role
 * cannot use is not in its navigation, and its URL opened directly says so politely. The server
 * refuses such requests anyway; this only keeps people away from pages that would fail.
 *
 * - teacher: events, results and notes of their own classes;
 * - staff: the same for the whole school, and the roster read-only;
 * - admin: everything of the school (roster import, people, API keys, WhatsApp templates, the school's settings, the audit log);
 * - district: a school at a time as its admin, and the schools.
 */
const ALL = ['district', 'admin', 'staff', 'teacher'];
const STAFF = ['district', 'admin', 'staff'];
const ADMIN = ['district', 'admin'];

const PAGE_ROLES = {
  events: ALL,
  'events/new': ALL,
  event: ALL,
  schedule: ALL,
  absences: ALL,
  surveys: ALL,
  inbox: ALL,
  account: ALL,
  roster: STAFF,
  people: ADMIN,
  keys: ADMIN,
  whatsapp: ADMIN,
  audit: ADMIN,
  operations: ADMIN,
  settings: ADMIN,
  schools: ['district'],
};

/** The navigation, in order; `account` is reached from the header's menu. */
const NAV = ['events', 'absences', 'roster', 'surveys', 'inbox', 'people', 'keys', 'whatsapp', 'settings', 'operations', 'audit', 'schools'];

/** Pages a district admin opens before choosing a school. */
const WITHOUT_SCHOOL = new Set(['schools', 'account']);

export function mayOpen(role, page) {
  return PAGE_ROLES[page]?.includes(role) ?? false;
}

/** Whether the page needs a school (a district admin must choose one first). */
export function needsSchool(page) {
  return !WITHOUT_SCHOOL.has(page);
}

/** The navigation of a role; a district admin without a chosen school sees the schools only. */
export function navFor(role, hasSchool) {
  return NAV.filter((page) => mayOpen(role, page) && (hasSchool || !needsSchool(page)));
}

/** The roster's import (and a guardian's erasure) are the admin's. */
export function mayImportRoster(role) {
  return ADMIN.includes(role);
}

/** The simulator page is the staff's: a teacher uses their own phone. */
export function mayUseSimulator(role) {
  return STAFF.includes(role);
}

/** A teacher sends to, and reads results of, their own classes only. */
export function isTeacher(role) {
  return role === 'teacher';
}
