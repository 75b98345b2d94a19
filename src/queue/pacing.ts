/**
 * Waits for the account's next send slot (see pacer-store.ts), one slot per platform call
 * (a long text is several; a poll is one more); no wait when limits are lifted.
 */
import type { ChannelAccount } from '../adapters.js';
import type { PipelineContext } from './context.js';

export async function waitForSendSlot(ctx: PipelineContext, account: ChannelAccount, calls = 1): Promise<void> {
  const { max, durationMs } = account.adapter.capabilities.rateLimit;
  if (max <= 0) return;
  const waitMs = await ctx.stores.pacer.takeSlot(account.adapter.platform, account.adapter.accountId, (durationMs / max) * calls);
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
}
