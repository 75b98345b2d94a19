/** Delivery and read receipts, and a parent blocking or unblocking the school's account. */
import type { InboundEvent } from '../../core/adapter.js';
import type { PipelineContext } from '../context.js';
import { redirectAfterFailure } from '../invitations.js';

export async function handleStatus(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'status' }>): Promise<string> {
  if (e.status === 'failed') return handleFailed(ctx, e);
  let updated = 0;
  for (const messageId of e.messageIds) {
    const ref = await ctx.stores.chats.findSent(e.platform, e.accountId, e.from, messageId);
    if (ref?.kind !== 'invitation') continue;
    // A read message was delivered, even when the platform skipped the delivery receipt.
    if (await ctx.stores.events.markDelivered(ref.eventId, ref.guardianId, e.receivedAt)) updated++;
    if (e.status === 'read' && (await ctx.stores.events.markRead(ref.eventId, ref.guardianId, e.receivedAt))) updated++;
  }
  return `status_${updated}`;
}

/**
 * A block is of the account, so it counts for the guardians of every school the account serves
 * whose chat this is (and only those: another school's bot is not blocked).
 */
export async function handleBlocked(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'blocked' | 'unblocked' }>): Promise<string> {
  const owners = (await ctx.stores.roster.ownersOf(e.platform, e.from))
    .filter((o) => o.kind === 'guardian' && (e.schoolId ? o.schoolId === e.schoolId : ctx.channels.serves(e.platform, e.accountId, o.schoolId)));
  if (!owners.length) return 'unknown_sender';
  const at = e.type === 'blocked' ? e.receivedAt.toISOString() : null;
  await Promise.all(owners.map((o) => ctx.stores.roster.setUnreachable(o.schoolId, o.id, e.platform, at)));
  return e.type;
}

/**
 * The platform accepted an invitation, then could not deliver it (not on WhatsApp, the window
 * closed, …): it goes to the guardian's next channel as if the send had failed, or is failed
 * with the platform's reason. Other messages' failures are only counted.
 */
async function handleFailed(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'status'; status: 'failed' }>): Promise<string> {
  let moved = 0;
  for (const messageId of e.messageIds) {
    const ref = await ctx.stores.chats.findSent(e.platform, e.accountId, e.from, messageId);
    ctx.metrics.sends.inc({ platform: e.platform, outcome: `failed_after_send` });
    if (ref?.kind !== 'invitation') continue;
    if (await redirectAfterFailure(ctx, { eventId: ref.eventId, schoolId: ref.schoolId, guardianId: ref.guardianId, platform: e.platform, accountId: e.accountId }, e.failure)) moved++;
  }
  return `failed_${moved}`;
}
