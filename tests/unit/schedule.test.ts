import { describe, expect, it } from 'vitest';
import type { QuietHours } from '../../src/core/types.js';
import { computeDueAt, isInQuietHours, type DueInput } from '../../src/domain/schedule.js';
import { timeZoneOffsetMs, zonedParts } from '../../src/domain/zoned-time.js';

const CASA = 'Africa/Casablanca';
const PARIS = 'Europe/Paris';
const NIGHT: QuietHours = { start: '21:00', end: '08:00' };
const LUNCH: QuietHours = { start: '12:00', end: '14:00' };
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Due time for `nowIso` in Casablanca with the default window, as ISO + reason. */
function due(nowIso: string, extra: Partial<DueInput> = {}): { dueAt: string; reason?: string } {
  const r = computeDueAt({ now: new Date(nowIso), respectQuietHours: true, quietHours: NIGHT, timeZone: CASA, ...extra });
  return r.reason === undefined ? { dueAt: r.dueAt.toISOString() } : { dueAt: r.dueAt.toISOString(), reason: r.reason };
}

const pending = (dueAt: string) => ({ dueAt, reason: 'quiet_hours_pending' });
const now = (dueAt: string) => ({ dueAt });

// 2026-11-23/24 is outside Ramadan: Casablanca is +01, so local = UTC + 1 h.
describe('computeDueAt — Casablanca at +01', () => {
  it('22:30 local → next day 08:00 local (07:00Z), quiet_hours_pending', () => {
    expect(due('2026-11-23T21:30:00Z')).toEqual(pending('2026-11-24T07:00:00.000Z'));
  });

  it('21:00 local (window start, inclusive) → next 08:00', () => {
    expect(due('2026-11-23T20:00:00Z')).toEqual(pending('2026-11-24T07:00:00.000Z'));
  });

  it('00:00 local (after midnight) → same day 08:00', () => {
    expect(due('2026-11-23T23:00:00Z')).toEqual(pending('2026-11-24T07:00:00.000Z'));
  });

  it('02:00 local → same day 08:00', () => {
    expect(due('2026-11-24T01:00:00Z')).toEqual(pending('2026-11-24T07:00:00.000Z'));
  });

  it('07:59 local → 08:00 the same day', () => {
    expect(due('2026-11-24T06:59:00Z')).toEqual(pending('2026-11-24T07:00:00.000Z'));
  });

  it('08:00 local (window end, exclusive) → now', () => {
    expect(due('2026-11-24T07:00:00Z')).toEqual(now('2026-11-24T07:00:00.000Z'));
  });

  it('20:59 local → now', () => {
    expect(due('2026-11-23T19:59:00Z')).toEqual(now('2026-11-23T19:59:00.000Z'));
  });

  it('respectQuietHours false → now, even at 22:30', () => {
    expect(due('2026-11-23T21:30:00Z', { respectQuietHours: false })).toEqual(now('2026-11-23T21:30:00.000Z'));
  });
});

describe('computeDueAt — sendAt', () => {
  const NOW = '2026-11-23T09:00:00Z'; // 10:00 local

  it('sendAt at 23:00 local tonight → next 08:00, quiet_hours_pending', () => {
    expect(due(NOW, { sendAt: new Date('2026-11-23T22:00:00Z') })).toEqual(pending('2026-11-24T07:00:00.000Z'));
  });

  it('sendAt at 10:00 local tomorrow → that time, scheduled', () => {
    expect(due(NOW, { sendAt: new Date('2026-11-24T09:00:00Z') })).toEqual({
      dueAt: '2026-11-24T09:00:00.000Z',
      reason: 'scheduled',
    });
  });

  it('sendAt in the past → now', () => {
    expect(due(NOW, { sendAt: new Date('2026-11-22T09:00:00Z') })).toEqual(now('2026-11-23T09:00:00.000Z'));
  });

  it('sendAt equal to now → now, no reason', () => {
    expect(due(NOW, { sendAt: new Date(NOW) })).toEqual(now('2026-11-23T09:00:00.000Z'));
  });

  it('sendAt at 23:00 with quiet hours off → 23:00, scheduled', () => {
    expect(due(NOW, { sendAt: new Date('2026-11-23T22:00:00Z'), respectQuietHours: false })).toEqual({
      dueAt: '2026-11-23T22:00:00.000Z',
      reason: 'scheduled',
    });
  });

  it('returns a fresh Date, not the caller’s object', () => {
    const n = new Date(NOW);
    expect(computeDueAt({ now: n, respectQuietHours: true, quietHours: NIGHT, timeZone: CASA }).dueAt).not.toBe(n);
  });

  it('rejects invalid dates and quiet hours with RangeError', () => {
    expect(() => due('not a date')).toThrow(RangeError);
    expect(() => due(NOW, { sendAt: new Date('nope') })).toThrow(RangeError);
    expect(() => due(NOW, { quietHours: { start: '25:00', end: '08:00' } })).toThrow(RangeError);
  });
});

describe('computeDueAt — Casablanca during and around Ramadan 2026 (+00)', () => {
  it('setup: Intl puts 2026-02-20 and 2026-03-10 at +00, and the return to +01 on 2026-03-22 02:00Z', () => {
    expect(timeZoneOffsetMs(new Date('2026-02-20T12:00:00Z'), CASA)).toBe(0);
    expect(timeZoneOffsetMs(new Date('2026-03-10T12:00:00Z'), CASA)).toBe(0);
    expect(timeZoneOffsetMs(new Date('2026-03-22T01:59:59Z'), CASA)).toBe(0);
    expect(timeZoneOffsetMs(new Date('2026-03-22T02:00:00Z'), CASA)).toBe(HOUR_MS);
    // And the switch to +00 on 2026-02-15 02:00Z (03:00 +01 → 02:00 +00).
    expect(timeZoneOffsetMs(new Date('2026-02-15T01:59:59Z'), CASA)).toBe(HOUR_MS);
    expect(timeZoneOffsetMs(new Date('2026-02-15T02:00:00Z'), CASA)).toBe(0);
  });

  it('22:30 local on 2026-02-20 → 08:00 local = 08:00Z', () => {
    expect(due('2026-02-20T22:30:00Z')).toEqual(pending('2026-02-21T08:00:00.000Z'));
  });

  it('22:30 local on 2026-03-10 → 08:00 local = 08:00Z', () => {
    expect(due('2026-03-10T22:30:00Z')).toEqual(pending('2026-03-11T08:00:00.000Z'));
  });

  it('night of the return to +01 (21→22 March): 22:30 at +00 → 08:00 at +01 = 07:00Z', () => {
    expect(due('2026-03-21T22:30:00Z')).toEqual(pending('2026-03-22T07:00:00.000Z'));
  });

  it('night of the switch to +00 (14→15 Feb): 22:30 at +01 → 08:00 at +00 = 08:00Z', () => {
    expect(due('2026-02-14T21:30:00Z')).toEqual(pending('2026-02-15T08:00:00.000Z'));
  });

  it('inside the repeated hour of 15 Feb (second 02:30) → 08:00Z', () => {
    expect(due('2026-02-15T02:30:00Z')).toEqual(pending('2026-02-15T08:00:00.000Z'));
  });
});

describe('computeDueAt — Europe/Paris DST nights', () => {
  const paris = (nowIso: string, quietHours: QuietHours = NIGHT) => due(nowIso, { timeZone: PARIS, quietHours });

  it('spring forward (28→29 March): 22:30 at +01 → 08:00 at +02 = 06:00Z', () => {
    expect(paris('2026-03-28T21:30:00Z')).toEqual(pending('2026-03-29T06:00:00.000Z'));
  });

  it('fall back (24→25 October): 22:30 at +02 → 08:00 at +01 = 07:00Z', () => {
    expect(paris('2026-10-24T20:30:00Z')).toEqual(pending('2026-10-25T07:00:00.000Z'));
  });

  it('window ending in the skipped hour (01:00–02:30) ends when the clock jumps to 03:00', () => {
    expect(paris('2026-03-29T00:30:00Z', { start: '01:00', end: '02:30' })).toEqual(pending('2026-03-29T01:00:00.000Z'));
  });

  it('window inside the repeated hour (02:00–02:30): each pass ends at its own 02:30', () => {
    const w = { start: '02:00', end: '02:30' };
    expect(paris('2026-10-25T00:15:00Z', w)).toEqual(pending('2026-10-25T00:30:00.000Z')); // first 02:15, +02
    expect(paris('2026-10-25T01:15:00Z', w)).toEqual(pending('2026-10-25T01:30:00.000Z')); // second 02:15, +01
  });
});

describe('computeDueAt — window not spanning midnight (12:00–14:00)', () => {
  const lunch = (nowIso: string) => due(nowIso, { quietHours: LUNCH });

  it.each([
    ['11:59 → now', '2026-11-24T10:59:00Z', now('2026-11-24T10:59:00.000Z')],
    ['12:00 → 14:00', '2026-11-24T11:00:00Z', pending('2026-11-24T13:00:00.000Z')],
    ['13:30 → 14:00', '2026-11-24T12:30:00Z', pending('2026-11-24T13:00:00.000Z')],
    ['14:00 → now', '2026-11-24T13:00:00Z', now('2026-11-24T13:00:00.000Z')],
    ['22:30 → now', '2026-11-24T21:30:00Z', now('2026-11-24T21:30:00.000Z')],
  ])('%s', (_label, nowIso, expected) => {
    expect(lunch(nowIso)).toEqual(expected);
  });
});

describe('computeDueAt — start === end means no quiet hours', () => {
  it.each(['2026-11-23T21:30:00Z', '2026-11-24T07:00:00Z', '2026-11-24T03:00:00Z'])('%s → now', (iso) => {
    expect(due(iso, { quietHours: { start: '08:00', end: '08:00' } })).toEqual(now(new Date(iso).toISOString()));
  });
});

describe('isInQuietHours', () => {
  it.each([
    ['2026-11-23T20:00:00Z', true], // 21:00
    ['2026-11-23T19:59:00Z', false], // 20:59
    ['2026-11-24T06:59:00Z', true], // 07:59
    ['2026-11-24T07:00:00Z', false], // 08:00
    ['2026-11-23T23:00:00Z', true], // 00:00
  ])('%s in Casablanca → %s', (iso, quiet) => {
    expect(isInQuietHours(new Date(iso), NIGHT, CASA)).toBe(quiet);
  });

  it('uses the zone offset of the day (Ramadan: 21:00 local is 21:00Z)', () => {
    expect(isInQuietHours(new Date('2026-03-10T20:30:00Z'), NIGHT, CASA)).toBe(false);
    expect(isInQuietHours(new Date('2026-03-10T21:00:00Z'), NIGHT, CASA)).toBe(true);
  });

  it('start === end is never quiet', () => {
    expect(isInQuietHours(new Date('2026-11-23T21:30:00Z'), { start: '21:00', end: '21:00' }, CASA)).toBe(false);
  });
});

describe('computeDueAt — invariants over every half hour of 2026', () => {
  /** Why this due time is wrong, or undefined when it is right. */
  function violation(t: number, timeZone: string): string | undefined {
    const r = computeDueAt({ now: new Date(t), respectQuietHours: true, quietHours: NIGHT, timeZone });
    const d = r.dueAt.getTime();
    if (r.reason === undefined) return d === t && !isInQuietHours(r.dueAt, NIGHT, timeZone) ? undefined : 'due now but quiet';
    const p = zonedParts(r.dueAt, timeZone);
    if (d <= t) return 'moved backwards';
    if (p.hour !== 8 || p.minute !== 0) return `ends at ${p.hour}:${p.minute}`;
    if (isInQuietHours(r.dueAt, NIGHT, timeZone)) return 'ends inside quiet hours';
    if (!isInQuietHours(new Date(d - MINUTE_MS), NIGHT, timeZone)) return 'waited past the end';
    // Longest wait: 21:00 → 08:00 is 11 h, plus 1 h on a fall-back night.
    return d - t <= 12 * HOUR_MS ? undefined : 'waited over 12 h';
  }

  it.each([CASA, PARIS])('%s: never early, never quiet, waits end at 08:00 local', (timeZone) => {
    const bad: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * MINUTE_MS) {
      const why = violation(t, timeZone);
      if (why !== undefined) bad.push(`${new Date(t).toISOString()}: ${why}`);
    }
    expect(bad).toEqual([]);
  });
});
