/**
 * Printable join slips (issue 14): the PDF a teacher prints for their class, read back the way
 * a parent and a reader of it would. Page 1 is rendered with Debian's poppler (pdftoppm) and
 * each slip's QR code is cropped where the layout put it and decoded with jsQR: it must be that
 * guardian's own join link. The Arabic must be shaped and right to left: pdftotext gives the
 * names back in logical order, and the width the PDF gives the word بنعلي is its joined width,
 * far narrower than its letters drawn alone. Then who may print which class, the demo school on
 * the simulator alone, and the console's button (Debian's Chromium).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/services/people.js';
import { slipLayout, slipRect, type Rect } from '../../src/services/join-slips-pdf.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { auth, KEY_S2, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster, joinLinks } from './helpers/api.js';
import { launchBrowser, screenshot, serve, type Browser } from './helpers/browser.js';
import { telegramEnv } from './helpers/channels.js';
import { personWithLink } from './helpers/sign-in.js';

const POPPLER = ['pdftoppm', 'pdftotext', 'pdfinfo'];
const missing = POPPLER.filter((cmd) => spawnSync(cmd, ['-v']).error);
const isRoot = process.getuid?.() === 0;
// As root (CI, the developers' machines) a missing poppler is a failure with the fix in it;
// only someone who cannot install it is told, in the test's name, what was skipped and why.
const skipped = missing.length > 0 && !isRoot;
const title = skipped
  ? `join slips — SKIPPED: ${missing.join(', ')} missing and not root to install them (apt-get install poppler-utils)`
  : 'join slips (GET /v1/classes/:id/join-slips.pdf)';

/** jsqr's `module.exports` is the function; its types declare that as an ES default export. */
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;
const DPI = 150;
const SCHOOL = 'مدرسة الأمل الابتدائية';
const CHILD_NAME_PT = 13;

const roster = {
  classes: [{ id: 'C5A', name: 'الخامس أ', grade: 5 }, { id: 'C6B', name: 'السادس ب', grade: 6 }],
  guardians: [
    { id: 'g1', name: 'محمد بنعلي', locale: 'ar', channels: { simulator: 'sim-g1' } },
    { id: 'g2', name: 'Fatima Zahra El Idrissi', locale: 'fr', channels: { simulator: 'sim-g2' } },
    { id: 'g3', name: 'خديجة العمراني', locale: 'ar', channels: { simulator: 'sim-g3' } },
    { id: 'g4', name: 'Hassan Tazi', locale: 'fr', channels: { simulator: 'sim-g4' } },
  ],
  children: [
    { id: 'c1', name: 'سارة بنعلي', classId: 'C5A', guardianIds: ['g1', 'g2'] },
    { id: 'c2', name: 'Youssef Amrani', classId: 'C5A', guardianIds: ['g3'] },
    { id: 'c3', name: 'آدم التازي', classId: 'C6B', guardianIds: ['g4'] },
  ],
  teachers: [
    { id: 't1', name: 'نادية بناني', classIds: ['C5A'], channels: { simulator: 'sim-t1' } },
    { id: 't2', name: 'Karim Alaoui', classIds: ['C6B'], channels: { simulator: 'sim-t2' } },
  ],
};

function requirePoppler(): void {
  if (missing.length) throw new Error(`poppler-utils is not installed (${missing.join(', ')}): run \`apt-get install poppler-utils\` (.ci/run installs it)`);
}

function run(cmd: string, args: string[]): string {
  const out = spawnSync(cmd, args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${out.stderr || out.error?.message}`);
  return out.stdout;
}

/** The QR code inside `rect` (points) of a page rendered at DPI. */
function decodeAt(png: PNG, rect: Rect): string | undefined {
  const px = (pt: number) => Math.round((pt * DPI) / 72);
  const [x0, y0, w, h] = [px(rect.x), px(rect.y), px(rect.width), px(rect.height)];
  const crop = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) png.data.copy(Buffer.from(crop.buffer), y * w * 4, ((y0 + y) * png.width + x0) * 4, ((y0 + y) * png.width + x0 + w) * 4);
  return jsQR(crop, w, h)?.data;
}

/** Words of page 1 as pdftotext -bbox gives them: in the order their glyphs are drawn, with their boxes. */
function words(pdfPath: string): Array<{ text: string; width: number; height: number }> {
  const html = run('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdfPath, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ text: m[5] as string, width: Number(m[3]) - Number(m[1]), height: Number(m[4]) - Number(m[2]) }));
}

/** The word's width at `sizePt` in the slips' bold Arabic font: shaped as a whole, and letter by letter (each letter alone takes its isolated form). */
function widths(word: string, sizePt: number): { shaped: number; isolated: number } {
  const require = createRequire(import.meta.url);
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(require.resolve('@fontsource/cairo/files/cairo-arabic-700-normal.woff')).fontSize(sizePt);
  return { shaped: doc.widthOfString(word), isolated: [...word].reduce((sum, letter) => sum + doc.widthOfString(letter), 0) };
}

describe.skipIf(skipped)(title, () => {
  let tg: FakeTelegram;
  let t: TestApp;
  let dir: string;
  let pdf: Buffer;
  let teacherOf: (teacherId: string) => Promise<Record<string, string>>;

  beforeAll(async () => {
    requirePoppler();
    tg = await startFakeTelegram();
    t = await startTestApp({ env: telegramEnv(tg), workers: false });
    dir = await mkdtemp(join(tmpdir(), 'sb-slips-'));
    await importRoster(t, roster);
    const named = await t.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: SCHOOL } });
    expect(named.statusCode, named.body).toBe(200);
    const { ctx } = t.runtime;
    teacherOf = async (teacherId) => {
      const person = await createPerson(ctx, 's1', { name: `Teacher ${teacherId}`, login: `slips-${teacherId}-${t.prefix}`, role: 'teacher', teacherId }, 'test');
      const { token } = await ctx.stores.auth.createSession('s1', person.id, new Date(), 3600, 3600);
      return { cookie: `sb_session=${token}` };
    };
    const res = await t.app.inject({ method: 'GET', url: '/v1/classes/C5A/join-slips.pdf', headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    pdf = res.rawPayload;
    await writeFile(join(dir, 'slips.pdf'), pdf);
  });

  afterAll(async () => {
    await t?.close();
    await tg?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is a PDF of one A4 page for three slips (Sara has two guardians: a slip each)', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = run('pdfinfo', [join(dir, 'slips.pdf')]);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
  });

  it("carries on each slip that guardian's own Telegram join link, as a QR code that scans", async () => {
    run('pdftoppm', ['-r', String(DPI), '-png', '-f', '1', '-l', '1', '-singlefile', join(dir, 'slips.pdf'), join(dir, 'page')]);
    const png = PNG.sync.read(await readFile(join(dir, 'page.png')));
    // Arabic names sort first: Sara's two guardians in roster order, then Youssef's.
    const expected = await Promise.all(['g1', 'g2', 'g3'].map(async (g) => (await joinLinks(t, g)).filter((l) => l.platform === 'telegram')));
    for (const [slot, links] of expected.entries()) {
      expect(links).toHaveLength(1);
      const [box] = slipLayout(slipRect(slot), 1).codes;
      expect(decodeAt(png, box as Rect), `slip ${slot}`).toBe(links[0]?.url);
    }
  });

  it('writes the names, the class, the school and the three lines of help, Arabic in logical order', () => {
    const text = run('pdftotext', ['-f', '1', '-l', '1', join(dir, 'slips.pdf'), '-']).replace(/[\u200E\u200F\u202A-\u202E]/g, '');
    for (const expected of ['سارة بنعلي', 'الخامس أ', 'محمد بنعلي', 'Fatima Zahra El Idrissi', 'خديجة العمراني', 'Youssef Amrani', 'امسحوا الرمز بهاتفكم', 'ثم أرسلوا الرسالة التي تظهر لكم', 'Scannez le code avec votre téléphone, puis envoyez le message qui s’affiche.', 'Scan the code with your phone, then send the message that appears.', 'Telegram']) {
      expect(text).toContain(expected);
    }
    expect(text.match(/سارة بنعلي/g)).toHaveLength(2);
    expect(text.match(new RegExp(SCHOOL, 'g'))).toHaveLength(3);
    expect(text).not.toContain('Simulator');
    expect(text).not.toContain('آدم');
  });

  it('draws بنعلي right to left with its letters joined: drawn order reversed, joined width', () => {
    const word = 'بنعلي';
    const { shaped, isolated } = widths(word, CHILD_NAME_PT);
    // The check can tell: alone, the letters take a third more room than joined.
    expect(isolated).toBeGreaterThan(shaped * 1.3);
    // pdftotext -bbox lists a word's glyphs in drawing order, left to right: the last letter first.
    const drawn = words(join(dir, 'slips.pdf')).filter((w) => w.text === [...word].reverse().join(''));
    const childLine = drawn.sort((a, b) => b.height - a.height)[0];
    expect(childLine, 'بنعلي drawn right to left').toBeDefined();
    expect(childLine?.width).toBeCloseTo(shaped, 0);
  });

  it("a teacher prints their own class's slips, not another's; an unknown class or another school's is not found", async () => {
    const own = await t.app.inject({ method: 'GET', url: '/v1/classes/C5A/join-slips.pdf', headers: await teacherOf('t1') });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const other = await t.app.inject({ method: 'GET', url: '/v1/classes/C5A/join-slips.pdf', headers: await teacherOf('t2') });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('forbidden');
    const unknown = await t.app.inject({ method: 'GET', url: '/v1/classes/C9Z/join-slips.pdf', headers: auth() });
    expect(unknown.statusCode).toBe(404);
    const otherSchool = await t.app.inject({ method: 'GET', url: '/v1/classes/C5A/join-slips.pdf', headers: auth(KEY_S2) });
    expect(otherSchool.statusCode).toBe(404);
    expect(otherSchool.json().error.code).toBe('not_found');
  });
});

describe.skipIf(skipped)('join slips of a school on the simulator alone (the demo)', () => {
  let t: TestApp;
  let browser: Browser | undefined;

  beforeAll(async () => {
    requirePoppler();
    t = await startTestApp({ workers: false });
    await importRoster(t, roster);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('are printed from the console: choose a class, then "Print join slips"', async () => {
    const { token } = await personWithLink(t, 's1', { name: 'Samira', login: `slips-admin-${t.prefix}`, role: 'admin', locale: 'en' });
    const base = await serve(t);
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.goto(`${base}/console#signin=${token}`);
    await page.getByTestId('new-event').waitFor();
    await page.goto(`${base}/console#/roster`);
    const print = page.getByTestId('join-slips');
    await print.waitFor();
    expect(await print.isDisabled()).toBe(true);
    await page.getByTestId('class-filter').selectOption('C6B');
    expect(await print.isEnabled()).toBe(true);
    await screenshot(page, 'roster-join-slips');
    const [download] = await Promise.all([page.waitForEvent('download'), print.click()]);
    expect(download.suggestedFilename()).toBe('join-slips-C6B.pdf');
    const saved = await download.path();
    expect((await readFile(saved)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("carry the simulated phone's page, so the demo prints something to scan", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/classes/C6B/join-slips.pdf', headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'sb-slips-'));
    try {
      await writeFile(join(dir, 'slips.pdf'), res.rawPayload);
      run('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', join(dir, 'slips.pdf'), join(dir, 'page')]);
      const png = PNG.sync.read(await readFile(join(dir, 'page.png')));
      const [box] = slipLayout(slipRect(0), 1).codes;
      expect(decodeAt(png, box as Rect)).toBe('http://localhost:80/simulator#/sim-g4');
      const text = run('pdftotext', [join(dir, 'slips.pdf'), '-']);
      expect(text).toContain('Simulator');
      // A school nobody has named yet: no school line (never its id, never "undefined").
      expect(text).not.toMatch(/undefined|\bs1\b/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
