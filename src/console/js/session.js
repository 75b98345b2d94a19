/**
 * The API key of this browser tab. It lives in sessionStorage (gone when the tab closes, never
 * shared with other tabs) and may arrive in the URL fragment `#key=…` from the printed demo
 * links: fragments never reach the server or its logs, and we take it out of the address bar
 * at once so it is not left in the history or on a shared screen.
 */
const KEY = 'school-bridge.key';
const SCHOOL = 'school-bridge.school';

export function takeKeyFromFragment() {
  const m = /^#key=([^&]+)/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

/** Only for a key that acts for every school: the school it acts for now. */
export function schoolId() {
  return sessionStorage.getItem(SCHOOL);
}

export function signIn(key, school) {
  sessionStorage.setItem(KEY, key);
  if (school) sessionStorage.setItem(SCHOOL, school);
  else sessionStorage.removeItem(SCHOOL);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(SCHOOL);
}
