/**
 * People sign in to the console, in a real browser against the real app (one story, in order):
 * the school's admin signs in by a one-time link and adds a member of staff (with a simulated
 * phone) and a teacher (from the roster, whose phone the roster has), then signs out. The staff
 * member signs in with the code the bot sent to their phone: events, roster (read only), results
 * and inbox, but no people, keys or audit log, and #/people says politely it is not for them.
 * The teacher signs in with a code: their class only in the event form, their events only. The
 * admin makes an API key (shown once), revokes it, and the audit log tells all of it in words.
 * Then a district admin opens a school and acts for another.
 *
 * Screenshots (test-artifacts/console/) of the sign-in page, People, Keys, Audit, a teacher's
 * event form and the Schools page, in Arabic and English, at 360 px and 1280 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/core/people.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster, postMeeting } from './helpers/api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { consoleRoster } from './helpers/console-fixtures.js';
import { DESKTOP, shoot, switchTo } from './helpers/pages.js';
import { codeOnPhone, personWithLink, signInToken } from './helpers/sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];
let admin: Person;
let staffPhone: string;
let teacherPhone: string;
/** An invitation to 6B, a class the teacher does not teach. */
let otherClassEvent: string;
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  t = await startTestApp();
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'مدرسة الأمل', defaultLocale: 'ar' });
  await importRoster(t, consoleRoster(t.prefix));
  staffPhone = `sim-${t.prefix}-staff`;
  teacherPhone = `sim-${t.prefix}-t1`;
  ({ eventId: otherClassEvent } = await postMeeting(t, { classes: ['C2'] }));
  admin = (await personWithLink(t, 's1', { name: 'سميرة الإدريسي', login: 'samira', role: 'admin', channels: { simulator: `sim-${t.prefix}-admin` }, locale: 'ar' })).person;
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signInAsAdmin() {
  await page.goto(`${base}/console#signin=${await signInToken(t, admin)}`);
  await page.getByTestId('me').waitFor();
}

async function signOut() {
  await page.getByTestId('me').click();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('signin').waitFor();
}

/** Signs in as `login` with the code their phone received; returns the code used. */
async function signInWithCode(login: string, phone: string, previous?: string) {
  await page.getByTestId('login').fill(login);
  await page.getByTestId('send-code').click();
  await page.getByTestId('code-sent').waitFor();
  const code = await codeOnPhone(t, phone, previous);
  // Six digits sign in by themselves: no button to look for.
  await page.getByTestId('code').fill(code);
  await page.getByTestId('me').waitFor();
  return code;
}

async function navLinks() {
  return page.locator('header nav a').evaluateAll((links) => links.map((a) => (a as unknown as { dataset: { testid: string } }).dataset.testid));
}

async function addPerson(fill: () => Promise<void>) {
  await page.getByTestId('add-person').click();
  await fill();
  await page.getByTestId('save-person').click();
  await page.getByTestId('person-added').waitFor();
}

describe('people sign in, each to what their role may use', () => {
  it('the admin signs in by link and adds a member of staff and a teacher from the roster', async () => {
    await signInAsAdmin();
    await switchTo(page, 'en');
    expect(await navLinks()).toEqual(['nav-events', 'nav-absences', 'nav-roster', 'nav-surveys', 'nav-inbox', 'nav-people', 'nav-keys', 'nav-whatsapp', 'nav-settings', 'nav-operations', 'nav-audit']);
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people').waitFor();

    await addPerson(async () => {
      await page.getByTestId('role-staff').check();
      await page.getByTestId('person-name').fill('Youssef Amrani');
      await page.getByTestId('person-login').fill('Youssef');
      await page.locator('select[name="locale"]').selectOption('en');
      await page.getByTestId('person-simulator').fill(staffPhone);
    });
    await addPerson(async () => {
      await page.getByTestId('role-teacher').check();
      await page.getByTestId('person-teacher').selectOption('t1');
      // The roster's name comes with the teacher.
      expect(await page.getByTestId('person-name').inputValue()).toBe('نادية بناني');
      await page.getByTestId('person-login').fill('nadia');
      // What was typed stays through a switch of language (the form is drawn again).
      await shoot(page, 'people-add');
      expect(await page.getByTestId('person-login').inputValue()).toBe('nadia');
      expect(await page.getByTestId('person-teacher').inputValue()).toBe('t1');
    });
    const people = page.getByTestId('person');
    await expect.poll(() => people.count()).toBe(3);
    const youssef = people.filter({ hasText: 'Youssef Amrani' });
    expect(await youssef.getByTestId('person-role').textContent()).toBe('Staff');
    expect(await youssef.textContent()).toContain('Simulator');
    const nadia = people.filter({ hasText: 'نادية بناني' });
    expect(await nadia.textContent()).toContain('teaches 5A');
    // Nobody new has signed in yet; the admin has, a moment ago.
    expect(await nadia.getByTestId('never-signed-in').textContent()).toBe('Has not signed in yet: give them a sign-in link.');
    expect(await page.locator('[data-testid="person"][data-login="samira"]').getByTestId('last-sign-in').textContent()).toMatch(/^Last signed in /);
    // Her codes go to the chat the roster has for her.
    expect(await nadia.textContent()).toContain('Simulator');
    const stored = await t.runtime.ctx.stores.people.byLogin('youssef');
    expect(stored).toMatchObject({ role: 'staff', name: 'Youssef Amrani', locale: 'en', channels: { simulator: staffPhone } });

    await nadia.getByTestId('make-sign-in-link').click();
    await nadia.getByTestId('sign-in-link-url').waitFor();
    expect(await nadia.getByTestId('sign-in-link-url').textContent()).toMatch(/\/console#signin=[\w-]{20,}$/);
    await nadia.getByTestId('show-join-links').click();
    await nadia.getByTestId('no-join-links').waitFor();
    await nadia.getByTestId('make-sign-in-link').click();
    await nadia.getByTestId('sign-in-link-url').waitFor();
    await shoot(page, 'people');
    // Or the bot sends the link to her own chat, and one tap on her phone signs her in.
    await nadia.getByTestId('send-sign-in-link').click();
    expect(await nadia.getByTestId('sign-in-link-sent').textContent()).toMatch(/^Sent to نادية بناني on Simulator: one tap signs them in, once, until /);
    // The bot's message goes through the outbox: ask the chat until it is there.
    const lastLink = async () => {
      const chat = (await t.app.inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(teacherPhone)}`, headers: auth() })).json() as { messages: Array<{ text: string }> };
      return /https?:\/\/\S+#signin=[\w-]+/.exec(chat.messages.at(-1)?.text ?? '')?.[0];
    };
    await expect.poll(lastLink, { timeout: 15_000 }).toBeDefined();
    const sent = await lastLink();
    const phone = await browser.context.browser()!.newContext();
    const tap = await phone.newPage();
    await tap.goto(sent!);
    await tap.getByTestId('me').waitFor();
    expect(await tap.getByTestId('me').textContent()).toContain('نادية بناني');
    await phone.close();
    // Someone with no chat the bot can write to: the API says so, and nothing is made.
    const lone = { id: 'p00000000beef', schoolId: 's1', name: 'Lone Admin', login: 'lone', role: 'admin' as const, channels: {}, createdAt: new Date().toISOString(), createdBy: 'test' };
    await t.runtime.ctx.stores.people.create(lone);
    const refused = await t.app.inject({ method: 'POST', url: `/v1/people/${lone.id}/sign-in-link/send`, headers: auth() });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'no_chat']);
    await t.runtime.ctx.stores.people.remove('s1', lone.id);
    await signOut();
  });

  it('the sign-in page explains a wrong code; the staff member signs in with the code their phone got', async () => {
    await switchTo(page, 'en');
    await page.setViewportSize(DESKTOP);
    // The admin signed in by a link on this device: her login is there for next time.
    expect(await page.getByTestId('login').inputValue()).toBe('samira');
    await shoot(page, 'signin');
    await page.getByTestId('login').fill('youssef');
    await page.getByTestId('send-code').click();
    await page.getByTestId('code-sent').waitFor();
    const code = await codeOnPhone(t, staffPhone);
    const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
    await page.getByTestId('code').fill(wrong);
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('wrong_code');
    // Cleared for the next try, with the focus back in it.
    expect(await page.getByTestId('code').inputValue()).toBe('');
    expect(await page.getByTestId('code').evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await page.getByTestId('error').textContent()).toContain('This code is not right');
    await shoot(page, 'signin-code');
    // Typed with Arabic-Indic digits, as an Arabic keyboard writes them.
    await page.getByTestId('code').fill(code.replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d))));
    await page.getByTestId('me').waitFor();

    expect(await page.getByTestId('me-role').textContent()).toBe('Staff');
    expect(await navLinks()).toEqual(['nav-events', 'nav-absences', 'nav-roster', 'nav-surveys', 'nav-inbox']);
    await page.getByTestId('nav-roster').click();
    await page.getByTestId('roster-read-only').waitFor();
    expect(await page.getByTestId('csv-file').count()).toBe(0);
    await page.getByTestId('nav-surveys').click();
    await page.getByTestId('results').waitFor();
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('inbox').waitFor();
    for (const forbidden of ['people', 'keys', 'whatsapp', 'audit']) {
      await page.goto(`${base}/console#/${forbidden}`);
      await page.getByTestId('not-for-role').waitFor();
    }
    await shoot(page, 'not-for-role');
  });

  it('the staff member sets a password; signed out everywhere from another tab, she signs in again with it', async () => {
    await page.getByTestId('me').click();
    await page.getByTestId('account').click();
    await page.getByTestId('new-password').fill('too short');
    await page.getByTestId('new-password-again').fill('too short');
    await page.getByTestId('save-password').click();
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('password_short');
    await page.getByTestId('new-password').fill(PASSWORD);
    await page.getByTestId('new-password-again').fill(PASSWORD);
    await page.getByTestId('save-password').click();
    await page.getByTestId('password-saved').waitFor();
    // From now on the current one is asked to change it, and the menu says so.
    expect(await page.getByTestId('current-password').count()).toBe(1);
    expect(await page.getByTestId('account').textContent()).toBe('Change my password');
    await shoot(page, 'account');

    const other = await browser.context.newPage();
    await other.goto(`${base}/console#/account`);
    await other.getByTestId('account-sign-out-everywhere').click();
    await other.getByTestId('confirm-ok').click();
    await other.getByTestId('signin').waitFor();
    await other.close();

    // This tab learns it at its next request, and offers to sign in again where it was.
    await page.getByTestId('nav-inbox').click();
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('session_ended');
    await page.getByTestId('use-password').click();
    await page.getByTestId('login').fill('youssef');
    await page.getByTestId('password').fill('not the password');
    await page.getByTestId('password-sign-in').click();
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('wrong_password');
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('password-sign-in').click();
    await page.getByTestId('inbox').waitFor();
    expect(await page.getByTestId('me-role').textContent()).toBe('Staff');
    await signOut();
  });

  it('asking for codes too often is refused for a while, and the page says how long in minutes', async () => {
    // This device remembers who signed in last, and how (a password, the test before).
    await page.getByTestId('signin').waitFor();
    expect(await page.getByTestId('login').inputValue()).toBe('youssef');
    expect(await page.getByTestId('password').count()).toBe(1);
    await page.getByTestId('use-code').click();
    await page.clock.install();
    await page.getByTestId('login').fill('nobody-here');
    await page.getByTestId('send-code').click();
    await page.getByTestId('code-sent').waitFor();
    // A new code waits half a minute, and the link says how long.
    expect(await page.getByTestId('resend').isDisabled()).toBe(true);
    expect(await page.getByTestId('resend').textContent()).toMatch(/^Send a new code in (30|29) s$/);
    // The same answer for a login that does not exist; each new code counts.
    for (let i = 0; i < 4; i++) {
      await page.clock.fastForward(31_000);
      await expect.poll(() => page.getByTestId('resend').textContent()).toBe('Send a new code');
      await page.getByTestId('resend').click();
      await expect.poll(() => page.locator('.signin-status .ok').count()).toBe(1);
      await page.locator('.signin-status .ok').evaluate((el) => (el as unknown as { remove(): void }).remove());
    }
    await page.clock.fastForward(31_000);
    await page.getByTestId('resend').click();
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('too_many_attempts');
    expect(await page.getByTestId('error').textContent()).toMatch(/Wait 1[45] minutes/);
    await switchTo(page, 'ar');
    expect(await page.getByTestId('error').textContent()).toMatch(/انتظر 1[45] دقيقة/);
    await switchTo(page, 'en');
    await page.getByTestId('change-login').click();
  });

  it('the teacher signs in with a code and sees only her class in the event form, and only her events', async () => {
    await signInWithCode('nadia', teacherPhone);
    // Her account's language (Arabic) is the console's once she signs in; she can switch.
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    await switchTo(page, 'en');
    expect(await page.getByTestId('me-role').textContent()).toBe('Teacher');
    expect(await navLinks()).toEqual(['nav-events', 'nav-absences', 'nav-surveys', 'nav-inbox']);
    // The invitation to 6B is not hers.
    await expect.poll(() => page.getByTestId('events').textContent()).toContain('No events yet');

    await page.getByTestId('new-event').click();
    await page.getByTestId('class-C1').waitFor();
    expect(await page.getByTestId('class-C2').count()).toBe(0);
    expect(await page.locator('input[name="audience"]').count()).toBe(0);
    expect(await page.getByTestId('class-C1').locator('input').isChecked()).toBe(true);
    await page.getByTestId('date').fill('2027-12-15');
    await page.getByTestId('time').fill('16:00');
    await shoot(page, 'teacher-event-form');
    await page.getByTestId('send').click();
    await page.waitForURL(/#\/events\/ev[a-z0-9]+$/);
    const mine = /#\/events\/(ev[a-z0-9]+)$/.exec(page.url())?.[1];
    expect((await t.runtime.ctx.stores.events.get(mine ?? ''))?.audience).toEqual({ classes: ['C1'] });

    await page.getByTestId('nav-events').click();
    await expect.poll(() => page.getByTestId('event-row').count()).toBe(1);
    expect(await page.getByTestId('event-row').getAttribute('href')).toBe(`#/events/${mine}`);
    await page.goto(`${base}/console#/events/${otherClassEvent}`);
    await page.getByTestId('error').waitFor();
    // Survey results: one of her classes, never "all classes".
    await page.goto(`${base}/console#/surveys`);
    await page.getByTestId('results').waitFor();
    expect(await page.getByTestId('pick-class').locator('option').allTextContents()).toEqual(['5A']);
    await page.goto(`${base}/console#/roster`);
    await page.getByTestId('not-for-role').waitFor();
    await page.getByTestId('me').click();
    await page.getByTestId('sign-out-everywhere').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('signin').waitFor();
  });

  it('the admin makes an API key, shown once, and revokes it', async () => {
    await signInAsAdmin();
    await switchTo(page, 'en');
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('no-keys').waitFor();
    await page.getByTestId('key-name').fill('Gradebook export');
    await page.getByTestId('create-key').click();
    const key = (await page.getByTestId('key-value').textContent()) ?? '';
    expect(key.length).toBeGreaterThan(20);
    expect(await page.getByTestId('new-key').textContent()).toContain('shown only this once');
    await expect.poll(() => page.getByTestId('key').count()).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/v1/roster', headers: auth(key) })).statusCode).toBe(200);
    await shoot(page, 'keys');

    await page.reload();
    await page.getByTestId('key').waitFor();
    expect(await page.getByTestId('key-value').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    await page.getByTestId('revoke-key').click();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('key').count()).toBe(1);
    await page.getByTestId('revoke-key').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('no-keys').waitFor();
    expect((await t.app.inject({ method: 'GET', url: '/v1/roster', headers: auth(key) })).statusCode).toBe(401);
  });

  it('the audit log tells who did what, in words, with names', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { action: string } }).dataset.action));
    expect(actions.slice(0, 3)).toEqual(['key_revoked', 'key_created', 'signed_in']);
    for (const a of ['person_created', 'sign_in_link_created', 'event_sent']) expect(actions).toContain(a);
    expect(actions.filter((a) => a === 'person_created')).toHaveLength(2);
    expect(actions.filter((a) => a === 'signed_in')).toHaveLength(6); // nadia's tap on the link sent to her chat is one
    for (const a of ['password_set', 'signed_out_everywhere']) expect(actions.filter((x) => x === a)).toHaveLength(a === 'password_set' ? 1 : 2);
    const rows = page.getByTestId('audit-row');
    expect(await rows.filter({ hasText: 'Added' }).filter({ hasText: 'Youssef Amrani' }).count()).toBe(1);
    const sent = rows.filter({ has: page.locator('[data-action="event_sent"]') }).filter({ hasText: 'نادية بناني' });
    expect(await sent.textContent()).toContain('Teacher');
    expect(await rows.filter({ hasText: 'with a code sent to their chat' }).count()).toBe(2);
    await shoot(page, 'audit');
    expect(errors).toEqual([]);
  });
});

describe('a district admin', () => {
  it('opens a school with its first admin, and acts for another school as its admin', async () => {
    const driss = await personWithLink(t, '*', { name: 'Driss Alaoui', login: 'driss', role: 'district' });
    await page.goto(`${base}/console#signin=${driss.token}`);
    await page.getByTestId('schools').waitFor();
    await switchTo(page, 'en');
    expect(await navLinks()).toEqual(['nav-schools']);
    await page.getByTestId('school-id').fill('lycee-nour');
    await page.getByTestId('school-name').fill('ثانوية النور');
    await page.getByTestId('school-adminName').fill('Hind Tazi');
    await page.getByTestId('school-adminLogin').fill('hind');
    await page.getByTestId('create-school').click();
    expect(await page.getByTestId('admin-sign-in-link').textContent()).toMatch(/\/console#signin=[\w-]{20,}$/);
    await expect.poll(() => page.locator('[data-testid="school"][data-id="lycee-nour"]').count()).toBe(1);
    expect(await t.runtime.ctx.stores.people.byLogin('hind')).toMatchObject({ schoolId: 'lycee-nour', role: 'admin' });
    await shoot(page, 'schools');

    await page.locator('[data-testid="school"][data-id="s1"]').getByTestId('open-school').click();
    await page.getByTestId('new-event').waitFor();
    expect(await page.getByTestId('brand').textContent()).toBe('مدرسة الأمل');
    expect(await page.getByTestId('school-picker').inputValue()).toBe('s1');
    expect(await navLinks()).toEqual(['nav-events', 'nav-absences', 'nav-roster', 'nav-surveys', 'nav-inbox', 'nav-people', 'nav-keys', 'nav-whatsapp', 'nav-settings', 'nav-operations', 'nav-audit', 'nav-schools']);
    await page.getByTestId('nav-people').click();
    await expect.poll(() => page.getByTestId('person').count()).toBe(3);
    expect(errors).toEqual([]);
  });
});
