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
  /**
   * Called once a turn for many items (tick-batch.ts): written to the socket at once instead of
   * joining ioredis's auto-pipeline, whose per-turn pipeline costs more than the call itself
   * when it carries only a command or two.
   */
  grouped?: true;
}

export function defineScripts<T>(redis: Redis, scripts: { [K in keyof T]: ScriptSpec }): T {
  for (const [name, spec] of Object.entries(scripts) as Array<[string, ScriptSpec]>) {
    if (name in redis) continue;
    if (spec.grouped) {
      skipAutoPipelining(redis, name);
      // Outside the auto-pipeline a defined command is routed by its keys, however many.
      redis.defineCommand(name, spec.keys === 'counted' ? { lua: spec.lua } : { numberOfKeys: spec.keys, lua: spec.lua });
      continue;
    }
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

/**
 * ioredis sends a command whose name its client lists here on its own, routed by the command's
 * declared keys (on a cluster too), rather than in the next auto-pipeline.
 */
function skipAutoPipelining(redis: Redis, name: string): void {
  const options = (redis as unknown as { options: { autoPipeliningIgnoredCommands?: string[] } }).options;
  // A new array: the client's may be ioredis's default, shared by every client.
  options.autoPipeliningIgnoredCommands = [...(options.autoPipeliningIgnoredCommands ?? []), name];
}
