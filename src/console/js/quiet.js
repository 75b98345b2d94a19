/**
 * Whether it is quiet hours at the school now (School.quietHours, on the school's clock), and
 * when they end: messages sent now wait until then unless staff ask to send anyway.
 */
import { wallDate } from './zoned.js';

/**
 * Undefined outside quiet hours; else when they end ("08:00") and whether that is tomorrow. The
 * school's clock comes from the server's offsets (zoned.js), not the browser's zone data, which
 * may be stale (an hour off in Casablanca: "tomorrow at 08:00" said at 00:01).
 */
export function quietNow(school, now = new Date()) {
  const { start, end } = school.quietHours ?? {};
  if (!start || !end || start === end) return undefined;
  const wall = wallDate(now.getTime(), school.timeZone);
  const time = `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
  const quiet = start < end ? time >= start && time < end : time >= start || time < end;
  return quiet ? { end, tomorrow: start > end && time >= start } : undefined;
}
