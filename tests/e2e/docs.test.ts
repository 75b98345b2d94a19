/**
 * The API documentation (/docs, Swagger UI) in Debian's Chromium under its Content-Security-
 * Policy: the page renders the API, an operation opens with its example, "Try it out" reaches
 * this server, and the browser reports no CSP violation and no script error.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collectErrors, launchBrowser, screenshot, serve, type Browser } from './helpers/browser.js';

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  t = await startTestApp({ workers: false });
  [base, browser] = await Promise.all([serve(t), launchBrowser()]);
  page = await browser.context.newPage();
  errors = collectErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('/docs in a browser', () => {
  it('is served with a Content-Security-Policy that allows no inline script and no other origin', async () => {
    const res = await page.goto(`${base}/docs`);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('renders the API: its title and the operations of every group', async () => {
    await expect.poll(() => page.locator('.swagger-ui .info .title').textContent()).toContain('School bridge API');
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(await page.locator('#operations-events-post_v1_events').count()).toBe(1);
  });

  it('opens an operation with its example body', async () => {
    const post = page.locator('#operations-events-post_v1_events');
    await post.locator('.opblock-summary').click();
    await expect.poll(() => post.locator('.body-param__example, .example').first().textContent()).toContain('"kind"');
  });

  it('"Try it out" on /healthz reaches this server and shows its answer', async () => {
    const health = page.locator('#operations-operations-get_healthz');
    await health.locator('.opblock-summary').click();
    await health.getByRole('button', { name: 'Try it out' }).click();
    await health.getByRole('button', { name: 'Execute' }).click();
    await expect.poll(() => health.locator('.live-responses-table tr.response .response-col_status').first().textContent()).toContain('200');
    await screenshot(page, 'docs');
  });

  it('reported no CSP violation and no script error', () => {
    expect(errors).toEqual([]);
  });
});
