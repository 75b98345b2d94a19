/**
 * Keyboard and screen-reader users (issue 13, Accessibility): a "Skip to content" link is the
 * first thing Tab reaches, and after a navigation the focus lands on the new page's heading, so
 * a screen reader announces where the person is instead of staying on the link they used.
 */
import { h } from './dom.js';
import { t } from './i18n.js';

/** How long a page may take to draw its <h1> (it may load data first), in ms. */
const HEADING_WAIT_MS = 5000;

/**
 * The skip link. It points at <main id="main"> (so tools such as axe know it for a skip link) but
 * focuses the heading itself: following "#main" would change the fragment, which is the router's,
 * and open the home page.
 */
export function skipLink(main) {
  return h('a', {
    class: 'skip-link',
    href: '#main',
    dataset: { testid: 'skip-link' },
    onclick: (e) => {
      e.preventDefault();
      focusHeading(main);
    },
  }, t('app.skip'));
}

/** Focuses the page's first <h1> (focusable by script only: tabindex -1) once it is drawn. */
export function focusHeading(main) {
  const focus = () => {
    if (!main.isConnected) return true; // another page replaced this one: nothing to focus
    const heading = main.querySelector('h1');
    if (!heading) return false;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    return true;
  };
  if (focus()) return;
  const watch = new MutationObserver(() => {
    if (focus()) stop();
  });
  const timer = setTimeout(() => stop(), HEADING_WAIT_MS);
  const stop = () => {
    watch.disconnect();
    clearTimeout(timer);
  };
  watch.observe(main, { childList: true, subtree: true });
}
