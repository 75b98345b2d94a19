/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) through playwright-core.
 * Helpers: launch it (failing loudly when it is missing), serve a test app on a real port,
 * collect page errors and CSP violations, and save screenshots under test-artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from '../../helpers/app.js';
import { CHROMIUM_PATH } from '../../helpers/prerequisites.js';

export { CHROMIUM_PATH };
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context in a fresh temporary profile (nothing shared with other runs). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install chromium\` (.ci/run installs it on CI)`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'sb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  // A loaded 2-core machine can be slow; conditions are awaited, never slept on.
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Listens on a free port on 127.0.0.1 and returns the base URL. */
export async function serve(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the test app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** Uncaught errors, console errors and CSP violations of a page, for a test to assert none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A request the page made on purpose may fail (a 404 a test provokes): those are not bugs.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
