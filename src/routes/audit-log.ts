/**
 * The audit log's two faces (DESIGN §10): `audit()` records a staff action from a route, with
 * the caller as the actor; `GET /v1/audit` lets a school's admins read it, newest first.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PipelineContext } from '../services/context.js';
import type { AuditAction, AuditEntry } from '../store/audit-store.js';
import { schoolOf } from './auth.js';

export async function audit(ctx: PipelineContext, request: FastifyRequest, action: AuditAction, target?: AuditEntry['target'], details?: AuditEntry['details'], schoolId?: string): Promise<void> {
  const caller = request.caller;
  if (!caller) return;
  await ctx.stores.audit.record(schoolId ?? actingFor(request), {
    at: ctx.now().toISOString(),
    actor: { kind: caller.kind, id: caller.id, role: caller.role },
    action,
    ...(target ? { target } : {}),
    ...(details ? { details } : {}),
  });
}

/** The school an action was taken in: the caller's, or the one a district caller named. */
function actingFor(request: FastifyRequest): string {
  try {
    return schoolOf(request);
  } catch {
    return request.caller?.school ?? '*';
  }
}

const entry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.string(), role: z.string().optional() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export function auditRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/audit', {
      config: { access: 'admin' },
      schema: {
        tags: ['people'],
        summary: "The school's audit log of staff actions, newest first (ids, never personal data)",
        querystring: z.object({
          school: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.string().regex(/^\d+-\d+$/, 'the id of the last entry of the previous page').optional(),
        }),
        response: { 200: z.object({ items: z.array(entry), next: z.string().nullable() }) },
      },
    }, async (request) => {
      const { limit, before } = request.query;
      const items = await ctx.stores.audit.list(schoolOf(request), limit, before);
      return { items, next: items.length === limit ? (items.at(-1)?.id ?? null) : null };
    });
  };
}
