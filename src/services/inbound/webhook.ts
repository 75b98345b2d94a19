/**
 * A platform's webhook (`/webhooks/<kind>[/<account>]`): the subscription handshake on GET; on
 * POST the accounts of that kind whose check passes (signature, secret token) read the body,
 * each keeping only its own entries (pages of one Meta app share a callback URL). A request no
 * account verifies is refused with nothing queued.
 */
import { moduleOfKind, SECRET_HEADERS, type ChannelAccount } from '../../adapters.js';
import type { WebhookRequest } from '../../core/adapter.js';
import type { PipelineContext } from '../context.js';
import { acceptInbound } from './accept.js';

export type WebhookAnswer =
  | { status: 200; accepted: number }
  | { status: number; text: string }
  | { refused: 'not_found' | 'not_a_handshake' | 'unsigned' | 'bad_signature' | 'malformed_json' };

export async function receiveWebhook(ctx: PipelineContext, kind: string, accountId: string | undefined, req: WebhookRequest): Promise<WebhookAnswer> {
  const accounts = webhookAccounts(ctx, kind, accountId);
  if (!accounts.length) return { refused: 'not_found' };
  if (req.method === 'GET') {
    const answers = accounts.map((a) => a.adapter.webhook?.handshake?.(req));
    const answer = answers.find((h) => h?.status === 200) ?? answers.find(Boolean);
    return answer ? { status: answer.status, text: answer.body } : { refused: 'not_a_handshake' };
  }
  const verified = accounts.filter((a) => a.adapter.webhook?.verify(req));
  if (!verified.length) {
    ctx.log.warn({ kind }, 'webhook refused: signature or secret token does not match');
    return { refused: SECRET_HEADERS.some((h) => req.headers[h] !== undefined) ? 'bad_signature' : 'unsigned' };
  }
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return { refused: 'malformed_json' };
  }
  let accepted = 0;
  for (const account of verified) accepted += await acceptInbound(ctx, account.adapter.normaliseInbound(body, ctx.now()), account.adapter);
  return { status: 200, accepted };
}

function webhookAccounts(ctx: PipelineContext, kind: string, accountId: string | undefined): ChannelAccount[] {
  if (!moduleOfKind(kind)) return [];
  return ctx.channels.accounts.filter((a) => a.kind === kind && a.adapter.webhook && (!accountId || a.adapter.accountId === accountId));
}
