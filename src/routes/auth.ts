/**
 * `Authorization: Bearer <key>` on /v1/*. Keys come from config, each bound to one school or to
 * all ('*'). A key for all schools names one with `?school=` or a `schoolId` field.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../config.js';
import { ApiError } from './errors.js';
import type { KeyFailureGuard } from './key-failures.js';

export interface Caller {
  /** A short, non-secret label for logs and `createdBy`. */
  label: string;
  school: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** `failures` refuses an address that sent too many wrong keys (key-failures.ts). */
export function createAuthHook(keys: readonly ApiKey[], failures: KeyFailureGuard) {
  const known = keys.map((k) => ({ digest: digest(k.key), school: k.school, label: `key-${digest(k.key).subarray(0, 4).toString('hex')}` }));
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!m) throw new ApiError(401, 'unauthorized', 'send an API key: Authorization: Bearer <key>');
    await failures.refuseIfBlocked(request);
    const d = digest(m[1] as string);
    // Compare fixed-length digests in constant time, and look at every key.
    let match: (typeof known)[number] | undefined;
    for (const k of known) if (timingSafeEqual(k.digest, d)) match = k;
    if (!match) {
      await failures.recordWrongKey(request);
      throw new ApiError(401, 'unauthorized', 'this API key is not valid');
    }
    request.caller = { label: match.label, school: match.school };
  };
}

/** The school a request acts for; 403 when the key may not act for the school it names. */
export function schoolOf(request: FastifyRequest, named?: string): string {
  const caller = request.caller;
  if (!caller) throw new ApiError(401, 'unauthorized', 'send an API key: Authorization: Bearer <key>');
  const query = request.query as { school?: unknown } | undefined;
  const asked = named ?? (typeof query?.school === 'string' ? query.school : undefined);
  if (caller.school === '*') {
    if (!asked) throw new ApiError(400, 'school_required', 'this key acts for every school: name one with ?school=<id> (or schoolId in the body)');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(asked)) throw new ApiError(400, 'invalid_request', 'school: not a valid school id');
    return asked;
  }
  if (asked && asked !== caller.school) throw new ApiError(403, 'forbidden', 'this API key belongs to another school');
  return caller.school;
}

/** 403 unless the caller may see data of `schoolId`. */
export function assertSchool(request: FastifyRequest, schoolId: string): void {
  const caller = request.caller;
  if (!caller || (caller.school !== '*' && caller.school !== schoolId)) {
    throw new ApiError(403, 'forbidden', 'this belongs to another school');
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
