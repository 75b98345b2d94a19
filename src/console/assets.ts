/**
 * What a page loads, made once at start-up: for each page (console.html, simulator.html) one
 * minified script (its module and everything it imports) and one minified stylesheet (its
 * stylesheets in order), named by a hash of their content (console-<hash>.js), each kept with
 * its gzip and brotli forms so a request costs no compression. The page's HTML is given back with
 * its <script> and <link rel="stylesheet"> pointing at them. The files under js/ and css/ stay
 * the source; what is served is derived from them here, in memory.
 *
 * A cheap phone on a slow line then fetches two files instead of some sixty, compressed, and on
 * a later visit none at all (a hashed name never changes content: cached for a year).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { build, type BuildFailure, type Message } from 'esbuild';

export interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
}

export interface ConsoleAssets {
  /** The pages' HTML by file name ("console.html"), pointing at the bundles. */
  pages: Map<string, Buffer>;
  /** The bundles by the name they are served under ("console-1a2b3c4d5e6f7a8b.js"). */
  assets: Map<string, Asset>;
}

/** Where the bundles are served: /console/assets/<name>. */
export const ASSETS_PATH = '/console/assets/';

export class AssetBuildError extends Error {
  override readonly name = 'AssetBuildError';
}

const SCRIPT = /[ \t]*<script type="module" src="\/console\/js\/([\w./-]+)"><\/script>\n?/g;
const STYLESHEET = /[ \t]*<link rel="stylesheet" href="\/console\/css\/([\w./-]+)">\n?/g;
const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const;

// Brotli's quality 10 gives within 1 % of 11's size in well under half its time (2 cores).
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

const built = new Map<string, Promise<ConsoleAssets>>();

/**
 * The bundles of `pages` under `dir`, made once per process (the files are read at start-up,
 * as the rest of the console's files are). Rejects with an AssetBuildError that names the file
 * and line when a script or stylesheet does not bundle; the server must not start without them.
 */
export function consoleAssets(dir: string, pages: readonly string[]): Promise<ConsoleAssets> {
  const key = `${dir}\0${pages.join('\0')}`;
  let made = built.get(key);
  if (!made) {
    made = buildConsoleAssets(dir, pages);
    // A failure is not kept: the next start tries again.
    made.catch(() => built.delete(key));
    built.set(key, made);
  }
  return made;
}

export async function buildConsoleAssets(dir: string, pages: readonly string[]): Promise<ConsoleAssets> {
  const out: ConsoleAssets = { pages: new Map(), assets: new Map() };
  await Promise.all(pages.map(async (file) => {
    const html = readFileSync(join(dir, file), 'utf8');
    const name = file.replace(/\.html$/, '');
    const scripts = [...html.matchAll(SCRIPT)].map((m) => m[1] as string);
    const styles = [...html.matchAll(STYLESHEET)].map((m) => m[1] as string);
    if (scripts.length !== 1 || styles.length === 0) {
      throw new AssetBuildError(`${file} must load one module script from /console/js/ and its stylesheets from /console/css/: found ${scripts.length} and ${styles.length}`);
    }
    const [js, css] = await Promise.all([
      bundle(file, { entryPoints: [join(dir, 'js', scripts[0] as string)] }),
      bundle(file, { stdin: { contents: styles.map((s) => `@import ${JSON.stringify(`./${s}`)};`).join('\n'), resolveDir: join(dir, 'css'), loader: 'css', sourcefile: `${file} stylesheets` } }),
    ]);
    const [jsName, cssName] = await Promise.all([add(out, name, 'js', js), add(out, name, 'css', css)]);
    let first = true;
    const rewritten = html
      .replace(STYLESHEET, (tag) => {
        if (!first) return '';
        first = false;
        return tag.replace(/href="[^"]+"/, `href="${ASSETS_PATH}${cssName}"`);
      })
      .replace(SCRIPT, (tag) => tag.replace(/src="[^"]+"/, `src="${ASSETS_PATH}${jsName}"`));
    // Anything else under js/ or css/ would not be served: say so now, not as a broken page.
    const left = /\/console\/(js|css)\/[^"']*/.exec(rewritten);
    if (left) throw new AssetBuildError(`${file} refers to ${left[0]}, which is served only inside a bundle: load it from the page's module or stylesheet`);
    out.pages.set(file, Buffer.from(rewritten));
  }));
  return out;
}

type Input = { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string; loader: 'css'; sourcefile: string } };

async function bundle(page: string, input: Input): Promise<Buffer> {
  try {
    const result = await build({
      ...input,
      bundle: true,
      minify: true,
      format: 'esm',
      // Arabic and French words stay as UTF-8 (two bytes a letter), not \u escapes (six).
      charset: 'utf8',
      write: false,
      logLevel: 'silent',
      outdir: 'out',
    });
    const file = result.outputFiles[0];
    if (!file || result.outputFiles.length !== 1) throw new AssetBuildError(`bundling ${page}'s files gave ${result.outputFiles.length} outputs, not one`);
    return Buffer.from(file.contents);
  } catch (err) {
    if (err instanceof AssetBuildError) throw err;
    const messages = (err as Partial<BuildFailure>).errors;
    if (!messages?.length) throw new AssetBuildError(`the console's files for ${page} could not be bundled: ${err instanceof Error ? err.message : String(err)}`);
    throw new AssetBuildError(`the console's files for ${page} could not be bundled:\n${messages.map(where).join('\n')}`);
  }
}

function where(m: Message): string {
  const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
  return `  ${at}${m.text}`;
}

async function add(out: ConsoleAssets, page: string, ext: 'js' | 'css', body: Buffer): Promise<string> {
  const name = `${page}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.${ext}`;
  const [gz, br] = await Promise.all([gzipped(body, { level: 9 }), brotli(body, BROTLI)]);
  out.assets.set(name, { type: TYPES[ext], body, gzip: gz, br });
  return name;
}

/**
 * The encoding to send for an Accept-Encoding header: brotli when accepted (the smaller), else
 * gzip, else none. Honours q-values (q=0 refuses) and "*".
 */
export function pickEncoding(header: string | string[] | undefined): 'br' | 'gzip' | undefined {
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(',')) {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!coding) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gz = Math.max(weight('gzip'), weights.get('x-gzip') ?? 0);
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : undefined;
}
