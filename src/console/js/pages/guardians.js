/**
 * The guardians, a class at a time (or all), with the chat channels on their row and their
 * join links on demand: each link with a copy button and a QR code drawn by the server as SVG.
 */
import { api, download, imageUrl, listAll } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { nameList, num, t } from '../i18n.js';
import { button, copyBox, errorBox, field, loading, select } from '../ui.js';

const PAGE = 100;

export async function renderGuardians(section) {
  replace(section, h('h2', {}, t('guardians.title')), loading());
  let classes;
  let children;
  try {
    [classes, children] = await Promise.all([listAll('/v1/classes'), listAll('/v1/children')]);
  } catch (err) {
    return replace(section, h('h2', {}, t('guardians.title')), errorBox(err));
  }
  const list = h('ul', { class: 'list people' });
  const more = h('div');
  const pick = select([['', t('guardians.allClasses')], ...classes.map((c) => [c.id, c.name])], '', { dataset: { testid: 'class-filter' } });
  const load = async (offset) => {
    if (offset === 0) list.replaceChildren();
    replace(more, loading());
    try {
      const page = await api('GET', '/v1/guardians', { query: { classId: pick.value || undefined, offset, limit: PAGE } });
      for (const g of page.items) list.append(row(g, children));
      const next = offset + page.items.length;
      replace(more, h('p', { class: 'muted' }, t('guardians.shown', { n: num(next), total: num(page.total) })), next < page.total ? button(t('common.more'), () => load(next)) : null);
    } catch (err) {
      replace(more, errorBox(err));
    }
  };
  // The class's join slips to print (a PDF, one slip per child and guardian): a class must be chosen.
  const slips = button(t('guardians.slips'), () => download(`/v1/classes/${encodeURIComponent(pick.value)}/join-slips.pdf`, undefined, `join-slips-${pick.value}.pdf`).catch((err) => replace(more, errorBox(err))), { class: 'small', disabled: true, title: t('guardians.slipsPick'), dataset: { testid: 'join-slips' } });
  pick.addEventListener('change', () => { slips.disabled = !pick.value; slips.title = pick.value ? '' : t('guardians.slipsPick'); load(0); });
  replace(section, h('h2', {}, t('guardians.title')), field(t('guardians.class'), pick), h('p', {}, slips), list, more);
  load(0);
}

function row(g, children) {
  const mine = children.filter((c) => c.guardianIds.includes(g.id));
  const links = h('div', { class: 'links' });
  const channels = Object.keys(g.channels ?? {});
  return h('li', { dataset: { testid: 'guardian', id: g.id } },
    h('div', { class: 'who' },
      h('strong', {}, bdi(g.name)),
      h('span', { class: 'muted' }, t(`locale.${g.locale}`), mine.length ? [' · ', nameList(mine.map((c) => c.name))] : null)),
    h('div', { class: 'badges' },
      channels.length ? channels.map((p) => h('span', { class: `badge${g.linked?.[p] ? ' linked' : ''}`, title: g.linked?.[p] ? t('guardians.linked') : null }, t(`platform.${p}`)))
        : h('span', { class: 'badge none' }, t('guardians.noChannel')),
      g.optedOutAt ? h('span', { class: 'badge warn' }, t('guardians.optedOut')) : null),
    button(t('guardians.links'), () => showLinks(links, g), { class: 'small', dataset: { testid: 'show-links' } }),
    links);
}

async function showLinks(box, g) {
  replace(box, loading());
  try {
    const { links } = await api('GET', `/v1/guardians/${encodeURIComponent(g.id)}/links`);
    if (!links.length) return replace(box, h('p', { class: 'muted' }, t('guardians.noLinks')));
    replace(box, links.map((l) => link(g, l)));
  } catch (err) {
    replace(box, errorBox(err));
  }
}

function link(g, l) {
  const img = h('img', { class: 'qr', alt: t('guardians.qr', { platform: t(`platform.${l.platform}`) }), width: 160, height: 160, dataset: { testid: 'qr' } });
  imageUrl(`/v1/guardians/${encodeURIComponent(g.id)}/links/qr.svg`, { platform: l.platform, account: l.accountId }).then((src) => { img.src = src; }, () => img.remove());
  return h('div', { class: 'join' },
    h('strong', {}, t(`platform.${l.platform}`), l.linked ? h('span', { class: 'badge linked' }, t('guardians.linked')) : null),
    copyBox(l.url, 'join-link'),
    img);
}
