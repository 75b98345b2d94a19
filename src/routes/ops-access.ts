/**
 * Who may read the operations pages, /metrics and /docs (METRICS_ACCESS, DOCS_ACCESS):
 * - open: anyone (the default, so the demo and a scraper on a private network just work);
 * - key: `Authorization: Bearer <key>` of a key for every school (API_KEYS `<key>=*`), checked
 *   like /v1's keys, wrong ones counted per address by the same limiter; a school's own key is
 *   a 403 (queue depths and the API's shape are the operator's, not one school's);
 * - off: not served at all (404).
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ApiKey } from '../config.js';
import { createAuthHook } from './auth.js';
import { ApiError } from './errors.js';
import type { KeyFailureGuard } from './key-failures.js';

export type OpsAccess = 'open' | 'key' | 'off';

export interface OpsGate {
  /** False when the page is not served. */
  served: boolean;
  /** Route hooks to spread into the page's route options. */
  hooks: { onRequest?: onRequestAsyncHookHandler };
}

export function opsGate(access: OpsAccess, keys: readonly ApiKey[], failures: KeyFailureGuard): OpsGate {
  if (access === 'off') return { served: false, hooks: {} };
  if (access === 'open') return { served: true, hooks: {} };
  const authenticate = createAuthHook(keys, failures);
  const onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await authenticate(request, reply);
    if (request.caller?.school !== '*') throw new ApiError(403, 'forbidden', 'this page needs a key for every school (an API_KEYS entry <key>=*)');
  };
  return { served: true, hooks: { onRequest } };
}
