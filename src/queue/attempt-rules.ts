/**
 * What the attempt limiter counts, and how many failures each scope allows (src/store/attempt-limiter.ts).
 * A scope is "<what failed>:<per what>"; sign-in codes and passwords, per address and per
 * account, join this table with numbers of their own.
 */
import type { Config } from '../config.js';
import type { AttemptRule } from '../store/attempt-limiter.js';

export function attemptRules(config: Config) {
  return {
    /** Wrong API keys per client address (WRONG_KEYS_PER_IP in WRONG_KEYS_WINDOW_S). */
    'api-key:ip': { max: config.WRONG_KEYS_PER_IP, windowS: config.WRONG_KEYS_WINDOW_S },
  } as const satisfies Record<string, AttemptRule>;
}

export type AttemptScope = keyof ReturnType<typeof attemptRules>;
