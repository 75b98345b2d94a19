/**
 * A meeting of appointment times made in the console (the walk-through's defect: only the API
 * could make one). The secretary picks appointment times, gives the day, the first time, the end,
 * the minutes per family and a break; the form says in plain words what that makes and warns
 * when fewer families fit than will get the invitation; the event sent has those times (the
 * break left out). Going back to one time for everyone sends no times at all.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, type TestApp } from '../helpers/app.js';
import type { Browser } from './helpers/browser.js';
import { cutOff, fitsWidth, PHONE, DESKTOP, switchTo, useLang } from './helpers/pages.js';
import { openFormPage } from './helpers/form-page.js';

let t: TestApp;
let browser: Browser;
let base: string;
let staff: Page;
let errors: string[];
let posted: Array<Record<string, unknown>>;
const DAY = '2027-12-14';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  ({ t, browser, base, staff, errors, posted } = await openFormPage('samira-slots'));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function newMeeting(): Promise<void> {
  await staff.goto(`${base}/console`);
  await staff.getByTestId('new-event').click();
  await staff.getByTestId('timing').waitFor();
  await staff.getByTestId('class-C1').click();
  expect(await staff.getByTestId('kind').inputValue()).toBe('meeting');
}

describe('appointment times in the event form', () => {
  it('makes them from the day, the first time, the end, the minutes and a break, says what they make, and sends them', async () => {
    await switchTo(staff, 'en');
    await newMeeting();
    expect(await staff.getByTestId('slot-mode-one').isChecked()).toBe(true);
    expect(await staff.getByTestId('slots').isVisible()).toBe(false);
    await staff.getByTestId('slot-mode-slots').check();
    // The first time stands in for the meeting's one time; the answer is a time, not yes / no.
    await expect.poll(() => staff.getByTestId('time').isVisible()).toBe(false);
    await expect.poll(() => staff.getByTestId('slots-answer').isVisible()).toBe(true);
    expect(await staff.locator('input[name="rsvp"]').isVisible()).toBe(false);
    await staff.getByTestId('date').fill('14/12/2027');
    await staff.getByTestId('slotFrom').fill('1600');
    await staff.getByTestId('slotFrom').press('Tab');
    expect(await staff.getByTestId('slotFrom').inputValue()).toBe('16:00');
    await staff.getByTestId('slotTo').fill('16:20');
    await staff.getByTestId('slotMinutes').fill('10');
    // Class 5A: three families have a chat app (one has none), two times leave one waiting.
    await expect.poll(() => staff.getByTestId('slots-short').textContent())
      .toBe('3 families will get the invitation and there is room for 2 families: the others go on a waiting list.');
    await staff.getByTestId('slotTo').fill('17:30');
    await staff.getByTestId('breakFrom').fill('16:40');
    await staff.getByTestId('breakTo').fill('16:50');
    await staff.getByTestId('teacherId').selectOption('t1');
    await staff.getByTestId('room').fill('Salle 3');
    await expect.poll(() => staff.getByTestId('slots-made').textContent())
      .toBe('8 times of 10 minutes, from 16:00 to 17:30 (break 16:40–16:50): room for 8 families.');
    expect(await staff.getByTestId('slots-short').count()).toBe(0);
    await expect.poll(() => staff.getByTestId('when-spelled').textContent()).toMatch(/^Tuesday,? 14 December 2027 at 16:00$/);

    await staff.getByTestId('send').click();
    await staff.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    const at = (hhmm: string) => `${DAY}T${hhmm}:00+01:00`;
    expect(posted.at(-1)).toMatchObject({
      kind: 'meeting', rsvp: true, startsAt: at('16:00'), audience: { classes: ['C1'] },
      slots: { from: at('16:00'), to: at('17:30'), minutes: 10, breaks: [{ from: at('16:40'), to: at('16:50') }], teacherId: 't1', room: 'Salle 3' },
    });
    const eventId = /#\/events\/(ev[a-z0-9]+)$/.exec(staff.url())?.[1];
    const res = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/slots`, headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    const { slots } = res.json() as { slots: Array<{ startsAt: string; endsAt: string; capacity: number; teacherId: string; room: string }> };
    const utc = (hhmm: string) => new Date(at(hhmm)).toISOString();
    expect(slots.map((s) => s.startsAt)).toEqual(['16:00', '16:10', '16:20', '16:30', '16:50', '17:00', '17:10', '17:20'].map(utc));
    expect(slots.every((s) => s.capacity === 1 && s.teacherId === 't1' && s.room === 'Salle 3')).toBe(true);
  });

  it('names what cannot be read, and sends nothing', async () => {
    const before = posted.length;
    await newMeeting();
    await staff.getByTestId('slot-mode-slots').check();
    await staff.getByTestId('date').fill('14/12/2027');
    await staff.getByTestId('slotFrom').fill('17:00');
    await staff.getByTestId('slotTo').fill('16:00');
    await expect.poll(() => staff.getByTestId('slots-problem').textContent()).toBe('The end must come after the first time.');
    await staff.getByTestId('send').click();
    expect(await staff.getByRole('alert').textContent()).toContain('The end must come after the first time.');
    // A break outside the times would be left out silently: it is named instead.
    await staff.getByTestId('slotTo').fill('18:00');
    await staff.getByTestId('breakFrom').fill('18:30');
    await staff.getByTestId('breakTo').fill('18:45');
    await expect.poll(() => staff.getByTestId('slots-problem').textContent()).toBe('The break must fall between the first time and the end of the last one.');
    await staff.getByTestId('send').click();
    expect(await staff.getByRole('alert').textContent()).toContain('The break must fall between');
    expect(posted.length).toBe(before);
  });

  it('fits a 360 px phone in Arabic, every control inside its card and labelled (no serious axe finding)', async () => {
    await newMeeting();
    await staff.getByTestId('slot-mode-slots').check();
    await useLang(staff, 'ar');
    await staff.setViewportSize(PHONE);
    await staff.getByTestId('slots').waitFor();
    await staff.getByTestId('slotTo').fill('17:30');
    await staff.getByTestId('slots-made').waitFor();
    await fitsWidth(staff);
    expect(await cutOff(staff)).toEqual([]);
    await staff.evaluate(AXE_SOURCE);
    const found = await staff.evaluate<Array<{ id: string; impact: string | null }>>('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
    expect(found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await staff.setViewportSize(DESKTOP);
    await useLang(staff, 'en');
  });

  it('sends no times once "one time for everyone" is chosen again', async () => {
    await newMeeting();
    await staff.getByTestId('slot-mode-slots').check();
    await staff.getByTestId('date').fill('14/12/2027');
    await staff.getByTestId('slotFrom').fill('16:00');
    await staff.getByTestId('slotTo').fill('18:00');
    await staff.getByTestId('slot-mode-one').check();
    await expect.poll(() => staff.getByTestId('time').isVisible()).toBe(true);
    expect(await staff.locator('input[name="rsvp"]').isVisible()).toBe(true);
    await staff.getByTestId('time').fill('17:30');
    await staff.getByTestId('send').click();
    await staff.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    expect(posted.at(-1)).toMatchObject({ kind: 'meeting', rsvp: true, startsAt: `${DAY}T17:30:00+01:00` });
    expect(posted.at(-1)).not.toHaveProperty('slots');
    expect(errors).toEqual([]);
  });
});
