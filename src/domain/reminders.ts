/**
 * Reminders of a meeting or school event to the families who said yes (or booked a time): by
 * default the evening before at 18:00 school time and two hours before; the school may move
 * both or turn either off. Pure: the instants, on the school's wall clock (Africa/Casablanca
 * changes its offset for Ramadan, so "18:00 the day before" is computed on that day's clock,
 * never as a fixed number of hours before).
 */
import type { ClockTime } from '../core/types.js';
import { parseClockTime, zonedParts, zonedTimeToInstant } from './zoned-time.js';

export interface ReminderSettings {
  /** The evening before, at this school time; null: none. */
  eveningBefore: ClockTime | null;
  /** This many hours before; null: none. */
  hoursBefore: number | null;
}

export const DEFAULT_REMINDERS: ReminderSettings = { eveningBefore: '18:00', hoursBefore: 2 };

export type ReminderWhen = 'evening' | 'before';

export const REMINDER_KINDS: readonly ReminderWhen[] = ['evening', 'before'];

/** The instant of one reminder of a time `startsAt`, or undefined when the school turned it off. */
export function reminderAt(when: ReminderWhen, startsAt: Date, timeZone: string, settings: ReminderSettings): Date | undefined {
  if (when === 'before') return settings.hoursBefore === null ? undefined : new Date(startsAt.getTime() - settings.hoursBefore * 3_600_000);
  const clock = settings.eveningBefore === null ? undefined : parseClockTime(settings.eveningBefore);
  if (!clock) return undefined;
  const day = zonedParts(startsAt, timeZone);
  // The calendar day before, as a date (the 1st of March's is the 28th or 29th of February).
  const before = new Date(Date.UTC(day.year, day.month - 1, day.day - 1));
  return zonedTimeToInstant({ year: before.getUTCFullYear(), month: before.getUTCMonth() + 1, day: before.getUTCDate(), hour: clock.hour, minute: clock.minute }, timeZone);
}

/** The reminders still to come for a time `startsAt`: those the school keeps, later than `now` and before the time itself. */
export function remindersFor(startsAt: Date, timeZone: string, settings: ReminderSettings, now: Date): Array<{ when: ReminderWhen; at: Date }> {
  return REMINDER_KINDS.flatMap((when) => {
    const at = reminderAt(when, startsAt, timeZone, settings);
    return at && at.getTime() > now.getTime() && at.getTime() < startsAt.getTime() ? [{ when, at }] : [];
  });
}
