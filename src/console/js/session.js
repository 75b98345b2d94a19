/**
 * Who is signed in, in this page. The session itself is an HttpOnly cookie the server set: no
 * script here can read it, so a name in the roster carrying markup could not steal it. What the
 * page keeps is the person (for the header and the role's pages) and the CSRF token its writes
 * carry in X-CSRF-Token (a header no other site's page can set).
 *
 * A one-time sign-in link arrives in the URL fragment `#signin=<token>`: fragments never reach
 * the server or its logs, and we take it out of the address bar at once so it is not left in
 * the history or on a shared screen.
 */
const SCHOOL = 'school-bridge.school';

let current; // {person, csrfToken}

/** The token of a one-time sign-in link in the fragment, removed from the address bar. */
export function takeSignInToken() {
  // The API-key sign-in of earlier versions kept a key here: forget it.
  sessionStorage.removeItem('school-bridge.key');
  const m = /^#signin=([^&]+)/.exec(location.hash);
  if (!m) return undefined;
  history.replaceState(null, '', location.pathname + location.search);
  return decodeURIComponent(m[1]);
}

/**
 * A link pasted into the address bar of a page already open changes the fragment only: the
 * page starts again, and the start takes the token.
 */
export function restartOnSignInLink() {
  window.addEventListener('hashchange', () => {
    if (/^#signin=/.test(location.hash)) location.reload();
  });
}

/** Whether the fragment holds a sign-in token not yet taken (the page is about to restart). */
export function signInPending() {
  return /^#signin=/.test(location.hash);
}

/** {person, csrfToken} as the server gave them, or undefined when nobody is signed in. */
export function session() {
  return current;
}

export function person() {
  return current?.person;
}

export function csrfToken() {
  return current?.csrfToken;
}

export function setSession(s) {
  current = s?.person ? { person: s.person, csrfToken: s.csrfToken } : undefined;
}

export function clearSession() {
  current = undefined;
  sessionStorage.removeItem(SCHOOL);
}

/** Whether the signed-in person is a district admin, who acts for one school at a time. */
export function isDistrict() {
  return current?.person.schoolId === '*';
}

/** The school requests act for: a district admin's choice (per tab), else none (the person's own). */
export function schoolId() {
  return isDistrict() ? sessionStorage.getItem(SCHOOL) ?? undefined : undefined;
}

export function chooseSchool(id) {
  if (id) sessionStorage.setItem(SCHOOL, id);
  else sessionStorage.removeItem(SCHOOL);
}
