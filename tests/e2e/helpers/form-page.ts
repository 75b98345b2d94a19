/**
 * The event form's browser tests start the same way: the console's school (named, with its
 * roster), an admin signed in by a link on a fresh page, and every POST /v1/events the page
 * sends kept, to check the body the form built.
 */
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { importRoster } from './api.js';
import { collectErrors, launchBrowser, serve, type Browser } from './browser.js';
import { consoleRoster } from './console-fixtures.js';
import { personWithLink } from './sign-in.js';

export interface FormPage {
  t: TestApp;
  browser: Browser;
  base: string;
  staff: Page;
  errors: string[];
  posted: Array<Record<string, unknown>>;
}

export async function openFormPage(login: string): Promise<FormPage> {
  const t = await startTestApp();
  // A named school: an unnamed one is asked for its name first.
  const school = await t.runtime.ctx.stores.schools.get('s1');
  await t.runtime.ctx.stores.schools.put({ ...school, name: 'École Al Amal' });
  await importRoster(t, consoleRoster(t.prefix));
  const { token } = await personWithLink(t, 's1', { name: 'Samira', login, role: 'admin', locale: 'en' });
  const [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  const staff = await browser.context.newPage();
  const errors = collectErrors(staff);
  const posted: Array<Record<string, unknown>> = [];
  staff.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/v1/events')) posted.push(r.postDataJSON() as Record<string, unknown>);
  });
  await staff.goto(`${base}/console#signin=${token}`);
  await staff.getByTestId('new-event').waitFor();
  return { t, browser, base, staff, errors, posted };
}
