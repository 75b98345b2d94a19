/**
 * The event form in a real browser: it fits the kind (D3), a survey goes out without a meeting time or place (D1), a
 * meeting whose time has passed is asked about before it is sent, then refused or sent on purpose
 * (D4; the API refuses it with 422 starts_in_past unless allowPastStart says so), and the date and
 * time are read and shown as the school writes them, spelled out before sending (D17).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, type TestApp } from '../helpers/app.js';
import type { Browser } from './helpers/browser.js';
import { switchTo, useLang } from './helpers/pages.js';
import { openFormPage } from './helpers/form-page.js';

let t: TestApp;
let browser: Browser;
let base: string;
let staff: Page;
let errors: string[];
let posted: Array<Record<string, unknown>>;

beforeAll(async () => {
  ({ t, browser, base, staff, errors, posted } = await openFormPage('samira-form'));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function eventCount(): Promise<number> {
  return ((await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() })).json() as { items: unknown[] }).items.length;
}

describe('the event form', () => {
  it('sends a survey without the time and place left in the form (parents would read them under its questions)', async () => {
    await switchTo(staff, 'en');
    await staff.getByTestId('new-event').click();
    await staff.getByTestId('class-C1').click();
    await staff.getByTestId('date').fill('14/12/2027');
    await staff.getByTestId('time').fill('17:30');
    await staff.getByTestId('kind').selectOption('survey');
    await staff.getByTestId('survey').selectOption('involvement');
    await staff.getByTestId('send').click();
    await staff.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    expect(posted.at(-1)).toMatchObject({ kind: 'survey', survey: { id: 'involvement' } });
    expect(posted.at(-1)).not.toHaveProperty('startsAt');
    expect(posted.at(-1)).not.toHaveProperty('place');
  });

  it('fits the kind: picking survey picks a survey and puts away the time, place and RSVP; going back restores them', async () => {
    await staff.goto(`${base}/console`);
    await staff.getByTestId('new-event').click();
    await staff.getByTestId('timing').waitFor(); // the form is drawn once the classes and surveys are read
    await staff.getByTestId('kind').selectOption('survey');
    await expect.poll(() => staff.getByTestId('survey').inputValue()).toBe('involvement');
    await expect.poll(() => staff.getByTestId('timing').isVisible()).toBe(false);
    await staff.getByTestId('kind').selectOption('meeting');
    await expect.poll(() => staff.getByTestId('timing').isVisible()).toBe(true);
    expect(await staff.getByTestId('survey').inputValue()).toBe('');
  });

  it('shows the date and time as the school writes them (day/month/year, 24 h) and spells them out in the console’s language', async () => {
    await staff.goto(`${base}/console`);
    await useLang(staff, 'en');
    await staff.getByTestId('new-event').click();
    const date = staff.getByTestId('date');
    const time = staff.getByTestId('time');
    // Not the browser's own date and time pickers: they follow its locale (12/14/2027, 05:00 PM).
    expect(await date.getAttribute('type')).toBe('text');
    expect(await date.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(await time.inputValue()).toBe('17:00');
    await staff.getByTestId('class-C1').click();
    await date.fill('14/12/2027');
    await time.fill('17:30');
    const spelled = staff.getByTestId('when-spelled');
    await expect.poll(() => spelled.textContent()).toMatch(/^Tuesday,? 14 December 2027 at 17:30$/);
    await useLang(staff, 'fr');
    await expect.poll(() => spelled.textContent()).toBe('mardi 14 décembre 2027 à 17:30');
    await useLang(staff, 'ar');
    await expect.poll(() => spelled.textContent()).toMatch(/^الثلاثاء،? 14 دجنبر 2027 على الساعة 17:30$/);
    // The school's clock named as people say it, not by its zone's id.
    const clock = spelled.locator('xpath=..');
    expect(await clock.textContent()).toContain('بتوقيت المدرسة (الدار البيضاء، UTC+01:00)');
    expect(await clock.textContent()).not.toContain('Africa/Casablanca');
    await useLang(staff, 'en');
    await expect.poll(() => clock.textContent()).toContain('School time (Casablanca, UTC+01:00)');
    // Read leniently, written back in the school's form once the person moves on.
    await date.fill('14-12-27');
    await date.press('Tab');
    await time.fill('1730');
    await time.press('Tab');
    expect(await date.inputValue()).toBe('14/12/2027');
    expect(await time.inputValue()).toBe('17:30');
    await staff.getByTestId('send').click();
    await staff.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    expect(posted.at(-1)).toMatchObject({ kind: 'meeting', startsAt: '2027-12-14T17:30:00+01:00' });
  });

  it('names a date or time it cannot read, and sends nothing', async () => {
    const before = posted.length;
    await staff.goto(`${base}/console`);
    await staff.getByTestId('new-event').click();
    await staff.getByTestId('class-C1').click();
    await staff.getByTestId('date').fill('31/02/2027');
    await expect.poll(() => staff.getByTestId('when-problem').textContent()).toContain('This date cannot be read');
    expect(await staff.getByTestId('date').getAttribute('aria-invalid')).toBe('true');
    await staff.getByTestId('send').click();
    expect(await staff.getByRole('alert').textContent()).toContain('This date cannot be read');
    await staff.getByTestId('date').fill('28/02/2027');
    await staff.getByTestId('time').fill('25:00');
    await expect.poll(() => staff.getByTestId('when-problem').textContent()).toContain('This time cannot be read');
    await staff.getByTestId('send').click();
    expect(await staff.getByRole('alert').textContent()).toContain('This time cannot be read');
    expect(posted.length).toBe(before);
  });

  it('asks before sending a meeting whose time has passed: cancel sends nothing, "send anyway" sends it', async () => {
    const before = await eventCount();
    await staff.goto(`${base}/console`);
    await staff.getByTestId('new-event').click();
    await staff.getByTestId('class-C1').click();
    await staff.getByTestId('date').fill('10/01/2020');
    await staff.getByTestId('time').fill('17:00');
    await staff.getByTestId('send').click();
    const dialog = staff.getByTestId('confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('has already passed');
    await staff.getByTestId('confirm-cancel').click();
    expect(await eventCount()).toBe(before);

    await staff.getByTestId('send').click();
    await staff.getByTestId('confirm-ok').click();
    await staff.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    expect(posted.at(-1)).toMatchObject({ kind: 'meeting', allowPastStart: true });
    expect(await eventCount()).toBe(before + 1);
    expect(errors).toEqual([]);
  });
});
