/**
 * Which channel reaches a guardian: their preference order first, then the rest in the
 * platform list's order; skipping platforms the school has no account on, channels a platform
 * said are unreachable, channels already tried for this invitation, and channels whose account
 * only writes to guardians who linked the chat themselves (a school phone, against bans).
 */
import type { Guardian, Platform } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';

export interface ChannelPick {
  platform: Platform;
  address: string;
}

export interface ChannelAvailability {
  /** Platforms the school has an account on. */
  available: ReadonlySet<Platform>;
  /** Platforms whose account writes only to guardians who linked (opted in). */
  needsLink?: ReadonlySet<Platform>;
}

type Reachable = Pick<Guardian, 'channels' | 'channelOrder' | 'unreachable' | 'linked'>;

export function pickChannel(guardian: Reachable, a: ChannelAvailability, exclude: ReadonlySet<Platform> = new Set()): ChannelPick | undefined {
  for (const platform of channelOrder(guardian)) {
    const address = guardian.channels[platform];
    if (!address || exclude.has(platform) || !usable(guardian, platform, a)) continue;
    return { platform, address };
  }
  return undefined;
}

/** Why no channel: nothing linked, every channel unreachable, or only opt-in channels not opted into. */
export function noChannelReason(guardian: Reachable, a: ChannelAvailability): 'no_channel' | 'unreachable' | 'not_opted_in' {
  const present = PLATFORMS.filter((p) => guardian.channels[p] && a.available.has(p));
  if (!present.length) return 'no_channel';
  if (present.every((p) => guardian.unreachable?.[p])) return 'unreachable';
  return present.some((p) => a.needsLink?.has(p) && !guardian.linked?.[p]) ? 'not_opted_in' : 'unreachable';
}

function usable(guardian: Reachable, platform: Platform, a: ChannelAvailability): boolean {
  if (!a.available.has(platform) || guardian.unreachable?.[platform]) return false;
  return !a.needsLink?.has(platform) || Boolean(guardian.linked?.[platform]);
}

function channelOrder(guardian: Pick<Guardian, 'channelOrder'>): Platform[] {
  const preferred = guardian.channelOrder ?? [];
  return [...preferred, ...PLATFORMS.filter((p) => !preferred.includes(p))];
}
