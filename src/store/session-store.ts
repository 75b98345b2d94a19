/**
 * Conversation sessions, one per platform chat and school (a parent of two schools on one
 * shared bot has a conversation with each), and what goes with them:
 *
 * - the session (JSON with a version `v`), written only by compare-and-set: two messages from
 *   one parent handled at once cannot clobber each other, the loser reads again and re-runs;
 * - the outbox: for each handled message (its "cause"), the effects and replies the engine
 *   decided, written in the same script as the session. A worker that dies after the write
 *   leaves them there, and the job's retry carries them out instead of deciding again;
 * - the sequence number of the last reply sent, so replies reach the phone in order.
 *
 * Keys of one chat share the {c:<chat>} hash tag, where `chat` is a hash of platform, address
 * and school (chatId below), so job data naming a chat carries no phone number.
 *
 * The chat's own level (school '') holds what comes before a school is known: the answer to a
 * chat nobody linked, the question "which school is this about?" and the messages it holds.
 */
import type { Platform } from '../core/types.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { chatId } from '../core/ids.js';
import { defineScripts } from './scripts.js';

/**
 * Drops a cause's outbox entry with every field under it: its follow-ups and the "sent" mark of
 * each reply (replies 0.., follow-ups 100..; a step has a handful of each).
 */
const DROP_CAUSE = `
local function dropCause(outbox, cause)
  redis.call('HDEL', outbox, cause, cause .. ':x')
  for j = 0, 20 do redis.call('HDEL', outbox, cause .. ':s:' .. j, cause .. ':s:' .. (100 + j)) end
end
`;

/**
 * KEYS: session, outbox, sent sequence. ARGV: expected version, session JSON, ttl s, cause,
 * outbox JSON, causes to forget. Returns 1 when written, 0 when another write came first. The
 * chat's sent sequence lives as long as its session (replies wait on it to keep their order).
 */
const COMMIT = `${DROP_CAUSE}
local raw = redis.call('GET', KEYS[1])
local v = 0
if raw then v = tonumber(cjson.decode(raw).v) or 0 end
if v ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
for i = 6, #ARGV do dropCause(KEYS[2], ARGV[i]) end
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], ARGV[3])
return 1
`;

/**
 * KEYS: outbox, direct causes. ARGV: cause, entry JSON, keep, ttl s. An entry written without a
 * session step (a join code's welcome, an answer from staff): its cause joins a capped list,
 * and the entries that fall off it are dropped, so the outbox of a chat never grows unbounded.
 */
const PUT_DIRECT = `${DROP_CAUSE}
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('LREM', KEYS[2], 0, ARGV[1])
redis.call('LPUSH', KEYS[2], ARGV[1])
while redis.call('LLEN', KEYS[2]) > tonumber(ARGV[3]) do dropCause(KEYS[1], redis.call('RPOP', KEYS[2])) end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
`;

/** Direct entries (welcomes, staff answers) kept per chat; older ones have long been sent. */
const DIRECT_KEEP = 20;

/** KEYS: seq. ARGV: n, ttl s. Raises the chat's sent sequence to n (never lowers it). */
const ADVANCE = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1
`;

interface SessionScripts {
  sbAdvanceSeq(seq: string, n: number, ttl: number): Promise<number>;
  sbSessionCommit(session: string, outbox: string, seq: string, ...args: Array<string | number>): Promise<number>;
  sbPutDirect(outbox: string, directs: string, cause: string, entry: string, keep: number, ttl: number): Promise<number>;
}


export class SessionStore {
  private readonly scripts: SessionScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** How long an untouched session lives (default 7 days). */
    private readonly ttlSeconds: number,
  ) {
    this.scripts = defineScripts<SessionScripts>(redis, {
      sbSessionCommit: { keys: 3, lua: COMMIT },
      sbPutDirect: { keys: 2, lua: PUT_DIRECT },
      sbAdvanceSeq: { keys: 1, lua: ADVANCE },
    });
  }

  /** The session as stored (undefined when new or expired) and the version a commit must match. */
  async load<T extends { v: number }>(chat: string): Promise<{ session: T | undefined; version: number }> {
    const session = parseStored<T>(await this.redis.get(this.keys.session(chat)));
    return { session, version: session?.v ?? 0 };
  }

  /**
   * Writes `session` (whose `v` must be `expected + 1`) and the cause's outbox entry, if the
   * stored version is still `expected`. False: someone else wrote first; load and step again.
   */
  async commit(chat: string, expected: number, session: { v: number }, cause: string, outbox: unknown, forget: string[] = []): Promise<boolean> {
    const k = this.keys;
    const ok = await this.scripts.sbSessionCommit(k.session(chat), k.outbox(chat), k.sentSeq(chat), expected, JSON.stringify(session), this.ttlSeconds, cause, JSON.stringify(outbox), ...forget);
    return ok === 1;
  }

  /** An outbox entry written without a session (a join code's welcome). */
  async putOutbox(chat: string, cause: string, entry: unknown): Promise<void> {
    await this.scripts.sbPutDirect(this.keys.outbox(chat), this.keys.directCauses(chat), cause, JSON.stringify(entry), DIRECT_KEEP, this.ttlSeconds);
  }

  async outbox<T>(chat: string, cause: string): Promise<T | undefined> {
    return parseStored<T>(await this.redis.hget(this.keys.outbox(chat), cause));
  }

  /** Replies that carrying out the effects produced (a recipient count, a forwarded note). */
  async putFollowUps(chat: string, cause: string, replies: unknown[]): Promise<void> {
    await this.redis.hset(this.keys.outbox(chat), `${cause}:x`, JSON.stringify(replies));
  }

  async followUps<T>(chat: string, cause: string): Promise<T[]> {
    return parseStored<T[]>(await this.redis.hget(this.keys.outbox(chat), `${cause}:x`)) ?? [];
  }

  /** The platform's id of reply `index` of a cause, once it went out: a retried job sends nothing twice. */
  async markSent(chat: string, cause: string, index: number, platformMessageId: string): Promise<void> {
    await this.redis.hset(this.keys.outbox(chat), `${cause}:s:${index}`, platformMessageId);
  }

  async wasSent(chat: string, cause: string, index: number): Promise<boolean> {
    return (await this.redis.hexists(this.keys.outbox(chat), `${cause}:s:${index}`)) === 1;
  }

  /** Replies to a chat are numbered in the order its steps were written; this is the last one out. */
  async sentSeq(chat: string): Promise<number> {
    return Number((await this.redis.get(this.keys.sentSeq(chat))) ?? 0);
  }

  async advanceSeq(chat: string, seq: number): Promise<void> {
    await this.scripts.sbAdvanceSeq(this.keys.sentSeq(chat), seq, this.ttlSeconds);
  }

  /** A message waiting for the parent to say which school it is about, and their last pick. */
  async parked<T>(chat: string): Promise<T | undefined> {
    return parseStored<T>(await this.redis.get(this.keys.parked(chat)));
  }

  async park(chat: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.parked(chat), JSON.stringify(value), 'EX', ttlSeconds);
  }

  /** Holds a message (its id first, to find it again); one push, so messages held at once are all kept. */
  async hold(chat: string, id: string, message: unknown, keep: number, ttlSeconds: number): Promise<void> {
    const key = this.keys.held(chat);
    await this.redis.multi().rpush(key, `${id} ${JSON.stringify(message)}`).ltrim(key, -keep, -1).expire(key, ttlSeconds).exec();
  }

  /** The messages held, oldest first, each once. */
  async heldMessages<T>(chat: string): Promise<Array<{ id: string; message: T }>> {
    const seen = new Set<string>();
    const out: Array<{ id: string; message: T }> = [];
    for (const raw of await this.redis.lrange(this.keys.held(chat), 0, -1)) {
      const space = raw.indexOf(' ');
      const id = raw.slice(0, space);
      const message = parseStored<T>(raw.slice(space + 1));
      if (space <= 0 || message === undefined || seen.has(id)) continue;
      seen.add(id);
      out.push({ id, message });
    }
    return out;
  }

  /**
   * Whether to ask the question now: true for the first message that needs it (or when the
   * schools offered change); false while the same question is still fresh. One SET, so two
   * messages at the same moment ask once.
   */
  async shouldAsk(chat: string, offered: string, freshMs: number): Promise<boolean> {
    const key = this.keys.asked(chat);
    if ((await this.redis.set(key, offered, 'PX', freshMs, 'NX')) === 'OK') return true;
    if ((await this.redis.get(key)) === offered) return false;
    await this.redis.set(key, offered, 'PX', freshMs);
    return true;
  }

  /** The question was answered: the next message that needs it asks again. */
  async answered(chat: string): Promise<void> {
    await this.redis.del(this.keys.asked(chat));
  }

  /** Lets go of the held messages that were handled (by id); others held since stay. */
  async release(chat: string, ids: readonly string[]): Promise<void> {
    const key = this.keys.held(chat);
    for (const raw of await this.redis.lrange(key, 0, -1)) {
      if (ids.includes(raw.slice(0, raw.indexOf(' ')))) await this.redis.lrem(key, 0, raw);
    }
  }

  /** The conversations of one platform chat with the schools named ('' is the chat's own level). */
  async erase(platform: Platform, address: string, schoolIds: readonly string[]): Promise<void> {
    const k = this.keys;
    await Promise.all(schoolIds.map((schoolId) => {
      const chat = chatId(platform, address, schoolId);
      return this.redis.del(k.session(chat), k.outbox(chat), k.sentSeq(chat), k.directCauses(chat), k.parked(chat), k.held(chat), k.asked(chat));
    }));
  }
}
