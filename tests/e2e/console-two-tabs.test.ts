/**
 * Two tabs of one browser: signing in again in one (a link opened in the simulator's tab) ends the
 * session the cookie held and puts a new one in the cookie. A request the other tab had already
 * sent with the old cookie comes back 401: the console then finds the cookie holds a session of
 * the same person and goes on with it, rather than asking to sign in. Another person's session
 * in the cookie still brings the sign-in page (nothing of the first person stays on screen).
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collectErrors, launchBrowser, serve, type Browser } from './helpers/browser.js';
import { personWithLink, signInToken } from './helpers/sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const sessionCookie = async () => (await browser.context.cookies()).find((c) => c.name === 'sb_session')?.value;

/**
 * The page's next request to the events list is answered as the server answers one that carried
 * the old cookie (sent just before the other tab signed in): 401, signed out. Later ones go through.
 */
async function nextEventsListRefused(page: Page): Promise<() => number> {
  let seen = 0;
  await page.route(/\/v1\/events\?/, async (route: Route) => {
    if (seen++ > 0) return route.continue();
    return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unauthorized', message: 'sign in, or send an API key', params: { reason: 'signed_out' } } }) });
  });
  return () => seen;
}

describe('signing in again in another tab', () => {
  it('the same person: the first tab goes on, with no sign-in page', async () => {
    const { person, token } = await personWithLink(t, 's1', { name: 'Samira', login: 'samira-tabs', role: 'admin', locale: 'en' });
    const first = await browser.context.newPage();
    const errors = collectErrors(first);
    await first.goto(`${base}/console#signin=${token}`);
    await first.getByTestId('new-event').waitFor();
    const old = (await sessionCookie())!;
    const second = await browser.context.newPage();
    await second.goto(`${base}/console#signin=${await signInToken(t, person)}`);
    await second.getByTestId('new-event').waitFor();
    expect(await sessionCookie()).not.toBe(old);

    const requests = await nextEventsListRefused(first);
    await first.locator('header nav a[href="#/events"]').click();
    await first.locator('main h1').filter({ hasText: 'Events' }).waitFor();
    // The old cookie's request, refused, then the same one with the new session: the list is read.
    await expect.poll(requests).toBe(2);
    await first.getByTestId('events').locator('li').first().waitFor();
    expect(await first.getByTestId('signin').count()).toBe(0);
    expect(errors).toEqual([]);
    await Promise.all([first.close(), second.close()]);
  });

  it('another person: the first tab asks to sign in', async () => {
    const { token } = await personWithLink(t, 's1', { name: 'Karim', login: 'karim-tabs', role: 'admin', locale: 'en' });
    const first = await browser.context.newPage();
    await first.goto(`${base}/console#signin=${token}`);
    await first.getByTestId('new-event').waitFor();
    const { token: other } = await personWithLink(t, 's1', { name: 'Nadia', login: 'nadia-tabs', role: 'staff', locale: 'en' });
    const second = await browser.context.newPage();
    await second.goto(`${base}/console#signin=${other}`);
    await second.getByTestId('new-event').waitFor();

    await nextEventsListRefused(first);
    await first.locator('header nav a[href="#/events"]').click();
    await first.getByTestId('signin').waitFor();
    await Promise.all([first.close(), second.close()]);
  });
});
