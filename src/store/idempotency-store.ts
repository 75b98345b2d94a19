/**
 * Idempotency-Key handling: the first request with a key wins and its answer is kept for a
 * while; a retry with the same key and body gets that answer; the same key with another body
 * is refused rather than silently answered with an unrelated event.
 */
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { sha256Hex } from '../core/ids.js';

export type Reservation<T> = { status: 'new' } | { status: 'replay'; answer: T } | { status: 'conflict' };

export class IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  async reserve<T>(schoolId: string, key: string, fingerprint: string, answer: T): Promise<Reservation<T>> {
    const redisKey = this.keys.idempotency(schoolId, sha256Hex(key));
    const value = JSON.stringify({ f: fingerprint, a: answer });
    const ok = await this.redis.set(redisKey, value, 'EX', this.ttlSeconds, 'NX');
    if (ok === 'OK') return { status: 'new' };
    const stored = parseStored<{ f: string; a: T }>(await this.redis.get(redisKey));
    if (!stored) return { status: 'new' };
    return stored.f === fingerprint ? { status: 'replay', answer: stored.a } : { status: 'conflict' };
  }

  /** Frees a key whose request failed before anything was stored, so the client may retry. */
  async release(schoolId: string, key: string): Promise<void> {
    await this.redis.del(this.keys.idempotency(schoolId, sha256Hex(key)));
  }
}


