/**
 * Wall-clock time in the school's zone ⇄ instants. Morocco is UTC+1 except during Ramadan, when
 * it is UTC+0, so no offset is hard-coded. The offsets come from the server
 * (GET /v1/school/offsets) when it has answered: browsers ship their own time-zone data and it
 * goes stale (Debian's Chromium 156 puts Casablanca at UTC+0 from October 2026 on). Outside the
 * server's table, or before it arrives, the browser's Intl is asked.
 */

let table; // {timeZone, from, to, transitions: [{at, offsetMinutes}]}

/** Takes the server's offsets of the school's zone. */
export function useOffsets(offsets) {
  table = offsets;
}

/** Minutes the zone is ahead of UTC at instant `ms` (60 for Casablanca most of the year). */
export function offsetMinutes(ms, timeZone) {
  if (table && table.timeZone === timeZone && ms >= table.from && ms <= table.to) {
    let found = table.transitions[0].offsetMinutes;
    for (const tr of table.transitions) if (tr.at <= ms) found = tr.offsetMinutes;
    return found;
  }
  return intlOffsetMinutes(ms, timeZone);
}

const partsFormats = new Map();

function intlOffsetMinutes(ms, timeZone) {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormats.set(timeZone, f);
  }
  const w = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') w[p.type] = Number(p.value);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * A Date whose UTC fields read what the zone's clock reads at `ms`: format it with
 * timeZone 'UTC' to show the school's time whatever the browser's zone data says.
 */
export function wallDate(ms, timeZone) {
  return new Date(ms + offsetMinutes(ms, timeZone) * 60_000);
}

/** "+01:00", "+00:00", "-03:30". */
export function formatOffset(minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * "2026-12-01" + "17:00" read on the school's clock → {iso: "2026-12-01T17:00:00+01:00", ms,
 * offset}. The offset is taken at the instant itself (a second look handles a change of offset
 * between the guess and the answer); a time that does not exist because the clocks jumped
 * comes out as the instant just after the jump, written with its real offset.
 */
export function zonedToInstant(date, time, timeZone) {
  const [y, mo, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  let ms = wall - offsetMinutes(wall, timeZone) * 60_000;
  ms = wall - offsetMinutes(ms, timeZone) * 60_000;
  const offset = offsetMinutes(ms, timeZone);
  const w = wallDate(ms, timeZone);
  const iso = `${ymd(w)}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:00${formatOffset(offset)}`;
  return { iso, ms, offset };
}

/** "YYYY-MM-DD" of the school's today plus `days`. */
export function zonedDate(ms, timeZone, days = 0) {
  return ymd(wallDate(ms + days * 86_400_000, timeZone));
}

function ymd(w) {
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}
