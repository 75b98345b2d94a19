/**
 * The staff console (/console) and the simulator page (/simulator): static files, no API key
 * (the pages hold no data; every data request they make goes to /v1 with the key). A strict
 * Content-Security-Policy: scripts and styles only from this server, no inline code, so even a
 * name in the roster that carries markup cannot run as script.
 *
 * Each page loads one bundled script and one stylesheet (console/assets.ts), made at start-up:
 * their names carry a hash of their content, so they are cached for a year and never asked for
 * again; the pages themselves are revalidated every time, so a new version is seen at once.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { consoleAssets, pickEncoding, type Asset } from '../console/assets.js';
import { consoleDirectory, loadStaticFiles, type StaticFile } from '../console/static-files.js';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // QR codes are fetched with the key, then shown from a blob: URL.
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGES: Record<string, string> = { '/console': 'console.html', '/simulator': 'simulator.html' };
/** A year: the longest a cache is asked to keep anything, for a file whose name changes with it. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function consoleRoutes(dir = consoleDirectory()): FastifyPluginAsync {
  return async (app) => {
    const bundled = await consoleAssets(dir, Object.values(PAGES));
    // The rest (the icon); the sources under js/ and css/ are served only inside the bundles.
    const files = new Map([...loadStaticFiles(dir)].filter(([name]) => !/^(js|css)\/|\.html$/.test(name)));
    for (const [name, body] of bundled.pages) {
      files.set(name, { body, type: 'text/html; charset=utf-8', etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"` });
    }

    for (const [url, name] of Object.entries(PAGES)) {
      app.get(url, { schema: { hide: true } }, (request, reply) => send(files.get(name), request, reply));
    }
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console'));
    app.get<{ Params: { name: string } }>('/console/assets/:name', { schema: { hide: true } }, (request, reply) => sendAsset(bundled.assets.get(request.params.name), request, reply));
    app.get<{ Params: { '*': string } }>('/console/*', { schema: { hide: true } }, (request, reply) => {
      const name = request.params['*'];
      // Pages are served under their own URLs only, so relative links in them mean one thing.
      return send(name.endsWith('.html') ? undefined : files.get(name), request, reply);
    });
  };
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'not_found', message: `no file ${request.url.split('?')[0]}` } });
}

function common(reply: FastifyReply, type: string): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer');
}

function send(file: StaticFile | undefined, request: FastifyRequest, reply: FastifyReply) {
  if (!file) return notFound(request, reply);
  common(reply, file.type)
    // Revalidate every time (cheap with the ETag): a new version is seen at once.
    .header('cache-control', 'no-cache')
    .header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
  return reply.send(file.body);
}

/** A bundle: never revalidated (its name changes with its content), compressed when accepted. */
function sendAsset(asset: Asset | undefined, request: FastifyRequest, reply: FastifyReply) {
  // An old or unknown hash: a 404, never another version under that name.
  if (!asset) return notFound(request, reply);
  const encoding = pickEncoding(request.headers['accept-encoding']);
  common(reply, asset.type).header('cache-control', IMMUTABLE).header('vary', 'accept-encoding');
  if (!encoding) return reply.send(asset.body);
  return reply.header('content-encoding', encoding).send(encoding === 'br' ? asset.br : asset.gzip);
}
