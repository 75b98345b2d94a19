/**
 * The school's settings page in a real browser: an admin shortens the quiet hours and changes the
 * reminders in English, and only what changed is sent (GET /v1/school shows it); a time that
 * cannot be read is named and nothing is sent; an API error reads in the console's words; the
 * page reads right to left in Arabic and fits a 360 px phone; a staff member neither sees the
 * page nor may change the settings through the API. Screenshots go to /tmp/walk/.
 */
import { mkdirSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { cutOff, fitsWidth, PHONE, switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = '/tmp/walk';
const WIDE = { width: 1366, height: 900 };

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
/** The bodies of the PATCH /v1/school requests the page sent. */
const patches: unknown[] = [];

const school = async () => (await t.app.inject({ method: 'GET', url: '/v1/school', headers: auth() })).json() as Record<string, unknown>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp({ quietHours: { start: '21:00', end: '08:00' } });
  await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: 'École Al Amal' } });
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-settings', role: 'admin', locale: 'en' });
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
  page.on('request', (r: Request) => {
    if (r.method() === 'PATCH' && new URL(r.url()).pathname === '/v1/school') patches.push(r.postDataJSON());
  });
  await page.goto(`${base}/console#signin=${token}`);
  await page.getByTestId('new-event').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the school settings page', () => {
  it('changes the quiet hours and the reminders in English, sending only what changed', async () => {
    await switchTo(page, 'en');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.locator('main h1').textContent()).toBe('School settings');
    expect(await page.getByTestId('settings-name').inputValue()).toBe('École Al Amal');
    expect(await page.getByTestId('settings-quiet-line').textContent()).toBe('Parents get no message from 21:00 to 08:00, school time; what is sent then goes at 08:00.');
    expect(await page.getByTestId('settings-remind-line').textContent()).toBe('Families are reminded the evening before at 18:00 and 2 hours before.');
    // Every control is named by its label.
    expect(await page.getByLabel('From', { exact: false }).first().getAttribute('data-testid')).toBe('settings-from');
    expect(await page.getByLabel('No quiet hours').getAttribute('type')).toBe('checkbox');

    // Typed the way staff write times: written back as HH:MM when they move on.
    await page.getByTestId('settings-from').fill('2130');
    await page.getByTestId('settings-to').fill('7h00');
    await page.getByTestId('settings-to').blur();
    expect(await page.getByTestId('settings-from').inputValue()).toBe('21:30');
    expect(await page.getByTestId('settings-to').inputValue()).toBe('07:00');
    expect(await page.getByTestId('settings-quiet-line').textContent()).toBe('Parents get no message from 21:30 to 07:00, school time; what is sent then goes at 07:00.');
    await page.getByTestId('settings-evening').fill('19:00');
    await page.getByTestId('settings-hours').fill('3');
    expect(await page.getByTestId('settings-remind-line').textContent()).toBe('Families are reminded the evening before at 19:00 and 3 hours before.');
    // Drawn again in another language, what was typed stays.
    await switchTo(page, 'ar');
    expect(await page.getByTestId('settings-from').inputValue()).toBe('21:30');
    await switchTo(page, 'en');
    expect(await page.getByTestId('settings-hours').inputValue()).toBe('3');

    await page.getByTestId('settings-save').click();
    const saved = page.getByTestId('settings-saved');
    await expect.poll(() => saved.textContent()).toMatch(/^Saved\. Messages waiting for the end of quiet hours now go (at 07:00|out at once)\.$/);
    expect(await saved.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    expect(patches).toEqual([{ quietHours: { start: '21:30', end: '07:00' }, reminders: { eveningBefore: '19:00', hoursBefore: 3 } }]);
    expect(await school()).toMatchObject({ name: 'École Al Amal', quietHours: { start: '21:30', end: '07:00' }, reminders: { eveningBefore: '19:00', hoursBefore: 3 } });
    // The page shows what was saved.
    expect(await page.getByTestId('settings-from').inputValue()).toBe('21:30');
    await page.screenshot({ path: `${SHOTS}/settings-en-1366.png`, fullPage: true });

    // Reminders turned off one by one; nothing else is sent.
    await page.getByTestId('settings-eveningOn').uncheck();
    expect(await page.getByTestId('settings-evening').isDisabled()).toBe(true);
    expect(await page.getByTestId('settings-remind-line').textContent()).toBe('Families are reminded 3 hours before.');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-saved').textContent()).toBe('Saved.');
    expect(patches.at(-1)).toEqual({ reminders: { eveningBefore: null, hoursBefore: 3 } });
    expect((await school()).reminders).toEqual({ eveningBefore: null, hoursBefore: 3 });

    // Saving again without a change sends nothing.
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-unchanged').textContent()).toBe('Nothing to save: nothing was changed.');
    expect(patches).toHaveLength(2);

    // The audit log names the school and the fields in words, not by their ids.
    await page.goto(`${base}/console#/audit`);
    const changed = page.locator('[data-testid="audit-row"][data-action="school_updated"]').first();
    await changed.waitFor();
    expect(await changed.textContent()).toContain('École Al Amal');
    expect(await changed.textContent()).toContain('reminders');
    expect(await changed.textContent()).not.toMatch(/\bs1\b/);
    await page.goto(`${base}/console#/settings`);
    await page.getByTestId('settings-from').waitFor();
  });

  it('names a time that cannot be read, and saves nothing', async () => {
    await page.getByTestId('settings-from').fill('25:00');
    await page.getByTestId('settings-hours').fill('60');
    expect(await page.getByTestId('settings-from').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('settings-save').click();
    const problems = page.getByTestId('settings-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('Nothing was saved. Check this first:');
    // The last save's "Saved." is gone: the page does not say both.
    expect(await page.getByTestId('settings-saved').count()).toBe(0);
    expect(await problems.textContent()).toContain('Quiet hours, From: write the time like 21:00.');
    expect(await page.getByTestId('settings-from-problem').textContent()).toBe('Quiet hours, From: write the time like 21:00.');
    expect(await page.getByTestId('settings-hours-problem').textContent()).toBe('How many hours before (1 to 48): write a whole number of hours from 1 to 48.');
    expect(await page.getByTestId('settings-quiet-line').textContent()).toContain('write the time like 21:00');
    // The focus is on the first field to fix.
    expect(await page.getByTestId('settings-from').evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    expect(patches).toHaveLength(2);
    expect(await school()).toMatchObject({ quietHours: { start: '21:30', end: '07:00' }, reminders: { eveningBefore: null, hoursBefore: 3 } });

    // Start and end the same without ticking "No quiet hours": named too.
    await page.getByTestId('settings-from').fill('07:00');
    await page.getByTestId('settings-hours').fill('3');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-to-problem').textContent()).toContain('tick “No quiet hours” instead');
    expect(patches).toHaveLength(2);

    // Digits from an Arabic keyboard are read: «٠٦:٣٠» is 06:30. A wrong end is named with the end's example.
    await page.getByTestId('settings-from').fill('٠٦:٣٠');
    expect(await page.getByTestId('settings-from').getAttribute('aria-invalid')).not.toBe('true');
    await page.getByTestId('settings-to').fill('7');
    await page.getByTestId('settings-to').fill('99:99');
    expect(await page.getByTestId('settings-quiet-line').textContent()).toContain('write the time like 08:00');
    await page.getByTestId('settings-from').fill('21:30');
    await page.getByTestId('settings-to').fill('07:00');
  });

  it('says an error of the API in the console’s words', async () => {
    await page.route('**/v1/school*', (route) => (route.request().method() === 'PATCH'
      ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_request', message: 'body.quietHours.start: HH:MM', params: { field: 'body.quietHours.start', reason: 'invalid_format' } } }) })
      : route.continue()));
    await page.getByTestId('settings-from').fill('22:00');
    await page.getByTestId('settings-save').click();
    const error = page.getByTestId('error');
    await expect.poll(() => error.textContent()).toBe('Something in the form is not right.Check: Quiet hours: from');
    await page.unroute('**/v1/school*');
    // "No quiet hours" sends start = end.
    await page.getByTestId('settings-quiet-off').check();
    expect(await page.getByTestId('settings-from').isDisabled()).toBe(true);
    expect(await page.getByTestId('settings-quiet-line').textContent()).toBe('Parents get messages at any hour: nothing waits.');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-saved').textContent()).toBe('Saved. Messages waiting for the end of quiet hours now go out at once.');
    expect(patches.at(-1)).toEqual({ quietHours: { start: '00:00', end: '00:00' } });
    expect((await school()).quietHours).toEqual({ start: '00:00', end: '00:00' });
    expect(await page.getByTestId('settings-quiet-off').isChecked()).toBe(true);
  });

  it('reads right to left in Arabic, with times left to right, and fits a 360 px phone', async () => {
    await page.getByTestId('settings-quiet-off').uncheck();
    await page.getByTestId('settings-from').fill('21:00');
    await page.getByTestId('settings-to').fill('08:00');
    await switchTo(page, 'ar');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.locator('main h1').textContent()).toBe('إعدادات المدرسة');
    expect(await page.getByTestId('settings-from').getAttribute('dir')).toBe('ltr');
    expect(await page.getByTestId('settings-quiet-line').textContent()).toBe('لا تصل أي رسالة إلى الأولياء من 21:00 إلى 08:00 بتوقيت المدرسة؛ وما يُرسل خلالها يذهب في 08:00.');
    expect(await page.getByTestId('nav-settings').textContent()).toBe('إعدادات المدرسة');
    // The school's clock by its city, not its zone's id.
    expect(await page.locator('main').textContent()).toContain('توقيت المدرسة: الدار البيضاء.');
    await page.getByTestId('settings-save').click();
    // Quiet hours were off until now: nothing can be waiting for their end, so nothing is said of it.
    await expect.poll(() => page.getByTestId('settings-saved').textContent()).toBe('تم الحفظ.');
    expect((await school()).quietHours).toEqual({ start: '21:00', end: '08:00' });
    for (const [size, viewport] of [['360', PHONE], ['1366', WIDE]] as const) {
      await page.setViewportSize(viewport);
      await fitsWidth(page);
      expect(await cutOff(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/settings-ar-${size}.png`, fullPage: true });
    }
    // The from field is on the right of the to field, as Arabic reads.
    await page.setViewportSize(PHONE);
    const from = await page.getByTestId('settings-from').boundingBox();
    const to = await page.getByTestId('settings-to').boundingBox();
    expect(from!.x).toBeGreaterThan(to!.x);
    await page.setViewportSize(WIDE);
    expect(errors).toEqual([]);
  });

  it('is not for staff: not in their navigation, refused by its address and by the API', async () => {
    const { token } = await personWithLink(t, 's1', { name: 'Youssef', login: 'youssef-settings', role: 'staff', locale: 'en' });
    await page.goto(`${base}/console#signin=${token}`);
    await page.getByTestId('new-event').waitFor();
    await switchTo(page, 'en');
    expect(await page.getByTestId('me-role').textContent()).toBe('Staff');
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    await page.goto(`${base}/console#/settings`);
    await page.getByTestId('not-for-role').waitFor();
    expect(await page.getByTestId('settings-form').count()).toBe(0);
    const refused = await page.evaluate<[number, string]>(`(async () => {
      const session = await (await fetch('/v1/auth/session')).json();
      const res = await fetch('/v1/school', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ quietHours: { start: '22:00', end: '06:00' } }) });
      return [res.status, (await res.json()).error.code];
    })()`);
    expect(refused).toEqual([403, 'forbidden']);
    expect((await school()).quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(errors).toEqual([]);
  });
});
