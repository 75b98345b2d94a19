/**
 * Platform webhooks: `POST /webhooks/<platform>` (and `/webhooks/<platform>/<accountId>`), plus
 * the subscription handshake on GET. The raw bytes are kept for signature checks (a parser
 * inside this plugin only); a request no account verifies is refused with nothing queued;
 * a verified one is queued and answered 200 at once (platforms resend slow webhooks).
 * Every account of the platform whose check passes reads the body: pages of one Meta app share
 * a callback URL, and each adapter keeps only its own page's entries.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ChannelAccount } from '../adapters.js';
import type { WebhookRequest } from '../core/adapter.js';
import { PLATFORMS, type Platform } from '../core/types.js';
import type { PipelineContext } from '../services/context.js';
import { acceptInbound } from '../services/inbound/accept.js';
import { ApiError } from './errors.js';

interface Params {
  platform: string;
  accountId?: string;
}

export function webhookRoutes(ctx: PipelineContext): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const handler = (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => handle(ctx, request, reply);
    for (const url of ['/webhooks/:platform', '/webhooks/:platform/:accountId']) {
      app.get<{ Params: Params }>(url, { schema: { hide: true } }, handler);
      app.post<{ Params: Params }>(url, { schema: { hide: true } }, handler);
    }
  };
}

async function handle(ctx: PipelineContext, request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
  const accounts = webhookAccounts(ctx, request.params);
  const req = toWebhookRequest(request);
  if (request.method === 'GET') {
    const answer = accounts.map((a) => a.adapter.webhook?.handshake?.(req)).find((h) => h?.status === 200)
      ?? accounts.map((a) => a.adapter.webhook?.handshake?.(req)).find(Boolean);
    if (!answer) throw new ApiError(405, 'method_not_allowed', 'this webhook takes POST');
    return reply.status(answer.status).type('text/plain').send(answer.body);
  }
  const verified = accounts.filter((a) => a.adapter.webhook?.verify(req));
  if (!verified.length) {
    request.log.warn({ platform: request.params.platform }, 'webhook refused: signature or secret token does not match');
    throw new ApiError(hasCredential(req) ? 403 : 401, 'unauthorized', 'the signature or secret token does not match');
  }
  const body = parseJson(req.rawBody);
  let accepted = 0;
  for (const account of verified) {
    accepted += await acceptInbound(ctx, account.adapter.normaliseInbound(body, ctx.now()), account.adapter);
  }
  return reply.status(200).send({ ok: true, accepted });
}

function webhookAccounts(ctx: PipelineContext, params: Params): ChannelAccount[] {
  if (!(PLATFORMS as readonly string[]).includes(params.platform)) throw new ApiError(404, 'not_found', `no platform ${params.platform}`);
  const platform = params.platform as Platform;
  const accounts = ctx.channels.accounts.filter(
    (a) => a.adapter.platform === platform && a.adapter.webhook && (!params.accountId || a.adapter.accountId === params.accountId),
  );
  if (!accounts.length) throw new ApiError(404, 'not_found', `no ${platform} account takes webhooks here`);
  return accounts;
}

function toWebhookRequest(request: FastifyRequest): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) if (typeof v === 'string') query[k] = v;
  return { method: request.method, headers, query, rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0) };
}

function hasCredential(req: WebhookRequest): boolean {
  return Boolean(req.headers['x-hub-signature-256'] ?? req.headers['x-telegram-bot-api-secret-token']);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'malformed_json', 'the webhook body is not JSON');
  }
}
