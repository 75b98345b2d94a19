/**
 * Places for live progress streams, per owner (an API key today, a signed-in person later),
 * shared by every API process: a sorted set of the owner's open stream ids, each scored by the
 * end of its lease (ms, Redis's clock). A stream takes a place when it opens, renews its lease
 * while it stays open and gives the place back when it closes; a process that crashed renews
 * nothing, so its places free themselves when their leases end, and the whole set expires with
 * the newest lease.
 */
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';
import { derivedId } from '../core/ids.js';
import { defineScripts } from './scripts.js';

/** KEYS: the owner's set. ARGV: cap, lease (ms), stream id. Returns 1 when a place was taken. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * KEYS: the owner's set. ARGV: lease (ms), stream id. Puts the stream back even when its lease
 * had ended (a Redis outage longer than the lease): an open stream counts.
 */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

interface SlotScripts {
  sbTakeStreamSlot(key: string, cap: number, leaseMs: number, streamId: string): Promise<number>;
  sbRenewStreamSlot(key: string, leaseMs: number, streamId: string): Promise<number>;
}

export class StreamSlotStore {
  private readonly scripts: SlotScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<SlotScripts>(redis, {
      sbTakeStreamSlot: { keys: 1, lua: TAKE },
      sbRenewStreamSlot: { keys: 1, lua: RENEW },
    });
  }

  /** Takes a place for `streamId` unless the owner holds `cap` live ones already. */
  async take(owner: string, streamId: string, cap: number, leaseMs: number): Promise<boolean> {
    return (await this.scripts.sbTakeStreamSlot(this.keyOf(owner), cap, leaseMs, streamId)) === 1;
  }

  async renew(owner: string, streamId: string, leaseMs: number): Promise<void> {
    await this.scripts.sbRenewStreamSlot(this.keyOf(owner), leaseMs, streamId);
  }

  async release(owner: string, streamId: string): Promise<void> {
    await this.redis.zrem(this.keyOf(owner), streamId);
  }

  private keyOf(owner: string): string {
    return this.keys.streamSlots(derivedId(owner, 22, 'base64url'));
  }
}
