/**
 * Inbound: platform messages are acknowledged fast (deduplicated on the account's message id,
 * queued), then handled by the inbound worker: join codes link chats, texts and taps go through
 * the conversation (conversation/turn.ts), receipts and blocks update delivery rows and links.
 */
import type { ChannelAdapter, InboundEvent } from '../../core/adapter.js';
import { inboundKey } from '../../core/ids.js';
import { enqueueInbound } from '../../queue/enqueue.js';
import type { PipelineContext } from '../context.js';
import { handleTurn } from '../conversation/turn.js';
import { handleJoin } from './join.js';
import { handleBlocked, handleStatus } from './status.js';

/** Queues what was not seen before; returns how many were new. */
export async function acceptInbound(ctx: PipelineContext, events: InboundEvent[], adapter?: ChannelAdapter): Promise<number> {
  let accepted = 0;
  for (const e of events) {
    if (!(await ctx.stores.dedupe.firstSeen(e.platform, e.accountId, e.platformMessageId))) continue;
    if (e.type === 'text' || e.type === 'choice' || e.type === 'join' || e.type === 'media' || e.type === 'unsupported') {
      await ctx.stores.chats.noteInbound(e.platform, e.accountId, e.from, e.receivedAt); // opens the messaging window
    }
    try {
      await enqueueInbound(ctx.queues, e, inboundKey(e.accountId, e.platformMessageId));
    } catch (err) {
      // Not queued: forget we saw it, so the platform's resend (after our 5xx) is taken.
      await ctx.stores.dedupe.forget(e.platform, e.accountId, e.platformMessageId).catch(() => undefined);
      throw err;
    }
    ctx.metrics.inbound.inc({ platform: e.platform, type: e.type });
    accepted++;
    adapter?.acknowledge?.(e).catch((err: Error) => ctx.log.warn({ platform: e.platform, err: err.message }, 'acknowledge failed'));
  }
  return accepted;
}

/** One queued message, by kind. */
export async function handleInbound(ctx: PipelineContext, e: InboundEvent): Promise<string> {
  switch (e.type) {
    case 'choice':
    case 'text':
    case 'media':
    case 'unsupported':
      return handleTurn(ctx, e);
    case 'join':
      return handleJoin(ctx, e);
    case 'status':
      return handleStatus(ctx, e);
    case 'blocked':
    case 'unblocked':
      return handleBlocked(ctx, e);
  }
}
