/**
 * How the console and the simulator page begin: a one-time link in the fragment signs in (and
 * leaves the address bar); else the session cookie, if it still works; else the sign-in page.
 * A link already used, opened again while the cookie still works, just goes on.
 */
import { whenSignedOut } from './api.js';
import { resumeSession, signInWithLink } from './auth.js';
import { h, replace } from './dom.js';
import { onLangChange, setLang, t } from './i18n.js';
import { header } from './shell.js';
import { rememberLogin, signInPage } from './signin-page.js';
import { button, errorBox, loading } from './ui.js';
import { person, restartOnSignInLink, takeSignInToken } from './session.js';

export async function ensureSignedIn(root) {
  restartOnSignInLink();
  let token = takeSignInToken();
  let problem;
  for (;;) {
    try {
      if (token) {
        try {
          return fresh(await signInWithLink(token));
        } catch (err) {
          if (!failedToAnswer(err)) [problem, token] = [err, undefined];
          else throw err;
        }
      }
      return await resumeSession();
    } catch (err) {
      // The server is unreachable or without its database: signing in would fail the same way.
      if (failedToAnswer(err)) await unreachable(root, err);
      else return fresh(await signInPage(root, err.status === 401 ? problem : problem ?? err));
    }
  }
}

/**
 * Someone has just signed in (not a session resumed): the console speaks their language, when
 * their account has one (they can switch), and this device remembers their login.
 */
function fresh(session) {
  const who = session?.person;
  if (who?.login) rememberLogin(who.login);
  if (who?.locale) setLang(who.locale);
  return session;
}

function failedToAnswer(err) {
  return err.status === 0 || err.status >= 500;
}

/** Says the server cannot answer now; resolves when the person asks to try again. */
function unreachable(root, err) {
  return new Promise((resolve) => {
    const draw = () => replace(root, header(), h('main', {}, h('section', { class: 'card notice', dataset: { testid: 'unreachable' } },
      errorBox(err), button(t('common.retry'), () => {
        stop();
        replace(root, loading());
        resolve();
      }, { class: 'primary' }))));
    const stop = onLangChange(draw);
    draw();
  });
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
    if (session.person.id !== before) {
      fresh(session);
      location.reload();
    }
    else resume();
  });
}
