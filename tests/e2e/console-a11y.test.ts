/**
 * axe-core in the browser (issue 13, Accessibility): every console page the admin's navigation
 * reaches, plus the new-event form, a meeting's and a survey's page, a survey's results (advanced
 * section open) and the simulator's chat, in
 * Arabic and English, has no violation of impact "serious" or "critical"; nor has what opens on a
 * click (a form, a confirmation dialog, the preview, closed sections, the settings' problems named). Also: a skip link is
 * the first thing a keyboard reaches, and after a navigation the focus is on the page's heading.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster, postMeeting, waitSettled } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { consoleRoster, seedSurveyAnswers } from './helpers/console-fixtures.js';
import { switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

// Evaluated through the DevTools protocol, not added as a <script>: the console's CSP
// (script-src 'self') refuses inline scripts, as it should.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** What must be zero; "moderate" and "minor" findings are advice, not failures. */
const BLOCKING = ['serious', 'critical'];

interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
let meeting: string;
let survey: string;

beforeAll(async () => {
  t = await startTestApp();
  await importRoster(t, consoleRoster(t.prefix));
  ({ eventId: meeting } = await postMeeting(t, { classes: ['C1'] }));
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'survey', audience: { grades: [5] }, survey: { id: 'involvement' }, respectQuietHours: false } });
  survey = (res.json() as { eventId: string }).eventId;
  await Promise.all([waitSettled(t, meeting), waitSettled(t, survey), seedSurveyAnswers(t, survey)]);
  // Someone else to remove (the remove dialog), beside the admin herself.
  await personWithLink(t, 's1', { name: 'Youssef Amrani', login: 'youssef-a11y', role: 'staff' });
  const { token } = await personWithLink(t, 's1', { name: 'سميرة الإدريسي', login: 'samira-a11y', role: 'admin', locale: 'ar', channels: { simulator: `sim-${t.prefix}-admin` } });
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

/** axe's blocking findings on the page as it is now, one line each. */
async function audit(where: string): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
  return violations
    .filter((v) => BLOCKING.includes(v.impact ?? ''))
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

async function consolePages(): Promise<string[]> {
  const nav = await page.locator('header nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(nav).toEqual(expect.arrayContaining(['#/operations', '#/settings']));
  return [...nav, '#/events/new', `#/events/${meeting}`, `#/events/${survey}`, '#/account'];
}

async function open(hash: string): Promise<void> {
  await page.goto(`${base}/console${hash}`);
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('main [aria-busy="true"]').count()).toBe(0);
  if (hash === '#/surveys') {
    // The results with their charts and the advanced section open, not the empty picker.
    await page.getByTestId('pick-survey').selectOption('involvement');
    await page.getByTestId('pick-event').selectOption(survey);
    await page.getByTestId('advanced').locator('summary').click();
    await page.getByTestId('heatmap').waitFor();
  }
}

describe('the console and the simulator have no serious or critical axe violations', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`in ${lang}`, async () => {
      await page.goto(`${base}/console#/events`);
      await page.locator('main h1').first().waitFor();
      await switchTo(page, lang);
      const problems: string[] = [];
      for (const hash of await consolePages()) {
        await open(hash);
        problems.push(...(await audit(`${lang} ${hash}`)));
      }
      await page.goto(`${base}/simulator`);
      await page.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-a"]`).click();
      await page.getByTestId('msg-out').first().waitFor();
      await switchTo(page, lang);
      problems.push(...(await audit(`${lang} simulator`)));
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    }, 180_000);
  }
});

describe('what opens on a click has no serious or critical axe violations', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`in ${lang}: a form, a confirmation dialog, a preview, and every closed section opened`, async () => {
      await page.goto(`${base}/console#/events`);
      await page.locator('main h1').first().waitFor();
      await switchTo(page, lang);
      const problems: string[] = [];
      const openAllDetails = () => page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');

      await open('#/people');
      await page.getByTestId('add-person').click();
      await page.getByTestId('person-login').waitFor();
      problems.push(...(await audit(`${lang} people: the add form`)));
      await page.getByTestId('remove-person').first().click();
      await page.getByTestId('confirm').waitFor();
      problems.push(...(await audit(`${lang} people: the remove dialog`)));
      await page.getByTestId('confirm-cancel').click();

      await open('#/events/new');
      await page.getByTestId('class-C1').locator('input').check(); // the form's draft may have it already
      await page.getByTestId('date').fill('14/12/2027');
      await page.getByTestId('time').fill('17:30');
      await page.getByTestId('preview-button').click();
      await page.getByTestId('preview-summary').waitFor();
      await openAllDetails();
      problems.push(...(await audit(`${lang} event form: the preview`)));

      for (const hash of [`#/events/${meeting}`, '#/whatsapp', '#/settings', '#/operations', '#/roster']) {
        await open(hash);
        await openAllDetails();
        problems.push(...(await audit(`${lang} ${hash}: sections opened`)));
      }

      // The school's settings with a time that cannot be read: the problems named (nothing is sent).
      await open('#/settings');
      await page.getByTestId('settings-quiet-off').uncheck(); // test schools have no quiet hours
      await page.getByTestId('settings-from').fill('25:00');
      await page.getByTestId('settings-save').click();
      await page.getByTestId('settings-problems').waitFor();
      problems.push(...(await audit(`${lang} #/settings: a time that cannot be read`)));
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    }, 180_000);
  }
});

describe('keyboard', () => {
  it('reaches a skip link first, and a navigation puts the focus on the page heading', async () => {
    await page.goto(`${base}/console#/events`);
    await page.reload(); // a fresh load: the focus starts at the top of the document
    await page.locator('main h1').first().waitFor();
    await switchTo(page, 'en');
    await page.keyboard.press('Tab');
    const first = page.locator(':focus');
    expect(await first.textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.closest("main") !== null')).toBe(true);
    await page.locator('header nav a[href="#/roster"]').click();
    await expect.poll(() => page.evaluate('document.activeElement?.tagName + " " + (document.activeElement?.closest("main") ? "in main" : "")')).toBe('H1 in main');
  }, 60_000);
});

describe('signed out', () => {
  // Last: it drops the session the other tests use.
  it('the sign-in page has no serious or critical axe violations, in ar and en', async () => {
    await browser.context.clearCookies();
    await page.goto(`${base}/console`);
    await page.getByTestId('login').waitFor();
    const problems: string[] = [];
    for (const lang of ['ar', 'en'] as const) {
      await switchTo(page, lang);
      problems.push(...(await audit(`${lang} sign-in`)));
    }
    // The code step, with its countdown to a new code, and the password form.
    await page.getByTestId('login').fill('samira-a11y');
    await page.getByTestId('send-code').click();
    await page.getByTestId('code').waitFor();
    problems.push(...(await audit('en sign-in: the code')));
    await page.getByTestId('change-login').click();
    await page.getByTestId('use-password').click();
    await page.getByTestId('password').waitFor();
    problems.push(...(await audit('en sign-in: the password')));
    expect(problems).toEqual([]);
  }, 60_000);
});
