// Adds lock entries for msgpackr-extract's platform builds that the package registry used by
// our machines does not serve (darwin, win32, linux-arm). They are optional and never installed
// on Linux x64 (os/cpu mismatch), but `npm ci` refuses a lock file that names an optional
// dependency without an entry. Run after any `npm install` that rewrites package-lock.json:
//   node scripts/lock-optional-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const version = lock.packages['node_modules/msgpackr-extract']?.version;
const builds = { 'darwin-arm64': ['darwin', 'arm64'], 'darwin-x64': ['darwin', 'x64'], 'linux-arm': ['linux', 'arm'], 'win32-x64': ['win32', 'x64'] };
let added = 0;
for (const [name, [os, cpu]] of Object.entries(builds)) {
  const key = `node_modules/@msgpackr-extract/msgpackr-extract-${name}`;
  if (!version || lock.packages[key]) continue;
  lock.packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform entries added`);
