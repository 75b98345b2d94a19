/**
 * Failure limiting shared by every API process: failures are counted per (scope, key) in a
 * sliding window on Redis's clock, and a key with `max` failures in the last `windowS` seconds
 * is blocked until the oldest of them leaves the window.
 *
 * Scopes name what is counted and per what: wrong API keys per client address today; wrong
 * sign-in codes or passwords per address and per account later, each with a rule of its own.
 * A caller checks before it looks at the secret, and counts a failure after:
 *
 *     const { blocked, retryAfterS } = await limiter.check('api-key:ip', ip);
 *     if (blocked) → 429 with Retry-After: retryAfterS
 *     … compare the secret …
 *     if (wrong) await limiter.fail('api-key:ip', ip);
 *     else await limiter.reset('password:account', accountId); // where a success should forgive
 *
 * Why a sliding window (a sorted set of failure times) rather than a fixed counter: a fixed
 * window lets 2 × max failures through around its edge; the log holds at most `max` entries per
 * key (about 40 bytes each) and expires with its newest failure.
 *
 * Requests that check at the same moment can all pass before any of them counts its failure,
 * so a burst of N parallel wrong attempts may reach max + N - 1 before the block; the counted
 * log never grows past `max`.
 *
 * Keys are hashed before they become part of a Redis key name, so an e-mail address or a phone
 * number used as an account key never shows up in a key listing.
 */
import { randomBytes } from 'node:crypto';
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';
import { derivedId } from '../core/ids.js';
import { defineScripts } from './scripts.js';

export interface AttemptRule {
  /** Failures allowed in the window; the next attempt is refused. */
  max: number;
  /** The window, in seconds. */
  windowS: number;
}

export interface AttemptVerdict {
  blocked: boolean;
  /** Seconds until an attempt is allowed again; 0 when not blocked. */
  retryAfterS: number;
}

/**
 * KEYS: the failure log. ARGV: window (µs), max, 'check' | 'fail', a unique member for a new
 * failure. Returns whole seconds until the key is allowed again (0: allowed now).
 */
const ATTEMPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if ARGV[3] == 'fail' then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  n = n + 1
  if n > max then
    redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - max - 1)
    n = max
  end
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
end
if n < max then return 0 end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000000))
`;

interface AttemptScripts {
  sbAttempt(key: string, windowUs: number, max: number, mode: 'check' | 'fail', member: string): Promise<number>;
}

export class AttemptLimiter<Scope extends string = string> {
  private readonly scripts: AttemptScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly rules: Readonly<Record<Scope, AttemptRule>>,
  ) {
    this.scripts = defineScripts<AttemptScripts>(redis, { sbAttempt: { keys: 1, lua: ATTEMPT } });
  }

  /** Whether `key` is blocked in `scope` now; counts nothing. */
  check(scope: Scope, key: string): Promise<AttemptVerdict> {
    return this.run(scope, key, 'check');
  }

  /** Counts one failure; the verdict says whether the key is blocked from now on. */
  fail(scope: Scope, key: string): Promise<AttemptVerdict> {
    return this.run(scope, key, 'fail');
  }

  /** Forgets the key's failures (e.g. after a successful sign-in to that account). */
  async reset(scope: Scope, key: string): Promise<void> {
    await this.redis.del(this.keyOf(scope, key));
  }

  private async run(scope: Scope, key: string, mode: 'check' | 'fail'): Promise<AttemptVerdict> {
    const rule = this.rules[scope];
    const member = mode === 'fail' ? randomBytes(8).toString('hex') : '';
    const retryAfterS = await this.scripts.sbAttempt(this.keyOf(scope, key), rule.windowS * 1_000_000, rule.max, mode, member);
    return { blocked: retryAfterS > 0, retryAfterS };
  }

  private keyOf(scope: Scope, key: string): string {
    return this.keys.attempts(scope, derivedId(key, 22, 'base64url'));
  }
}
