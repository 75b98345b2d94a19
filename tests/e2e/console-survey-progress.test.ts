/**
 * A survey event's page (issue 13, D2): finished / started / not started counts read from the
 * responses to this sending (nobody is "answered" before anyone answered), a link to this
 * sending's results, and a follow-up list of the families who have not finished.
 * Screenshots go to /tmp/walk13c.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../src/core/survey.js';
import { INVOLVEMENT } from '../../src/domain/survey/builtins.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster, waitSettled } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { consoleRoster } from './helpers/console-fixtures.js';
import { switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = '/tmp/walk13c';

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
let eventId: string;

beforeAll(async () => {
  t = await startTestApp();
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'École Al Amal' });
  await importRoster(t, consoleRoster(t.prefix));
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'survey', audience: { classes: ['C1'] }, survey: { id: 'involvement' }, respectQuietHours: false } });
  expect(res.statusCode, res.body).toBe(202);
  eventId = (res.json() as { eventId: string }).eventId;
  await waitSettled(t, eventId);
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-survey', role: 'admin', locale: 'ar' });
  [base, browser] = await Promise.all([serve(t), launchBrowser(), mkdir(SHOTS, { recursive: true })]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${base}/console#signin=${token}`);
  await page.getByTestId('new-event').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Fatima (gA) answers every question and finishes; Amina (gB) answers the first and stops there. */
async function answer(): Promise<void> {
  const at = new Date().toISOString();
  const start = (guardianId: string, locale: 'ar' | 'en') => ({ surveyId: INVOLVEMENT.id, eventId, guardianId, locale, channel: 'simulator', classes: 'C1', startedAt: at }) satisfies Omit<SurveyResponse, 'answers'>;
  const surveys = t.runtime.ctx.stores.surveys;
  for (const q of INVOLVEMENT.questions) await surveys.record('s1', start('gA', 'ar'), { answer: { q: q.id, v: 4, at, ch: 'simulator' } });
  await surveys.record('s1', start('gA', 'ar'), { completedAt: at });
  await surveys.record('s1', start('gB', 'en'), { answer: { q: INVOLVEMENT.questions[0]!.id, v: 2, at, ch: 'simulator' } });
}

const count = (key: string) => page.getByTestId(`count-survey-${key}`).innerText();

async function openEvent(): Promise<void> {
  await page.goto(`${base}/console#/events/${eventId}`);
  await page.getByTestId('survey-progress').locator('.count').first().waitFor();
}

describe('a survey event’s page', () => {
  it('says nobody answered before anyone did, and lists every reached family to follow up', async () => {
    await switchTo(page, 'ar');
    await openEvent();
    await expect.poll(() => count('completed')).toBe('0');
    expect(await count('started')).toBe('0');
    expect(await count('notStarted')).toBe('4');
    await expect.poll(() => page.getByTestId('answered-of').innerText()).toContain('0');
    const why = await page.getByTestId('follow-person').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { why: string } }).dataset.why));
    expect(why.filter((w) => w === 'survey_unfinished')).toHaveLength(2);
    await page.screenshot({ path: `${SHOTS}/survey-event-nobody-ar.png`, fullPage: true });
  });

  it('counts finished, started and not started; the follow-up lists those who have not finished; the link opens this sending’s results', async () => {
    await answer();
    const progress = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/survey-progress`, headers: auth() });
    expect(progress.json()).toEqual({ surveyId: 'involvement', recipients: 4, completed: 1, started: 1, notStarted: 2 });
    await switchTo(page, 'en');
    await openEvent();
    await expect.poll(() => count('completed')).toBe('1');
    expect(await count('started')).toBe('1');
    expect(await count('notStarted')).toBe('2');
    await expect.poll(() => page.getByTestId('follow-person').count()).toBe(3);
    const people = await page.getByTestId('follow-person').allInnerTexts();
    expect(people.join('\n')).toContain('Amina Berrada');
    expect(people.join('\n')).toContain('Started the survey, not finished');
    expect(people.join('\n')).not.toContain('فاطمة الزهراء');
    await page.screenshot({ path: `${SHOTS}/survey-event-answered-en.png`, fullPage: true });

    await page.getByTestId('survey-results-link').click();
    await page.getByTestId('pick-event').waitFor();
    expect(await page.getByTestId('pick-event').inputValue()).toBe(eventId);
    expect(await page.getByTestId('pick-survey').inputValue()).toBe('involvement');
    await page.screenshot({ path: `${SHOTS}/survey-results-from-event-en.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('refuses the progress of an event that asks no survey', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: false } });
    const meeting = (res.json() as { eventId: string }).eventId;
    const progress = await t.app.inject({ method: 'GET', url: `/v1/events/${meeting}/survey-progress`, headers: auth() });
    expect(progress.statusCode).toBe(404);
  });
});
