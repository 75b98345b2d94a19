/**
 * Lua scripts as typed methods on the shared client: each defined once per connection (ioredis
 * sends EVALSHA and falls back to EVAL), and the returned object types the commands the store
 * calls. Every script names its keys as KEYS (one hash slot per call, for Redis Cluster).
 */
import type { Redis } from './redis-types.js';

export interface ScriptSpec {
  /**
   * How many of the arguments are keys (they come first), or 'counted' when it varies: the call
   * then passes the number of keys first.
   */
  keys: number | 'counted';
  lua: string;
}

export function defineScripts<T>(redis: Redis, scripts: { [K in keyof T]: ScriptSpec }): T {
  for (const [name, spec] of Object.entries(scripts) as Array<[string, ScriptSpec]>) {
    if (name in redis) continue;
    if (spec.keys !== 'counted') {
      redis.defineCommand(name, { numberOfKeys: spec.keys, lua: spec.lua });
      continue;
    }
    // A script whose first argument is its number of keys goes out as EVAL: on a cluster,
    // auto-pipelining groups a defined command by its first argument (here a number, not a key,
    // so the wrong shard), but knows where EVAL's keys are. Redis caches the script all the same.
    Object.defineProperty(redis, name, { value: (count: number, ...rest: Array<string | number>) => redis.eval(spec.lua, count, ...rest) });
  }
  return redis as unknown as T;
}
