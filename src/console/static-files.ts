/**
 * The console's static files (HTML, CSS, browser ES modules), read once into memory at start-up:
 * the pages and the icon are served from here with an ETag (the scripts and stylesheets as the
 * bundles of console/assets.ts). Only these extensions are read; the server-side .ts files
 * that live beside them never are.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Where the files are: beside this module when it runs from src/ (tsx, the Docker image), else
 * src/console under the working directory (a compiled dist/ build run from the repo root).
 */
export function consoleDirectory(): string {
  const candidates = [fileURLToPath(new URL('.', import.meta.url)), join(process.cwd(), 'src', 'console')];
  const found = candidates.find((dir) => existsSync(join(dir, 'console.html')));
  if (!found) throw new Error(`the console's files are missing: looked in ${candidates.join(' and ')}`);
  return found;
}

/** Every servable file under `dir`, keyed by its path with forward slashes ("js/api.js"). */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const path of walk(dir)) {
    const ext = path.slice(path.lastIndexOf('.'));
    const type = TYPES[ext];
    if (!type) continue;
    const body = readFileSync(path);
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
    files.set(relative(dir, path).split(sep).join('/'), { body, type, etag });
  }
  return files;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
