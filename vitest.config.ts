import { configDefaults, defineConfig } from 'vitest/config';
import { browserTestFiles, CHROMIUM, isRoot } from './tests/helpers/prerequisites.js';

// Without Chromium and without root to install it (tests/helpers/global-setup.ts says so in one
// line), the browser test files are left out rather than failed.
const skipBrowserTests = !CHROMIUM.present() && !isRoot();

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(skipBrowserTests ? browserTestFiles() : [])],
    // Provides a Redis (a private one when none answers), Chromium and poppler: a fresh clone's `npm test` passes.
    globalSetup: ['./tests/helpers/global-setup.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    // Integration tests share one real Redis (each with its own key prefix); a few in
    // parallel is fine on 2 cores, many would only fight for the CPU.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
