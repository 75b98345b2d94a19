/**
 * What `npm test` needs from the machine beyond node_modules: a Redis, Debian's Chromium for the
 * browser tests, and poppler for the join-slips test. Root (CI, a fresh container) gets the
 * missing Debian packages installed; anyone else gets one line per missing prerequisite, and the
 * tests that need it are skipped (never a downloaded browser, never a silent pass).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface Prerequisite {
  /** What the person reading the line knows it as. */
  what: string;
  debianPackage: string;
  present(): boolean;
}

export const CHROMIUM: Prerequisite = { what: `Chromium (${CHROMIUM_PATH})`, debianPackage: 'chromium', present: () => existsSync(CHROMIUM_PATH) };
export const POPPLER: Prerequisite = { what: 'pdftoppm/pdftotext', debianPackage: 'poppler-utils', present: () => onPath('pdftoppm') && onPath('pdftotext') };
export const REDIS_SERVER: Prerequisite = { what: 'redis-server', debianPackage: 'redis-server', present: () => onPath('redis-server') };

export const isRoot = (): boolean => process.getuid?.() === 0;

/** The one line a person without root reads for a prerequisite they lack. */
export function missingLine(p: Prerequisite): string {
  return `${p.what} is not installed: apt-get install ${p.debianPackage}`;
}

/** Whether `command` is an executable file in a folder of PATH. */
export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Installs the Debian package as root (apt-get update first only when the package is unknown);
 * true when the prerequisite is there afterwards. Output goes to the terminal: it is slow.
 */
export function installAsRoot(p: Prerequisite): boolean {
  if (!isRoot() || !onPath('apt-get')) return false;
  process.stdout.write(`${p.what} is missing: apt-get install -y ${p.debianPackage}\n`);
  const install = (): boolean =>
    spawnSync('apt-get', ['install', '-y', '-qq', p.debianPackage], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
    install();
  }
  return p.present();
}

/**
 * Browser test files, skipped as a whole when Chromium is missing and cannot be installed here
 * (not root); read by vitest.config.ts, before any worker starts.
 */
export function browserTestFiles(dir = 'tests/e2e'): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(dir, name))
    .filter((path) => /\blaunchBrowser\(/.test(readFileSync(path, 'utf8')));
}
