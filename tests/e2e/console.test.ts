/**
 * The staff console and the simulator page in a real browser (Debian's Chromium through
 * playwright-core) against the real app: the school's admin signs in with a one-time link
 * (taken out of the address bar, the session in an HttpOnly cookie), sends an invitation to a
 * class from the form, watches it settle live, answers as a parent on the simulator's phone (the
 * simulator signs in by a link too), sees the RSVP count move on the event page, reads the
 * follow-up list, opens survey results, imports a roster, switches Arabic ⇄ English, signs out.
 * Screenshots in both languages at 360 px and desktop width go to test-artifacts/console/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/core/people.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { consoleRoster, seedSurveyAnswers } from './helpers/console-fixtures.js';
import { namesBeforeClasses, shoot, switchTo } from './helpers/pages.js';
import { personWithLink, signInToken } from './helpers/sign-in.js';

/** A 2×1 PNG: enough for the browser to decode and lay out. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAJ/AH/vx8CQwAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
let browser: Browser;
let base: string;
let staff: Page;
let errors: string[];
let eventId: string;
let admin: Person;
let firstToken: string;

beforeAll(async () => {
  t = await startTestApp();
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'مدرسة الأمل', defaultLocale: 'ar' });
  await importRoster(t, consoleRoster(t.prefix));
  ({ person: admin, token: firstToken } = await personWithLink(t, 's1', { name: 'سميرة الإدريسي', login: 'samira', role: 'admin', channels: { simulator: `sim-${t.prefix}-admin` }, locale: 'ar' }));
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  staff = await browser.context.newPage();
  errors = collectErrors(staff);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('staff console', () => {
  it('signs in with a one-time link, keeps it out of the address bar, and opens in the school language (Arabic, right to left)', async () => {
    await staff.goto(`${base}/console#signin=${firstToken}`);
    await staff.getByTestId('new-event').waitFor();
    expect(staff.url()).not.toContain(firstToken);
    expect(staff.url()).not.toContain('signin');
    // The session is a cookie no script can read; nothing of it is kept in the page's storage.
    const [cookie] = await browser.context.cookies(base);
    expect(cookie).toMatchObject({ name: 'sb_session', httpOnly: true, sameSite: 'Strict' });
    // Only the language and the login last used here (never a token, a code or a password).
    expect(await staff.evaluate<string[]>('[...Object.keys(sessionStorage), ...Object.keys(localStorage)].sort()')).toEqual(['school-bridge.lang', 'school-bridge.lastSignIn']);
    expect(await staff.evaluate<string>('localStorage.getItem("school-bridge.lastSignIn")')).toBe('{"login":"samira","mode":"code"}');
    expect(await staff.getAttribute('html', 'dir')).toBe('rtl');
    expect(await staff.getAttribute('html', 'lang')).toBe('ar');
    expect(await staff.getByTestId('me').textContent()).toContain('سميرة الإدريسي');
    await switchTo(staff, 'en');
    expect(await staff.getAttribute('html', 'dir')).toBe('ltr');
    expect(await staff.getByTestId('me-role').textContent()).toBe('Admin');
  });

  it('goes on with the cookie when the link, already used, is opened again', async () => {
    await staff.goto(`${base}/console#signin=${firstToken}`);
    await staff.getByTestId('new-event').waitFor();
    expect(await staff.getByTestId('signin').count()).toBe(0);
    expect(staff.url()).not.toContain(firstToken);
  });

  it('sends an invitation to a class once, even on a double click, with the time in the school zone', async () => {
    await staff.getByTestId('new-event').click();
    await staff.getByTestId('class-C1').click();
    await staff.getByTestId('date').fill('14/12/2027');
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
    // The two reached and not answering say when they were reached: today, so the hour alone.
    expect(await staff.getByTestId('follow-seen').allTextContents()).toEqual([expect.stringMatching(/^ · Reached: today at \d\d:\d\d$/), expect.stringMatching(/^ · Reached: today at \d\d:\d\d$/)]);
    // "Live" is written once the event's stream answers, which the counts above do not wait for.
    await expect.poll(() => staff.getByTestId('live').textContent()).toContain('Live');
  });

  it('answers as a parent on the simulator, and the event page counts the RSVP live', async () => {
    // The simulator signs in by a link too (its own session; the console's page takes the
    // new cookie's CSRF token when it next writes).
    const phone = await browser.context.newPage();
    const phoneErrors = collectErrors(phone);
    const token = await signInToken(t, admin);
    await phone.goto(`${base}/simulator#signin=${token}`);
    expect(phone.url()).not.toContain(token);
    // Signed in (the page then speaks the admin's language), before switching it.
    await phone.locator('[data-testid="sim-person"]').first().waitFor();
    await switchTo(phone, 'en');
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-b"]`).click();
    await phone.getByTestId('msg-out').first().waitFor();
    await phone.getByRole('button', { name: 'Yes' }).first().click();
    await phone.getByTestId('msg-in').first().waitFor();
    expect(await phone.getByTestId('msg-in').first().textContent()).toContain('Yes');

    await expect.poll(() => staff.getByTestId('count-rsvp-yes').textContent(), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => staff.getByTestId('follow-person').count(), { timeout: 15_000 }).toBe(3);
    await shoot(phone, 'simulator');
    // An Arabic guardian's phone: the message reads right to left by itself.
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-a"]`).click();
    await phone.getByTestId('msg-out').first().waitFor();
    expect(await phone.getByTestId('msg-out').first().locator('p').evaluate((p) => (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(p).direction)).toBe('rtl');
    await shoot(phone, 'simulator-arabic-parent');
    expect(phoneErrors).toEqual([]);
    await phone.close();
    await shoot(staff, 'event');
  }, 60_000); // two 15 s waits for live counts, after a sign-in and the parent's tap

  it('shows how a typed answer was read, and staff correct it from the event page', async () => {
    const phone = await browser.context.newPage();
    await phone.goto(`${base}/simulator`);
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-a"]`).click();
    await phone.getByTestId('sim-text').fill('السلام عليكم، ما نقدرش نجي، خدام داك النهار');
    await phone.getByTestId('sim-send').click();
    // The phone shows it once the school's bot took it; closing the page earlier could cancel the send.
    await expect.poll(() => phone.getByTestId('thread').textContent(), { timeout: 15_000 }).toContain('ما نقدرش نجي');
    await phone.close();

    await staff.goto(`${base}/console#/events/${eventId}`);
    await switchTo(staff, 'en');
    const answer = staff.getByTestId('answer').filter({ hasText: 'read from' });
    await expect.poll(async () => {
      if (await answer.count()) return true;
      await staff.reload(); // the lists are read on opening
      return false;
    }, { timeout: 40_000, interval: 1000 }).toBe(true);
    expect(await answer.textContent()).toContain('No · read from “ما نقدرش نجي”');
    // An Arabic name with a Latin class, on an English page: "سارة (5A)", never "(5A) سارة".
    expect(await answer.textContent()).toContain('Children: سارة (5A)');
    expect(await namesBeforeClasses(staff)).not.toContain(false);
    await answer.getByTestId('answer-correct').selectOption('maybe');
    const corrected = staff.getByTestId('answer').filter({ hasText: 'corrected by the school' });
    await expect.poll(() => corrected.count(), { timeout: 15_000 }).toBe(1);
    expect(await corrected.getAttribute('data-answer')).toBe('maybe');
    await expect.poll(() => staff.getByTestId('count-rsvp-maybe').textContent(), { timeout: 15_000 }).toBe('1');
    await shoot(staff, 'event-answers');
  }, 90_000);

  it("shows a parent's note in the inbox, and the staff's reply reaches the parent's phone", async () => {
    const phone = await browser.context.newPage();
    await phone.goto(`${base}/simulator`);
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-b"]`).click();
    await phone.getByTestId('sim-text').fill('Adam has a fever today and will stay at home.');
    await phone.getByTestId('sim-send').click();

    // Only the fragment changes: the page keeps the CSRF token of its own session, which the
    // simulator's link sign-in replaced; its reply is refused once (403 csrf), takes the new
    // session's token and goes through.
    await staff.goto(`${base}/console#/inbox`);
    await switchTo(staff, 'en');
    const note = staff.getByTestId('note').filter({ hasText: 'fever' });
    await expect.poll(async () => {
      if (await note.count()) return true;
      await staff.reload(); // the inbox is read on opening; a note that arrives later needs a reload
      return false;
    }, { timeout: 15_000 }).toBe(true);
    expect(await note.textContent()).toContain('Amina Berrada');
    expect(await note.textContent()).toContain('Adam (5A)'); // the child with their class
    // Written with nothing asked: filed after the last invitation, not as being about it.
    expect(await note.getByTestId('note-event').textContent()).toMatch(/^Written after: /);
    // "#12" is one left-to-right token, whatever the page's direction.
    expect(await note.getByTestId('note-ref').textContent()).toMatch(/^#\d+$/);
    expect(await note.getByTestId('note-ref').getAttribute('dir')).toBe('ltr');
    // An empty answer is said, not ignored.
    await note.getByRole('button', { name: 'Send reply' }).click();
    await note.getByTestId('reply-empty').waitFor();
    await note.locator('textarea').fill('Get well soon, Adam!');
    await note.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => note.textContent()).toContain('Sent to the parent');
    await expect.poll(() => phone.getByTestId('thread').textContent(), { timeout: 15_000 }).toContain('Get well soon, Adam!');
    await shoot(staff, 'inbox');
    await phone.close();
  });

  it("shows a parent's photo in the inbox, and a sticker gets a kind answer on the phone", async () => {
    const phone = await browser.context.newPage();
    await phone.goto(`${base}/simulator`);
    await phone.locator(`[data-testid="sim-person"][data-address="sim-${t.prefix}-b"]`).click();
    await phone.getByTestId('sim-text').fill('The doctor’s note for Adam');
    await phone.getByTestId('sim-file').setInputFiles({ name: 'note.png', mimeType: 'image/png', buffer: TINY_PNG });
    await expect.poll(() => phone.getByTestId('media-sent').count(), { timeout: 15_000 }).toBe(1);
    await phone.getByTestId('sim-sticker').click();
    await expect.poll(() => phone.getByTestId('thread').textContent(), { timeout: 15_000 }).toContain('cannot take stickers');
    await phone.close();

    await staff.goto(`${base}/console#/inbox`);
    await switchTo(staff, 'en');
    const note = staff.getByTestId('note').filter({ hasText: 'doctor’s note' });
    await expect.poll(async () => {
      if (await note.count()) return true;
      await staff.reload();
      return false;
    }, { timeout: 15_000 }).toBe(true);
    const img = note.locator('[data-testid="media"] img');
    await expect.poll(() => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth), { timeout: 15_000 }).toBe(2);
    await shoot(staff, 'inbox-photo');
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

  it('signs out: the session ends on the server, and the sign-in page shows', async () => {
    await staff.getByTestId('me').click();
    await staff.getByTestId('sign-out').click();
    await staff.getByTestId('signin').waitFor();
    expect(await browser.context.cookies(base)).toEqual([]);
    expect(await staff.evaluate<number>("fetch('/v1/auth/session').then((r) => r.status)")).toBe(401);
    expect(errors).toEqual([]);
  });

  it('says so when the server cannot answer (Redis down: 503), and tries again when asked', async () => {
    const page = await browser.context.newPage();
    const unavailable = JSON.stringify({ error: { code: 'unavailable', message: 'the service cannot reach its database right now' } });
    await page.route('**/v1/auth/session', (route) => route.fulfill({ status: 503, headers: { 'retry-after': '5', 'content-type': 'application/json' }, body: unavailable }));
    await page.goto(`${base}/console`);
    await page.getByTestId('unreachable').waitFor();
    await switchTo(page, 'ar');
    expect(await page.getByTestId('unreachable').textContent()).toContain('قاعدة بياناتها');
    await switchTo(page, 'en');
    expect(await page.getByTestId('unreachable').textContent()).toContain('cannot reach its database');
    await page.unroute('**/v1/auth/session');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('signin').waitFor();
    await page.close();
  });
});

