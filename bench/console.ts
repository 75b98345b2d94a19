/**
 * Console page weight and first render, as a cheap phone on a slow line sees them.
 * The real app on a real port, Debian's Chromium (never a downloaded browser) at phone width:
 *   - the sign-in page (/console, nobody signed in) and, signed in by a one-time link, the
 *     events page (/console#/events);
 *   - each a first (cold: the browser's cache emptied) and a repeat (warm) visit, in a new tab;
 *   - unthrottled, then with a slow-3G-like line (CDP Network.emulateNetworkConditions).
 * Prints, per visit: requests that went to the network and those the cache answered, bytes
 * transferred (headers and compressed bodies, Resource Timing's transferSize) and the bodies'
 * uncompressed size, for the page's own files and its /v1 calls apart; first-contentful-paint
 * (Paint Timing) and the time until the page's heading shows; medians of --loads visits.
 * Figures only: nothing here asserts a timing.
 *
 *   npm run bench -- console [--loads 5]
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { buildConsoleAssets } from '../src/console/assets.js';
import { consoleDirectory } from '../src/console/static-files.js';
import { createPerson, signInLinkFor } from '../src/services/people.js';
import { startTestApp, type TestApp } from '../tests/helpers/app.js';
import { CHROMIUM_PATH } from '../tests/helpers/prerequisites.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { bytes, fixed, int, ms, table, type Row } from './lib/format.js';
import { median, now } from './lib/timing.js';

const OPTIONS = [
  { flag: 'loads', env: ['BENCH_LOADS'], default: 5, min: 1, max: 50, help: 'cold and warm visits of each page on each line' },
] as const satisfies readonly IntOption[];

interface Line {
  name: string;
  /** CDP Network.emulateNetworkConditions: ms added per round trip, bytes per second. */
  conditions?: { latency: number; downloadThroughput: number; uploadThroughput: number };
}

const KBIT = 1000 / 8;
const LINES: Line[] = [
  { name: 'unthrottled (loopback)' },
  { name: 'slow 3G-like: 400 kbit/s down and up, 400 ms round trip', conditions: { latency: 400, downloadThroughput: 400 * KBIT, uploadThroughput: 400 * KBIT } },
];

interface Visit {
  /** Requests that went to the network (a 304 included), and answers the cache gave alone. */
  fetched: { files: number; api: number };
  cached: { files: number; api: number };
  transferred: { files: number; api: number };
  uncompressed: { files: number; api: number };
  fcp: number;
  heading: number;
}

const PAGES = [
  { name: 'sign-in page (/console, signed out)', path: '/console', heading: '[data-testid="signin"] h1', signedIn: false },
  { name: 'events page (/console#/events, signed in)', path: '/console#/events', heading: 'main[data-page="events"] h1', signedIn: true },
] as const;

/** The little of the DOM the page-side function below uses (the bench compiles without the DOM's types). */
interface InPage {
  document: { querySelector(selector: string): { offsetParent: unknown; textContent: string | null } | null };
  performance: { now(): number };
}

/** In the page: the time since navigation once `selector` shows text, else false (polled every frame). */
function headingShown(selector: string): number | false {
  const { document, performance } = globalThis as unknown as InPage;
  const el = document.querySelector(selector);
  return el && el.offsetParent !== null && el.textContent?.trim() ? performance.now() : false;
}

/** One visit in a new tab of `context`: the figures once the heading shows and the network is quiet. */
async function visit(context: BrowserContext, url: string, heading: string, line: Line, cold: boolean): Promise<Visit> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (cold) await cdp.send('Network.clearBrowserCache');
    if (line.conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...line.conditions });
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    const shownAt = await page.waitForFunction(headingShown, heading, { polling: 'raf', timeout: 120_000 });
    const headingMs = (await shownAt.jsonValue()) as number;
    await page.waitForLoadState('networkidle', { timeout: 120_000 }).catch(() => undefined);
    // A string (the bench compiles without the DOM's types); evaluated by the debugger, so the CSP allows it.
    const entries = await page.evaluate<{ fcp: number | null; entries: Array<{ path: string; transfer: number; decoded: number }> }>(`({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      entries: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .map((e) => ({ path: new URL(e.name).pathname, transfer: e.transferSize, decoded: e.decodedBodySize })),
    })`);
    const v: Visit = { fetched: { files: 0, api: 0 }, cached: { files: 0, api: 0 }, transferred: { files: 0, api: 0 }, uncompressed: { files: 0, api: 0 }, fcp: entries.fcp ?? Number.NaN, heading: headingMs };
    for (const e of entries.entries) {
      const kind = e.path.startsWith('/v1/') ? 'api' : 'files';
      if (e.transfer > 0) v.fetched[kind]++;
      else v.cached[kind]++;
      v.transferred[kind] += e.transfer;
      v.uncompressed[kind] += e.decoded;
    }
    return v;
  } finally {
    await page.close();
  }
}

function rows(label: string, visits: Visit[]): Row[] {
  const m = (pick: (v: Visit) => number) => median(visits.map(pick));
  return [
    [`${label}: page-file requests`, int(m((v) => v.fetched.files)), `304s included; ${int(m((v) => v.cached.files))} more answered by the cache alone`],
    [`${label}: page files transferred`, bytes(m((v) => v.transferred.files)), `${bytes(m((v) => v.uncompressed.files))} uncompressed`],
    [`${label}: /v1 calls`, int(m((v) => v.fetched.api)), `${bytes(m((v) => v.transferred.api))} transferred, ${bytes(m((v) => v.uncompressed.api))} uncompressed`],
    [`${label}: first-contentful-paint`, ms(m((v) => v.fcp)), `median of ${visits.length}`],
    [`${label}: heading shown`, ms(m((v) => v.heading)), `median of ${visits.length}`],
  ];
}

async function signedInContext(browser: Browser, t: TestApp, base: string, staffId: string): Promise<BrowserContext> {
  const context = await newContext(browser);
  const { url } = await signInLinkFor(t.runtime.ctx, 's1', staffId, base);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(PAGES[1].heading, { timeout: 60_000 });
  await page.close();
  return context;
}

function newContext(browser: Browser): Promise<BrowserContext> {
  // A phone's screen; every context keeps its own cache and cookies.
  return browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ar-MA', timezoneId: 'Africa/Casablanca' });
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help')) return void console.log(usage('console', OPTIONS));
  const { loads } = parseIntOptions(argv, process.env, OPTIONS);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: apt-get install chromium`);
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  const cleanup = onCleanup(async () => {
    await browser?.close();
    await t?.close();
  });
  try {
    t = await startTestApp({ env: { LOG_LEVEL: 'silent' }, workers: false });
    const school = await t.runtime.ctx.stores.schools.get('s1');
    await t.runtime.ctx.stores.schools.put({ ...school, name: 'École Al Amal' });
    const staff = await createPerson(t.runtime.ctx, 's1', { name: 'Bench Staff', login: `bench-console-${t.prefix}`, role: 'staff', channels: { simulator: `sim-${t.prefix}-bench` } }, 'bench');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address !== 'object') throw new Error('the app is not listening');
    const base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });

    const sections: Array<{ name: string; rows: Row[] }> = [await startUp()];
    const summary: Record<string, unknown> = {};
    for (const line of LINES) {
      const contexts = { signedOut: await newContext(browser), signedIn: await signedInContext(browser, t, base, staff.id) };
      for (const p of PAGES) {
        const context = p.signedIn ? contexts.signedIn : contexts.signedOut;
        const cold: Visit[] = [];
        const warm: Visit[] = [];
        for (let i = 0; i < loads; i++) {
          cold.push(await visit(context, base + p.path, p.heading, line, true));
          warm.push(await visit(context, base + p.path, p.heading, line, false));
        }
        sections.push({ name: `${p.name}, ${line.name}`, rows: [...rows('first visit', cold), ...rows('repeat visit', warm)] });
        const key = `${p.signedIn ? 'events' : 'signIn'}${line.conditions ? 'Slow' : 'Fast'}`;
        summary[key] = {
          coldFiles: median(cold.map((v) => v.fetched.files)), coldBytes: median(cold.map((v) => v.transferred.files)), coldUncompressed: median(cold.map((v) => v.uncompressed.files)),
          warmFiles: median(warm.map((v) => v.fetched.files)), warmBytes: median(warm.map((v) => v.transferred.files)),
          coldFcpMs: r1(median(cold.map((v) => v.fcp))), coldHeadingMs: r1(median(cold.map((v) => v.heading))),
          warmFcpMs: r1(median(warm.map((v) => v.fcp))), warmHeadingMs: r1(median(warm.map((v) => v.heading))),
        };
      }
      await contexts.signedOut.close();
      await contexts.signedIn.close();
    }
    const load = os.loadavg().map((l) => fixed(l, 2)).join(' ');
    console.log(`\n${table(`console page weight and first render: ${loads} cold and ${loads} warm visits each, 360 px phone, Node ${process.version}, ${os.cpus().length} CPU, load ${load}`, sections)}\n`);
    console.log(JSON.stringify({ bench: 'console', at: new Date().toISOString(), loads, ...summary }));
  } finally {
    await cleanup();
  }
}

/** What the server does at start for these pages: bundle, minify and compress, and what it gives. */
async function startUp(): Promise<{ name: string; rows: Row[] }> {
  const start = now();
  const made = await buildConsoleAssets(consoleDirectory(), ['console.html', 'simulator.html']);
  const took = now() - start;
  const sizes = [...made.assets].map(([name, a]): Row => [name, bytes(a.body.length), `gzip ${bytes(a.gzip.length)}, brotli ${bytes(a.br.length)}`]);
  return { name: 'server start: the bundles (esbuild, minified; gzip 9 and brotli 10 once)', rows: [['bundled and compressed in', ms(took), 'both pages, at start-up'], ...sizes] };
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
