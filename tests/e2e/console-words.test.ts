/**
 * Issue 13 in a real browser: D5/D6 (the server's errors in the reader's language, with the
 * spreadsheet's columns named as staff call them, never the API's English sentence in Arabic or
 * French), D14 (the simulator: parents of the same name told apart, unread dots that clear and
 * stay cleared after a reload, a woman teacher called «أستاذة»), D16 (the inbox's count of notes
 * waiting for an answer, in the navigation and the heading, and its answered / waiting filter),
 * and an unnamed school (its admin is asked the name; the header never shows the school's id).
 * Screenshots at 360 and 1366 px in Arabic and English go to $SHOTS_DIR (default test-artifacts/console).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { fitsWidth, namesBeforeClasses, switchTo, useLang } from './helpers/pages.js';
import { personWithLink } from './helpers/sign-in.js';

const SHOTS = process.env.SHOTS_DIR ?? join(process.cwd(), 'test-artifacts', 'console');

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
const sim = (who: string) => `sim-${t.prefix}-${who}`;

/** The page in Arabic and English, at a phone's width and a desktop's, each fitting its width. */
async function snap(p: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const lang of ['ar', 'en'] as const) {
    await switchTo(p, lang);
    for (const viewport of [{ width: 360, height: 740 }, { width: 1366, height: 900 }]) {
      await p.setViewportSize(viewport);
      await fitsWidth(p);
      await p.screenshot({ path: join(SHOTS, `${name}-${lang}-${viewport.width}.png`), fullPage: true });
    }
  }
}

beforeAll(async () => {
  t = await startTestApp();
  await importRoster(t, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '6B', grade: 6 }],
    guardians: [
      { id: 'gA', name: 'فاطمة الزهراء', locale: 'ar', channels: { simulator: sim('a') } },
      { id: 'gB', name: 'فاطمة الزهراء', locale: 'ar', channels: { simulator: sim('b') } },
      { id: 'gC', name: 'Amina Berrada', locale: 'en', channels: { simulator: sim('c') } },
    ],
    children: [
      { id: 'cA', name: 'سارة', classId: 'C1', guardianIds: ['gA'] },
      { id: 'cB', name: 'يوسف', classId: 'C2', guardianIds: ['gB'] },
      { id: 'cC', name: 'Adam', classId: 'C1', guardianIds: ['gC'] },
    ],
    teachers: [
      { id: 't1', name: 'نادية بناني', gender: 'f', classIds: ['C1'], channels: { simulator: sim('t1') } },
      { id: 't2', name: 'Karim Tazi', classIds: ['C2'], channels: { simulator: sim('t2') } },
    ],
  });
  const { token } = await personWithLink(t, 's1', { name: 'سميرة الإدريسي', login: `samira-${t.prefix}`, role: 'admin', locale: 'ar' });
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

describe('a school nobody has named', () => {
  it("asks its admin for the name above the page, and never shows the school's id", async () => {
    await page.getByTestId('name-school').waitFor();
    expect(await page.getByTestId('brand').textContent()).not.toContain('s1');
    expect(await page.getByTestId('school-name-example').textContent()).toContain('مدرسة طفلكم');
    await snap(page, 'school-name');
    await switchTo(page, 'ar');
    await page.getByTestId('school-name').fill('مدرسة الأمل');
    expect(await page.getByTestId('school-name-example').textContent()).toContain('مع أطيب التحيات، مدرسة الأمل');
    await page.getByTestId('school-name-save').click();
    await expect.poll(() => page.getByTestId('brand').textContent()).toBe('مدرسة الأمل');
    expect(await page.getByTestId('name-school').count()).toBe(0);
    expect((await t.runtime.ctx.stores.schools.get('s1')).name).toBe('مدرسة الأمل');
  });
});

describe("the server's errors in the reader's language", () => {
  const csv = [
    'child_id;child_name;class_id;guardian_name;guardian_phone;guardian_locale',
    'cN1;Rayan;C2;Salma Bennani;0612345601;en',
    'cN2;Nour;C2;Omar;06123;ar',
    'cN3;Ilyas;C2;Hind;0612345603;de',
  ].join('\n');

  async function upload() {
    await page.goto(`${base}/console#/roster`);
    await page.getByTestId('csv-file').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('upload').click();
    await page.getByTestId('import-errors').waitFor();
  }

  it('names the column and the problem in Arabic, never in the API’s English', async () => {
    await switchTo(page, 'ar');
    await upload();
    const table = page.getByTestId('import-errors');
    expect(await page.getByTestId('import-column').allTextContents()).toEqual(['الهاتف', 'اللغة']);
    const reasons = await page.getByTestId('import-reason').allTextContents();
    expect(reasons[0]).toContain('«06123» ليس رقم هاتف');
    expect(reasons[1]).toContain('«de» ليست لغة نعرفها');
    expect(await table.textContent()).not.toMatch(/is not a|guardian_phone/);
    expect(await page.getByTestId('error').textContent()).toContain('لم يُستورد شيء');
    expect(await page.getByTestId('error').textContent()).not.toMatch(/nothing was imported/i);
    await snap(page, 'roster-errors');
  });

  it('and in French', async () => {
    await useLang(page, 'fr');
    await upload();
    expect(await page.getByTestId('import-column').allTextContents()).toEqual(['Téléphone', 'Langue']);
    expect((await page.getByTestId('import-reason').allTextContents())[0]).toContain('« 06123 » n’est pas un numéro de téléphone');
    expect(await page.getByTestId('import-errors').textContent()).not.toMatch(/is not a/);
    await switchTo(page, 'ar');
  });

  it('says a refusal by its code and parameters: "not found" and the field of a bad request, in Arabic', async () => {
    await page.goto(`${base}/console#/inbox`);
    await switchTo(page, 'ar');
    // A 400 the API words in English ("body.text: …"): the console names the field in Arabic.
    // The page runs its bundle; the modules this test imports are the source files, handed to
    // the page by the test (the server serves them only bundled).
    await page.route('**/console/js/**', (route) => route.fulfill({ path: join(process.cwd(), 'src', 'console', new URL(route.request().url()).pathname.slice('/console/'.length)), contentType: 'text/javascript; charset=utf-8' }));
    const said = await page.evaluate<string>(`import('/console/js/api.js').then(async ({ api, ApiError }) => {
      const { errorBox } = await import('/console/js/ui.js');
      const one = await api('POST', '/v1/inbox/naaaaaaaa1/reply', { body: { text: '' } }).catch((e) => e);
      const two = await api('POST', '/v1/inbox/naaaaaaaa1/reply', { body: { text: 'hello' } }).catch((e) => e);
      // D6: the wrong-key refusal an integration's key gets, as the API sends it.
      const res = await fetch('/v1/roster', { headers: { authorization: 'Bearer not-a-key-of-ours' } });
      const { error } = await res.json();
      const three = new ApiError(res.status, error.code, error.message, error.details, undefined, error.params);
      return [errorBox(one), errorBox(two), errorBox(three)].map((b) => b.dataset.known + ' ' + b.textContent).join(' | ');
    })`);
    await page.unroute('**/console/js/**');
    const [bad, missing, wrongKey] = said.split(' | ');
    expect(bad).toMatch(/^true .*تحقّق من: النص/);
    expect(missing).toMatch(/^true هذه الرسالة غير موجودة/);
    expect(wrongKey).toBe('true مفتاح API هذا غير صالح.');
    expect(said).not.toMatch(/no note|body\.text|too_small|write the answer|not valid/i);
  });
});

describe('the inbox: what waits for an answer', () => {
  it('counts the notes waiting in the navigation and the heading, and filters answered and waiting', async () => {
    const notes = t.runtime.ctx.stores.notes;
    await notes.create('s1', { id: 'n0000000a1', guardianId: 'gA', text: 'سارة مريضة اليوم', at: new Date(Date.now() - 60_000).toISOString(), channel: 'simulator' });
    await notes.create('s1', { id: 'n0000000c1', guardianId: 'gC', text: 'Adam will be late tomorrow.', at: new Date().toISOString(), channel: 'simulator' });
    await page.goto(`${base}/console#/events`);
    await page.goto(`${base}/console#/inbox`);
    await switchTo(page, 'ar');
    await expect.poll(() => page.getByTestId('nav-inbox-count').textContent()).toBe('2');
    expect(await page.getByTestId('inbox-unanswered').textContent()).toBe('رسالتان تنتظران جوابًا');
    await snap(page, 'inbox');
    await switchTo(page, 'en');
    const late = page.getByTestId('note').filter({ hasText: 'late tomorrow' });
    await late.locator('textarea').fill('Thank you for letting us know.');
    await late.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.getByTestId('nav-inbox-count').textContent()).toBe('1');
    expect(await page.getByTestId('inbox-unanswered').textContent()).toBe('1 waiting for an answer');
    await page.getByTestId('inbox-show-unanswered').check();
    await expect.poll(() => page.getByTestId('note').allTextContents()).toEqual([expect.stringContaining('سارة مريضة اليوم')]);
    await page.getByTestId('inbox-show-answered').check();
    await expect.poll(() => page.getByTestId('note').allTextContents()).toEqual([expect.stringContaining('late tomorrow')]);
    await snap(page, 'inbox-answered');
    await page.getByTestId('inbox-show-all').check();
    await expect.poll(() => page.getByTestId('note').count()).toBe(2);
  });
});

describe('the simulator', () => {
  it('tells two parents of the same name apart, calls a woman teacher «أستاذة», and clears an unread dot for good', async () => {
    await t.runtime.ctx.stores.simulator.deliver('s1', sim('a'), [{ id: 'm-a1', direction: 'out', text: 'مرحبًا', at: new Date().toISOString() }]);
    const phone = await browser.context.newPage();
    const phoneErrors = collectErrors(phone);
    await phone.goto(`${base}/simulator`);
    await switchTo(phone, 'ar');
    const person = (who: string) => phone.locator(`[data-testid="sim-person"][data-address="${sim(who)}"]`);
    expect(await person('a').textContent()).toContain('سارة (5A)');
    expect(await person('b').textContent()).toContain('يوسف (6B)');
    expect(await person('t1').textContent()).toContain('أستاذة');
    expect(await person('t2').textContent()).toContain('أستاذ(ة)');
    await person('a').getByTestId('sim-unread').waitFor();
    expect(await person('b').getByTestId('sim-unread').count()).toBe(0);
    await snap(phone, 'simulator-unread');
    await person('a').click();
    await phone.getByTestId('msg-out').first().waitFor();
    expect(await phone.getByTestId('phone-who').textContent()).toContain('سارة (5A)');
    expect(await namesBeforeClasses(phone)).not.toContain(false);
    // In English too, on the list and the phone's header: "سارة (5A)", never "(5A) سارة".
    await switchTo(phone, 'en');
    await phone.getByTestId('phone-who').locator('bdi.child-class').waitFor();
    expect(await namesBeforeClasses(phone)).not.toContain(false);
    await switchTo(phone, 'ar');
    expect(await person('a').getByTestId('sim-unread').count()).toBe(0);
    await expect.poll(async () => (await t.runtime.ctx.stores.simulator.unread('s1')).includes(sim('a'))).toBe(false);
    await phone.goto(`${base}/simulator`);
    await person('a').waitFor();
    await phone.waitForTimeout(3500); // one round of the list's polling (every 3 s)
    expect(await person('a').getByTestId('sim-unread').count()).toBe(0);
    await phone.goto(`${base}/simulator#/${sim('a')}`);
    await phone.getByTestId('msg-out').first().waitFor();
    await snap(phone, 'simulator-chat');
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });

  it('leaves the browser console clean', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/inbox?answered=false', headers: auth() });
    expect(res.json()).toMatchObject({ unanswered: 1 });
    expect(errors).toEqual([]);
  });
});
