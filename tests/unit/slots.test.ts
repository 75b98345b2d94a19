/** Appointment times from a plan, and the times parents type, in the school's time zone. */
import { describe, expect, it } from 'vitest';
import { createEventSchema } from '../../src/domain/event-schema.js';
import { expandSlots, parseTypedTime, slotsAt } from '../../src/domain/slots.js';

const TZ = 'Africa/Casablanca';

describe('expandSlots', () => {
  it('cuts the span into times, leaves out those overlapping a break, and numbers them in order of start', () => {
    const slots = expandSlots([{ from: '2027-12-14T17:00:00+01:00', to: '2027-12-14T18:00:00+01:00', minutes: 15, breaks: [{ from: '2027-12-14T17:30:00+01:00', to: '2027-12-14T17:40:00+01:00' }] }]);
    expect(slots.map((s) => s.startsAt)).toEqual(['2027-12-14T16:00:00.000Z', '2027-12-14T16:15:00.000Z', '2027-12-14T16:45:00.000Z']);
    expect(slots.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(slots[0]).toMatchObject({ endsAt: '2027-12-14T16:15:00.000Z', capacity: 1 });
  });

  it('merges plans per teacher by time, each time keeping its teacher, room and capacity', () => {
    const slots = expandSlots([
      { from: '2027-12-14T17:00:00Z', to: '2027-12-14T17:20:00Z', minutes: 10, teacherId: 't1', room: 'A' },
      { from: '2027-12-14T17:05:00Z', to: '2027-12-14T17:25:00Z', minutes: 10, teacherId: 't2', perSlot: 2 },
    ]);
    expect(slots.map((s) => [s.startsAt.slice(11, 16), s.teacherId, s.capacity])).toEqual([['17:00', 't1', 1], ['17:05', 't2', 2], ['17:10', 't1', 1], ['17:15', 't2', 2]]);
    expect(slots[0]?.room).toBe('A');
  });

  it('the request refuses times on something else than a meeting, and a plan that leaves no time', () => {
    const base = { audience: { classes: ['C1'] } };
    const slots = { from: '2027-12-14T17:00:00+01:00', to: '2027-12-14T17:30:00+01:00', minutes: 10 };
    expect(createEventSchema.safeParse({ ...base, kind: 'meeting', slots }).success).toBe(true);
    expect(createEventSchema.safeParse({ ...base, kind: 'reminder', slots }).success).toBe(false);
    const allBreak = { ...slots, breaks: [{ from: '2027-12-14T17:00:00+01:00', to: '2027-12-14T17:30:00+01:00' }] };
    expect(createEventSchema.safeParse({ ...base, kind: 'meeting', slots: allBreak }).success).toBe(false);
    expect(createEventSchema.safeParse({ ...base, kind: 'meeting', slots: { ...slots, to: '2027-12-14T17:05:00+01:00' } }).success).toBe(false);
  });

  it('refuses a break outside the times, or one that ends before it starts, saying which field', () => {
    const base = { kind: 'meeting', audience: { classes: ['C1'] } };
    const slots = { from: '2027-12-14T17:00:00+01:00', to: '2027-12-14T18:00:00+01:00', minutes: 10 };
    const withBreak = (from: string, to: string) => createEventSchema.safeParse({ ...base, slots: { ...slots, breaks: [{ from, to }] } });
    expect(withBreak('2027-12-14T17:20:00+01:00', '2027-12-14T17:30:00+01:00').success).toBe(true);
    const after = withBreak('2027-12-14T18:30:00+01:00', '2027-12-14T18:45:00+01:00');
    expect(after.success).toBe(false);
    expect(after.error?.issues[0]).toMatchObject({ path: ['slots', 'breaks'], message: 'a break must end after it starts, between from and to' });
    expect(withBreak('2027-12-14T16:30:00+01:00', '2027-12-14T17:10:00+01:00').success).toBe(false);
    expect(withBreak('2027-12-14T17:30:00+01:00', '2027-12-14T17:20:00+01:00').success).toBe(false);
  });
});

describe('parseTypedTime', () => {
  it.each([
    ['17:20', 17 * 60 + 20],
    ['à 17h20 svp', 17 * 60 + 20],
    ['5.20 pm', 5 * 60 + 20],
    ['١٧:٢٠', 17 * 60 + 20],
    ['18h', 18 * 60],
    ['الخمسة و عشرين', 5 * 60 + 20],
    ['مع الستة و نص', 6 * 60 + 30],
    ['الخامسة والربع', 5 * 60 + 15],
    ['السبعة الا ربع', 6 * 60 + 45],
    ['الستة و خمسة', 6 * 60 + 5],
  ])('%s', (text, minutes) => {
    expect(parseTypedTime(text)?.minutes).toBe(minutes);
  });

  it('finds nothing in a message without a time', () => {
    expect(parseTypedTime('I will come with my husband')).toBeUndefined();
    expect(parseTypedTime('wakha')).toBeUndefined();
  });

  it('matches a 12-hour time to the afternoon time the school set', () => {
    const slots = expandSlots([{ from: '2027-12-14T17:00:00+01:00', to: '2027-12-14T18:00:00+01:00', minutes: 20 }]);
    expect(slotsAt(slots, parseTypedTime('5:20')!, TZ).map((s) => s.index)).toEqual([1]);
    expect(slotsAt(slots, parseTypedTime('الخمسة و عشرين')!, TZ).map((s) => s.index)).toEqual([1]);
    expect(slotsAt(slots, parseTypedTime('5:20 am')!, TZ)).toEqual([]);
    expect(slotsAt(slots, parseTypedTime('17:30')!, TZ)).toEqual([]);
  });
});
