/**
 * Signing in and out through /v1/auth (DESIGN §10): a one-time link, a code the school's bot
 * sends to the person's chat, or a password. Each success sets the session cookie (the server
 * does) and gives the person and the CSRF token, kept in session.js.
 */
import { api, refreshSession } from './api.js';
import { clearSession, setSession } from './session.js';

async function signedIn(path, body) {
  const s = await api('POST', path, { body });
  setSession(s);
  return s;
}

export function signInWithLink(token) {
  return signedIn('/v1/auth/link', { token });
}

/** The session of the cookie, if any (401 when nobody is signed in). */
export function resumeSession() {
  return refreshSession();
}

/** Asks the bot to send a code; the answer is the same whether the login exists or not. How long a code works, in minutes. */
export async function requestCode(login) {
  const answer = await api('POST', '/v1/auth/code', { body: { login } });
  return answer?.minutes;
}

export function verifyCode(login, code) {
  return signedIn('/v1/auth/code/verify', { login, code });
}

export function signInWithPassword(login, password) {
  return signedIn('/v1/auth/password', { login, password });
}

/** Ends this session; a 401 means it had ended already, which is as good. */
export async function signOut() {
  await api('POST', '/v1/auth/sign-out').catch((err) => {
    if (err.status !== 401) throw err;
  });
  clearSession();
}

/** Ends every session of the person, on every device, this one included. */
export async function signOutEverywhere() {
  const { ended } = await api('POST', '/v1/auth/sign-out-everywhere');
  clearSession();
  return ended;
}

/** Sets or changes the person's password (`current` is needed when one is set). */
export async function setPassword(current, password) {
  await api('PUT', '/v1/me/password', { body: current ? { current, password } : { password } });
  await refreshSession();
}

/** Digits as the server reads them: Arabic-Indic (٠–٩) and Persian (۰–۹) ones become 0–9. */
export function latinDigits(text) {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));
}
