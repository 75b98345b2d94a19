/**
 * What the attempt limiter counts, and how many failures each scope allows (src/store/attempt-limiter.ts).
 * A scope is "<what failed>:<per what>".
 */
import type { Config } from '../config.js';
import type { AttemptRule } from '../store/attempt-limiter.js';

/** Sign-in limits are counted over a quarter of an hour. */
const SIGN_IN_WINDOW_S = 15 * 60;

export function attemptRules(config: Config) {
  return {
    /** Wrong API keys per client address (WRONG_KEYS_PER_IP in WRONG_KEYS_WINDOW_S). */
    'api-key:ip': { max: config.WRONG_KEYS_PER_IP, windowS: config.WRONG_KEYS_WINDOW_S },
    // Sign-in (services/sign-in.ts). Per login, tight: a code is 6 digits, so 10 wrong tries a
    // quarter of an hour (each code void after 5) make a guess one in ~100,000 per window. Per
    // address, looser: a school's office shares one address, and its staff sign in together.
    /** Codes asked for: every request counts (each one sends a chat message). */
    'code-send:login': { max: 5, windowS: SIGN_IN_WINDOW_S },
    'code-send:ip': { max: 30, windowS: SIGN_IN_WINDOW_S },
    'code:login': { max: 10, windowS: SIGN_IN_WINDOW_S },
    'code:ip': { max: 30, windowS: SIGN_IN_WINDOW_S },
    'password:login': { max: 10, windowS: SIGN_IN_WINDOW_S },
    'password:ip': { max: 30, windowS: SIGN_IN_WINDOW_S },
    /** Sign-in links that were wrong or used up. */
    'link:ip': { max: 30, windowS: SIGN_IN_WINDOW_S },
  } as const satisfies Record<string, AttemptRule>;
}

export type AttemptScope = keyof ReturnType<typeof attemptRules>;
