/**
 * A meeting of appointments in the console: the event page links to the day's schedule; the
 * schedule lists each time with the family and child who booked it (or "free") and the families
 * waiting, fits a phone in Arabic and English, and prints without the console around it. The
 * event page also lists the meeting's reminders.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { importRoster, waitSettled } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { fitsWidth, namesBeforeClasses, PHONE, switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = '/tmp/walk';
let t: TestApp;
let browser: Browser;
let page: Page;
let base: string;
let eventId: string;
let errors: string[];

async function tap(g: string, choice: string): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: `sim-sch-${g}`, choice } });
  expect(res.statusCode).toBe(202);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: 'École Al Amal' } });
  await importRoster(t, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }],
    guardians: ['g1', 'g2', 'g3'].map((g, i) => ({ id: g, name: ['أمينة بنعلي', 'Omar Idrissi', 'Sara Tazi'][i], locale: 'ar', channels: { simulator: `sim-sch-${g}` } })),
    children: [
      ...['g1', 'g2', 'g3'].map((g, i) => ({ id: `c${i}`, name: ['ياسين', 'Hind', 'Adam'][i], classId: 'C1', guardianIds: [g] })),
      { id: 'c3', name: 'هبة', classId: 'C1', guardianIds: ['g2'] },
    ],
    teachers: [{ id: 't1', name: 'نادية', classIds: ['C1'], locale: 'ar', gender: 'f' }],
  });
  const day = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  const res = await t.app.inject({
    method: 'POST', url: '/v1/events', headers: auth(),
    payload: { kind: 'meeting', place: 'القاعة 3', audience: { classes: ['C1'] }, respectQuietHours: false, slots: { from: `${day}T17:00:00+01:00`, to: `${day}T17:20:00+01:00`, minutes: 10, teacherId: 't1', room: 'القاعة 3' } },
  });
  eventId = res.json().eventId;
  await waitSettled(t, eventId);
  await tap('g1', `t.0.${eventId}`);
  await tap('g2', `t.1.${eventId}`);
  await tap('g3', `t.1.${eventId}`);
  // g1's tap is handled apart from g2's and g3's: wait for both bookings too, not only the waiting family.
  await waitFor(async () => {
    const s = await t.runtime.ctx.stores.slots.state(eventId);
    return s.waiting.length === 1 && s.bookings.size === 2;
  }, 10_000, 'two times booked and one family waiting');
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-sch', role: 'admin', locale: 'ar' });
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

describe('a meeting of appointments in the console', () => {
  it('gives the teacher’s gender with the schedule when the roster has it', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/slots`, headers: auth() });
    expect(res.json().slots[0]).toMatchObject({ teacherName: 'نادية', teacherGender: 'female' });
  });

  it('links the event page to its schedule, which lists each time, the family and child, and who waits', async () => {
    await page.goto(`${base}/console#/events/${eventId}`);
    await switchTo(page, 'ar');
    // Arabic dates read day/month/year, as the school writes them and the Absences page shows them:
    // no right-to-left marks turning 07/12/2026 into 2026/12/07.
    expect(await page.locator('dl.facts dd').last().textContent()).toMatch(/^\d\d\/\d\d\/\d{4}، \d\d:\d\d$/);
    await switchTo(page, 'en');
    await page.getByTestId('schedule-link').click();
    await page.getByTestId('schedule').waitFor();
    expect(await page.getByTestId('schedule-summary').textContent()).toBe('Booked: 2 of 2 times. Waiting: 1.');
    const rows = await page.getByTestId('slot-row').allTextContents();
    expect(rows[0]).toMatch(/^17:00.*أمينة بنعلي.*ياسين \(5A\).*القاعة 3$/);
    expect(rows[1]).toMatch(/^17:10.*Omar Idrissi.*Hind \(5A\)/);
    expect(await page.getByTestId('waiting').textContent()).toContain('Sara Tazi');
    expect(await page.locator('h2').first().textContent()).toContain('Teacher: نادية');
    // Each child is one unit, "هبة (5A)" in reading order, in the page's own list format.
    expect(await page.getByTestId('children').nth(1).textContent()).toMatch(/^ · (Hind \(5A\) and هبة \(5A\)|هبة \(5A\) and Hind \(5A\))$/);
    expect(await namesBeforeClasses(page)).toEqual([true, true, true, true]);
    await switchTo(page, 'ar');
    await page.getByTestId('schedule').waitFor();
    expect(await page.getByTestId('children').nth(1).textContent()).toMatch(/^ · (Hind \(5A\) وهبة \(5A\)|هبة \(5A\) و Hind \(5A\))$/);
    expect(await namesBeforeClasses(page)).toEqual([true, true, true, true]);
    // The roster says she is a woman: «الأستاذة», not «الأستاذ(ة)».
    expect(await page.locator('h2').first().textContent()).toMatch(/^الأستاذة: نادية · /);
    expect(await page.getByTestId('schedule-meeting').textContent()).toMatch(/^École Al Amalاجتماع أولياء الأمور · .* 20\d\d · القاعة 3$/);
    for (const lang of ['ar', 'en'] as const) {
      await switchTo(page, lang);
      await page.getByTestId('schedule').waitFor();
      await page.setViewportSize(PHONE);
      await fitsWidth(page);
      await page.screenshot({ path: `${SHOTS}/schedule-${lang}-360.png`, fullPage: true });
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.screenshot({ path: `${SHOTS}/schedule-${lang}-1366.png`, fullPage: true });
    }
    // Printed: the tables alone, no menu or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    expect(await page.locator('#app > header').isVisible()).toBe(false);
    // …under the school's name, the meeting, its day and place, on white paper.
    expect(await page.getByTestId('schedule-meeting').isVisible()).toBe(true);
    expect(await page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(255, 255, 255)');
    expect(await page.evaluate<string>('getComputedStyle(document.querySelector("main")).backgroundColor')).toMatch(/rgb\(255, 255, 255\)|rgba\(0, 0, 0, 0\)/);
    await page.screenshot({ path: `${SHOTS}/schedule-${await page.getAttribute('html', 'lang')}-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });

  it('a family offered a freed time stays on the waiting list, shown as offered, until it takes it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: 'sim-sch-g1', text: 'cancel' } });
    expect(res.statusCode).toBe(202);
    await waitFor(async () => (await t.runtime.ctx.stores.slots.state(eventId)).offered.size === 1, 10_000, 'the freed time offered');
    await switchTo(page, 'en');
    await page.reload();
    await page.getByTestId('schedule').waitFor();
    expect(await page.getByTestId('schedule-summary').textContent()).toBe('Booked: 1 of 2 times. Waiting: 1.');
    expect(await page.getByTestId('waiting-family').textContent()).toMatch(/Sara Tazi.*Offered 17:00 by message; not taken yet$/);
    // The free row itself says it is on offer.
    expect((await page.getByTestId('slot-row').allTextContents())[0]).toMatch(/^17:00free, offered to Sara Tazi \(waiting list\)/);
    // The event page: the span of the appointments, reminders before each family's own time, and
    // the waiting family not called "has not answered".
    await page.goto(`${base}/console#/events/${eventId}`);
    await page.getByTestId('follow-person').first().waitFor();
    expect(await page.locator('dl.facts').textContent()).toMatch(/17:00–17:20 · 2 appointments of 10 minutes/);
    expect(await page.getByTestId('reminders').textContent()).toContain('before each family’s own time');
    // How long before, not "shortly before" (the school's setting: 2 hours by default).
    expect(await page.locator('[data-testid="reminder"][data-when="before"] strong').textContent()).toBe('2 hours before');
    const sara = page.locator('[data-testid="follow-person"]', { hasText: 'Sara Tazi' });
    expect(await sara.textContent()).toMatch(/Offered [^·]*17:00, not taken yet/);
    expect(await sara.textContent()).not.toContain('Has not answered');
    await tap('g3', `t.0.${eventId}`);
    await waitFor(async () => (await t.runtime.ctx.stores.slots.state(eventId)).bookings.get('g3') === 0, 10_000, 'the offered time taken');
    await page.goto(`${base}/console#/events/${eventId}/schedule`);
    await page.getByTestId('schedule').waitFor();
    expect(await page.getByTestId('waiting').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('counts bookings, not yes / no / maybe: the answers card, each family’s booked time, the events list, the reminders', async () => {
    // Now: g3 holds 17:00, g2 17:10; g1 gave its time back (a no, no time held).
    await switchTo(page, 'en');
    await page.goto(`${base}/console#/events/${eventId}`);
    await page.getByTestId('answer').first().waitFor();
    expect(await page.getByTestId('count-rsvp-booked').textContent()).toBe('2');
    expect(await page.getByTestId('count-rsvp-no').textContent()).toBe('1');
    expect(await page.getByTestId('count-rsvp-pending').textContent()).toBe('0');
    expect(await page.getByTestId('count-rsvp-maybe').count()).toBe(0);
    expect(await page.getByTestId('progress').textContent()).toContain('Booked a time');
    expect(await page.getByTestId('progress').textContent()).toContain('Cannot come');
    expect(await page.getByTestId('progress').textContent()).not.toContain('Maybe');
    const answer = (g: string) => page.locator(`[data-testid="answer"][data-guardian="${g}"]`);
    expect(await answer('g2').getByTestId('answer-text').textContent()).toMatch(/^Booked 17:10 · /);
    expect(await answer('g3').getByTestId('answer-text').textContent()).toMatch(/^Booked 17:00 · /);
    expect(await answer('g1').getByTestId('answer-text').textContent()).toMatch(/^Cannot come · /);
    // No Yes / No / Maybe to pick by hand: a "yes" from staff would hold no time.
    expect(await page.getByTestId('answer-correct').count()).toBe(0);
    const followUp = (await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/follow-up`, headers: auth() })).json();
    expect(followUp.slots).toBe(2);
    expect(followUp.answers.find((a: { guardianId: string }) => a.guardianId === 'g2')).toMatchObject({ answer: 'yes', slot: { index: 1 } });
    expect(followUp.answers.find((a: { guardianId: string }) => a.guardianId === 'g1')).toMatchObject({ answer: 'no', slot: null });
    // Arabic: «10 دقائق», not «10 دقيقة».
    await switchTo(page, 'ar');
    await page.getByTestId('event-appointments').waitFor();
    expect(await page.getByTestId('event-appointments').textContent()).toBe('عدد المواعيد: 2، مدة كل موعد 10 دقائق');
    // The events list.
    await switchTo(page, 'en');
    await page.goto(`${base}/console#/events`);
    const row = page.locator(`a[data-testid="event-row"][href="#/events/${eventId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('event-rsvp').textContent()).toBe('Booked 2Cannot come 1No answer yet 0');
    // A "yes" with no time held (the API refuses to set one now, 409 answered_by_booking; a row
    // corrected before that may still hold one): not a booking, so not counted as one.
    const put = await t.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/answers/g1`, headers: auth(), payload: { answer: 'yes' } });
    expect(put.statusCode, put.body).toBe(409);
    expect(await t.runtime.ctx.stores.events.correctRsvp(eventId, 'g1', 'yes', new Date().toISOString(), 'earlier')).toBeTruthy();
    await page.goto(`${base}/console#/events/${eventId}`);
    await page.getByTestId('answer').first().waitFor();
    await expect.poll(() => page.getByTestId('count-rsvp-pending').textContent()).toBe('1');
    expect(await page.getByTestId('count-rsvp-booked').textContent()).toBe('2');
    expect(await answer('g1').getByTestId('answer-text').textContent()).toMatch(/^Yes, but no time booked · /);
    const reminders = await page.getByTestId('reminders').textContent();
    expect(reminders).toContain('goes to the families with a booked time (2 so far)');
    expect(reminders).not.toContain('(3 so far)');
    // Back to "none of these" for the next test.
    await t.runtime.ctx.stores.events.correctRsvp(eventId, 'g1', 'no', new Date().toISOString(), 'earlier');
    expect(errors).toEqual([]);
  });

  it('lists the families none of the times suits, so the teacher can call them', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/slots`, headers: auth() });
    expect(res.json().declined).toEqual([{ guardianId: 'g1', name: 'أمينة بنعلي', children: [{ name: 'ياسين', className: '5A' }] }]);
    await switchTo(page, 'en');
    await page.goto(`${base}/console#/events/${eventId}/schedule`);
    await page.getByTestId('declined').waitFor();
    expect(await page.getByTestId('declined').locator('h2').textContent()).toBe('Without a time');
    expect(await page.getByTestId('declined-family').allTextContents()).toEqual(['أمينة بنعلي · ياسين (5A)']);
    await switchTo(page, 'ar');
    await page.getByTestId('declined').waitFor();
    expect(await page.getByTestId('declined').locator('h2').textContent()).toBe('أسر بلا موعد');
    expect(errors).toEqual([]);
  });

  it('says in Arabic that the one family was reached, not «1 من أسرة واحدة»', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'meeting', startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), audience: { guardians: ['g2'] }, rsvp: true, respectQuietHours: false } });
    expect(res.statusCode, res.body).toBe(202);
    const one = res.json().eventId as string;
    await waitSettled(t, one);
    await page.goto(`${base}/console#/events/${one}`);
    await switchTo(page, 'ar');
    await expect.poll(() => page.getByTestId('progress-headline').textContent()).toBe('وصلت الرسالة إلى الأسرة · لم يُجب أحد بعد');
    await switchTo(page, 'en');
    await expect.poll(() => page.getByTestId('progress-headline').textContent()).toBe('The family was reached · 0 answered');
    expect(errors).toEqual([]);
  });
});
