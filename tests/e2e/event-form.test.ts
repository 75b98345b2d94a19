/**
 * The event form in a real browser: it fits the kind (D3), a survey goes out without a meeting time or place (D1), and a
 * meeting whose time has passed is asked about before it is sent, then refused or sent on purpose
 * (D4; the API refuses it with 422 starts_in_past unless allowPastStart says so).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { consoleRoster } from './helpers/console-fixtures.js';
import { switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;
let staff: Page;
let errors: string[];
const posted: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  t = await startTestApp();
  await importRoster(t, consoleRoster(t.prefix));
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-form', role: 'admin', locale: 'en' });
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  staff = await browser.context.newPage();
  errors = collectErrors(staff);
  staff.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/v1/events')) posted.push(r.postDataJSON() as Record<string, unknown>);
  });
  await staff.goto(`${base}/console#signin=${token}`);
  await staff.getByTestId('new-event').waitFor();
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
    await staff.getByTestId('date').fill('2027-12-14');
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

  it('asks before sending a meeting whose time has passed: cancel sends nothing, "send anyway" sends it', async () => {
    const before = await eventCount();
    await staff.goto(`${base}/console`);
    await staff.getByTestId('new-event').click();
    await staff.getByTestId('class-C1').click();
    await staff.getByTestId('date').fill('2020-01-10');
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
