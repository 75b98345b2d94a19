import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('marking a channel unreachable', () => {
  it('changes that one mark and keeps everything else another worker wrote', async () => {
    t = await startTestApp({ workers: false });
    const roster = t.runtime.ctx.stores.roster;
    await roster.saveGuardian('s1', {
      id: 'g1', name: 'فاطمة', locale: 'ar', phone: '+212600000001',
      channels: { telegram: '555', simulator: 'sim-1' }, channelOrder: ['telegram', 'simulator'],
      linked: { telegram: '2026-11-01T10:00:00.000Z' },
    });
    await roster.setUnreachable('s1', 'g1', 'telegram', '2026-11-23T10:00:00.000Z');
    expect(await roster.getGuardian('s1', 'g1')).toEqual({
      id: 'g1', name: 'فاطمة', locale: 'ar', phone: '+212600000001',
      channels: { telegram: '555', simulator: 'sim-1' }, channelOrder: ['telegram', 'simulator'],
      linked: { telegram: '2026-11-01T10:00:00.000Z' },
      unreachable: { telegram: '2026-11-23T10:00:00.000Z' },
    });
    await roster.setUnreachable('s1', 'g1', 'telegram', null); // unblocked
    expect((await roster.getGuardian('s1', 'g1'))?.unreachable).toBeUndefined();
  });

  it('never turns an empty preference order into an object', async () => {
    t = await startTestApp({ workers: false });
    const roster = t.runtime.ctx.stores.roster;
    await roster.saveGuardian('s1', { id: 'g2', name: 'Sara', locale: 'en', channels: { simulator: 'sim-2' }, channelOrder: [] });
    await roster.setUnreachable('s1', 'g2', 'simulator', '2026-11-23T10:00:00.000Z');
    const g = await roster.getGuardian('s1', 'g2');
    expect(g?.channelOrder === undefined || Array.isArray(g.channelOrder)).toBe(true);
  });
});
