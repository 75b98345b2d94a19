/**
 * The sign-in page, shared by the console and the simulator: a login, then "send me a code"
 * (the school's bot sends six digits to the person's chat app) and the code; or the login and a
 * password. Every refusal in words (wrong code, wrong password, a used link, too many tries with
 * the wait in minutes). The page keeps what was typed across a language switch.
 */
import { latinDigits, requestCode, signInWithPassword, verifyCode } from './auth.js';
import { h, replace } from './dom.js';
import { onLangChange, plural, t, tn } from './i18n.js';
import { header } from './shell.js';
import { errorBox, field } from './ui.js';

/**
 * Shows the page in `root` until someone signs in; resolves with their session. `problem`: an
 * error to show first (a used link, a session that ended).
 */
export function signInPage(root, problem) {
  return new Promise((resolve) => {
    const state = { mode: 'code', step: 'login', login: '', code: '', problem, note: undefined };
    const draw = () => drawPage(root, state, (session) => {
      stop();
      resolve(session);
    });
    const stop = onLangChange(draw);
    draw();
  });
}

function drawPage(root, state, done) {
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
  form.querySelector('input:not([type="hidden"])')?.focus();
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
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await run();
    } catch (err) {
      show(err);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
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
    redraw({ step: 'code', code: '', login: typed, minutes });
  }));
  return form;
}

function codeForm(state, redraw, show, done) {
  const code = h('input', { type: 'text', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', dir: 'ltr', maxlength: 12, required: true, class: 'code-input', value: state.code, dataset: { testid: 'code' } });
  code.addEventListener('input', () => { state.code = code.value; });
  const resend = h('button', { type: 'button', class: 'link', dataset: { testid: 'resend' } }, t('signin.resend'));
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
    redraw({ code: '', note: t('signin.codeResent') });
  }));
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
