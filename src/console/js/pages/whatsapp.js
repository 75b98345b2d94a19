/**
 * #/whatsapp (admins): the school's WhatsApp numbers — a Business number (Cloud API) with how much
 * of its tier of new people the last 24 hours used; a phone (WhatsApp Web) with today's cap (its
 * warm-up day), pacing and sends today — each with any problem the server reports for it, and
 * the approved templates that carry each kind of message outside WhatsApp's 24-hour window
 * (template-editor.js).
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { dateTime, num, plural, t, tn } from '../i18n.js';
import { errorBox, loading, progressBar } from '../ui.js';
import { zonedDate } from '../zoned.js';
import { templateEditor } from './template-editor.js';

export function renderWhatsApp(main, _param, { school }) {
  const controller = new AbortController();
  replace(main, h('h1', {}, t('wa.title')), loading());
  load(main, school, controller.signal);
  return () => controller.abort();
}

async function load(main, school, signal) {
  const heading = h('h1', {}, t('wa.title'));
  try {
    const data = await api('GET', '/v1/school/whatsapp-templates', { signal });
    if (signal.aborted) return;
    replace(main, heading, numbersSection(data.numbers, school), templateEditor(data));
  } catch (err) {
    if (err.name !== 'AbortError') replace(main, heading, errorBox(err));
  }
}

function numbersSection(numbers, school) {
  const hints = [numbers.some((n) => n.tier) ? t('wa.tierHint') : null, numbers.some((n) => n.pacing) ? t('wa.phoneHint') : null].filter(Boolean);
  const body = numbers.length
    ? [...hints.map((hint) => h('p', { class: 'muted' }, hint)), h('ul', { class: 'list numbers', dataset: { testid: 'numbers' } }, numbers.map((n) => numberRow(n, school)))]
    : h('p', { class: 'muted', dataset: { testid: 'no-numbers' } }, t('wa.noNumbers'));
  return h('section', { class: 'wa-numbers' }, h('h2', {}, t('wa.numbers')), body);
}

/** The server says each number's health with it (a refused token, a phone offline or paused). */
function numberRow(n, school) {
  const phone = Boolean(n.pacing);
  const bar = progressBar(t(phone ? 'wa.capBar' : 'wa.tierBar'), `tier-bar-${n.accountId}`);
  bar.set(phone ? (n.pacing.dailyCap ? n.sentToday / n.pacing.dailyCap : 0) : n.tier ? n.used / n.tier : 0);
  const use = phone ? phoneText(n) : n.tier ? [tierText(n, school.timeZone), n.tierShared ? [' ', t('wa.tierShared')] : null] : t('wa.noTier');
  return h('li', { class: 'number', dataset: { testid: 'number', account: n.accountId } },
    h('div', { class: 'who' }, h('strong', {}, tn('wa.number', { id: n.accountId })), h('span', { class: 'muted' }, t(phone ? 'wa.webPhone' : 'wa.cloudApi'))),
    h('p', { dataset: { testid: phone ? 'cap-use' : 'tier-use' } }, use),
    phone || n.tier ? bar : null,
    n.ready === false ? stopped(n, t('wa.stopped')) : null);
}

/** "35 of 60 messages sent today (warm-up day 6 of 14); one message every 4–7 s." */
function phoneText(n) {
  const { dailyCap, minIntervalMs, jitterMs, warmUp } = n.pacing;
  const sent = plural('wa.sentToday', dailyCap, { sent: num(n.sentToday) });
  const warm = warmUp ? tn('wa.warmUp', { day: num(warmUp.day), days: num(warmUp.days) }) : '';
  const pace = tn('wa.pace', { min: num(Math.round(minIntervalMs / 1000)), max: num(Math.round((minIntervalMs + jitterMs) / 1000)) });
  return tn('wa.phoneLine', { sent, warm, pace });
}

/** "212 of 250 new families in the last 24 hours; 38 left; the next frees up at 14:05." */
function tierText(n, timeZone) {
  const used = plural('wa.used', n.tier, { used: num(n.used) });
  const left = n.remaining ? plural('wa.left', n.remaining) : t('wa.noneLeft');
  if (!n.nextFreeAt) return tn('wa.tierLine', { used, left });
  return tn('wa.tierLineNext', { used, left, next: nextFree(n.nextFreeAt, timeZone) });
}

/** On the school's clock; within 24 hours, so today's or tomorrow's. */
function nextFree(iso, timeZone) {
  const time = dateTime(iso, timeZone, { timeStyle: 'short' });
  const today = zonedDate(Date.now(), timeZone) === zonedDate(Date.parse(iso), timeZone);
  return t(today ? 'wa.nextFree' : 'wa.nextFreeTomorrow', { time });
}

/** An account the platform refused, or whose phone is offline: said plainly, with the server's words as the detail. */
function stopped(problem, title) {
  return h('div', { class: 'error', dataset: { testid: 'number-problem', account: problem.accountId } },
    h('strong', {}, title),
    problem.detail ? h('p', { class: 'detail', dir: 'auto' }, problem.detail) : null,
    h('p', { class: 'detail' }, t('wa.stoppedWait')));
}
