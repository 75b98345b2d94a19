/**
 * What an admin hands a person: a one-time sign-in link (24 h, once), and the join links that
 * tie the person's own chat app to the school's bot, where their sign-in codes then arrive
 * (each with a QR code to scan from the phone).
 */
import { api, imageUrl } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, t, tn } from '../i18n.js';
import { copyBox, errorBox, loading } from '../ui.js';

/** Has the school's bot send a new one-time link to `p`'s own chat ({sentTo, expiresAt}). */
export function sendSignInLink(p) {
  return api('POST', `/v1/people/${p.id}/sign-in-link/send`);
}

/** Makes a new one-time link for `p` ({url, expiresAt}); each one works once, for a day. */
export function makeSignInLink(p) {
  return api('POST', `/v1/people/${p.id}/sign-in-link`);
}

export function signInLinkView(p, link, school) {
  return h('div', { class: 'handover', dataset: { testid: 'sign-in-link' } },
    h('h3', {}, tn('people.linkFor', { name: p.name })),
    copyBox(link.url, 'sign-in-link-url'),
    h('p', { class: 'warn-box' }, tn('people.linkWarning', { name: p.name, time: bdi(dateTime(link.expiresAt, school.timeZone)) })));
}

export async function showJoinLinks(panel, p) {
  replace(panel, loading());
  try {
    const { links } = await api('GET', `/v1/people/${p.id}/links`);
    if (!links.length) return replace(panel, h('p', { class: 'muted', dataset: { testid: 'no-join-links' } }, t('people.noJoinLinks')));
    replace(panel, h('div', { class: 'handover', dataset: { testid: 'join-links' } },
      h('h3', {}, tn('people.joinFor', { name: p.name })),
      h('p', { class: 'muted' }, t('people.joinHint')),
      links.map((l) => joinLink(p, l))));
  } catch (err) {
    replace(panel, errorBox(err));
  }
}

function joinLink(p, l) {
  const label = t(`platform.${l.platform}`);
  const img = h('img', { class: 'qr', alt: t('guardians.qr', { platform: label }), width: 160, height: 160, dataset: { testid: 'qr' } });
  imageUrl(`/v1/people/${p.id}/links/qr.svg`, { platform: l.platform, account: l.accountId }).then((src) => { img.src = src; }, () => img.remove());
  return h('div', { class: 'join' },
    h('strong', {}, label, l.linked ? h('span', { class: 'badge linked' }, t('guardians.linked')) : null),
    copyBox(l.url, 'join-link'),
    img);
}
