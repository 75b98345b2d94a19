/**
 * The sign-in page, shared by the console and the simulator: a login, then "send me a code"
 * (the school's bot sends six digits to the person's chat app) and the code; or the login and a
 * password. Every refusal in words (wrong code, wrong password, a used link, too many tries with
 * the wait in minutes). The page keeps what was typed across a language switch.
 *
 * Kept pleasant: the login (and the way) last used on this device is filled in; the code signs
 * in by itself once its six digits are typed or pasted; "send a new code" waits half a minute
 * (saying how long), so an impatient tap does not use up the tries.
 */
import { latinDigits, requestCode, signInWithPassword, verifyCode } from './auth.js';
import { h, replace } from './dom.js';
import { num, onLangChange, plural, t, tn } from './i18n.js';
import { header } from './shell.js';
import { errorBox, field } from './ui.js';

/**
 * Shows the page in `root` until someone signs in; resolves with their session. `problem`: an
 * error to show first (a used link, a session that ended).
 */
export function signInPage(root, problem) {
  return new Promise((resolve) => {
    const last = lastUsed();
    const state = { mode: last.mode, step: 'login', login: last.login, code: '', problem, note: undefined, resendAt: 0, timer: undefined };
    const draw = () => drawPage(root, state, (session) => {
      stop();
      clearInterval(state.timer);
      remember(state);
      resolve(session);
    });
    const stop = onLangChange(draw);
    draw();
  });
}

/** What this device last signed in with: a login and the way (never a code or a password). */
const LAST = 'school-bridge.lastSignIn';
/** A new code may be asked for this long after the last one. */
const RESEND_WAIT_MS = 30_000;

function lastUsed() {
  try {
    const v = JSON.parse(localStorage.getItem(LAST) ?? '{}');
    return { login: typeof v.login === 'string' ? v.login.slice(0, 100) : '', mode: v.mode === 'password' ? 'password' : 'code' };
  } catch {
    return { login: '', mode: 'code' };
  }
}

/** After a one-time link: the login is this person's now; the way stays what it was for them. */
export function rememberLogin(login) {
  const last = lastUsed();
  remember({ login, mode: last.login === login ? last.mode : 'code' });
}

function remember(state) {
  try {
    localStorage.setItem(LAST, JSON.stringify({ login: state.login.trim(), mode: state.mode }));
  } catch {
    // A browser that keeps nothing: the next sign-in starts empty.
  }
}

function drawPage(root, state, done) {
  clearInterval(state.timer);
  const slot = h('div', { class: 'signin-status' }, state.problem ? errorBox(state.problem) : null, state.note ? h('p', { class: 'ok', role: 'status' }, state.note) : null);
  const show = (err) => {
    state.problem = err; // kept for a redraw in the other language
    replace(slot, errorBox(err));
  };
  const redraw = (changes) => {
    Object.assign(state, { problem: undefined, note: undefined }, changes);
    drawPage(root, state, done);
  };
  const form = state.mode === 'password' ? passwordForm(state, redraw, show, done)
    : state.step === 'code' ? codeForm(state, redraw, show, done)
      : loginForm(state, redraw, show);
  const card = h('section', { class: 'card signin', dataset: { testid: 'signin' } }, h('h1', {}, t('signin.title')), slot, form);
  replace(root, header(), h('main', {}, card));
  document.title = `${t('signin.title')} · ${t('app.name')}`;
  const first = form.querySelector('input:not([type="hidden"])');
  // A login remembered from last time: one tap (or Enter) sends the code.
  if (state.mode === 'code' && state.step === 'login' && state.login) form.querySelector('button[type="submit"]')?.focus();
  else first?.focus();
}

function loginInput(state) {
  const input = h('input', { type: 'text', name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', dir: 'ltr', required: true, maxlength: 100, value: state.login, dataset: { testid: 'login' } });
  input.addEventListener('input', () => { state.login = input.value; });
  return input;
}

/** Runs a request with the submit button disabled; errors go to `show`. */
function busy(form, show, run) {
  return async (e) => {
    e.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    const before = buttons.map((b) => b.disabled);
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await run();
    } catch (err) {
      show(err);
    } finally {
      buttons.forEach((b, i) => { b.disabled = before[i]; });
    }
  };
}

function loginForm(state, redraw, show) {
  const login = loginInput(state);
  const form = h('form', { class: 'signin-form', novalidate: true },
    h('p', {}, t('signin.intro')),
    field(t('signin.login'), login),
    h('button', { type: 'submit', class: 'primary big', dataset: { testid: 'send-code' } }, t('signin.sendCode')),
    h('div', { class: 'signin-other' },
      h('button', { type: 'button', class: 'link', dataset: { testid: 'use-password' }, onclick: () => redraw({ mode: 'password' }) }, t('signin.usePassword'))),
    h('p', { class: 'muted small' }, t('signin.noChat')));
  form.addEventListener('submit', busy(form, show, async () => {
    const typed = state.login.trim();
    if (!typed) return show({ code: 'login_missing' });
    const minutes = await requestCode(typed);
    redraw({ step: 'code', code: '', login: typed, minutes, resendAt: Date.now() + RESEND_WAIT_MS });
  }));
  return form;
}

function codeForm(state, redraw, show, done) {
  const code = h('input', { type: 'text', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', dir: 'ltr', maxlength: 12, required: true, class: 'code-input', value: state.code, dataset: { testid: 'code' } });
  const resend = h('button', { type: 'button', class: 'link', dataset: { testid: 'resend' } }, t('signin.resend'));
  const tick = () => {
    const left = Math.ceil((state.resendAt - Date.now()) / 1000);
    resend.disabled = left > 0;
    replace(resend, left > 0 ? t('signin.resendIn', { seconds: num(left) }) : t('signin.resend'));
    if (left <= 0) clearInterval(state.timer);
  };
  tick();
  if (state.resendAt > Date.now()) state.timer = setInterval(tick, 1000);
  const form = h('form', { class: 'signin-form', novalidate: true },
    // The login stays in the form, for password managers.
    h('input', { type: 'hidden', name: 'username', value: state.login }),
    h('p', { dataset: { testid: 'code-sent' } }, tn('signin.codeSent', { login: state.login, minutes: plural('time.minutes', state.minutes ?? 10) })),
    field(t('signin.code'), code, t('signin.codeHint')),
    h('button', { type: 'submit', class: 'primary big', dataset: { testid: 'verify' } }, t('signin.submit')),
    h('div', { class: 'signin-other' },
      resend,
      h('button', { type: 'button', class: 'link', dataset: { testid: 'change-login' }, onclick: () => redraw({ step: 'login', code: '' }) }, t('signin.otherLogin'))));
  resend.addEventListener('click', busy(form, show, async () => {
    await requestCode(state.login);
    redraw({ code: '', note: t('signin.codeResent'), resendAt: Date.now() + RESEND_WAIT_MS });
  }));
  // Six digits typed or pasted (Arabic-Indic ones too): signed in without looking for the button.
  code.addEventListener('input', () => {
    state.code = code.value;
    if (/^\d{6}$/.test(latinDigits(code.value).replace(/\s+/g, '')) && !form.querySelector('button[type="submit"]').disabled) form.requestSubmit();
  });
  form.addEventListener('submit', busy(form, show, async () => {
    const digits = latinDigits(state.code).replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) return show({ code: 'code_digits' });
    try {
      done(await verifyCode(state.login, digits));
    } catch (err) {
      state.code = '';
      code.value = '';
      code.focus();
      throw err;
    }
  }));
  return form;
}

function passwordForm(state, redraw, show, done) {
  const login = loginInput(state);
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, maxlength: 200, dataset: { testid: 'password' } });
  const form = h('form', { class: 'signin-form', novalidate: true },
    field(t('signin.login'), login),
    field(t('signin.password'), password),
    h('button', { type: 'submit', class: 'primary big', dataset: { testid: 'password-sign-in' } }, t('signin.submit')),
    h('div', { class: 'signin-other' },
      h('button', { type: 'button', class: 'link', dataset: { testid: 'use-code' }, onclick: () => redraw({ mode: 'code', step: 'login' }) }, t('signin.useCode'))),
    h('p', { class: 'muted small' }, t('signin.noPassword')));
  form.addEventListener('submit', busy(form, show, async () => {
    if (!state.login.trim() || !password.value) return show({ code: 'login_missing' });
    try {
      done(await signInWithPassword(state.login.trim(), password.value));
    } catch (err) {
      password.value = '';
      throw err;
    }
  }));
  return form;
}
