import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  parseClockTime,
  timeZoneOffsetMs,
  zonedParts,
  zonedTimeToInstant,
} from '../../src/domain/zoned-time.js';

const CASA = 'Africa/Casablanca';
const PARIS = 'Europe/Paris';
const HOUR_MS = 3_600_000;

describe('zonedParts', () => {
  it('reads Casablanca wall clock at +01 outside Ramadan', () => {
    // 2026-11-23 is a Monday.
    expect(zonedParts(new Date('2026-11-23T21:30:05Z'), CASA)).toEqual({
      year: 2026, month: 11, day: 23, hour: 22, minute: 30, second: 5, weekday: 1,
    });
  });

  it('reads Casablanca at +00 during Ramadan 2026', () => {
    expect(zonedParts(new Date('2026-03-10T09:15:00Z'), CASA)).toMatchObject({ hour: 9, minute: 15 });
    expect(zonedParts(new Date('2026-02-20T23:59:00Z'), CASA)).toMatchObject({ day: 20, hour: 23 });
  });

  it('uses hours 0..23 (midnight is 0, not 24)', () => {
    expect(zonedParts(new Date('2026-11-23T23:00:00Z'), CASA)).toMatchObject({ day: 24, hour: 0, weekday: 2 });
  });

  it('crosses a year boundary in the zone, not in UTC', () => {
    expect(zonedParts(new Date('2026-12-31T23:30:00Z'), CASA)).toMatchObject({ year: 2027, month: 1, day: 1, hour: 0 });
  });

  it('throws RangeError for an unknown zone', () => {
    expect(() => zonedParts(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('timeZoneOffsetMs', () => {
  it.each([
    ['2026-01-15T12:00:00Z', HOUR_MS],
    ['2026-02-20T12:00:00Z', 0],
    ['2026-03-10T12:00:00Z', 0],
    ['2026-03-25T12:00:00Z', HOUR_MS],
    ['2026-09-15T12:00:00Z', HOUR_MS],
    ['2027-02-15T12:00:00Z', 0],
  ])('Casablanca at %s is %d ms (PLATFORMS.md §6.4)', (iso, offset) => {
    expect(timeZoneOffsetMs(new Date(iso), CASA)).toBe(offset);
  });

  it('ignores sub-second ms of the instant', () => {
    expect(timeZoneOffsetMs(new Date('2026-01-15T12:00:00.999Z'), CASA)).toBe(HOUR_MS);
  });
});

describe('zonedTimeToInstant', () => {
  it('maps an ordinary wall time at +01 and at +00', () => {
    expect(zonedTimeToInstant({ year: 2026, month: 11, day: 24, hour: 8, minute: 0 }, CASA).toISOString())
      .toBe('2026-11-24T07:00:00.000Z');
    expect(zonedTimeToInstant({ year: 2026, month: 3, day: 10, hour: 8, minute: 0 }, CASA).toISOString())
      .toBe('2026-03-10T08:00:00.000Z');
  });

  it('round-trips with zonedParts', () => {
    const local = { year: 2026, month: 7, day: 4, hour: 13, minute: 45 };
    expect(zonedParts(zonedTimeToInstant(local, PARIS), PARIS)).toMatchObject(local);
  });

  it('rolls over out-of-range days like Date.UTC', () => {
    expect(zonedTimeToInstant({ year: 2026, month: 11, day: 31, hour: 8, minute: 0 }, CASA).toISOString())
      .toBe('2026-12-01T07:00:00.000Z');
  });

  it('skipped wall time → first instant after the gap (Casablanca, end of Ramadan 2026)', () => {
    // 2026-03-22 02:00 +00 jumps to 03:00 +01; 02:30 never shows.
    expect(zonedTimeToInstant({ year: 2026, month: 3, day: 22, hour: 2, minute: 30 }, CASA).toISOString())
      .toBe('2026-03-22T02:00:00.000Z');
  });

  it('skipped wall time → first instant after the gap (Paris spring forward)', () => {
    expect(zonedTimeToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, PARIS).toISOString())
      .toBe('2026-03-29T01:00:00.000Z');
  });

  it('repeated wall time → earlier instant (Casablanca, start of Ramadan 2026)', () => {
    // 2026-02-15 03:00 +01 falls back to 02:00 +00; 02:30 shows twice.
    expect(zonedTimeToInstant({ year: 2026, month: 2, day: 15, hour: 2, minute: 30 }, CASA).toISOString())
      .toBe('2026-02-15T01:30:00.000Z');
  });

  it('repeated wall time → earlier instant (Paris fall back)', () => {
    expect(zonedTimeToInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, PARIS).toISOString())
      .toBe('2026-10-25T00:30:00.000Z');
  });

  it('handles years below 100 without the Date.UTC 19xx remap', () => {
    expect(zonedTimeToInstant({ year: 50, month: 6, day: 1, hour: 0, minute: 0 }, 'UTC').getUTCFullYear()).toBe(50);
  });

  it('throws RangeError for NaN fields', () => {
    expect(() => zonedTimeToInstant({ year: Number.NaN, month: 1, day: 1, hour: 0, minute: 0 }, CASA)).toThrow(RangeError);
  });
});

describe('parseClockTime', () => {
  it.each([
    ['08:00', { hour: 8, minute: 0 }],
    ['8:00', { hour: 8, minute: 0 }],
    ['21:30', { hour: 21, minute: 30 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
  ])('accepts %s', (s, expected) => {
    expect(parseClockTime(s)).toEqual(expected);
  });

  it.each(['24:00', '7', 'ab', '', '08:60', '08:00:00', ' 08:00', '8:0', '٠٨:٠٠', '-1:00'])('rejects %j', (s) => {
    expect(parseClockTime(s)).toBeUndefined();
  });
});

describe('isValidTimeZone', () => {
  it.each([CASA, PARIS, 'UTC'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });

  it.each(['', 'Mars/Olympus', 'Casablanca', 'not a zone'])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});
