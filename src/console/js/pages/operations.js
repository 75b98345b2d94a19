/**
 * #/operations (admins): whether each chat app account works, what waits to go out, and what
 * could not be sent, with why and a "Send again" for each (or all). A district admin can look
 * at every school at once. Read again every 15 s while open, and after each retry.
 */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { dateTime, num, plural, t, tn } from '../i18n.js';
import { eventTitle, reasonText } from '../labels.js';
import { button, confirmDialog, errorBox, loading } from '../ui.js';

const REFRESH_MS = 15_000;

export function renderOperations(main, _param, { school, person }) {
  const controller = new AbortController();
  const state = { all: false, timer: undefined };
  const heading = h('h1', {}, t('ops.title'));
  const status = h('p', { class: 'muted', dataset: { testid: 'ops-status' } });
  const body = h('div', {}, loading());
  // What a retry did: kept above the lists, which are drawn again right after.
  const note = h('p', { role: 'status', dataset: { testid: 'ops-note' } });
  const say = (...what) => replace(note, ...what);
  const refresh = button(t('ops.refresh'), () => load(), { dataset: { testid: 'ops-refresh' } });
  const allBox = person.role === 'district'
    ? h('label', { class: 'check' }, h('input', { type: 'checkbox', dataset: { testid: 'ops-all' }, onchange: (e) => { state.all = e.target.checked; load(); } }), ' ', t('ops.all'))
    : null;
  main.classList.add('ops');
  replace(main, heading, h('p', { class: 'muted' }, t('ops.intro')), h('div', { class: 'toolbar' }, refresh, allBox, status), note, body);

  async function load() {
    clearTimeout(state.timer);
    try {
      const data = await api('GET', '/v1/operations', { signal: controller.signal, query: state.all ? { all: 'true' } : {} });
      if (controller.signal.aborted) return;
      replace(body, state.all ? h('p', { class: 'muted' }, t('ops.allHint')) : null,
        channelsSection(data.channels, school), queuesSection(data), failedSection(data, { school, all: state.all, reload: load, say }));
      replace(status, t('ops.updated', { time: dateTime(data.generatedAt, school.timeZone, { timeStyle: 'medium' }) }));
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(body, errorBox(err));
    }
    state.timer = setTimeout(load, REFRESH_MS);
  }
  load();
  return () => {
    clearTimeout(state.timer);
    controller.abort();
  };
}

/** "Telegram", or "Telegram · bot2" when the school has several accounts on one app. */
function accountName(platform, accountId, several = true) {
  return several ? t('ops.account', { platform: t(`platform.${platform}`), id: accountId }) : t(`platform.${platform}`);
}

function channelsSection(channels, school) {
  const several = (platform) => channels.filter((c) => c.platform === platform).length > 1;
  const items = channels.map((c) => h('li', { class: 'ops-channel', dataset: { testid: 'ops-channel', account: c.accountId, ready: String(c.ready) } },
    h('div', { class: 'who' },
      h('strong', {}, bdi(accountName(c.platform, c.accountId, several(c.platform)))),
      c.shared ? h('span', { class: 'muted' }, t('ops.shared')) : null),
    h('p', { class: c.ready ? 'ok' : 'error' },
      h('strong', {}, t(c.ready ? 'ops.ok' : 'ops.down')),
      !c.ready && c.at ? [' · ', t('ops.since', { time: dateTime(c.at, school.timeZone) })] : null),
    !c.ready && c.detail ? h('p', { class: 'muted detail', dir: 'auto' }, c.detail) : null));
  return h('section', { class: 'card', dataset: { testid: 'ops-channels' } },
    h('h2', {}, t('ops.channels')),
    items.length ? h('ul', { class: 'list' }, items) : h('p', { class: 'muted' }, t('ops.noChannels')));
}

function queueName(q) {
  if (q.kind === 'fanout' || q.kind === 'inbound') return t(`ops.queue.${q.kind}`);
  return t(`ops.queue.${q.kind}`, { account: accountName(q.platform, q.accountId) });
}

function queuesSection(data) {
  const items = data.queues.map((q) => h('li', { dataset: { testid: 'ops-queue', queue: q.queue } },
    h('strong', { dir: 'auto' }, queueName(q)),
    h('p', { class: 'counts' }, ['waiting', 'active', 'delayed', 'failed'].flatMap((k, i) => [
      i ? ' · ' : '',
      h('span', { dataset: { testid: `ops-${k}` } }, num(q.counts[k])), ' ', t(`ops.count.${k}`),
    ]))));
  const waiting = data.waiting ? waitingList(data.waiting) : null;
  return h('section', { class: 'card', dataset: { testid: 'ops-queues' } },
    h('h2', {}, t('ops.queues')),
    waiting,
    items.length ? [h('p', { class: 'muted' }, t('ops.queuesHint')), h('ul', { class: 'list' }, items)] : waiting ? null : h('p', { class: 'muted' }, t('ops.noQueues')),
    data.scope === 'school' && data.sharedQueues ? h('p', { class: 'muted' }, t('ops.sharedQueues')) : null);
}

/** A school's own: each recent event with invitations still to go out, and why they wait. */
function waitingList(events) {
  if (!events.length) return h('p', { dataset: { testid: 'ops-nothing-waiting' } }, t('ops.nothingWaiting'));
  return h('ul', { class: 'list' }, events.map((e) => h('li', { dataset: { testid: 'ops-waiting', event: e.eventId } },
    h('div', { class: 'who' },
      h('a', { href: `#/events/${e.eventId}`, dir: 'auto' }, eventTitle(e)),
      h('span', {}, plural('ops.stillToGo', e.queued))),
    Object.keys(e.reasons).length
      ? h('p', { class: 'muted' }, Object.entries(e.reasons).map(([code, n], i) => [i ? ' · ' : '', reasonText(code), ': ', num(n)]))
      : null)));
}

function failedSection(data, opts) {
  const { all, reload, say } = opts;
  const retryAll = data.failed.length
    ? button(plural('ops.retryAll', data.failed.length), async () => {
      if (!(await confirmDialog({ title: plural('ops.confirmAll', data.failed.length), confirm: t('ops.retry') }))) return;
      try {
        const r = await api('POST', '/v1/operations/failed/retry-all', { query: all ? { all: 'true' } : {} });
        say(t(r.skipped ? 'ops.retriedAll' : 'ops.retriedAllNone', { retried: num(r.retried), skipped: num(r.skipped) }));
        reload();
      } catch (err) {
        say(errorBox(err));
      }
    }, { class: 'primary', dataset: { testid: 'ops-retry-all' } })
    : null;
  return h('section', { class: 'card', dataset: { testid: 'ops-failed' } },
    h('h2', {}, t('ops.failed')),
    data.failed.length
      ? [h('p', { class: 'muted' }, t('ops.failedHint')), retryAll,
        h('ul', { class: 'list' }, data.failed.map((f) => failedItem(f, opts)))]
      : h('p', { dataset: { testid: 'ops-failed-none' } }, t('ops.failedNone')));
}

function kindText(f) {
  if (f.kind === 'batch' || f.kind === 'fanout') return plural(`ops.kind.${f.kind}`, f.families);
  if (f.kind === 'invitation' && f.family) return t('ops.kind.invitationTo', { name: f.family });
  return t(`ops.kind.${f.kind}`);
}

function failedItem(f, { school, all, reload, say }) {
  const retry = button(t('ops.retry'), async (e) => {
    e.target.disabled = true;
    try {
      await api('POST', '/v1/operations/failed/retry', { body: { queue: f.queue, jobId: f.jobId }, query: all ? { all: 'true' } : {} });
      say(t('ops.retried'));
      reload();
    } catch (err) {
      e.target.disabled = false;
      say(errorBox(err));
    }
  }, { dataset: { testid: 'ops-retry' }, 'aria-label': `${t('ops.retry')}: ${kindText(f)}` });
  return h('li', { dataset: { testid: 'ops-failed-job', job: f.jobId, reason: f.reason } },
    h('div', { class: 'who' },
      h('strong', {}, kindText(f)),
      f.eventId ? h('a', { href: `#/events/${f.eventId}`, dir: 'auto' }, tn('ops.event', { title: eventTitle({ title: f.eventTitle, kind: f.eventKind }) })) : null,
      all && f.schoolId ? h('span', { class: 'muted' }, tn('ops.school', { id: f.schoolId })) : null),
    h('p', { class: 'why' }, h('strong', {}, reasonText(f.reason)), ' · ',
      f.failedAt ? plural('ops.failedAt', f.attempts, { time: dateTime(f.failedAt, school.timeZone) }) : null),
    f.detail ? h('details', {}, h('summary', {}, t('ops.details')), h('code', { dir: 'ltr' }, f.detail)) : null,
    h('div', { class: 'actions' }, retry));
}
