/**
 * Newest-first pages over a sorted set scored by time, with a cursor that is the last item of
 * the previous page: its time and its id. Items of the same millisecond (a meeting and its
 * follow-up survey, notes stamped to the second by a platform) are neither skipped nor repeated.
 */
import type { Redis } from './redis-types.js';

export interface PageCursor {
  ms: number;
  /** Absent: everything at `ms` counts as before it (the older numeric cursors). */
  id?: string;
}

/** Same-millisecond items a page looks past at its start; more than this many at once is not a school's day. */
const TIE_SLACK = 100;

export async function newestFirst(redis: Redis, key: string, limit: number, before?: PageCursor): Promise<string[]> {
  const max = before === undefined ? '+inf' : before.id === undefined ? `(${before.ms}` : String(before.ms);
  const raw = await redis.zrevrangebyscore(key, max, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + (before?.id ? TIE_SLACK : 0));
  const ids: string[] = [];
  for (let i = 0; i < raw.length && ids.length < limit; i += 2) {
    const id = raw[i] as string;
    const ms = Number(raw[i + 1]);
    // Equal times come in descending id order: after the cursor are the smaller ids.
    if (before?.id !== undefined && ms === before.ms && id >= before.id) continue;
    ids.push(id);
  }
  return ids;
}

/** `"<ms>"` or `"<ms>:<id>"`, as pages hand them out; undefined for anything else. */
export function parseCursor(raw: string | undefined): PageCursor | undefined {
  const m = raw === undefined ? null : /^(\d{1,16})(?::([A-Za-z0-9_-]{1,64}))?$/.exec(raw);
  if (!m) return undefined;
  return m[2] === undefined ? { ms: Number(m[1]) } : { ms: Number(m[1]), id: m[2] };
}

export function cursorOf(ms: number, id: string): string {
  return `${ms}:${id}`;
}
