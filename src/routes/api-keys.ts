/**
 * API keys for a school's integrations, made by its admins in the console (DESIGN §10): named,
 * shown once at creation, stored only as a hash, revocable, with when each was last used.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PipelineContext } from '../services/context.js';
import { audit } from './audit-log.js';
import { schoolOf } from './auth.js';
import { notFound } from './errors.js';

const school = z.object({ school: z.string().optional() });
const keyOut = z.object({ id: z.string(), name: z.string(), role: z.enum(['admin', 'staff']), createdAt: z.string(), createdBy: z.string(), lastUsedAt: z.string().optional() });

export function apiKeyRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = { config: { access: 'admin' as const } };

    app.get('/v1/api-keys', { ...admin, schema: { tags: ['people'], summary: "The school's API keys (never the keys themselves)", querystring: school, response: { 200: z.object({ items: z.array(keyOut) }) } } },
      async (request) => ({ items: (await ctx.stores.apiKeys.list(schoolOf(request))).map(({ schoolId: _s, ...k }) => k) }));

    app.post('/v1/api-keys', {
      ...admin,
      schema: {
        tags: ['people'],
        summary: 'Make an API key for an integration; the answer is the only time the key is shown',
        querystring: school,
        body: z.object({ name: z.string().trim().min(1, 'name the integration').max(80), role: z.enum(['admin', 'staff']).default('staff') }).strict(),
        response: { 201: keyOut.extend({ key: z.string() }) },
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const { key, record } = await ctx.stores.apiKeys.create({ schoolId, name: request.body.name, role: request.body.role, createdAt: ctx.now().toISOString(), createdBy: request.caller!.id });
      await audit(ctx, request, 'key_created', { type: 'api_key', id: record.id }, { role: record.role });
      const { schoolId: _s, ...shown } = record;
      return reply.status(201).send({ ...shown, key });
    });

    app.delete('/v1/api-keys/:id', {
      ...admin,
      schema: { tags: ['people'], summary: 'Revoke an API key: it stops working at once', params: z.object({ id: z.string().regex(/^[a-z0-9]{12}$/, 'not a key id') }), querystring: school },
    }, async (request, reply) => {
      const revoked = await ctx.stores.apiKeys.revoke(schoolOf(request), request.params.id);
      if (!revoked) throw notFound('api_key', request.params.id, `no API key ${request.params.id}`);
      await audit(ctx, request, 'key_revoked', { type: 'api_key', id: revoked.id });
      return reply.status(204).send();
    });
  };
}
