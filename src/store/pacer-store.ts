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

interface PacerScripts {
  sbTakeSlot(key: string, intervalMs: number): Promise<number>;
}

export class PacerStore {
  private readonly scripts: PacerScripts;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<PacerScripts>(redis, { sbTakeSlot: { keys: 1, lua: TAKE_SLOT } });
  }

  /** Milliseconds to wait before this send (0 when the account is idle). */
  async takeSlot(platform: string, accountId: string, intervalMs: number): Promise<number> {
    return this.scripts.sbTakeSlot(this.keys.sendSlot(platform, accountId), Math.max(1, Math.ceil(intervalMs * 1000 * SAFETY)));
  }
}
