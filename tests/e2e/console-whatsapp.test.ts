/**
 * The console's WhatsApp page and the event form's reach line in a real browser, against the app
 * with a Cloud API number pointed at the local fake Graph server: the admin sees the number's
 * tier used in the last 24 hours and a stopped number said plainly, maps a template (kept across
 * a reload, stored by the server), has a mistake named on its row in Arabic (the API's refusal
 * too, without its English words), and, with the tier used up, reads in the event form who goes
 * by their other channel, who waits for tomorrow and who has no template in their language.
 * Screenshots at 360 and 1366 px in Arabic and English go to /tmp/walk/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../fakes/whatsapp-cloud-api.js';
import { fakeMakeMedia, fakeMakePoll, FakeWhatsAppClient } from '../fakes/whatsapp-client.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { CLOUD, cloudEnv } from './helpers/cloud.js';
import { fitsWidth, PHONE, switchTo } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = '/tmp/walk';
const WIDE = { width: 1366, height: 900 };
const TIER = 250;

let fake: FakeWhatsAppCloud;
let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];

/** Amina has a second app, Sara only WhatsApp, Omar reads Arabic (no Arabic template), Karim no WhatsApp. */
const ROSTER = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: [
    { id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: '0612000001', simulator: 'sim-wa-g1' }, channelOrder: ['whatsapp', 'simulator'] },
    { id: 'g2', name: 'Sara', locale: 'en', channels: { whatsapp: '0612000002' } },
    { id: 'g3', name: 'عمر', locale: 'ar', channels: { whatsapp: '0612000003', simulator: 'sim-wa-g3' }, channelOrder: ['whatsapp', 'simulator'] },
    { id: 'g4', name: 'Karim', locale: 'en', channels: { simulator: 'sim-wa-g4' } },
  ],
  children: ['g1', 'g2', 'g3', 'g4'].map((g, i) => ({ id: `c${i}`, name: `Child ${i}`, classId: 'C1', guardianIds: [g] })),
};

/** Families invited by template in the last 24 hours (as the send does), from `from` on. */
async function useTier(count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) await t.runtime.ctx.stores.pacer.takeNewRecipient('whatsapp', CLOUD.id, `2126990${String(i).padStart(5, '0')}@c.us`, TIER);
}

/** The page in both languages at both widths; `ready`: what shows once the page has read its data again. */
async function shots(name: string, ready: string): Promise<void> {
  for (const lang of ['ar', 'en'] as const) {
    await switchTo(page, lang);
    await page.getByTestId(ready).first().waitFor();
    for (const [size, viewport] of [['360', PHONE], ['1366', WIDE]] as const) {
      await page.setViewportSize(viewport);
      if (size === '360') await fitsWidth(page);
      await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${size}.png`, fullPage: true });
    }
  }
}

const stored = async () => (await t.app.inject({ method: 'GET', url: '/v1/school/whatsapp-templates', headers: auth() })).json();
const text = (testid: string) => page.getByTestId(testid).first().textContent();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fake = await startFakeWhatsAppCloud();
  // A school phone too, five days into its warm-up: its cap today, pacing and sends show beside the Cloud number.
  const warmUpFrom = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  const phone = { id: 'phone', number: '212522000099', schools: '*', warmUpFrom };
  const sessions = new Map([['phone', { client: new FakeWhatsAppClient(), makePoll: fakeMakePoll, makeMedia: fakeMakeMedia }]]);
  t = await startTestApp({ env: { ...cloudEnv(fake), WHATSAPP_NUMBERS: JSON.stringify([phone]) }, whatsappClients: sessions });
  await importRoster(t, ROSTER);
  await useTier(212);
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-wa', role: 'admin', locale: 'en' });
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${base}/console#signin=${token}`);
  await page.getByTestId('new-event').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await fake?.close();
});

describe('the WhatsApp page', () => {
  it('shows the Cloud API number with its tier used in the last 24 hours, on the school clock', async () => {
    await switchTo(page, 'en');
    await page.getByTestId('nav-whatsapp').click();
    await page.getByTestId('number').first().waitFor();
    expect(await text('tier-use')).toMatch(/^212 of 250 new families in the last 24 hours; 38 left; the next frees up (tomorrow )?at \d\d:\d\d\.$/);
    expect(await page.getByTestId(`tier-bar-${CLOUD.id}`).getAttribute('aria-valuenow')).toBe('85');
    expect(await page.getByTestId('no-templates').isVisible()).toBe(true);
    // The phone: today's cap on its warm-up curve (day 6: 60), its pacing, nothing sent yet.
    expect(await text('cap-use')).toBe('0 of 60 messages sent today (warm-up day 6 of 14); one message every 4–7 s.');
    await switchTo(page, 'ar');
    expect(await text('tier-use')).toContain('212 من 250 أسرة جديدة في آخر 24 ساعة؛ تبقى 38');
    expect(await text('cap-use')).toContain('اليوم 6 من 14');
  });

  it('maps a template — kind, language, name, blanks in order, quick replies — kept across a reload and stored by the server', async () => {
    await switchTo(page, 'en');
    await page.getByTestId('add-template').click();
    const row = page.getByTestId('template').first();
    await row.getByTestId('template-kind').selectOption('meeting');
    await row.getByTestId('template-locale').selectOption('en');
    await row.getByTestId('template-name').fill('meeting_invitation');
    for (let i = 0; i < 5; i++) await row.getByTestId('add-parameter').click();
    // Added in the list's order (school, title, child, date, time): the title becomes the place, moved last.
    await row.locator('select[data-index="1"]').selectOption('place');
    for (const n of [2, 3, 4]) await row.getByRole('button', { name: `Move blank ${n} down` }).click();
    await row.getByTestId('template-buttons').check();
    await page.getByTestId('save-templates').click();
    expect(await page.getByTestId('templates-saved').textContent()).toBe('Saved: 1 template.');
    const mapping = { kind: 'meeting', locale: 'en', name: 'meeting_invitation', parameters: ['school', 'child', 'date', 'time', 'place'], rsvpButtons: true };
    expect((await stored()).templates).toEqual([mapping]);

    await page.reload();
    const again = page.getByTestId('template');
    await again.first().waitFor();
    expect(await again.count()).toBe(1);
    expect(await again.getByTestId('template-name').inputValue()).toBe('meeting_invitation');
    expect(await again.getByTestId('template-kind').inputValue()).toBe('meeting');
    const order = await again.getByTestId('parameter').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(order).toEqual(mapping.parameters);
    expect(await again.getByTestId('template-buttons').isChecked()).toBe(true);
  });

  it('names a mistake on its row in Arabic, and the API’s refusal the same way, without its English words', async () => {
    await switchTo(page, 'ar');
    await page.getByTestId('add-template').click();
    const row = page.getByTestId('template').nth(1);
    expect(await row.getByTestId('template-locale').inputValue()).toBe('ar'); // the first kind and language not yet mapped
    await page.getByTestId('save-templates').click();
    expect(await text('error')).toBe('لم يُحفظ شيء: صحّح القوالب المعلَّمة بالأحمر.');
    expect(await row.getByTestId('template-problems').textContent()).toBe('اكتب اسم القالب.');
    expect(await row.getByTestId('template-name').getAttribute('aria-invalid')).toBe('true');
    await row.getByTestId('template-name').fill('Meeting Invite');
    await page.getByTestId('save-templates').click();
    expect(await row.getByTestId('template-problems').textContent()).toContain('حروف لاتينية صغيرة');

    // The server refuses what the page let through: its field path is named on the row, in Arabic.
    const message = 'body.templates.1.language: a language code such as ar, fr or en_US';
    await page.route('**/v1/school/whatsapp-templates*', (route) => (route.request().method() === 'PUT'
      ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_request', message, details: [{ field: 'body.templates.1.language', message }] } }) })
      : route.fallback()));
    await row.getByTestId('template-name').fill('meeting_invitation_ar');
    await page.getByTestId('save-templates').click();
    await expect.poll(() => row.getByTestId('template-problems').textContent()).toContain('رمز اللغة يشبه');
    expect(await page.locator('main').textContent()).not.toContain('a language code such as');
    await page.setViewportSize(PHONE);
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/whatsapp-refused-ar-360.png`, fullPage: true });
    await page.unroute('**/v1/school/whatsapp-templates*');
    await row.getByTestId('remove-template').click();
    expect(await page.getByTestId('template').count()).toBe(1);
    expect((await stored()).templates).toHaveLength(1);
  });

  it('says plainly that a number is stopped, and fits a phone in both languages', async () => {
    await t.runtime.ctx.stores.chats.putChannelStatus('whatsapp', CLOUD.id, { ready: false, detail: 'refused by the platform: (#190) Error validating access token' }, 120);
    await page.reload();
    await page.getByTestId('number-problem').waitFor();
    await switchTo(page, 'en');
    expect(await text('number-problem')).toContain('This number is stopped.');
    expect(await text('number-problem')).toContain('(#190)');
    await shots('whatsapp', 'number-problem');
    // French, the longest words, fits a phone too.
    await page.getByTestId('lang-fr').click();
    await page.getByTestId('number-problem').waitFor();
    expect(await text('number-problem')).toContain('Ce numéro est arrêté.');
    await page.setViewportSize(PHONE);
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/whatsapp-fr-360.png`, fullPage: true });
    await t.runtime.ctx.stores.chats.putChannelStatus('whatsapp', CLOUD.id, { ready: true }, 1);
  });

  it('says when the school has no Cloud API number', async () => {
    await page.route('**/v1/school/whatsapp-templates*', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...(await res.json()), numbers: [] } });
    });
    await page.reload();
    await page.getByTestId('no-numbers').waitFor();
    await shots('whatsapp-no-number', 'no-numbers');
    await page.unroute('**/v1/school/whatsapp-templates*');
  });
});

describe('the reach line of the event form', () => {
  it('with the tier used up, says who goes by their other channel, who waits for tomorrow, who has no template — and follows the kind', async () => {
    await useTier(TIER - 212, 212);
    await switchTo(page, 'en');
    await page.goto(`${base}/console#/events/new`);
    await page.getByTestId('class-C1').click();
    const reach = page.getByTestId('reach');
    await expect.poll(() => reach.textContent()).toContain('4 families: 3 on WhatsApp and 1 on Simulator.');
    expect(await text('reach-tier')).toBe('WhatsApp can start no new conversation today: 1 family will get it by their other channel and 1 family will get it tomorrow.');
    expect(await text('reach-no-template')).toBe('1 family reads a language with no WhatsApp template: they get it by their other channel or not at all.');
    await shots('event-form-reach', 'reach-tier');

    await switchTo(page, 'ar');
    await expect.poll(() => text('reach-tier')).toBe('لا يستطيع واتساب أن يبدأ اليوم أي محادثة جديدة: ستصل عبر قناة أخرى إلى أسرة واحدة وستصل غدًا إلى أسرة واحدة.');
    expect(await text('reach-summary')).toContain('4 أسر');

    // No reminder template at all: every WhatsApp family outside the window goes elsewhere, none uses the tier.
    await switchTo(page, 'en');
    await page.getByTestId('kind').selectOption('reminder');
    await expect.poll(() => text('reach-no-template')).toContain('3 families read a language with no WhatsApp template');
    expect(await page.getByTestId('reach-tier').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
