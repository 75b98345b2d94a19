/**
 * Wrong API keys per client address, counted in Redis by the attempt limiter so every API
 * process sees the same count: once an address has sent WRONG_KEYS_PER_IP wrong keys within
 * WRONG_KEYS_WINDOW_S, every request of it that carries a key is refused with 429 and
 * `Retry-After` — a right key too, or guessing could go on behind it — until the window passes.
 * A right key counts nothing and forgives nothing: a client sharing the address (an office
 * behind one NAT) must not wipe an attacker's count.
 */
import type { FastifyRequest } from 'fastify';
import type { AttemptScope } from '../services/attempt-rules.js';
import type { AttemptLimiter } from '../store/attempt-limiter.js';
import { clientAddressKey } from './client-address.js';
import { RetryLaterError } from './errors.js';

const SCOPE = 'api-key:ip' satisfies AttemptScope;

export interface KeyFailureGuard {
  /** 429 when the request's address is blocked; before the key is looked at. */
  refuseIfBlocked(request: FastifyRequest): Promise<void>;
  /** Counts a wrong key for the request's address. */
  recordWrongKey(request: FastifyRequest): Promise<void>;
}

export function createKeyFailureGuard(limiter: AttemptLimiter<AttemptScope>): KeyFailureGuard {
  return {
    async refuseIfBlocked(request) {
      const { blocked, retryAfterS } = await limiter.check(SCOPE, clientAddressKey(request.ip));
      if (blocked) throw tooManyWrongKeys(retryAfterS);
    },
    async recordWrongKey(request) {
      const { blocked, retryAfterS } = await limiter.fail(SCOPE, clientAddressKey(request.ip));
      // Once per block: the failure that reached the limit. The address, not the key sent.
      if (blocked) request.log.warn({ client: clientAddressKey(request.ip), retryAfterS }, 'too many wrong API keys from one address: refused until the window passes');
    },
  };
}

function tooManyWrongKeys(retryAfterS: number): RetryLaterError {
  const minutes = Math.ceil(retryAfterS / 60);
  return new RetryLaterError(429, 'too_many_attempts', `too many wrong API keys from this address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, retryAfterS);
}
