/**
 * The absences page: staff tick the absent children of a class for the day; the family is asked
 * on the simulator, answers with a reason, and the page shows it; a child already marked is not
 * asked twice. Fits a phone in Arabic and English.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { fitsWidth, PHONE, switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = '/tmp/walk';
let t: TestApp;
let browser: Browser;
let page: Page;
let base: string;
let errors: string[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: 'École Al Amal' } });
  await importRoster(t, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }],
    guardians: [{ id: 'g1', name: 'فاطمة', locale: 'ar', channels: { simulator: 'sim-abs-g1' } }, { id: 'g2', name: 'Omar', locale: 'fr', channels: { simulator: 'sim-abs-g2' } }],
    children: [{ id: 'c1', name: 'سارة', classId: 'C1', guardianIds: ['g1'] }, { id: 'c2', name: 'Adam', classId: 'C1', guardianIds: ['g2'] }],
  });
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-abs', role: 'staff', locale: 'en' });
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

describe('the absences page', () => {
  it('marks ticked children absent, shows the reason the family gave, and asks nobody twice', async () => {
    await switchTo(page, 'en');
    await page.goto(`${base}/console#/absences`);
    await page.getByTestId('abs-class').selectOption('C1');
    await page.getByLabel('سارة').check();
    await page.getByTestId('abs-send').click();
    await expect.poll(() => page.getByTestId('abs-marked').textContent()).toBe('1 child marked absent; the family is asked why.');
    await expect.poll(() => page.getByTestId('abs-reason').first().textContent()).toBe('No answer yet');

    // The family answers on its phone with a reason.
    const notice = await waitFor(async () => {
      const chat = (await t.app.inject({ method: 'GET', url: '/v1/simulator/chats/sim-abs-g1', headers: auth() })).json().messages as Array<{ direction: string; choices?: Array<{ id: string }> }>;
      return chat.find((m) => m.direction === 'out' && m.choices?.some((c) => c.id.startsWith('a.sick.')));
    }, 10_000, 'the notice');
    const sick = notice.choices!.find((c) => c.id.startsWith('a.sick.'))!.id;
    await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: 'sim-abs-g1', choice: sick } });
    await expect.poll(async () => {
      await page.reload();
      return page.getByTestId('abs-reason').first().textContent();
    }, { timeout: 10_000 }).toBe('Illness');

    // Ticked again the same day: not asked again.
    await page.getByTestId('abs-class').selectOption('C1');
    await page.getByLabel('سارة').check();
    // A change of language draws the page again, keeping the class and the ticks.
    await switchTo(page, 'ar');
    await expect.poll(() => page.getByTestId('abs-class').inputValue()).toBe('C1');
    expect(await page.getByLabel('سارة').isChecked()).toBe(true);
    await switchTo(page, 'en');
    await page.getByTestId('abs-send').click();
    await expect.poll(() => page.getByTestId('abs-marked').textContent()).toContain('1 was already marked that day (not asked again).');

    for (const lang of ['ar', 'en'] as const) {
      await switchTo(page, lang);
      await page.getByTestId('abs-list').waitFor();
      await page.setViewportSize(PHONE);
      await fitsWidth(page);
      await page.screenshot({ path: `${SHOTS}/absences-${lang}-360.png`, fullPage: true });
      await page.setViewportSize({ width: 1366, height: 900 });
    }
    expect(errors).toEqual([]);
  });
});
