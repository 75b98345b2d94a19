/**
 * Wall-clock arithmetic in IANA zones using only Intl. Morocco is +01 except during
 * Ramadan (+00), and tz predicts those dates, so offsets are always looked up, never assumed.
 * Pure: every instant is an argument; the only state is a formatter cache.
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_DAY = 24 * 60 * MS_PER_MINUTE;
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Constructing a DateTimeFormat costs far more than formatting, so keep one per zone name. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // en-US + latn + h23: ASCII digits and hours 0..23, whatever the ICU defaults are.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in an IANA zone. Throws RangeError for an unknown zone or invalid Date. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const out: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  let bc = false;
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type === 'weekday') out.weekday = WEEKDAYS[p.value] ?? 0;
    else if (p.type === 'era') bc = p.value === 'BC';
    else if (p.type in out) out[p.type as keyof ZonedParts] = Number(p.value);
  }
  // Proleptic Gregorian with year 0 = 1 BC, matching Date.UTC.
  if (bc) out.year = 1 - out.year;
  return out;
}

/** Date.UTC without its 0..99 → 1900..1999 year remapping. Returns epoch ms. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year + d.getUTCFullYear() - 2000);
  return d.getTime();
}

/** Wall clock of `ms` in the zone, read as if it were UTC, in epoch ms (whole seconds). */
function wallMs(ms: number, timeZone: string): number {
  const p = zonedParts(new Date(ms), timeZone);
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second);
}

/** UTC offset of the zone at an instant, in ms (Casablanca: 3_600_000 outside Ramadan, 0 during it). */
export function timeZoneOffsetMs(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  // Intl reports whole seconds; drop sub-second ms so the difference is the offset alone.
  return wallMs(ms, timeZone) - Math.floor(ms / MS_PER_SECOND) * MS_PER_SECOND;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local date-time.
 * Out-of-range fields roll over like Date.UTC (day 32 → next month).
 * Skipped wall time (forward transition): the first instant after the gap.
 * Repeated wall time (backward transition): the earlier instant.
 */
export function zonedTimeToInstant(local: LocalDateTime, timeZone: string): Date {
  const wall = utcMs(local.year, local.month, local.day, local.hour, local.minute);
  if (!Number.isFinite(wall)) throw new RangeError('zonedTimeToInstant: invalid local date-time');
  // tz never has two transitions within two days, so the offsets a day either side
  // are the only ones that can apply to this wall time.
  const before = wall - timeZoneOffsetMs(new Date(wall - MS_PER_DAY), timeZone);
  const after = wall - timeZoneOffsetMs(new Date(wall + MS_PER_DAY), timeZone);
  const earlier = Math.min(before, after);
  const later = Math.max(before, after);
  if (wallMs(earlier, timeZone) === wall) return new Date(earlier);
  if (wallMs(later, timeZone) === wall) return new Date(later);
  return new Date(transitionBetween(earlier, later, timeZone));
}

/** First instant (whole second) in (lo, hi] whose offset differs from the offset at lo. */
function transitionBetween(lo: number, hi: number, timeZone: string): number {
  const startOffset = timeZoneOffsetMs(new Date(lo), timeZone);
  let a = Math.floor(lo / MS_PER_SECOND);
  let b = Math.ceil(hi / MS_PER_SECOND);
  // Bisect on seconds: a gap is at most a few hours, so about 14 steps.
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (timeZoneOffsetMs(new Date(mid * MS_PER_SECOND), timeZone) === startOffset) a = mid;
    else b = mid;
  }
  return b * MS_PER_SECOND;
}

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "08:00", "8:00", "21:30" → hour and minute; undefined for "24:00", "7", "ab", "08:00:00". */
export function parseClockTime(s: string): { hour: number; minute: number } | undefined {
  const m = CLOCK_TIME.exec(s);
  if (m === null) return undefined;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** True when Intl knows the zone (IANA names and their aliases, e.g. "UTC", "Africa/Casablanca"). */
export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}
