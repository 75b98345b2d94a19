/** Delivery and read receipts, and a parent blocking or unblocking the school's account. */
import type { InboundEvent } from '../core/adapter.js';
import type { PipelineContext } from './context.js';

export async function handleStatus(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'status' }>): Promise<string> {
  let updated = 0;
  for (const messageId of e.messageIds) {
    const ref = await ctx.stores.chats.findSent(e.platform, e.from, messageId);
    if (ref?.kind !== 'invitation') continue;
    // A read message was delivered, even when the platform skipped the delivery receipt.
    const row = await ctx.stores.events.transition(ref.eventId, ref.guardianId, { s: 'delivered', d: e.receivedAt.toISOString() }, ['sent']);
    if (row?.s === 'delivered') updated++;
  }
  return `status_${updated}`;
}

export async function handleBlocked(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'blocked' | 'unblocked' }>): Promise<string> {
  const owner = await ctx.stores.roster.findByAddress(e.platform, e.from);
  if (!owner || owner.kind !== 'guardian') return 'unknown_sender';
  await ctx.stores.roster.setUnreachable(owner.schoolId, owner.id, e.platform, e.type === 'blocked' ? e.receivedAt.toISOString() : null);
  return e.type;
}
