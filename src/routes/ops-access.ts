/**
 * Who may read the operations pages, /metrics and /docs (METRICS_ACCESS, DOCS_ACCESS):
 * - open: anyone (the default, so the demo and a scraper on a private network just work);
 * - key: the district role, i.e. `Authorization: Bearer <key>` of a key for every school
 *   (API_KEYS `<key>=*`) or a district admin signed in, checked by the /v1 auth hook (auth.ts),
 *   wrong keys counted per address by the same limiter; a school's own key is a 403 (queue
 *   depths and the API's shape are the operator's, not one school's);
 * - off: not served at all (404).
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import type { ApiKey } from '../config.js';
import type { PipelineContext } from '../services/context.js';
import { createAuthHook, type Access } from './auth.js';
import type { KeyFailureGuard } from './key-failures.js';

export type OpsAccess = 'open' | 'key' | 'off';

export interface OpsGate {
  /** False when the page is not served. */
  served: boolean;
  /** Route hooks to spread into the page's route options. */
  hooks: { onRequest?: onRequestAsyncHookHandler };
  /** The access the page's routes declare (auth.ts reads it); none when open. */
  access?: Access;
}

export function opsGate(ctx: PipelineContext, access: OpsAccess, keys: readonly ApiKey[], failures: KeyFailureGuard): OpsGate {
  if (access === 'off') return { served: false, hooks: {} };
  if (access === 'open') return { served: true, hooks: {} };
  return { served: true, hooks: { onRequest: createAuthHook(ctx, keys, failures) }, access: 'district' };
}
