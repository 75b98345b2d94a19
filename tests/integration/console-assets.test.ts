/**
 * The console's pages on a slow phone: each page loads one bundled, minified script and one
 * stylesheet named by their content's hash, cached for a year, compressed (brotli or gzip, as
 * the browser accepts) and the same bytes once decompressed; the pages themselves are
 * revalidated every time, under the same strict Content-Security-Policy. A bundle that cannot be
 * made stops the server at start, naming the file. (The console itself, bundled, is driven in
 * Chromium by tests/e2e/console*.test.ts.)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../src/console/assets.js';
import { CONSOLE_CSP, consoleRoutes } from '../../src/routes/console.js';

let app: FastifyInstance;
const PAGES = ['/console', '/simulator'];
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

/** The script and stylesheets a page's HTML loads. */
async function references(url: string): Promise<{ scripts: string[]; styles: string[]; html: string }> {
  const html = (await get(url)).body;
  return {
    html,
    scripts: [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string),
    styles: [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1] as string),
  };
}

beforeAll(async () => {
  app = Fastify();
  await app.register(consoleRoutes());
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('each page loads one script and one stylesheet, named by their content', () => {
  it.each(PAGES)('%s', async (url) => {
    const name = url.slice(1);
    const { scripts, styles, html } = await references(url);
    expect(scripts).toEqual([expect.stringMatching(new RegExp(`^/console/assets/${name}-[0-9a-f]{16}\\.js$`))]);
    expect(styles).toEqual([expect.stringMatching(new RegExp(`^/console/assets/${name}-[0-9a-f]{16}\\.css$`))]);
    expect(html).toContain(`<script type="module" src="${scripts[0]}"></script>`);
    expect(html).not.toMatch(/\/console\/(js|css)\//);
    for (const asset of [...scripts, ...styles]) {
      const body = (await get(asset)).rawPayload;
      const hash = /-([0-9a-f]{16})\.(js|css)$/.exec(asset)?.[1];
      expect(createHash('sha256').update(body).digest('hex').startsWith(String(hash))).toBe(true);
    }
  });

  it('the script is one minified file: every module of the page in it, no import left to fetch', async () => {
    const { scripts } = await references('/console');
    const js = (await get(String(scripts[0]))).body;
    expect(/\b(from|import)\s*\(?\s*["'`]\.{0,2}\//.exec(js)?.[0]).toBeUndefined();
    // Words of the pages the console imports (events list, sign-in), in Arabic as UTF-8.
    expect(js).toContain('events.title');
    expect(js).toContain('signin.title');
    expect(js).toMatch(/[\u0600-\u06FF]{3}/);
    // Minified: far fewer lines than the sources' thousands, no comments of theirs.
    expect(js.split('\n').length).toBeLessThan(50);
    expect(js).not.toContain('The staff console: one page, routed by the URL fragment');
  });
});

describe('the bundles are cached for a year and compressed', () => {
  it.each(PAGES)('%s: script and stylesheet, identical bytes in gzip, brotli and plain', async (url) => {
    const { scripts, styles } = await references(url);
    for (const asset of [...scripts, ...styles]) {
      const plain = await get(asset);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-type']).toBe(asset.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers.vary).toBe('accept-encoding');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(plain.headers['x-content-type-options']).toBe('nosniff');

      const gz = await get(asset, { 'accept-encoding': 'gzip, deflate' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(gz.headers.vary).toBe('accept-encoding');
      expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2.5);

      // What Chromium sends: brotli, the smaller.
      const br = await get(asset, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toBe('accept-encoding');
      expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect(br.rawPayload.length).toBeLessThan(gz.rawPayload.length);
      expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    }
  });

  it('chooses the encoding by Accept-Encoding, q-values included', () => {
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('')).toBeUndefined();
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding('deflate')).toBeUndefined();
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br')).toBe('br');
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.1')).toBe('gzip');
    expect(pickEncoding('GZIP;Q=0, BR;Q=0')).toBeUndefined();
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*, br;q=0')).toBe('gzip');
    expect(pickEncoding(['gzip', 'br'])).toBe('br');
  });

  it('an old or unknown name is a 404, as are the sources and the pages under the asset path', async () => {
    const { scripts, styles } = await references('/console');
    const old = String(scripts[0]).replace(/-[0-9a-f]{16}\./, '-0123456789abcdef.');
    for (const url of [old, String(styles[0]).replace(/-[0-9a-f]{16}/, ''), '/console/assets/', '/console/assets/console.html', '/console/js/console.js', '/console/css/console.css', '/console/console.html']) {
      const res = await get(url, { 'accept-encoding': 'br' });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['cache-control'], url).toBeUndefined();
    }
    expect((await get('/console/icon.svg')).statusCode).toBe(200);
  });
});

describe('the pages', () => {
  it.each(PAGES)('%s: revalidated every time (no-cache, ETag, 304), the CSP as strict as ever', async (url) => {
    const page = await get(url, { 'accept-encoding': 'gzip, br' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=/);
    const again = await get(url, { 'if-none-match': String(page.headers.etag) });
    expect(again.statusCode).toBe(304);
  });
});

describe('a page whose files do not bundle', () => {
  let dir: string;
  const page = (css: string, js: string) => `<!doctype html>\n<html>\n<head>\n  <link rel="stylesheet" href="/console/css/${css}">\n  <script type="module" src="/console/js/${js}"></script>\n</head>\n<body></body>\n</html>\n`;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-console-'));
    mkdirSync(join(dir, 'js'));
    mkdirSync(join(dir, 'css'));
    writeFileSync(join(dir, 'css', 'a.css'), 'body { color: red }\n');
    writeFileSync(join(dir, 'js', 'good.js'), "import { x } from './x.js';\nconsole.log(x);\n");
    writeFileSync(join(dir, 'js', 'x.js'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'js', 'broken.js'), "import { x } from './x.js';\nconst y = ;\n");
    writeFileSync(join(dir, 'js', 'missing.js'), "import { nowhere } from './nowhere.js';\nconsole.log(nowhere);\n");
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function start(consoleHtml: string, simulatorHtml = page('a.css', 'good.js')): Promise<unknown> {
    writeFileSync(join(dir, 'console.html'), consoleHtml);
    writeFileSync(join(dir, 'simulator.html'), simulatorHtml);
    const server = Fastify();
    try {
      await server.register(consoleRoutes(dir));
      await server.ready();
      return undefined;
    } catch (err) {
      return err;
    } finally {
      await server.close();
    }
  }

  it('stops the server at start, naming the file and line', async () => {
    const err = await start(page('a.css', 'broken.js'));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/console\.html could not be bundled:\n.*broken\.js:2:\d+: Unexpected ";"/);
  });

  it('and a module or stylesheet that is not there', async () => {
    expect((err(await start(page('a.css', 'missing.js'))))).toMatch(/missing\.js:1:\d+: Could not resolve "\.\/nowhere\.js"/);
    expect((err(await start(page('nothing.css', 'good.js'))))).toMatch(/could not be bundled:\n.*Could not resolve "\.\/nothing\.css"/);
    expect(err(await start(page('a.css', 'good.js').replace('<script', '<script defer')))).toMatch(/console\.html must load one module script/);
  });

  it('starts when they do', async () => {
    expect(await start(page('a.css', 'good.js'))).toBeUndefined();
  });
});

function err(e: unknown): string {
  return e instanceof Error ? e.message : `no error (${String(e)})`;
}
