/**
 * A meeting's bookings, one family per time (or `capacity`), each family at most one time, and
 * the waiting list of families who found every time taken. Booking is one script: two families
 * tapping the same time at the same moment, one gets it and the other is told it was just
 * taken. All of an event's keys share its hash tag (one slot on a Redis Cluster).
 */
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';

/**
 * KEYS: slotOf (guardian → index), taken (index → count), waiting (list), offered (guardian →
 * index). ARGV: guardian, index, capacity. A family that had another time gives it back (a
 * change); one that had this time keeps it. A booked family leaves the waiting list; a time
 * now full is no longer on offer to anyone. Returns {outcome, previous index or ''}.
 */
const BOOK = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur == ARGV[2] then return {'same', cur} end
local n = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
if n >= tonumber(ARGV[3]) then return {'taken', cur or ''} end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
if cur then redis.call('HINCRBY', KEYS[2], cur, -1) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('LREM', KEYS[3], 0, ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
if n + 1 >= tonumber(ARGV[3]) then
  local offers = redis.call('HGETALL', KEYS[4])
  for i = 1, #offers, 2 do
    if offers[i + 1] == ARGV[2] then redis.call('HDEL', KEYS[4], offers[i]) end
  end
end
return {'booked', cur or ''}
`;

/** KEYS: slotOf, taken. ARGV: guardian. Returns the index given back, or '' when there was none. */
const CANCEL = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return '' end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[2], cur, -1)
return cur
`;

/** KEYS: waiting. ARGV: guardian. Adds them once; returns their place (1-based). */
const WAIT = `
local at = redis.call('LPOS', KEYS[1], ARGV[1])
if at then return at + 1 end
return redis.call('RPUSH', KEYS[1], ARGV[1])
`;

/**
 * KEYS: waiting, slotOf, offered. ARGV: the freed index. The first family on the list with no
 * time and no offer pending is offered it: they stay on the list (and on the schedule, as
 * offered) until they book. Families who booked meanwhile leave the list. '' when nobody is left.
 */
const NEXT_WAITING = `
local list = redis.call('LRANGE', KEYS[1], 0, -1)
for _, g in ipairs(list) do
  if redis.call('HEXISTS', KEYS[2], g) == 1 then
    redis.call('LREM', KEYS[1], 0, g)
  elseif redis.call('HEXISTS', KEYS[3], g) == 0 then
    redis.call('HSET', KEYS[3], g, ARGV[1])
    return g
  end
end
return ''
`;

interface SlotScripts {
  sbBook(slotOf: string, taken: string, waiting: string, offered: string, guardianId: string, index: number, capacity: number): Promise<[string, string]>;
  sbCancel(slotOf: string, taken: string, guardianId: string): Promise<string>;
  sbWait(waiting: string, guardianId: string): Promise<number>;
  sbNextWaiting(waiting: string, slotOf: string, offered: string, index: number): Promise<string>;
}

export type BookOutcome =
  | { outcome: 'booked'; previous?: number }
  | { outcome: 'same' }
  | { outcome: 'taken'; current?: number };

export class SlotStore {
  private readonly scripts: SlotScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<SlotScripts>(redis, {
      sbBook: { keys: 4, lua: BOOK },
      sbCancel: { keys: 2, lua: CANCEL },
      sbWait: { keys: 1, lua: WAIT },
      sbNextWaiting: { keys: 3, lua: NEXT_WAITING },
    });
  }

  async book(eventId: string, guardianId: string, index: number, capacity: number): Promise<BookOutcome> {
    const k = this.keys;
    const [outcome, other] = await this.scripts.sbBook(k.slotOf(eventId), k.slotTaken(eventId), k.slotWaiting(eventId), k.slotOffered(eventId), guardianId, index, capacity);
    const at = other === '' ? undefined : Number(other);
    if (outcome === 'same') return { outcome };
    if (outcome === 'taken') return at === undefined ? { outcome } : { outcome, current: at };
    return at === undefined ? { outcome: 'booked' } : { outcome: 'booked', previous: at };
  }

  /** The time the family gives back, if they had one. */
  async cancel(eventId: string, guardianId: string): Promise<number | undefined> {
    const got = await this.scripts.sbCancel(this.keys.slotOf(eventId), this.keys.slotTaken(eventId), guardianId);
    return got === '' ? undefined : Number(got);
  }

  /** On the waiting list (once): their place in it. */
  async wait(eventId: string, guardianId: string): Promise<number> {
    return this.scripts.sbWait(this.keys.slotWaiting(eventId), guardianId);
  }

  /** The first family waiting with no time and no offer pending, now offered time `index` (they stay on the list until they book). */
  async nextWaiting(eventId: string, index: number): Promise<string | undefined> {
    const k = this.keys;
    const g = await this.scripts.sbNextWaiting(k.slotWaiting(eventId), k.slotOf(eventId), k.slotOffered(eventId), index);
    return g === '' ? undefined : g;
  }

  /** A family that wants none of the times leaves the waiting list, and any time offered to them. */
  async withdraw(eventId: string, guardianId: string): Promise<void> {
    await Promise.all([this.redis.lrem(this.keys.slotWaiting(eventId), 0, guardianId), this.redis.hdel(this.keys.slotOffered(eventId), guardianId)]);
  }

  /** Every booking (guardian → index), the counts per time, the waiting list, and the times offered to those waiting. */
  async state(eventId: string): Promise<{ bookings: Map<string, number>; taken: Map<number, number>; waiting: string[]; offered: Map<string, number> }> {
    const k = this.keys;
    const [of, taken, waiting, offered] = await Promise.all([
      this.redis.hgetall(k.slotOf(eventId)), this.redis.hgetall(k.slotTaken(eventId)), this.redis.lrange(k.slotWaiting(eventId), 0, -1), this.redis.hgetall(k.slotOffered(eventId)),
    ]);
    return {
      bookings: new Map(Object.entries(of).map(([g, i]) => [g, Number(i)])),
      taken: new Map(Object.entries(taken).map(([i, n]) => [Number(i), Number(n)])),
      waiting,
      offered: new Map(Object.entries(offered).map(([g, i]) => [g, Number(i)])),
    };
  }

  /** How many families hold a time. */
  async bookedCount(eventId: string): Promise<number> {
    return this.redis.hlen(this.keys.slotOf(eventId));
  }

  /** This family's time, if booked. */
  async bookedBy(eventId: string, guardianId: string): Promise<number | undefined> {
    const got = await this.redis.hget(this.keys.slotOf(eventId), guardianId);
    return got === null ? undefined : Number(got);
  }

  /** Erasure: the family's bookings and places on waiting lists in every event of the school go. */
  async eraseGuardian(schoolId: string, guardianId: string): Promise<void> {
    const eventIds = await this.redis.zrange(this.keys.events(schoolId), 0, -1);
    for (let i = 0; i < eventIds.length; i += 200) {
      await Promise.all(eventIds.slice(i, i + 200).map(async (e) => {
        await this.cancel(e, guardianId);
        await this.withdraw(e, guardianId);
      }));
    }
  }
}
