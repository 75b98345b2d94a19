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

/**
 * Accounts that hold a session or poll publish their health; others appear only while the
 * platform refuses them (a revoked token: services/invitations.ts records it).
 */
export async function channelHealth(ctx: Pick<PipelineContext, 'channels' | 'stores'>): Promise<ChannelHealth[]> {
  const listening = ctx.channels.accounts.filter((a) => a.adapter.listen);
  const others = ctx.channels.accounts.filter((a) => !a.adapter.listen);
  const refused = (await Promise.all(others.map(async ({ adapter }) => {
    const s = await ctx.stores.chats.channelStatus(adapter.platform, adapter.accountId);
    return s && !s.ready ? [{ platform: adapter.platform, accountId: adapter.accountId, ready: false, detail: s.detail ?? null, at: s.at }] : [];
  }))).flat();
  const held = await Promise.all(listening.map(async ({ adapter, heldBy }) => {
    const s = await ctx.stores.chats.channelStatus(adapter.platform, adapter.accountId);
    return {
      platform: adapter.platform,
      accountId: adapter.accountId,
      ready: s?.ready ?? false,
      detail: s ? (s.detail ?? null) : `no process holds this account: start ${heldBy ? `its process (ROLE=${heldBy})` : 'a worker'}`,
      at: s?.at ?? null,
    };
  }));
  return [...held, ...refused];
}
