/**
 * The Swagger UI at /docs (DOCS_ACCESS), with a Content-Security-Policy that lets it run and
 * nothing more: its scripts, styles and the OpenAPI document come from this server; images are
 * its own icons (inline SVG data: URIs in its CSS); "Try it out" calls this server only.
 * Swagger UI sets style attributes from script (React), which CSP allows without
 * 'unsafe-inline'; no inline <script> is served (the page loads swagger-initializer.js). The one
 * inline <style> it writes (the Swagger logo's colours, in the top bar, before @fastify/swagger-ui
 * swaps in its own logo) is allowed by its hash, so a browser test can insist on no violation
 * at all: an upgrade that adds inline code shows up there.
 */
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import type { OpsGate } from './ops-access.js';

export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function docsRoutes(gate: OpsGate): FastifyPluginAsync {
  return async (app) => {
    if (!gate.served) return;
    // Swagger UI's routes take hooks but no route config: the access they need is added here.
    const access = gate.access;
    if (access) app.addHook('onRoute', (route) => void (route.config = { ...route.config, access }));
    await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP, uiHooks: gate.hooks });
  };
}
