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
    if (!(name in redis)) redis.defineCommand(name, spec.keys === 'counted' ? { lua: spec.lua } : { numberOfKeys: spec.keys, lua: spec.lua });
  }
  return redis as unknown as T;
}
