/**
 * The attempt limiter against the real Redis: failures counted per (scope, key) in a sliding
 * window, a blocked key told how long to wait, reset forgetting, and no raw key in Redis.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptLimiter } from '../../src/store/attempt-limiter.js';
import { createKeys } from '../../src/store/keys.js';
import { deleteKeys, keysUnder, testRedis, uniquePrefix } from '../helpers/app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('attempt limiter', () => {
  const prefix = uniquePrefix();
  let redis: Redis;
  let limiter: AttemptLimiter<'password:account' | 'code:ip' | 'code:account'>;

  beforeAll(() => {
    redis = testRedis();
    limiter = new AttemptLimiter(redis, createKeys(prefix), {
      'password:account': { max: 3, windowS: 2 },
      'code:ip': { max: 1, windowS: 60 },
      'code:account': { max: 3, windowS: 3 },
    });
  });

  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('allows max - 1 failures, blocks at max with the seconds left in the window', async () => {
    const key = 'amina@example.org';
    expect(await limiter.check('password:account', key)).toEqual({ blocked: false, retryAfterS: 0 });
    expect((await limiter.fail('password:account', key)).blocked).toBe(false);
    expect((await limiter.fail('password:account', key)).blocked).toBe(false);
    expect(await limiter.check('password:account', key)).toEqual({ blocked: false, retryAfterS: 0 });
    expect(await limiter.fail('password:account', key)).toEqual({ blocked: true, retryAfterS: 2 });
    const later = await limiter.check('password:account', key);
    expect(later.blocked).toBe(true);
    expect(later.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(later.retryAfterS).toBeLessThanOrEqual(2);
  });

  it('counts each scope and each key apart', async () => {
    await limiter.fail('code:ip', '203.0.113.7');
    expect((await limiter.check('code:ip', '203.0.113.7')).blocked).toBe(true);
    expect((await limiter.check('code:ip', '203.0.113.8')).blocked).toBe(false);
    expect((await limiter.check('password:account', '203.0.113.7')).blocked).toBe(false);
  });

  it('slides: the block ends when the oldest failure leaves the window, not when the last does', async () => {
    const key = 'sliding';
    await limiter.fail('code:account', key);
    await sleep(1600);
    await limiter.fail('code:account', key);
    const blocked = await limiter.fail('code:account', key);
    expect(blocked.blocked).toBe(true);
    expect(blocked.retryAfterS).toBeLessThanOrEqual(2); // the oldest leaves in about 1.4 s
    // The first failure leaves the window about 1.4 s from now; the other two stay until about 3 s.
    await sleep(1500);
    expect((await limiter.check('code:account', key)).blocked).toBe(false);
    // One more failure blocks again at once: two are still in the window.
    expect((await limiter.fail('code:account', key)).blocked).toBe(true);
  });

  it('unblocks by itself once the window has passed', async () => {
    const key = 'patient';
    for (let i = 0; i < 3; i++) await limiter.fail('password:account', key);
    expect((await limiter.check('password:account', key)).blocked).toBe(true);
    await sleep(2100);
    expect(await limiter.check('password:account', key)).toEqual({ blocked: false, retryAfterS: 0 });
  });

  it('reset forgets the failures of one key only', async () => {
    for (let i = 0; i < 3; i++) await limiter.fail('password:account', 'forgiven');
    for (let i = 0; i < 3; i++) await limiter.fail('password:account', 'not-forgiven');
    await limiter.reset('password:account', 'forgiven');
    expect((await limiter.check('password:account', 'forgiven')).blocked).toBe(false);
    expect((await limiter.check('password:account', 'not-forgiven')).blocked).toBe(true);
  });

  it('keeps at most max failures per key, expiring with the window, and never the raw key in a key name', async () => {
    for (let i = 0; i < 20; i++) await limiter.fail('password:account', 'hammered@example.org');
    const names = await keysUnder(redis, `${prefix}:*`);
    expect(names.join(' ')).not.toContain('example.org');
    expect(names.join(' ')).not.toContain('203.0.113');
    const sizes = await Promise.all(names.map((n) => redis.zcard(n)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    const ttls = await Promise.all(names.filter((n) => n.includes('password:account')).map((n) => redis.pttl(n)));
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);
    for (const ttl of ttls) expect(ttl).toBeLessThanOrEqual(2000);
  });
});
