/**
 * The staff console and the simulator page in a real browser (Debian's Chromium through
 * playwright-core) against the real app: sign in with the key from the URL fragment, send an
 * invitation to a class from the form, watch it settle live, answer as a parent on the
 * simulator's phone, see the RSVP count move on the event page, read the follow-up list, open
 * survey results, import a roster, switch Arabic ⇄ English, sign out. Screenshots in both
 * languages at 360 px and desktop width go to test-artifacts/console/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, KEY_S1, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { collectErrors, launchBrowser, screenshot, serve, type Browser } from './helpers/browser.js';
import { consoleRoster, seedSurveyAnswers } from './helpers/console-fixtures.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

let t: TestApp;
let browser: Browser;
let base: string;
let staff: Page;
let errors: string[];
let eventId: string;

beforeAll(async () => {
  t = await startTestApp();
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'مدرسة الأمل', defaultLocale: 'ar' });
  await importRoster(t, consoleRoster(t.prefix));
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  staff = await browser.context.newPage();
  errors = collectErrors(staff);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Arabic or English, whichever the page is not in, by the header's switch. */
async function switchTo(page: Page, lang: 'ar' | 'en') {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
}

/** Nothing sticks out sideways at this width (a phone would have to scroll horizontally). */
async function fitsWidth(page: Page) {
  // Strings, not functions: the page's DOM types are not in this Node project's lib.
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Screenshots of the current page in both languages, at phone and desktop width. */
async function shoot(page: Page, name: string) {
  for (const lang of ['ar', 'en'] as const) {
    await switchTo(page, lang);
    for (const [size, viewport] of [['360', PHONE], ['desktop', DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      if (size === '360') await fitsWidth(page);
      await screenshot(page, `${name}-${lang}-${size}`);
    }
  }
}

describe('staff console', () => {
  it('takes the key from the fragment, keeps it out of the address bar, and opens in the school language (Arabic, right to left)', async () => {
    await staff.goto(`${base}/console#key=${KEY_S1}`);
    await staff.getByTestId('new-event').waitFor();
    expect(staff.url()).not.toContain(KEY_S1);
    expect(await staff.evaluate<string | null>("sessionStorage.getItem('school-bridge.key')")).toBe(KEY_S1);
    expect(await staff.getAttribute('html', 'dir')).toBe('rtl');
    expect(await staff.getAttribute('html', 'lang')).toBe('ar');
    await switchTo(staff, 'en');
    expect(await staff.getAttribute('html', 'dir')).toBe('ltr');
  });

  it('sends an invitation to a class once, even on a double click, with the time in the school zone', async () => {
    await staff.getByTestId('new-event').click();
    await staff.getByTestId('class-C1').click();
    await staff.getByTestId('date').fill('2027-12-14');
    await staff.getByTestId('time').fill('17:30');
    await expect.poll(() => staff.getByTestId('when').textContent()).toContain('UTC+01:00');
    await staff.getByTestId('send').dblclick();
    await staff.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    eventId = /#\/events\/(ev[a-z0-9]+)$/.exec(staff.url())?.[1] ?? '';

    const list = (await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() })).json() as { items: Array<{ id: string; startsAt: string; recipients: number }> };
    expect(list.items.map((e) => e.id)).toEqual([eventId]);
    expect(list.items[0]?.startsAt).toBe('2027-12-14T16:30:00.000Z');
    expect(list.items[0]?.recipients).toBe(4);
  });

  it('shows the progress live until every invitation has an outcome, and who to follow up per class', async () => {
    await staff.getByTestId('settled').waitFor();
    expect(await staff.getByTestId('count-delivered').textContent()).toBe('2');
    expect(await staff.getByTestId('count-failed').textContent()).toBe('1');
    expect(await staff.getByTestId('count-skipped').textContent()).toBe('1');
    expect(await staff.getByTestId('count-rsvp-pending').textContent()).toBe('2');
    await expect.poll(() => staff.getByTestId('follow-person').count()).toBe(4);
    const followUp = await staff.getByTestId('follow-up').textContent();
    expect(followUp).toContain('5A');
    expect(followUp).toContain('Karim Tazi');
    expect(followUp).toContain('No chat app on file');
    expect(followUp).toContain('Blocked the school or is not on the app');
    expect(await staff.getByTestId('live').textContent()).toContain('Live');
  });

  it('answers as a parent on the simulator, and the event page counts the RSVP live', async () => {
    const phone = await browser.context.newPage();
    const phoneErrors = collectErrors(phone);
    await phone.goto(`${base}/simulator#key=${KEY_S1}`);
    await switchTo(phone, 'en');
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-b"]`).click();
    await phone.getByTestId('msg-out').first().waitFor();
    await phone.getByRole('button', { name: 'Yes' }).first().click();
    await phone.getByTestId('msg-in').first().waitFor();
    expect(await phone.getByTestId('msg-in').first().textContent()).toContain('Yes');

    await expect.poll(() => staff.getByTestId('count-rsvp-yes').textContent(), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => staff.getByTestId('follow-person').count()).toBe(3);
    await shoot(phone, 'simulator');
    // An Arabic guardian's phone: the message reads right to left by itself.
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-a"]`).click();
    await phone.getByTestId('msg-out').first().waitFor();
    expect(await phone.getByTestId('msg-out').first().locator('p').evaluate((p) => (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(p).direction)).toBe('rtl');
    await shoot(phone, 'simulator-arabic-parent');
    expect(phoneErrors).toEqual([]);
    await phone.close();
    await shoot(staff, 'event');
  });

  it("shows a parent's note in the inbox, and the staff's reply reaches the parent's phone", async () => {
    const phone = await browser.context.newPage();
    await phone.goto(`${base}/simulator#key=${KEY_S1}`);
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-b"]`).click();
    await phone.getByTestId('sim-text').fill('Adam has a fever today and will stay at home.');
    await phone.getByTestId('sim-send').click();

    await staff.goto(`${base}/console#/inbox`);
    await switchTo(staff, 'en');
    const note = staff.getByTestId('note').filter({ hasText: 'fever' });
    await expect.poll(async () => {
      if (await note.count()) return true;
      await staff.reload(); // the inbox is read on opening; a note that arrives later needs a reload
      return false;
    }, { timeout: 15_000 }).toBe(true);
    expect(await note.textContent()).toContain('Amina Berrada');
    await note.locator('textarea').fill('Get well soon, Adam!');
    await note.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => note.textContent()).toContain('Sent to the parent');
    await expect.poll(() => phone.getByTestId('thread').textContent(), { timeout: 15_000 }).toContain('Get well soon, Adam!');
    await shoot(staff, 'inbox');
    await phone.close();
  });

  it('draws survey results: a stacked bar per question, subscale statistics and the Spearman heat map', async () => {
    await seedSurveyAnswers(t, eventId);
    await staff.goto(`${base}/console#/surveys`);
    await switchTo(staff, 'en');
    await staff.getByTestId('pick-survey').selectOption('involvement');
    await expect.poll(() => staff.getByTestId('item-bar').count()).toBe(8);
    expect(await staff.getByTestId('survey-n').textContent()).toContain('12');
    await expect.poll(() => staff.locator('[data-testid="subscales"] tbody tr').count()).toBe(6);
    expect(await staff.getByTestId('heat-cell').count()).toBe(36);
    expect(await staff.getByTestId('heat-cell').nth(1).locator('title').textContent()).toMatch(/ρ = -?\d\.\d\d, p = /);
    await shoot(staff, 'surveys');
  });

  it('imports a roster CSV with a progress bar, lists the bad rows, and imports the good ones on request', async () => {
    await staff.goto(`${base}/console#/roster`);
    await switchTo(staff, 'en');
    const csv = [
      'child_id;child_name;class_id;guardian_name;guardian_phone;guardian_locale',
      'cN1;Rayan;C2;Salma Bennani;0612345601;en',
      'bad id!;Nour;C2;Omar;0612345602;ar',
    ].join('\n');
    await staff.getByTestId('csv-file').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await staff.getByTestId('upload').click();
    await staff.getByTestId('import-errors').waitFor();
    expect(await staff.locator('[data-testid="import-errors"] tbody tr').count()).toBe(1);
    expect(await staff.getByTestId('import-errors').textContent()).toContain('3');
    expect(await staff.getByTestId('upload-progress').getAttribute('aria-valuenow')).toBe('100');
    await staff.getByTestId('import-partial').click();
    await expect.poll(() => staff.getByTestId('import-result').textContent()).toContain('Imported');
    await expect.poll(() => staff.getByTestId('guardians').textContent()).toContain('Salma Bennani');
    await shoot(staff, 'roster');
  });

  it('sends a survey as an event of its own, to a grade', async () => {
    await staff.goto(`${base}/console#/events/new`);
    await staff.getByTestId('kind').selectOption('survey');
    await staff.locator('input[name="audience"][value="grades"]').check();
    await staff.getByTestId('grade-6').click();
    await staff.getByTestId('survey').selectOption('involvement');
    await staff.getByTestId('send').click();
    await staff.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    const id = /#\/events\/(ev[a-z0-9]+)$/.exec(staff.url())?.[1] ?? '';
    const event = await t.runtime.ctx.stores.events.get(id);
    expect(event).toMatchObject({ kind: 'survey', rsvp: false, audience: { grades: [6] }, survey: { id: 'involvement' } });
  });

  it('signs out: the key is gone from the tab', async () => {
    await staff.getByTestId('sign-out').click();
    await staff.getByTestId('key').waitFor();
    expect(await staff.evaluate<string | null>("sessionStorage.getItem('school-bridge.key')")).toBeNull();
    expect(errors).toEqual([]);
  });
});

