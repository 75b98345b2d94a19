/**
 * How the console and the simulator page begin: a one-time link in the fragment signs in (and
 * leaves the address bar); else the session cookie, if it still works; else the sign-in page.
 * A link already used, opened again while the cookie still works, just goes on.
 */
import { whenSignedOut } from './api.js';
import { resumeSession, signInWithLink } from './auth.js';
import { signInPage } from './signin-page.js';
import { person, restartOnSignInLink, takeSignInToken } from './session.js';

export async function ensureSignedIn(root) {
  restartOnSignInLink();
  const token = takeSignInToken();
  let problem;
  if (token) {
    try {
      return await signInWithLink(token);
    } catch (err) {
      problem = err;
    }
  }
  try {
    return await resumeSession();
  } catch (err) {
    if (err.status !== 401) problem ??= err;
  }
  return signInPage(root, problem);
}

/**
 * When the server says the session ended (it idled out, or was ended on another device):
 * `pause()`, the sign-in page, then `resume()`. Someone else signing in here starts the page
 * afresh, so that nothing of the previous person stays in it.
 */
export function onSessionEnd(root, pause, resume) {
  let showing = false;
  whenSignedOut(async (err) => {
    if (showing) return;
    showing = true;
    pause();
    const before = person()?.id;
    const session = await signInPage(root, { ...err, code: 'session_ended' });
    showing = false;
    if (session.person.id !== before) location.reload();
    else resume();
  });
}
