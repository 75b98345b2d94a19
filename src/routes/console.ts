/**
 * The staff console (/console) and the simulator page (/simulator): static files, no API key
 * (the pages hold no data; every data request they make goes to /v1 with the key). A strict
 * Content-Security-Policy: scripts and styles only from this server, no inline code, so even a
 * name in the roster that carries markup cannot run as script.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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

export function consoleRoutes(dir = consoleDirectory()): FastifyPluginAsync {
  return async (app) => {
    const files = loadStaticFiles(dir);
    const serve = (name: string) => (request: FastifyRequest, reply: FastifyReply) => send(files.get(name), request, reply);

    for (const [url, name] of Object.entries(PAGES)) {
      app.get(url, { schema: { hide: true } }, serve(name));
    }
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console'));
    app.get<{ Params: { '*': string } }>('/console/*', { schema: { hide: true } }, (request, reply) => {
      const name = request.params['*'];
      // Pages are served under their own URLs only, so relative links in them mean one thing.
      return send(name.endsWith('.html') ? undefined : files.get(name), request, reply);
    });
  };
}

function send(file: StaticFile | undefined, request: FastifyRequest, reply: FastifyReply) {
  if (!file) return reply.status(404).send({ error: { code: 'not_found', message: `no file ${request.url.split('?')[0]}` } });
  reply
    .header('content-type', file.type)
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    // Revalidate every time (cheap with the ETag): a new version is seen at once.
    .header('cache-control', 'no-cache')
    .header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
  return reply.send(file.body);
}
