/**
 * Platform webhooks: `POST /webhooks/<kind>` (and `/webhooks/<kind>/<accountId>`), plus the
 * subscription handshake on GET (services/inbound/webhook.ts). The raw bytes are kept for
 * signature checks (a parser inside this plugin only); a verified request is queued and
 * answered 200 at once (platforms resend slow webhooks).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookRequest } from '../core/adapter.js';
import type { PipelineContext } from '../services/context.js';
import { receiveWebhook } from '../services/inbound/webhook.js';
import { ApiError } from './errors.js';

interface Params {
  platform: string;
  accountId?: string;
}

const REFUSED = {
  not_found: [404, 'not_found', 'no account takes webhooks here'],
  not_a_handshake: [405, 'method_not_allowed', 'this webhook takes POST'],
  unsigned: [401, 'unauthorized', 'the signature or secret token does not match'],
  bad_signature: [403, 'unauthorized', 'the signature or secret token does not match'],
  malformed_json: [400, 'malformed_json', 'the webhook body is not JSON'],
} as const;

export function webhookRoutes(ctx: PipelineContext): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const handler = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
      const answer = await receiveWebhook(ctx, request.params.platform, request.params.accountId, toWebhookRequest(request));
      if ('refused' in answer) {
        const [status, code, message] = REFUSED[answer.refused];
        throw new ApiError(status, code, message);
      }
      if ('text' in answer) return reply.status(answer.status).type('text/plain').send(answer.text);
      return reply.status(200).send({ ok: true, accepted: answer.accepted });
    };
    for (const url of ['/webhooks/:platform', '/webhooks/:platform/:accountId']) {
      app.get<{ Params: Params }>(url, { schema: { hide: true } }, handler);
      app.post<{ Params: Params }>(url, { schema: { hide: true } }, handler);
    }
  };
}

function toWebhookRequest(request: FastifyRequest): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) if (typeof v === 'string') query[k] = v;
  return { method: request.method, headers, query, rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0) };
}
