/**
 * Waits for the account's next send slot (see pacer-store.ts), one slot per platform call
 * (a long text is several; a poll is one more); no wait when limits are lifted.
 *
 * Two lanes share the account's rate. A reply takes the next free slot at once. Bulk takes a
 * slot only when it is near (within BULK_HORIZON_SLOTS intervals, and at least
 * BULK_HORIZON_MIN_MS): otherwise it waits and asks again, so the slots ahead are never all
 * spoken for by bulk sends sleeping in their jobs, and a reply gets one within about that
 * horizon even while a fan-out drains.
 */
import type { ChannelAccount } from '../adapters.js';
import type { PipelineContext } from './context.js';

export type SendLane = 'bulk' | 'reply';

const BULK_HORIZON_SLOTS = 2;
const BULK_HORIZON_MIN_MS = 50;

export async function waitForSendSlot(ctx: PipelineContext, account: ChannelAccount, calls = 1, lane: SendLane = 'bulk'): Promise<void> {
  const { max, durationMs } = account.adapter.capabilities.rateLimit;
  if (max <= 0) return;
  const intervalMs = (durationMs / max) * calls;
  const horizonMs = lane === 'reply' ? 0 : Math.max(BULK_HORIZON_MIN_MS, BULK_HORIZON_SLOTS * (durationMs / max));
  for (;;) {
    const waitMs = await ctx.stores.pacer.takeSlot(account.adapter.platform, account.adapter.accountId, intervalMs, horizonMs);
    if (waitMs >= 0) {
      if (waitMs > 0) await sleep(waitMs);
      return;
    }
    // Not taken: the slot is beyond the horizon. Ask again when it is near, spread a little so
    // bulk jobs waiting together do not all ask at once.
    await sleep(-waitMs + Math.random() * (durationMs / max));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
