/** The last published health of accounts that hold a session or poll (see startListeners). */
import type { Platform } from '../core/types.js';
import type { PipelineContext } from './context.js';

export interface ChannelHealth {
  platform: Platform;
  accountId: string;
  ready: boolean;
  detail: string | null;
  at: string | null;
}

export async function channelHealth(ctx: Pick<PipelineContext, 'channels' | 'stores'>): Promise<ChannelHealth[]> {
  const listening = ctx.channels.accounts.filter((a) => a.adapter.listen);
  return Promise.all(listening.map(async ({ adapter, heldBy }) => {
    const s = await ctx.stores.chats.channelStatus(adapter.platform, adapter.accountId);
    return {
      platform: adapter.platform,
      accountId: adapter.accountId,
      ready: s?.ready ?? false,
      detail: s ? (s.detail ?? null) : `no process holds this account: start ${heldBy ? `its process (ROLE=${heldBy})` : 'a worker'}`,
      at: s?.at ?? null,
    };
  }));
}
