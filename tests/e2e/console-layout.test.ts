/**
 * Every console page fits a phone (360 px) and a desktop (1366 px) in Arabic, English and French
 * (issue 13): the page never scrolls sideways (scrollWidth ≤ innerWidth), every navigation link
 * is on screen and not covered (D7: the menu was cut to "رس"), no control sticks out of its card
 * (D8: the time field did), and no table or chart is cut at the edge of its box (D9: the results
 * table ended at "Mea"). The pages are the admin's navigation, read from the header itself, plus
 * the new-event form, an RSVP event, a survey event, the survey results with the advanced
 * section open, and the account page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster, postMeeting, waitSettled } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { consoleRoster, seedSurveyAnswers } from './helpers/console-fixtures.js';
import { cutOff, fitsWidth, useLang } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const WIDTHS = [{ width: 360, height: 740 }, { width: 1366, height: 900 }];

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
let meeting: string;
let survey: string;

beforeAll(async () => {
  t = await startTestApp();
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'مدرسة الأمل الابتدائية للتعليم الخصوصي', defaultLocale: 'ar' });
  await importRoster(t, consoleRoster(t.prefix));
  ({ eventId: meeting } = await postMeeting(t, { classes: ['C1'] }));
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'survey', audience: { grades: [5] }, survey: { id: 'involvement' }, respectQuietHours: false } });
  survey = (res.json() as { eventId: string }).eventId;
  await Promise.all([waitSettled(t, meeting), waitSettled(t, survey), seedSurveyAnswers(t, survey)]);
  const { token } = await personWithLink(t, 's1', { name: 'سميرة الإدريسي العلوي', login: 'samira-layout', role: 'admin', locale: 'ar' });
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${base}/console#signin=${token}`);
  await page.getByTestId('new-event').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The admin's pages: the navigation's, then those reached from a page. */
async function pages(): Promise<string[]> {
  const nav = await page.locator('header nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(nav).toEqual(expect.arrayContaining(['#/events', '#/roster', '#/surveys', '#/inbox', '#/people', '#/keys', '#/settings', '#/audit']));
  return [...nav, '#/events/new', `#/events/${meeting}`, `#/events/${survey}`, '#/account'];
}

/** Opens a page and waits until it has read what it shows (nothing left loading). */
async function open(hash: string): Promise<void> {
  await page.goto(`${base}/console${hash}`);
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('main [aria-busy="true"]').count()).toBe(0);
  if (hash === '#/surveys') {
    await page.getByTestId('pick-survey').selectOption('involvement');
    await page.getByTestId('pick-event').selectOption(survey);
    await page.getByTestId('advanced').locator('summary').click();
    await page.getByTestId('heatmap').waitFor();
  }
  if (hash.startsWith('#/events/ev')) await expect.poll(() => page.getByTestId('progress-headline').textContent()).not.toBe('');
}

describe('every console page fits a phone and a desktop', () => {
  for (const lang of ['ar', 'en', 'fr'] as const) {
    it(`in ${lang}, at 360 and 1366 px`, async () => {
      await useLang(page, lang);
      const problems: string[] = [];
      for (const hash of await pages()) {
        await open(hash);
        for (const viewport of WIDTHS) {
          await page.setViewportSize(viewport);
          await fitsWidth(page).catch(() => problems.push(`${lang} ${viewport.width} ${hash}: the page scrolls sideways`));
          problems.push(...(await cutOff(page)).map((p) => `${lang} ${viewport.width} ${hash}: ${p}`));
          // The header leaves the phone's screen to the page: the pages fold behind the Menu button.
          const header = await page.locator('header.top').evaluate((el) => (el as unknown as { offsetHeight: number }).offsetHeight);
          if (viewport.width === 360 && header > 200) problems.push(`${lang} 360 ${hash}: the header takes ${header} px`);
        }
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    }, 180_000);
  }
});

describe('the menu on a phone', () => {
  it('folds the pages behind a button that names the current one, and folds again after a choice', async () => {
    await useLang(page, 'en');
    await page.setViewportSize({ width: 360, height: 740 });
    await open('#/events');
    const toggle = page.getByTestId('menu-toggle');
    expect(await toggle.textContent()).toContain('Menu · Events');
    expect(await page.getByTestId('nav-roster').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('nav-roster').click();
    await page.locator('main h1').first().waitFor();
    await expect.poll(() => page.getByTestId('menu-toggle').textContent()).toContain('Menu · Roster');
    expect(await page.getByTestId('menu-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-events').isVisible()).toBe(false);
    // On a desktop there is no button: the pages are all in sight.
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await page.getByTestId('menu-toggle').isVisible()).toBe(false);
    expect(await page.getByTestId('nav-events').isVisible()).toBe(true);
  });
});
