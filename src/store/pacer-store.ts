/**
 * Even pacing of sends per channel account, shared by every worker process: each send takes
 * the next free slot, `intervalMs` after the previous one, on Redis's clock. BullMQ's limiter
 * counts jobs in fixed windows, which lets a window's worth of sends out in one burst at its
 * edge; platforms that count per rolling second (PLATFORMS.md §1–2) answer such bursts with
 * rate-limit errors. Slots never bunch up.
 */
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';

/**
 * KEYS: slot. ARGV: interval in microseconds (ms would round 1000/30 down to 33: 31 sends in a
 * second). Returns whole ms to wait before sending.
 */
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(nextFree, now)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', slot + interval), 'PX', math.floor(interval / 250) + 60000)
return math.ceil((slot - now) / 1000)
`;

/**
 * Slots are 2% wider than the rate: a send that leaves a few ms late must not land in the same
 * rolling second as the 30th after it (platforms count arrivals, not our intentions).
 */
const SAFETY = 1.02;

/**
 * KEYS: the account's new recipients (address → when last started, ms). ARGV: address, limit,
 * window ms. Someone already counted in the window costs nothing (their time is refreshed); a
 * new one is counted while the limit allows. Returns 0, or the ms until the oldest leaves the
 * window (when one more fits).
 */
const TAKE_NEW_RECIPIENT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** A messaging tier counts people over any moving 24 hours. */
export const TIER_WINDOW_MS = 24 * 3_600_000;

interface PacerScripts {
  sbTakeSlot(key: string, intervalMs: number): Promise<number>;
  sbTakeNewRecipient(key: string, address: string, limit: number, windowMs: number): Promise<number>;
}

export class PacerStore {
  private readonly scripts: PacerScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<PacerScripts>(redis, { sbTakeSlot: { keys: 1, lua: TAKE_SLOT }, sbTakeNewRecipient: { keys: 1, lua: TAKE_NEW_RECIPIENT } });
  }

  /** Milliseconds to wait before this send (0 when the account is idle). */
  async takeSlot(platform: string, accountId: string, intervalMs: number): Promise<number> {
    return this.scripts.sbTakeSlot(this.keys.sendSlot(platform, accountId), Math.max(1, Math.ceil(intervalMs * 1000 * SAFETY)));
  }

  /**
   * One person more in the account's moving 24 hours (a WhatsApp tier), when `limit` allows:
   * 0, or the ms to wait until someone leaves the window. Infinity as the limit counts without refusing.
   */
  async takeNewRecipient(platform: string, accountId: string, address: string, limit: number): Promise<number> {
    return this.scripts.sbTakeNewRecipient(this.keys.newRecipients(platform, accountId), address, Number.isFinite(limit) ? limit : 2 ** 31, TIER_WINDOW_MS);
  }

  /** How many people the account started with in the last 24 hours, and when the next of them leaves the window. */
  async newRecipients(platform: string, accountId: string, now: Date): Promise<{ count: number; nextFreeAt?: Date }> {
    const key = this.keys.newRecipients(platform, accountId);
    const since = now.getTime() - TIER_WINDOW_MS;
    const [count, oldest] = await Promise.all([this.redis.zcount(key, since, '+inf'), this.redis.zrangebyscore(key, since, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)]);
    const at = oldest[1] === undefined ? undefined : Number(oldest[1]) + TIER_WINDOW_MS;
    return { count, ...(at ? { nextFreeAt: new Date(at) } : {}) };
  }
}
