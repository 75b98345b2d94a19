/**
 * The operations page in a real browser: a school's admin reads which chat app account does
 * not work and why, which invitations could not be sent and why (in Arabic and English), sends
 * one again and then the rest, and each family gets the invitation once. Screenshots at 360 and
 * 1366 px go to /tmp/walk/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { fitsWidth, PHONE, switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = '/tmp/walk';
const WIDE = { width: 1366, height: 900 };
const meeting = { kind: 'meeting', title: { en: 'Term meeting', ar: 'اجتماع الدورة' }, startsAt: '2027-09-15T17:00:00+01:00', place: 'Salle 3', audience: { classes: ['C1'] }, rsvp: true };

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
let eventId: string;
let failing = true;

const counts = async () => (await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() })).json().counts as Record<string, number>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Every send fails (a network problem) until the test says the network is back.
  t = await startTestApp({ random: () => (failing ? 0 : 0.99), env: { SIMULATOR_TRANSIENT_FAILURE_RATE: '0.5', OUTBOUND_ATTEMPTS: '2' } });
  expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: makeRoster('ops', { guardians: 3, perClass: 3 }) })).statusCode).toBe(200);
  eventId = (await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: meeting })).json().eventId;
  await waitFor(async () => (await counts()).failed === 3, 30_000, 'the sends to fail');
  // A row is marked failed a moment before the queue moves its job to the failed list.
  await waitFor(async () => (await t.app.inject({ method: 'GET', url: '/v1/operations', headers: auth() })).json().failed?.length === 3, 10_000, 'the failed jobs');
  // The platform refused the account's token a moment ago.
  await t.runtime.ctx.stores.chats.putChannelStatus('simulator', 'main', { ready: false, detail: 'refused by the platform: token expired' }, 300);
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-ops', role: 'admin', locale: 'en' });
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${base}/console#signin=${token}`);
  await page.getByTestId('new-event').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the operations page', () => {
  it('says which account does not work, and what failed and why, in English and Arabic', async () => {
    await switchTo(page, 'en');
    await page.locator('header nav a[href="#/operations"]').click();
    await page.getByTestId('ops-failed-job').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('Operations');
    const channel = page.getByTestId('ops-channel').first();
    expect(await channel.getAttribute('data-ready')).toBe('false');
    expect(await channel.textContent()).toContain('Not working');
    expect(await channel.textContent()).toContain('token expired');
    expect(await page.getByTestId('ops-failed-job').count()).toBe(3);
    // Failed is not waiting: nothing of this school's is still on its way.
    expect(await page.getByTestId('ops-nothing-waiting').textContent()).toBe('Nothing is waiting: every recent message has gone out.');
    const first = await page.getByTestId('ops-failed-job').first().textContent();
    expect(first).toMatch(/Invitation to (Parent|ولي) [123]/);
    expect(first).toContain('Network problem');
    expect(first).toContain('Term meeting');
    expect(first).toContain('after 2 tries');
    expect(await page.getByTestId('ops-retry-all').textContent()).toBe('Send all 3 again');
    await switchTo(page, 'ar');
    await expect.poll(() => page.getByTestId('ops-failed-job').first().textContent()).toContain('مشكلة في الشبكة');
    expect(await page.getByTestId('ops-failed-job').first().textContent()).toContain('اجتماع الدورة');
    expect(await page.getByTestId('ops-channel').first().textContent()).toContain('لا يعمل');
    for (const [size, viewport] of [['360', PHONE], ['1366', WIDE]] as const) {
      await page.setViewportSize(viewport);
      if (size === '360') await fitsWidth(page);
      await page.screenshot({ path: `${SHOTS}/operations-ar-${size}.png`, fullPage: true });
    }
    await switchTo(page, 'en');
    await page.getByTestId('ops-failed-job').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/operations-en-1366.png`, fullPage: true });
  });

  it('sends one again, then the rest, and each family gets the invitation once', async () => {
    failing = false;
    await t.runtime.ctx.stores.chats.putChannelStatus('simulator', 'main', { ready: true }, 300);
    await page.getByTestId('ops-retry').first().click();
    await expect.poll(() => page.getByTestId('ops-note').textContent()).toBe('Sent to the queue again.');
    await waitFor(async () => (await counts()).delivered === 1, 15_000, 'the retried invitation');
    await expect.poll(() => page.getByTestId('ops-failed-job').count(), { timeout: 15_000 }).toBe(2);

    await page.getByTestId('ops-retry-all').click();
    expect(await page.getByTestId('confirm').textContent()).toContain('Send the 2 failed jobs again?');
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('ops-note').textContent()).toBe('2 sent to the queue again.');
    await page.getByTestId('ops-failed-none').waitFor({ timeout: 15_000 });
    await waitFor(async () => (await counts()).delivered === 3, 15_000, 'every invitation');
    for (let i = 1; i <= 3; i++) expect(await t.runtime.ctx.stores.simulator.transcript('s1', `sim-ops-g${i}`)).toHaveLength(1);
    await expect.poll(() => page.getByTestId('ops-channel').first().getAttribute('data-ready'), { timeout: 20_000 }).toBe('true');
    await page.setViewportSize(PHONE);
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/operations-en-360-after.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
