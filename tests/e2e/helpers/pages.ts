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
