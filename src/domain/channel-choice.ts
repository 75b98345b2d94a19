/**
 * Which channel reaches a guardian: their preference order first, then the rest in the
 * platform list's order; skipping platforms the school has no account on, channels a platform
 * said are unreachable, and channels already tried for this invitation.
 */
import type { Guardian, Platform } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';

export interface ChannelPick {
  platform: Platform;
  address: string;
}

export function pickChannel(
  guardian: Pick<Guardian, 'channels' | 'channelOrder' | 'unreachable'>,
  available: ReadonlySet<Platform>,
  exclude: ReadonlySet<Platform> = new Set(),
): ChannelPick | undefined {
  for (const platform of channelOrder(guardian)) {
    const address = guardian.channels[platform];
    if (!address || !available.has(platform) || exclude.has(platform)) continue;
    if (guardian.unreachable?.[platform]) continue;
    return { platform, address };
  }
  return undefined;
}

/** Why no channel: nothing linked at all, or every linked channel is unreachable. */
export function noChannelReason(guardian: Pick<Guardian, 'channels' | 'unreachable'>, available: ReadonlySet<Platform>): 'no_channel' | 'unreachable' {
  const linked = PLATFORMS.filter((p) => guardian.channels[p] && available.has(p));
  return linked.length > 0 && linked.every((p) => guardian.unreachable?.[p]) ? 'unreachable' : 'no_channel';
}

function channelOrder(guardian: Pick<Guardian, 'channelOrder'>): Platform[] {
  const preferred = guardian.channelOrder ?? [];
  return [...preferred, ...PLATFORMS.filter((p) => !preferred.includes(p))];
}
