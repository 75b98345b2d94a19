import { describe, expect, it } from 'vitest';
import type { Platform } from '../../src/core/types.js';
import { noChannelReason, pickChannel } from '../../src/domain/channel-choice.js';

const all = new Set<Platform>(['simulator', 'telegram', 'messenger', 'whatsapp']);

describe('pickChannel', () => {
  const guardian = { channels: { telegram: '555', whatsapp: '212600000001@c.us', simulator: 'sim-1' } };

  it('follows the guardian preference order, then the platform list', () => {
    expect(pickChannel({ ...guardian, channelOrder: ['whatsapp'] }, all)).toEqual({ platform: 'whatsapp', address: '212600000001@c.us' });
    expect(pickChannel(guardian, all)?.platform).toBe('simulator');
  });

  it('skips platforms the school has no account on, unreachable ones and ones already tried', () => {
    expect(pickChannel(guardian, new Set<Platform>(['telegram']))?.platform).toBe('telegram');
    expect(pickChannel({ ...guardian, channelOrder: ['telegram'], unreachable: { telegram: '2026-01-01' } }, all)?.platform).toBe('simulator');
    expect(pickChannel({ ...guardian, channelOrder: ['telegram'] }, all, new Set<Platform>(['telegram']))?.platform).toBe('simulator');
  });

  it('says why nobody can be reached', () => {
    expect(pickChannel({ channels: {} }, all)).toBeUndefined();
    expect(noChannelReason({ channels: {} }, all)).toBe('no_channel');
    expect(noChannelReason({ channels: { telegram: '1' }, unreachable: { telegram: 'x' } }, all)).toBe('unreachable');
    expect(noChannelReason({ channels: { telegram: '1' } }, new Set<Platform>(['simulator']))).toBe('no_channel');
  });
});
