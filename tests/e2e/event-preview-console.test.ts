/**
 * The event form's Preview in a real browser, in Arabic and English: a card per language with
 * its families, per app a phone-like screen drawing the choices as that app does (Telegram's
 * buttons, Messenger's quick replies, the Cloud API's reply buttons, then a list for a survey's
 * seven points), Arabic right to left inside the bubbles, the date spelled out; nothing is sent.
 * Screenshots go to /tmp/walk13c.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-api.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../fakes/whatsapp-cloud-api.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { messengerEnv, telegramEnv } from './helpers/channels.js';
import { cloudEnv } from './helpers/cloud.js';
import { DESKTOP, fitsWidth, PHONE, switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = '/tmp/walk13c';

let t: TestApp;
let tg: FakeTelegram;
let graph: FakeGraph;
let cloud: FakeWhatsAppCloud;
let browser: Browser;
let base: string;
let staff: Page;
let errors: string[];

const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: [
    { id: 'gT1', name: 'فاطمة', locale: 'ar', channels: { telegram: '555000001' } },
    { id: 'gT2', name: 'خديجة', locale: 'ar', channels: { telegram: '555000002' } },
    { id: 'gW', name: 'Hassan', locale: 'ar', channels: { whatsapp: '0612000009' } },
    { id: 'gM', name: 'Amina', locale: 'en', channels: { messenger: '7100000000000009' } },
    { id: 'gS', name: 'John', locale: 'en', channels: { simulator: 'sim-preview-john' } },
    { id: 'gF', name: 'Claire', locale: 'fr', channels: { whatsapp: '0612000010' } },
  ],
  children: [
    { id: 'c1', name: 'ياسين', classId: 'C1', guardianIds: ['gT1'] },
    { id: 'c2', name: 'سلمى', classId: 'C1', guardianIds: ['gT2', 'gW'] },
    { id: 'c3', name: 'Sara', classId: 'C1', guardianIds: ['gM'] },
    { id: 'c4', name: 'Tom', classId: 'C1', guardianIds: ['gS'] },
    { id: 'c5', name: 'Léa', classId: 'C1', guardianIds: ['gF'] },
  ],
};

beforeAll(async () => {
  [tg, graph, cloud] = await Promise.all([startFakeTelegram(), startFakeGraph(), startFakeWhatsAppCloud()]);
  t = await startTestApp({ env: { ...telegramEnv(tg), ...messengerEnv(graph), ...cloudEnv(cloud) } });
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'École Al Amal' });
  await importRoster(t, roster);
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-preview', role: 'admin', locale: 'ar' });
  [base, browser] = await Promise.all([serve(t), launchBrowser(), mkdir(SHOTS, { recursive: true })]);
  staff = await browser.context.newPage();
  errors = collectErrors(staff);
  await staff.goto(`${base}/console#signin=${token}`);
  await staff.getByTestId('new-event').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await Promise.all([tg?.close(), graph?.close(), cloud?.close()]);
});

const shot = (name: string) => staff.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

async function openForm(lang: 'ar' | 'en'): Promise<void> {
  await staff.goto(`${base}/console`);
  await switchTo(staff, lang);
  await staff.getByTestId('new-event').click();
  await staff.getByTestId('class-C1').click();
  await staff.getByTestId('date').fill('14/12/2027');
  await staff.getByTestId('time').fill('17:00');
}

describe('the preview before sending', () => {
  it('in Arabic: a card per language, each app drawn its way, Arabic right to left, the date spelled out; a change puts it away', async () => {
    await staff.setViewportSize(DESKTOP);
    await openForm('ar');
    await staff.getByTestId('preview-button').click();
    const preview = staff.getByTestId('preview');
    await staff.getByTestId('preview-ar').waitFor();
    expect(await preview.getByTestId('preview-summary').innerText()).toContain('2027');
    expect(await preview.getByTestId('preview-summary').innerText()).toMatch(/6/);
    const telegram = staff.getByTestId('preview-ar-telegram');
    expect(await telegram.getAttribute('data-ui')).toBe('buttons');
    expect(await telegram.locator('.bubble-buttons li').count()).toBe(3);
    expect(await telegram.locator('.bubble p').first().innerText()).toContain('ياسين');
    expect(await telegram.locator('.phone-screen').getAttribute('dir')).toBe('rtl');
    expect(await staff.getByTestId('preview-ar-whatsapp-cloud').getAttribute('data-ui')).toBe('buttons');
    expect(await staff.getByTestId('preview-en-messenger').locator('.quick-replies li').count()).toBe(3);
    expect(await staff.getByTestId('preview-en-messenger').locator('.phone-screen').getAttribute('dir')).toBe('ltr');
    expect(await staff.getByTestId('preview-en-simulator').locator('.bubble-buttons li').count()).toBe(3);
    expect(await staff.getByTestId('preview-fr').isVisible()).toBe(true);
    await shot('preview-meeting-ar-desktop');

    // A survey: its first question and its points, a list on the Cloud API.
    await staff.getByTestId('kind').selectOption('survey');
    await expect.poll(() => preview.isVisible()).toBe(false);
    await staff.getByTestId('preview-button').click();
    await staff.getByTestId('preview-ar-whatsapp-cloud').waitFor();
    expect(await staff.getByTestId('preview-ar-whatsapp-cloud').getAttribute('data-ui')).toBe('list');
    expect(await staff.getByTestId('preview-ar-whatsapp-cloud').locator('.list-sheet li').count()).toBeGreaterThan(3);
    expect(await staff.getByTestId('preview-ar-telegram').locator('.bubble-buttons li').count()).toBeGreaterThan(3);
    await staff.setViewportSize(PHONE);
    await fitsWidth(staff);
    await shot('preview-survey-ar-360');
    await staff.getByTestId('preview-ar').screenshot({ path: `${SHOTS}/preview-survey-ar-360-arabic-card.png` });
    await staff.getByTestId('preview-en').screenshot({ path: `${SHOTS}/preview-survey-ar-360-english-card.png` });
  });

  it('in English, and nothing was sent or stored', async () => {
    await staff.setViewportSize(DESKTOP);
    await openForm('en');
    await staff.getByTestId('preview-button').click();
    await staff.getByTestId('preview-en-messenger').waitFor();
    expect(await staff.getByTestId('preview-summary').innerText()).toContain('14 December 2027');
    expect(await staff.getByTestId('preview-en-messenger').locator('.bubble p').first().innerText()).toContain('Sara');
    await shot('preview-meeting-en-desktop');
    await staff.setViewportSize(PHONE);
    await fitsWidth(staff);
    await shot('preview-meeting-en-360');

    expect(tg.received.filter((c) => c.method.startsWith('send'))).toEqual([]);
    expect(graph.received).toEqual([]);
    expect(cloud.sent()).toEqual([]);
    const events = await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() });
    expect(events.json().items).toEqual([]);
    expect(errors).toEqual([]);
  });
});
