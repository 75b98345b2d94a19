/**
 * Above the event form's Send button: who this send reaches, by which app, and what WhatsApp's
 * tier of new people a day or a missing template leaves for another channel or for tomorrow
 * (POST /v1/events/reach). Asked again, after a pause, whenever the audience or the kind changes;
 * an answer that does not come is not an error worth showing: the line stays empty.
 */
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { listOf, num, plural, t, tn } from '../i18n.js';

const PAUSE_MS = 400;

/** The last answer, by what was asked. */
let last;

/**
 * `request()` → {audience, kind}, or undefined when nobody is picked yet. `onAnswer(reach)` hears
 * each answer shown, and undefined when the line is emptied (the appointment times' count uses it).
 */
export function reachLine(request, onAnswer = () => {}) {
  const line = h('div', { class: 'reach', 'aria-live': 'polite', dataset: { testid: 'reach' } });
  let timer;
  let asked;
  let controller;
  const refresh = () => {
    const body = request();
    const key = body && JSON.stringify(body);
    if (key === asked) return;
    asked = key;
    clearTimeout(timer);
    controller?.abort();
    if (!body) return clear(line, onAnswer);
    // Shown at once (a redraw in another language), and asked again: the tier may have moved.
    if (last?.key === key) draw(line, last.reach, onAnswer);
    timer = setTimeout(async () => {
      controller = new AbortController();
      try {
        const reach = await api('POST', '/v1/events/reach', { body, signal: controller.signal });
        last = { key, reach };
        if (asked === key) draw(line, reach, onAnswer);
      } catch {
        if (asked === key) clear(line, onAnswer);
      }
    }, PAUSE_MS);
  };
  line.refresh = refresh;
  return line;
}

function clear(line, onAnswer) {
  replace(line);
  onAnswer(undefined);
}

function draw(line, reach, onAnswer) {
  replace(line, summary(reach), reach.tiers.map(tierSentence), noTemplate(reach));
  onAnswer(reach);
}

/** "120 families: 100 on WhatsApp and 20 on Telegram." and those no app reaches. */
function summary(r) {
  if (!r.families) return h('p', {}, t('reach.nobody'));
  const channels = Object.entries(r.channels).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
    .map(([platform, n]) => t('reach.on', { n: num(n), platform: t(`platform.${platform}`) }));
  return h('p', { dataset: { testid: 'reach-summary' } },
    channels.length ? tn('reach.summary', { families: plural('reach.families', r.families), channels: h('span', {}, listOf(channels)) }) : null,
    r.unreachable ? [channels.length ? ' ' : null, plural('reach.unreachable', r.unreachable)] : null);
}

/** "WhatsApp can start 38 new conversations today: 50 families will get it by their other channel and 12 tomorrow." */
function tierSentence(tier) {
  if (!tier.elsewhere && !tier.waiting) return null;
  const platform = t(`platform.${tier.platform}`);
  const today = tier.today ? plural('reach.tier', tier.today, { platform }) : t('reach.tierNone', { platform });
  const over = [
    tier.elsewhere ? plural('reach.elsewhere', tier.elsewhere) : null,
    tier.waiting ? plural('reach.waiting', tier.waiting) : null,
  ].filter(Boolean);
  return h('p', { class: 'warn', dataset: { testid: 'reach-tier' } }, tn('reach.tierLine', { tier: today, over: h('span', {}, listOf(over)) }));
}

/** "12 families read a language with no WhatsApp template: …" */
function noTemplate(r) {
  return Object.entries(r.noTemplate ?? {}).filter(([, n]) => n > 0)
    .map(([platform, n]) => h('p', { class: 'warn', dataset: { testid: 'reach-no-template' } }, plural('reach.noTemplate', n, { platform: t(`platform.${platform}`) })));
}
