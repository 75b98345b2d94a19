/**
 * #/account: who is signed in, their password (set one, or change it with the current one),
 * and signing out on every device.
 */
import { setPassword, signOutEverywhere } from '../auth.js';
import { bdi, h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { person } from '../session.js';
import { button, card, confirmDialog, errorBox, field } from '../ui.js';

/** The API's bounds (PUT /v1/me/password). */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;

/** Set after a password was saved, for the page drawn again with the header that knows it. */
let saved = false;

export function renderAccount(main, _param, { redraw }) {
  const me = person();
  const note = saved ? h('p', { class: 'ok', role: 'status', dataset: { testid: 'password-saved' } }, t('account.saved')) : null;
  saved = false;
  replace(main, h('h1', {}, t('account.title')), note,
    card(h('dl', { class: 'facts' },
      h('dt', {}, t('people.name')), h('dd', {}, bdi(me.name)),
      h('dt', {}, t('people.login')), h('dd', {}, h('code', { dir: 'ltr' }, me.login)),
      h('dt', {}, t('people.role')), h('dd', {}, t(`role.${me.role}`)))),
    passwordCard(me, () => {
      saved = true;
      redraw();
    }),
    everywhereCard());
}

function passwordCard(me, redraw) {
  const current = me.hasPassword ? h('input', { type: 'password', autocomplete: 'current-password', maxlength: PASSWORD_MAX, dataset: { testid: 'current-password' } }) : null;
  const next = h('input', { type: 'password', autocomplete: 'new-password', minlength: PASSWORD_MIN, maxlength: PASSWORD_MAX, dataset: { testid: 'new-password' } });
  const again = h('input', { type: 'password', autocomplete: 'new-password', maxlength: PASSWORD_MAX, dataset: { testid: 'new-password-again' } });
  const status = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'save-password' } }, t('account.save'));
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', {}, t(me.hasPassword ? 'account.changePassword' : 'account.setPassword')),
    h('p', { class: 'muted' }, t(me.hasPassword ? 'account.hasPassword' : 'account.noPassword')),
    h('input', { type: 'hidden', name: 'username', autocomplete: 'username', value: me.login }),
    current ? field(t('account.current'), current) : null,
    field(t('account.new'), next, tn('account.rule', { min: PASSWORD_MIN })),
    field(t('account.again'), again),
    status, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (next.value.length < PASSWORD_MIN) return replace(status, errorBox({ code: 'password_short' }));
    if (next.value !== again.value) return replace(status, errorBox({ code: 'password_mismatch' }));
    submit.disabled = true;
    try {
      await setPassword(current?.value, next.value);
      redraw();
    } catch (err) {
      replace(status, errorBox(err, { wrong_password: 'account.wrongCurrent' }));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function everywhereCard() {
  const status = h('div', { role: 'status' });
  return card(h('h2', {}, t('me.signOutEverywhere')), h('p', {}, t('me.signOutEverywhereText')),
    button(t('me.signOutEverywhereConfirm'), async () => {
      const sure = await confirmDialog({ title: t('me.signOutEverywhere'), text: t('me.signOutEverywhereText'), confirm: t('me.signOutEverywhereConfirm') });
      if (!sure) return;
      try {
        await signOutEverywhere();
        location.replace(location.pathname);
      } catch (err) {
        replace(status, errorBox(err));
      }
    }, { dataset: { testid: 'account-sign-out-everywhere' } }),
    status);
}
