/** Key scans and exact memory figures (MEMORY USAGE … SAMPLES 0) on the benchmark's Redis. */
import type { Redis } from 'ioredis';

/** Every key matching `pattern` (SCAN, never KEYS). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) out.add(k);
  } while (cursor !== '0');
  return [...out];
}

/**
 * Bytes each key takes, counting every element of big hashes/lists/sets (SAMPLES 0), so
 * the figure is exact rather than extrapolated from 5 samples. Missing keys count 0.
 */
export async function memoryUsage(redis: Redis, keys: readonly string[], batch = 1000): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < keys.length; i += batch) {
    const slice = keys.slice(i, i + batch);
    const p = redis.pipeline();
    for (const k of slice) p.call('MEMORY', 'USAGE', k, 'SAMPLES', '0');
    const replies = (await p.exec()) ?? [];
    slice.forEach((k, j) => {
      const [err, value] = replies[j] ?? [null, null];
      if (err) throw err;
      out.set(k, typeof value === 'number' ? value : 0);
    });
  }
  return out;
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Total MEMORY USAGE of the keys. */
export async function totalUsage(redis: Redis, keys: readonly string[]): Promise<number> {
  return sum((await memoryUsage(redis, keys)).values());
}

/** `used_memory` from INFO memory: all of the server, so only a cross-check on a shared Redis. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const m = /^used_memory:(\d+)/m.exec(info);
  return m ? Number(m[1]) : Number.NaN;
}

export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /^redis_version:(\S+)/m.exec(info)?.[1] ?? '?';
}

/** Unlinks every key under `<prefix>:` (the service's and BullMQ's alike). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  const keys = await scanKeys(redis, `${prefix}:*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
  return keys.length;
}
