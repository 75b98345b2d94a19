/**
 * What the console says about events, in a real browser (issue 13):
 * - D10: an event's progress in staff's words ("2 of 4 families reached · 1 answered"), in
 *   Arabic, English and French with their plural forms, each bar named and valued in words;
 * - D11: the events list tells events apart (classes by name, yes / no / pending, who sent it, a
 *   mark on past ones) and narrows by search, kind and time;
 * - D12: survey statistics wait for MIN_ANSWERS_FOR_STATS answers ("too few answers yet"), are
 *   explained in plain words, and keep alpha and rho in a folded "Advanced" section.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../src/core/survey.js';
import { INVOLVEMENT } from '../../src/domain/survey/builtins.js';
import { createEvent } from '../../src/services/events.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { deliveries, importRoster, postMeeting, waitSettled } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { consoleRoster, seedSurveyAnswers } from './helpers/console-fixtures.js';
import { useLang } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
const ids = { meeting: '', past: '', teacher: '', fewAnswers: '', manyAnswers: '' };

async function postEvent(payload: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { respectQuietHours: false, ...payload } });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { eventId: string }).eventId;
}

/** `count` answers to every question of the involvement survey, for `eventId`. */
async function answerSurvey(eventId: string, count: number): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const start = { surveyId: INVOLVEMENT.id, eventId, guardianId: `few${i}`, locale: 'en', channel: 'simulator', classes: 'C1', startedAt: at } satisfies Omit<SurveyResponse, 'answers'>;
    for (const [k, q] of INVOLVEMENT.questions.entries()) await t.runtime.ctx.stores.surveys.record('s1', start, { answer: { q: q.id, v: 1 + ((i * 5 + k * 3) % 6), at, ch: 'simulator' } });
  }
}

beforeAll(async () => {
  t = await startTestApp();
  // A named school: an unnamed one is asked for its name first.
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'École Al Amal' });
  await importRoster(t, consoleRoster(t.prefix));
  ids.meeting = (await postMeeting(t, { classes: ['C1'] })).eventId;
  ids.past = await postEvent({ kind: 'school_event', startsAt: '2024-05-10T10:00:00+01:00', audience: { classes: ['C1', 'C2'] }, rsvp: true, allowPastStart: true });
  ids.teacher = (await createEvent(t.runtime.ctx, 's1', { kind: 'reminder', audience: { classes: ['C1'] }, rsvp: false, respectQuietHours: false, title: { en: 'Bring your books', ar: 'أحضروا كتبكم' } }, { createdBy: 'teacher:t1' })).eventId;
  ids.fewAnswers = await postEvent({ kind: 'survey', audience: { grades: [5] }, survey: { id: 'involvement' }, title: { en: 'Few answers' } });
  ids.manyAnswers = await postEvent({ kind: 'survey', audience: { grades: [6] }, survey: { id: 'involvement' }, title: { en: 'Many answers' } });
  await waitSettled(t, ids.meeting);
  // Fatima (sim-…-a) says yes on her phone.
  const res = await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: `sim-${t.prefix}-a`, choice: `r.yes.${ids.meeting}` } });
  expect(res.statusCode, res.body).toBe(202);
  await waitFor(async () => (await deliveries(t, ids.meeting)).get('gA')?.rsvp === 'yes' || undefined, 15_000, 'the yes');
  await Promise.all([waitSettled(t, ids.fewAnswers), answerSurvey(ids.fewAnswers, 3), seedSurveyAnswers(t, ids.manyAnswers)]);
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-events', role: 'admin', locale: 'en' });
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

const headline = () => page.getByTestId('progress-headline').textContent();

describe('an event’s progress (D10)', () => {
  it('says "2 of 4 families reached · 1 answered", with each bar named and valued in words', async () => {
    await useLang(page, 'en');
    await page.goto(`${base}/console#/events/${ids.meeting}`);
    await expect.poll(headline).toBe('2 of 4 families reached · 1 answered');
    const reached = page.getByTestId('bar-reached');
    expect(await reached.getAttribute('aria-label')).toBe('Reached');
    expect(await reached.getAttribute('aria-valuetext')).toBe('2 of 4');
    expect(await reached.getAttribute('aria-valuenow')).toBe('50');
    expect(await page.getByTestId('reached-of').textContent()).toBe('2 of 4');
    const answered = page.getByTestId('bar-answered');
    expect(await answered.getAttribute('aria-label')).toBe('Answered');
    expect(await answered.getAttribute('aria-valuetext')).toBe('1 of 4');
    // The fan-out is done: its bar is put away.
    expect(await page.getByTestId('bar-fanout').isVisible()).toBe(false);
  });

  it('says it in Arabic and French, with their plural forms', async () => {
    await useLang(page, 'ar');
    await expect.poll(headline).toBe('وصلت الرسالة إلى 2 من 4 أسر · أجابت أسرة واحدة');
    expect(await page.getByTestId('bar-reached').getAttribute('aria-label')).toBe('وصلتهم الرسالة');
    await useLang(page, 'fr');
    await expect.poll(headline).toBe('2 sur 4 familles jointes · 1 réponse');
  });

  it('counts a survey’s responses as its answers', async () => {
    await useLang(page, 'en');
    await page.goto(`${base}/console#/events/${ids.fewAnswers}`);
    await expect.poll(headline).toBe('2 of 4 families reached · 3 answered');
    await useLang(page, 'ar');
    await expect.poll(headline).toContain('أجابت 3 أسر');
  });
});

describe('the events list (D11)', () => {
  const row = (id: string) => page.locator(`a[data-testid="event-row"][href="#/events/${id}"]`);
  const rows = () => page.getByTestId('event-row').count();

  it('shows per row the classes, the answers, who sent it and whether it has passed', async () => {
    await useLang(page, 'en');
    await page.goto(`${base}/console#/events`);
    await row(ids.fewAnswers).waitFor();
    const meeting = row(ids.meeting);
    // The rows are drawn with class ids first; the class names are read apart and drawn a moment later.
    await expect.poll(() => meeting.getByTestId('event-audience').textContent()).toBe('5A');
    expect(await meeting.getByTestId('event-rsvp').textContent()).toBe('Yes 1No 0Maybe 0No answer yet 1');
    expect(await meeting.getByTestId('event-sender').textContent()).toBe('From the school office');
    expect(await meeting.getAttribute('data-past')).toBe('false');
    expect(await row(ids.past).getByTestId('event-audience').textContent()).toBe('5A · 6B');
    expect(await row(ids.past).getByTestId('event-past').textContent()).toBe('Past');
    expect(await row(ids.teacher).getByTestId('event-sender').textContent()).toBe('From نادية بناني (teacher)');
    expect(await row(ids.teacher).getByTestId('event-rsvp').count()).toBe(0);
    await useLang(page, 'ar');
    await expect.poll(() => row(ids.past).getByTestId('event-past').textContent()).toBe('مضى');
    expect(await row(ids.teacher).getByTestId('event-sender').textContent()).toBe('من الأستاذ(ة) نادية بناني');
  });

  it('narrows the list by search, kind and time', async () => {
    await useLang(page, 'en');
    const search = page.getByTestId('events-search');
    await search.fill('books');
    await expect.poll(rows).toBe(1);
    expect(await row(ids.teacher).count()).toBe(1);
    await search.fill('6B'); // a class by its name: only the event sent to 5A and 6B
    await expect.poll(rows).toBe(1);
    expect(await row(ids.past).count()).toBe(1);
    expect(await page.getByTestId('events-shown').textContent()).toMatch(/^Showing 1 of the \d+ events read\.$/);
    await search.fill('');
    await page.getByTestId('events-kind').selectOption('survey');
    await expect.poll(rows).toBe(2);
    await page.getByTestId('events-kind').selectOption('');
    await page.getByTestId('events-when').selectOption('past');
    await expect.poll(() => row(ids.meeting).count()).toBe(0);
    expect(await row(ids.past).count()).toBe(1);
    expect(await page.locator('[data-testid="event-row"][data-past="false"]').count()).toBe(0);
    await page.getByTestId('events-when').selectOption('upcoming');
    await expect.poll(() => row(ids.past).count()).toBe(0);
    expect(await row(ids.meeting).count()).toBe(1);
    expect(await page.locator('[data-testid="event-row"][data-past="true"]').count()).toBe(0);
    await search.fill('nothing like this');
    await page.getByTestId('events-none-match').waitFor();
    await page.getByTestId('events-when').selectOption('');
    await search.fill('');
    await row(ids.past).waitFor();
    expect(await page.getByTestId('events-shown').textContent()).toBe('');
  });
});

describe('survey statistics (D12)', () => {
  async function results(eventId: string): Promise<void> {
    await page.goto(`${base}/console#/surveys`);
    await page.getByTestId('pick-survey').selectOption('involvement');
    await page.getByTestId('pick-event').selectOption(eventId);
    await page.getByTestId('stats-words').waitFor();
  }

  it('opens on the survey sent last, that sending picked, and offers only that survey’s sendings', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/v1/events?limit=100', headers: auth() })).json() as { items: Array<{ id: string; kind: string; survey?: { id: string } }> };
    const surveys = list.items.filter((e) => e.survey);
    await page.goto(`${base}/console#/surveys`);
    await page.reload(); // the page's choices start afresh
    await page.getByTestId('pick-event').waitFor();
    expect(await page.getByTestId('pick-survey').inputValue()).toBe(surveys[0]?.survey?.id);
    expect(await page.getByTestId('pick-event').inputValue()).toBe(surveys[0]?.id);
    const offered = await page.getByTestId('pick-event').locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    expect(offered.sort()).toEqual(surveys.filter((e) => e.survey?.id === surveys[0]?.survey?.id).map((e) => e.id).sort());
  });

  it('tells the sendings of one survey apart by their classes and day, not by the title alone', async () => {
    await useLang(page, 'en');
    await page.goto(`${base}/console#/surveys`);
    await page.getByTestId('pick-survey').selectOption('involvement');
    await page.getByTestId('pick-event').waitFor();
    const label = (id: string) => page.locator(`[data-testid="pick-event"] option[value="${id}"]`).textContent();
    expect(await label(ids.fewAnswers)).toMatch(/^Few answers · Grade 5 · \d{1,2} [A-Z][a-z]{2,3}$/);
    expect(await label(ids.manyAnswers)).toMatch(/^Many answers · Grade 6 · \d{1,2} [A-Z][a-z]{2,3}$/);
  });

  it('says "too few answers yet" for 3 answers, and shows no alpha or rho', async () => {
    await useLang(page, 'en');
    await results(ids.fewAnswers);
    expect(await page.getByTestId('too-few').textContent()).toContain('Too few answers yet');
    expect(await page.getByTestId('too-few').textContent()).toContain('3 so far, at least 10');
    // Each question says how many answered it: the bar's count, not a figure of 0.
    expect(await page.getByTestId('item-stats').first().textContent()).toMatch(/^3 answers · /);
    expect(await page.getByTestId('alpha').count()).toBe(0);
    expect(await page.getByTestId('heatmap').count()).toBe(0);
    await page.getByTestId('advanced').locator('summary').click();
    expect(await page.getByTestId('too-few-advanced').isVisible()).toBe(true);
    expect(await page.getByTestId('subscales').textContent()).not.toMatch(/α|alpha/i);
  });

  it('explains the figures in plain words and folds alpha and rho away under "Advanced"', async () => {
    await results(ids.manyAnswers);
    await expect.poll(() => page.locator('[data-testid="subscales"] tbody tr').count()).toBe(6);
    expect(await page.getByTestId('too-few').count()).toBe(0);
    expect(await page.getByTestId('stats-words').textContent()).toContain('from 1 (Strongly disagree) to 6 (Strongly agree)');
    const advanced = page.getByTestId('advanced');
    expect(await advanced.getAttribute('open')).toBeNull();
    expect(await page.getByTestId('alpha').isVisible()).toBe(false);
    await advanced.locator('summary').click();
    expect(await page.locator('[data-testid="alpha"] tbody tr').count()).toBe(6);
    expect(await page.getByTestId('heat-cell').count()).toBe(36);
    await useLang(page, 'ar');
    await page.getByTestId('stats-words').waitFor();
    expect(await page.getByTestId('stats-words').textContent()).toContain('المتوسط');
    expect(errors).toEqual([]);
  });
});
