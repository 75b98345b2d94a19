/**
 * The console at night, when quiet hours hold what staff send (found walking through the console
 * as a secretary): the form says when parents will get it, the event page does not claim that
 * everyone was reached, Operations says what waits and why, marking an absence says when the
 * family is asked; and on the way, an absence notice is not "past", the page heading has no box
 * drawn around it, and an Arabic list of names keeps «و» apart from a name in Latin letters.
 * The school's clock and the browser's are both set to 22:30 in Casablanca.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { shoot, switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

/** 22:30 at the school (UTC+1), moving on from there. */
const NIGHT = Date.parse('2026-12-06T21:30:00Z');
const started = Date.now();
const schoolNow = () => new Date(NIGHT + (Date.now() - started));

const ROSTER = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: [
    { id: 'g1', name: 'Fatima', locale: 'ar', channels: { simulator: 'sim-q-g1' } },
    { id: 'g2', name: 'Hassan', locale: 'ar', channels: {} },
  ],
  children: [
    { id: 'c1', name: 'Salma', classId: 'C1', guardianIds: ['g1'] },
    { id: 'c2', name: 'هبة', classId: 'C1', guardianIds: ['g2'] },
    { id: 'c3', name: 'Anas', classId: 'C1', guardianIds: ['g2'] },
  ],
};

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  t = await startTestApp({ now: schoolNow, quietHours: { start: '21:00', end: '08:00' } });
  expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: ROSTER })).statusCode).toBe(200);
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-night', role: 'admin', locale: 'en' });
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
  await page.clock.install({ time: schoolNow() });
  await page.goto(`${base}/console#signin=${token}`);
  await page.getByTestId('new-event').waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('at night, during quiet hours', () => {
  it('the form says parents get it tomorrow at 08:00, unless sent now', async () => {
    await page.getByTestId('new-event').click();
    await page.getByTestId('class-C1').locator('input').check();
    await page.getByTestId('date').fill('14/12/2027');
    await page.getByTestId('time').fill('17:30');
    const note = page.getByTestId('quiet-note');
    expect(await note.textContent()).toBe('It is quiet hours at the school now: parents will get it tomorrow at 08:00. Tick the box above to send it at once.');
    expect(await page.getByTestId('send-now').locator('xpath=..').textContent()).toContain('(from 21:00 to 08:00)');
    await page.getByTestId('send-now').check();
    expect(await note.textContent()).toBe('It is quiet hours at the school: this goes out at once anyway.');
    await page.getByTestId('send-now').uncheck();
    await page.getByTestId('send').click();
    await page.waitForURL(/#\/events\/ev[a-z0-9]+$/);
  });

  it('the event page does not say everyone was reached while the invitation waits', async () => {
    // Fatima's waits for the morning; Hassan, with no chat app, is someone to call already.
    await expect.poll(() => page.getByTestId('follow-up').textContent(), { timeout: 15_000 }).toContain('Still on the way: 1.');
    expect(await page.getByTestId('follow-up').textContent()).not.toContain('everyone was reached');
    expect(await page.getByTestId('follow-person').count()).toBe(1);
    // Only Fatima: nobody to call yet, and the page does not say everyone was reached.
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'good_news', audience: { guardians: ['g1'] } } });
    await page.goto(`${base}/console#/events/${res.json().eventId}`);
    await expect.poll(() => page.getByTestId('follow-none').textContent().catch(() => ''), { timeout: 15_000 }).toBe('Nobody to follow up yet: the messages are still on their way.');
  });

  it('Operations says what waits, and why', async () => {
    await page.locator('header nav a[href="#/operations"]').click();
    const waiting = page.getByTestId('ops-waiting').first();
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('1 message still to go out');
    expect(await waiting.textContent()).toContain('Waiting for the end of quiet hours: 1');
    // The page's heading took the focus (for screen readers), with no box drawn around it.
    await expect.poll(() => page.evaluate('document.activeElement?.tagName')).toBe('H1');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('none');
  });

  it('marking an absence says when the family will be asked', async () => {
    await page.locator('header nav a[href="#/absences"]').click();
    await page.getByTestId('abs-class').selectOption('C1');
    await page.getByTestId('abs-children').locator('input[value="c1"]').check();
    await page.getByTestId('abs-send').click();
    expect(await page.getByTestId('abs-quiet').textContent()).toBe('It is quiet hours at the school: the question goes out tomorrow at 08:00.');
    // The family has not been asked yet: the list says when, not "No answer yet" (the API's askAt).
    // The notice's messages are written by the fan-out a moment after the click: ask until they are.
    const listed = async () => (await t.app.inject({ method: 'GET', url: '/v1/absences?date=2026-12-06', headers: auth() })).json().items;
    await expect.poll(listed, { timeout: 15_000 }).toMatchObject([{ childId: 'c1', askAt: '2026-12-07T07:00:00.000Z' }]);
    await expect.poll(() => page.locator('[data-testid="abs-row"][data-child="c1"] [data-testid="abs-reason"]').textContent()).toBe('Not asked yet: the question goes out at 08:00.');
    await shoot(page, 'night-absences');
    // The absence notice is about today, not a time that has passed.
    await page.locator('header nav a[href="#/events"]').click();
    const absence = page.locator('[data-testid="event-row"][data-kind="absence"]');
    await absence.waitFor();
    expect(await absence.getAttribute('data-past')).toBe('false');
    // It names the day it is about and the child's class, not a time of 08:00 and no one.
    await expect.poll(() => absence.getByTestId('event-audience').textContent()).toBe('1 child in 5A');
    expect(await absence.textContent()).toContain('6 Dec 2026 · 1 child in 5A');
    expect(await absence.textContent()).not.toContain('08:00');
    // Its page gives the day it is about, not an appointment at 08:00.
    await absence.click();
    const facts = page.locator('dl.facts');
    await facts.waitFor();
    expect(await facts.textContent()).toMatch(/Day\w+day, \d+ December 2026/);
    expect(await facts.textContent()).not.toMatch(/When|08:00/);
    // And whom it is about: the child's class, not "Sent to 1 people".
    expect(await facts.textContent()).toContain('About1 child in 5A');
    await shoot(page, 'night-events');
  });

  it('an Arabic list of names keeps «و» apart from a name in Latin letters', async () => {
    // Sent now: Hassan has no chat app, so he is someone to call, with his children named.
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'school_event', startsAt: '2027-12-14T16:30:00Z', audience: { classes: ['C1'] }, respectQuietHours: false } });
    await page.goto(`${base}/console#/events/${res.json().eventId}`);
    await switchTo(page, 'ar');
    const person = page.getByTestId('follow-person').first();
    await person.waitFor({ timeout: 15_000 });
    expect(await person.textContent()).toContain('هبة و Anas');
    await switchTo(page, 'en');
    await waitFor(async () => (await page.getByTestId('follow-person').first().textContent())?.includes('هبة and Anas'), 10_000, 'the English list');
    expect(errors).toEqual([]);
  });
});

describe('after midnight, still quiet hours', () => {
  it("the form says 08:00 today, by the school's clock, not the browser's possibly stale zone data", async () => {
    // 00:40 in Casablanca (UTC+1); a browser whose zone data puts Casablanca at UTC+0 reads 23:40.
    await page.clock.setSystemTime(Date.parse('2026-12-06T23:40:00Z'));
    await page.goto(`${base}/console#/events`);
    await page.reload();
    await page.getByTestId('new-event').click();
    await page.getByTestId('class-C1').locator('input').check();
    expect(await page.getByTestId('quiet-note').textContent()).toBe('It is quiet hours at the school now: parents will get it at 08:00. Tick the box above to send it at once.');
  });
});
