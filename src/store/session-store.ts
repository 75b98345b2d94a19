/**
 * Conversation sessions, one per platform chat, and what goes with them:
 *
 * - the session (JSON with a version `v`), written only by compare-and-set: two messages from
 *   one parent handled at once cannot clobber each other, the loser reads again and re-runs;
 * - the outbox: for each handled message (its "cause"), the effects and replies the engine
 *   decided, written in the same script as the session. A worker that dies after the write
 *   leaves them there, and the job's retry carries them out instead of deciding again;
 * - the sequence number of the last reply sent, so replies reach the phone in order.
 *
 * Keys of one chat share the {c:<chat>} hash tag, where `chat` is a hash of platform and
 * address (chatId below), so job data naming a chat carries no phone number.
 */
import { createHash } from 'node:crypto';
import type { Platform } from '../core/types.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';

/**
 * KEYS: session, outbox. ARGV: expected version, session JSON, ttl s, cause, outbox JSON,
 * causes to forget (their outbox entries are dropped with every field under them).
 * Returns 1 when written, 0 when another write came first.
 */
const COMMIT = `
local raw = redis.call('GET', KEYS[1])
local v = 0
if raw then v = tonumber(cjson.decode(raw).v) or 0 end
if v ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
for i = 6, #ARGV do
  redis.call('HDEL', KEYS[2], ARGV[i], ARGV[i] .. ':x')
  for j = 0, 20 do redis.call('HDEL', KEYS[2], ARGV[i] .. ':s:' .. j) end
end
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
`;

/** KEYS: seq. ARGV: n, ttl s. Raises the chat's sent sequence to n (never lowers it). */
const ADVANCE = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1
`;

interface SessionScripts {
  sbAdvanceSeq(seq: string, n: number, ttl: number): Promise<number>;
  sbSessionCommit(session: string, outbox: string, ...args: Array<string | number>): Promise<number>;
}

/** A chat's id in keys and job data: platform and address, hashed. */
export function chatId(platform: Platform, address: string): string {
  return createHash('sha256').update(`${platform}\u0000${address}`).digest('hex').slice(0, 24);
}

/** A message's id in a session's list of handled messages. */
export function causeId(platformMessageId: string): string {
  return createHash('sha256').update(platformMessageId).digest('hex').slice(0, 16);
}

export class SessionStore {
  private readonly scripts: SessionScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** How long an untouched session lives (default 7 days). */
    private readonly ttlSeconds: number,
  ) {
    if (!('sbSessionCommit' in redis)) {
      redis.defineCommand('sbSessionCommit', { numberOfKeys: 2, lua: COMMIT });
      redis.defineCommand('sbAdvanceSeq', { numberOfKeys: 1, lua: ADVANCE });
    }
    this.scripts = redis as unknown as SessionScripts;
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
    const ok = await this.scripts.sbSessionCommit(k.session(chat), k.outbox(chat), expected, JSON.stringify(session), this.ttlSeconds, cause, JSON.stringify(outbox), ...forget);
    return ok === 1;
  }

  /** An outbox entry written without a session (a join code's welcome). */
  async putOutbox(chat: string, cause: string, entry: unknown): Promise<void> {
    const key = this.keys.outbox(chat);
    await this.redis.multi().hset(key, cause, JSON.stringify(entry)).expire(key, this.ttlSeconds).exec();
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

  async erase(chats: Array<[Platform, string]>): Promise<void> {
    const k = this.keys;
    await Promise.all(chats.map(([platform, address]) => {
      const chat = chatId(platform, address);
      return this.redis.del(k.session(chat), k.outbox(chat), k.sentSeq(chat));
    }));
  }
}
