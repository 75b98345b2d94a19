/** What the browser tests do on every page: switch the language, check the width, take screenshots. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.js';

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/** Arabic or English, whichever the page is not in, by the header's switch. */
export async function switchTo(page: Page, lang: 'ar' | 'en') {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
}

/** Nothing sticks out sideways at this width (a phone would have to scroll horizontally). */
export async function fitsWidth(page: Page) {
  // Strings, not functions: the page's DOM types are not in this Node project's lib.
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Screenshots of the current page in both languages, at phone and desktop width. */
export async function shoot(page: Page, name: string) {
  for (const lang of ['ar', 'en'] as const) {
    await switchTo(page, lang);
    for (const [size, viewport] of [['360', PHONE], ['desktop', DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      if (size === '360') await fitsWidth(page);
      await screenshot(page, `${name}-${lang}-${size}`);
    }
  }
}

/** Any of the console's three languages, by the header's switch (each button carries its `lang`). */
export async function useLang(page: Page, lang: 'ar' | 'en' | 'fr') {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.locator(`header button.lang[lang="${lang}"]`).click();
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
}

/**
 * What a phone would cut off without the page itself scrolling sideways (issue 13, D7–D9): a
 * navigation link outside the screen or covered, a control, table or chart sticking out of its
 * card, a table or chart hidden past the edge of its scroll box. Returns one line per offender.
 */
export async function cutOff(page: Page): Promise<string[]> {
  // A string, not a function: the page's DOM types are not in this Node project's lib.
  return page.evaluate<string[]>(`(() => {
    const out = [];
    scrollTo(0, 0);
    const name = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"';
    const shown = (el) => el.getClientRects().length > 0;
    // On a phone the pages are folded behind the Menu button: opened to be checked, then folded again.
    const toggle = document.querySelector('header .menu-toggle');
    const folded = toggle && shown(toggle) && toggle.getAttribute('aria-expanded') === 'false';
    if (folded) toggle.click();
    for (const a of document.querySelectorAll('header nav a')) {
      const r = a.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!shown(a)) out.push('nav link hidden: ' + name(a));
      else if (r.left < -1 || r.right > innerWidth + 1) out.push('nav link off screen: ' + name(a));
      else if (!a.contains(top)) out.push('nav link covered: ' + name(a));
    }
    if (folded) toggle.click();
    for (const el of document.querySelectorAll('main input, main select, main textarea, main button, main table, main svg, main img')) {
      if (!shown(el)) continue;
      const box = el.closest('.card, main');
      const r = el.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) out.push('sticks out of its ' + (box.classList.contains('card') ? 'card' : 'page') + ': ' + name(el));
    }
    for (const wrap of document.querySelectorAll('main .table-wrap, main .chart-wrap')) {
      if (shown(wrap) && wrap.scrollWidth > wrap.clientWidth + 1) out.push('cut at the edge of its box: ' + name(wrap.firstElementChild ?? wrap));
    }
    return out;
  })()`);
}

/**
 * For each child shown with their class (`bdi.child-class`, i18n.js childWithClass) on the page:
 * whether the name comes first in the page's reading order, "هبة (5A)" — left of the class in English
 * and French, right of it in Arabic — rather than reordered by the bidi algorithm into "(5A) هبة".
 */
export async function namesBeforeClasses(page: Page): Promise<boolean[]> {
  return page.locator('bdi.child-class').evaluateAll((units) => units.map((u) => {
    const rtl = u.ownerDocument.documentElement.dir === 'rtl';
    const [name, cls] = [...u.querySelectorAll(':scope > bdi')].map((b) => b.getBoundingClientRect());
    return Boolean(name && cls) && (rtl ? name!.right > cls!.right : name!.left < cls!.left);
  }));
}
