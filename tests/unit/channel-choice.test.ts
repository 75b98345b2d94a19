import { describe, expect, it } from 'vitest';
import type { Platform } from '../../src/core/types.js';
import { noChannelReason, pickChannel } from '../../src/domain/channel-choice.js';

const all = { available: new Set<Platform>(['simulator', 'telegram', 'messenger', 'whatsapp']) };
const only = (...p: Platform[]) => ({ available: new Set<Platform>(p) });

describe('pickChannel', () => {
  const guardian = { channels: { telegram: '555', whatsapp: '212600000001@c.us', simulator: 'sim-1' } };

  it('follows the guardian preference order, then the platform list', () => {
    expect(pickChannel({ ...guardian, channelOrder: ['whatsapp'] }, all)).toEqual({ platform: 'whatsapp', address: '212600000001@c.us' });
    expect(pickChannel(guardian, all)?.platform).toBe('simulator');
  });

  it('skips platforms the school has no account on, unreachable ones and ones already tried', () => {
    expect(pickChannel(guardian, only('telegram'))?.platform).toBe('telegram');
    expect(pickChannel({ ...guardian, channelOrder: ['telegram'], unreachable: { telegram: '2026-01-01' } }, all)?.platform).toBe('simulator');
    expect(pickChannel({ ...guardian, channelOrder: ['telegram'] }, all, new Set<Platform>(['telegram']))?.platform).toBe('simulator');
  });

  it('writes on an opt-in-only channel only to guardians who linked it themselves', () => {
    const wa = { available: new Set<Platform>(['whatsapp', 'telegram']), needsLink: new Set<Platform>(['whatsapp']) };
    const g = { channels: { whatsapp: '212600000001@c.us' }, channelOrder: ['whatsapp' as Platform] };
    expect(pickChannel(g, wa)).toBeUndefined();
    expect(noChannelReason(g, wa)).toBe('not_opted_in');
    expect(pickChannel({ ...g, linked: { whatsapp: '2026-11-01T10:00:00Z' } }, wa)?.platform).toBe('whatsapp');
  });

  it('says why nobody can be reached', () => {
    expect(pickChannel({ channels: {} }, all)).toBeUndefined();
    expect(noChannelReason({ channels: {} }, all)).toBe('no_channel');
    expect(noChannelReason({ channels: { telegram: '1' }, unreachable: { telegram: 'x' } }, all)).toBe('unreachable');
    expect(noChannelReason({ channels: { telegram: '1' } }, only('simulator'))).toBe('no_channel');
  });
});
