/**
 * Under the event form: the message as parents will read it (POST /v1/events/preview). A card
 * per language with its number of families; in it, per app the families will get it on, a
 * phone-like screen with the message's parts and its choices drawn the way that app shows them
 * (Telegram's buttons under the message, Messenger's quick replies, a WhatsApp poll, the Cloud
 * API's reply buttons or list). Asked on the Preview button; any change to the form puts it away,
 * so what is shown is always what Send would send.
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { has, plural, t, tn } from '../i18n.js';
import { card, errorBox, loading } from '../ui.js';

export function previewPanel() {
  const panel = h('section', { class: 'preview', 'aria-live': 'polite', dataset: { testid: 'preview' }, hidden: true });
  let asked = 0;
  /** `when`: the date spelled out as the form spells it, or undefined for a kind with no time. */
  panel.show = async (body, when) => {
    const mine = ++asked;
    panel.hidden = false;
    replace(panel, loading());
    try {
      const preview = await api('POST', '/v1/events/preview', { body });
      if (mine === asked) {
        draw(panel, preview, when);
        // It is drawn under the form's Send button: brought into sight.
        panel.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
      }
    } catch (err) {
      if (mine === asked) replace(panel, errorBox(err));
    }
  };
  panel.clear = () => {
    asked++;
    panel.hidden = true;
    replace(panel);
  };
  return panel;
}

function draw(panel, p, when) {
  replace(panel,
    h('h2', {}, t('preview.title')),
    h('p', { dataset: { testid: 'preview-summary' } }, plural('reach.families', p.families), when ? [' · ', when] : null),
    p.unreachable ? h('p', { class: 'hint' }, plural('reach.unreachable', p.unreachable)) : null,
    p.byLanguage.map(languageCard),
    h('p', { class: 'hint' }, t('preview.sample')));
}

function languageCard(l) {
  const section = card(
    h('h3', {}, tn('preview.language', { language: t(`locale.${l.locale}`), families: plural('reach.families', l.families) })),
    l.channels.length
      ? h('div', { class: 'phones' }, l.channels.map((c) => phone(c, l.locale)))
      : h('p', { class: 'hint' }, t('preview.noChannel')));
  section.dataset.testid = `preview-${l.locale}`;
  return section;
}

/** One app's screen: the parts in bubbles, the choices attached as that app draws them. */
function phone(c, locale) {
  const app = has(`preview.kind.${c.kind}`) ? t(`preview.kind.${c.kind}`) : t(`platform.${c.platform}`);
  const parts = c.parts.map((text, i) => bubble(text, i === c.parts.length - 1 ? inside(c) : null));
  return h('figure', { class: `phone phone-${c.kind}`, dataset: { testid: `preview-${locale}-${c.kind}`, ui: c.choiceUi } },
    h('figcaption', {}, tn('preview.channel', { app, families: plural('reach.families', c.families) }), ' · ', t(`preview.ui.${c.choiceUi}`)),
    h('div', { class: 'phone-screen', dir: locale === 'ar' ? 'rtl' : 'ltr', lang: locale },
      parts,
      c.pollQuestion ? poll(c) : null,
      !c.parts.length && !c.pollQuestion ? inside(c) : null,
      outside(c)),
    c.templateOutsideWindow ? h('small', { class: 'hint' }, t('preview.templateOutsideWindow')) : null);
}

function bubble(text, attached) {
  return h('div', { class: 'bubble' }, h('p', {}, text), attached);
}

/** Choices that belong to the message: buttons under it, or the button that opens a list. */
function inside(c) {
  if (!c.choices.length) return null;
  if (c.choiceUi === 'buttons') return h('ul', { class: 'bubble-buttons' }, c.choices.map((x) => h('li', {}, x.label)));
  if (c.choiceUi === 'list') return h('div', { class: 'bubble-list-button' }, `☰ ${t('preview.ui.list')}`);
  return null;
}

/** Choices shown apart from the message: quick replies above the keyboard, an opened list's rows. */
function outside(c) {
  if (!c.choices.length) return null;
  if (c.choiceUi === 'quick_replies') return h('ul', { class: 'quick-replies' }, c.choices.map((x) => h('li', {}, x.label)));
  if (c.choiceUi === 'list') return h('ul', { class: 'list-sheet' }, c.choices.map((x) => h('li', {}, x.label)));
  return null;
}

/** A WhatsApp poll: its question, one round box per choice. */
function poll(c) {
  return h('div', { class: 'bubble poll' },
    h('p', { class: 'poll-question' }, c.pollQuestion),
    h('ul', { class: 'poll-options' }, c.choices.map((x) => h('li', {}, x.label))));
}
