/**
 * #/audit (admins): the school's log of staff actions, newest first, a page at a time: when (on
 * the school's clock), who, and what, in words. On a phone each entry is a small card.
 */
import { api, listAll } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, t } from '../i18n.js';
import { button, errorBox, loading } from '../ui.js';
import { actionWords, actorWords } from './audit-words.js';

const PAGE = 50;

export function renderAudit(main, _param, { school }) {
  const controller = new AbortController();
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'audit', dataset: { testid: 'audit' } },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('audit.when')), h('th', { scope: 'col' }, t('audit.who')), h('th', { scope: 'col' }, t('audit.what')))),
    body));
  const more = h('div', {}, loading());
  replace(main, h('h1', {}, t('audit.title')), h('p', { class: 'muted' }, t('audit.intro')), table, more);
  const names = loadNames(controller.signal);
  const load = async (before) => {
    replace(more, loading());
    try {
      const [page, known] = await Promise.all([api('GET', '/v1/audit', { query: { limit: PAGE, before }, signal: controller.signal }), names]);
      if (!page.items.length && before === undefined) body.append(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, t('audit.none'))));
      for (const entry of page.items) body.append(row(entry, { ...known, schools: new Map([[school.id, school.named === false ? undefined : school.name]]) }, school));
      replace(more, page.next ? button(t('common.more'), () => load(page.next), { dataset: { testid: 'audit-more' } }) : null);
    } catch (err) {
      if (err.name !== 'AbortError') replace(more, errorBox(err), button(t('common.retry'), () => load(before)));
    }
  };
  load();
  return () => controller.abort();
}

/** Names the log's ids stand for; a list that cannot be read leaves its ids unnamed. */
async function loadNames(signal) {
  const [people, keys, teachers] = await Promise.all([
    api('GET', '/v1/people', { signal }).then((r) => r.items, () => []),
    api('GET', '/v1/api-keys', { signal }).then((r) => r.items, () => []),
    listAll('/v1/teachers').catch(() => []),
  ]);
  const byId = (list) => new Map(list.map((x) => [x.id, x.name]));
  return { people: byId(people), keys: byId(keys), teachers: byId(teachers) };
}

function row(entry, names, school) {
  return h('tr', { dataset: { testid: 'audit-row', action: entry.action } },
    h('td', { class: 'when', 'data-label': t('audit.when') }, h('time', { datetime: entry.at }, bdi(dateTime(entry.at, school.timeZone)))),
    h('td', { class: 'who', 'data-label': t('audit.who') }, actorWords(entry.actor, names)),
    h('td', { class: 'what', 'data-label': t('audit.what') }, actionWords(entry, names)));
}
