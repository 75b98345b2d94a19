/**
 * When an invitation may go out: not before sendAt, and never inside the school's quiet
 * hours (local wall clock, default 21:00–08:00). Pure: `now` is always an argument.
 */
import type { QuietHours } from '../core/types.js';
import { parseClockTime, timeZoneOffsetMs, zonedParts, zonedTimeToInstant } from './zoned-time.js';

export interface DueInput {
  now: Date;
  sendAt?: Date;
  respectQuietHours: boolean;
  quietHours: QuietHours;
  /** IANA zone of the school. */
  timeZone: string;
}

export type DueReason = 'quiet_hours_pending' | 'scheduled';

export interface Due {
  dueAt: Date;
  /** Why it waits; undefined when due now. */
  reason?: DueReason;
}

/** Window bounds in minutes since local midnight; throws so a bad setting never means "send at night". */
function windowMinutes(quietHours: QuietHours): { start: number; end: number } {
  const start = parseClockTime(quietHours.start);
  const end = parseClockTime(quietHours.end);
  if (start === undefined || end === undefined) {
    throw new RangeError(`invalid quiet hours ${quietHours.start}–${quietHours.end}`);
  }
  return { start: start.hour * 60 + start.minute, end: end.hour * 60 + end.minute };
}

/** True when minute-of-day `m` is in [start, end), wrapping past midnight when start > end. */
function inWindow(m: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** True when the school's wall clock at `instant` is inside [start, end). start === end: never. */
export function isInQuietHours(instant: Date, quietHours: QuietHours, timeZone: string): boolean {
  const { start, end } = windowMinutes(quietHours);
  const p = zonedParts(instant, timeZone);
  return inWindow(p.hour * 60 + p.minute, start, end);
}

/** The instant the quiet window containing `instant` ends, or undefined when it is not quiet. */
function quietWindowEnd(instant: Date, quietHours: QuietHours, timeZone: string): Date | undefined {
  const { start, end } = windowMinutes(quietHours);
  const p = zonedParts(instant, timeZone);
  const m = p.hour * 60 + p.minute;
  if (!inWindow(m, start, end)) return undefined;
  // Before midnight in a window spanning it (22:30 with end 08:00): the end is tomorrow.
  const dayOffset = start > end && m >= start ? 1 : 0;
  const local = { year: p.year, month: p.month, day: p.day + dayOffset, hour: Math.floor(end / 60), minute: end % 60 };
  const endAt = zonedTimeToInstant(local, timeZone);
  return endAt > instant ? endAt : laterRepeat(endAt, instant, timeZone);
}

/**
 * zonedTimeToInstant picks the earlier of a repeated wall time; when we are already in the
 * second pass of that hour (backward transition), the end is the same wall time at today's offset.
 */
function laterRepeat(endAt: Date, instant: Date, timeZone: string): Date {
  const shiftMs = timeZoneOffsetMs(endAt, timeZone) - timeZoneOffsetMs(instant, timeZone);
  return new Date(endAt.getTime() + shiftMs);
}

function assertValidDate(d: Date, name: string): void {
  if (Number.isNaN(d.getTime())) throw new RangeError(`computeDueAt: invalid ${name}`);
}

/**
 * max(now, sendAt), then pushed to the end of the quiet window if it falls inside it.
 * reason: 'quiet_hours_pending' when quiet hours moved it, 'scheduled' when only sendAt did.
 */
export function computeDueAt(input: DueInput): Due {
  const { now, sendAt } = input;
  assertValidDate(now, 'now');
  if (sendAt !== undefined) assertValidDate(sendAt, 'sendAt');
  const base = sendAt !== undefined && sendAt > now ? sendAt : now;
  if (input.respectQuietHours) {
    const end = quietWindowEnd(base, input.quietHours, input.timeZone);
    if (end !== undefined) return { dueAt: end, reason: 'quiet_hours_pending' };
  }
  const dueAt = new Date(base.getTime());
  return base === now ? { dueAt } : { dueAt, reason: 'scheduled' };
}
