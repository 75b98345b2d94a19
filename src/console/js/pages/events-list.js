/** #/events: the school's events, newest first, and the way to a new one. */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, plural, t } from '../i18n.js';
import { eventTitle } from '../labels.js';
import { button, errorBox, loading } from '../ui.js';

export function renderEvents(main, _param, { school }) {
  const list = h('ul', { class: 'list events', dataset: { testid: 'events' } });
  const more = h('div');
  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, t('events.title')),
      h('a', { class: 'button primary', href: '#/events/new', dataset: { testid: 'new-event' } }, t('events.new'))),
    list, more);

  const load = async (before) => {
    replace(more, loading());
    try {
      const page = await api('GET', '/v1/events', { query: { limit: 30, before } });
      if (!page.items.length && before === undefined) list.append(h('li', { class: 'muted' }, t('events.none')));
      for (const e of page.items) list.append(row(e, school));
      replace(more, page.next ? button(t('common.more'), () => load(page.next)) : null);
    } catch (err) {
      replace(more, errorBox(err), button(t('common.retry'), () => load(before)));
    }
  };
  load();
}

function row(e, school) {
  return h('li', {},
    h('a', { href: `#/events/${e.id}`, class: 'row-link', dataset: { testid: 'event-row' } },
      h('strong', { dir: 'auto' }, eventTitle(e)),
      h('span', { class: 'muted' },
        e.startsAt ? bdi(dateTime(e.startsAt, school.timeZone)) : t(`kind.${e.kind}`),
        ' · ',
        plural('events.recipients', e.recipients))));
}
