/**
 * How many parents' notes wait for an answer: a badge on the Inbox link of the navigation, and
 * the same figure beside the inbox's heading. Both show the API's count (GET /v1/inbox gives it
 * with every page, for the caller: a teacher counts their own classes' notes) and change together
 * when an answer is sent.
 */
import { api } from '../api.js';
import { h } from '../dom.js';
import { num, plural } from '../i18n.js';

/** The navigation's badge (one header at a time), and the headings showing the count now. */
let navBadge;
const headings = new Set();
let last;

/** The navigation's badge: empty and hidden until the count is known, and while it is 0. */
export function unansweredBadge() {
  const el = h('span', { class: 'badge', hidden: true, dataset: { testid: 'nav-inbox-count' } });
  el.render = (n) => {
    el.textContent = num(n);
    el.setAttribute('aria-label', plural('inbox.waiting', n));
    el.hidden = n === 0;
  };
  navBadge = el;
  if (last !== undefined) el.render(last);
  refreshUnanswered();
  return el;
}

/** The words beside the inbox's heading ("3 waiting for an answer"), hidden while none waits. */
export function unansweredHeading() {
  const el = h('span', { class: 'muted', hidden: true, dataset: { testid: 'inbox-unanswered' } });
  el.render = (n) => {
    el.textContent = plural('inbox.waiting', n);
    el.dataset.count = String(n);
    el.hidden = n === 0;
  };
  headings.add(el);
  if (last !== undefined) el.render(last);
  return el;
}

export function setUnanswered(n) {
  if (typeof n !== 'number') return;
  last = n;
  navBadge?.render(n);
  for (const el of headings) {
    if (el.isConnected) el.render(n);
    else headings.delete(el);
  }
}

/** Reads the count again (after an answer was sent, or on a new page of the console). */
export async function refreshUnanswered() {
  try {
    const page = await api('GET', '/v1/inbox', { query: { limit: 1, answered: 'false' } });
    setUnanswered(page.unanswered);
  } catch {
    // No inbox for this school or this role, or the server is away: the badge stays hidden.
  }
}
