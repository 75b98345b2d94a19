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

describe('consent and language written by the conversation', () => {
  it('keep empty id lists as lists (a teacher with no class yet, an empty preference order)', async () => {
    t = await startTestApp({ workers: false });
    const roster = t.runtime.ctx.stores.roster;
    await roster.saveGuardian('s1', { id: 'g3', name: 'Sara', locale: 'en', channels: { simulator: 'sim-3' }, channelOrder: [] });
    await roster.upsert('s1', { classes: [], guardians: [], children: [], teachers: [{ id: 't1', name: 'Nadia', classIds: [], channels: { simulator: 'sim-t' } }] });
    expect(await roster.setConsent('s1', 'g3', 'out', '2026-11-23T10:00:00.000Z')).toBe(true);
    expect(await roster.setConsent('s1', 'g3', 'in', '2026-11-23T11:00:00.000Z')).toBe(true);
    await roster.setLocale({ schoolId: 's1', kind: 'teacher', id: 't1' }, 'en');
    const raw = await t.redis.hget(`${t.prefix}:{s:s1}:guardians`, 'g3');
    expect(raw).not.toContain('"channelOrder":{}');
    const teacher = (await roster.getTeachers('s1', ['t1'])).get('t1');
    expect(teacher?.classIds).toEqual([]);
    expect(teacher?.locale).toBe('en');
  });

  it('a STOP written before a START that arrived first does not undo the START; the first opt-out time is kept', async () => {
    t = await startTestApp({ workers: false });
    const roster = t.runtime.ctx.stores.roster;
    await roster.saveGuardian('s1', { id: 'g4', name: 'Sara', locale: 'en', channels: { simulator: 'sim-4' } });
    await roster.setConsent('s1', 'g4', 'out', '2026-11-23T10:00:00.000Z');
    await roster.setConsent('s1', 'g4', 'out', '2026-11-23T10:05:00.000Z');
    expect((await roster.getGuardian('s1', 'g4'))?.optedOutAt).toBe('2026-11-23T10:00:00.000Z');
    await roster.setConsent('s1', 'g4', 'in', '2026-11-23T12:00:00.000Z');
    expect(await roster.setConsent('s1', 'g4', 'out', '2026-11-23T11:00:00.000Z')).toBe(false); // late
    expect((await roster.getGuardian('s1', 'g4'))?.optedOutAt).toBeUndefined();
  });
});
