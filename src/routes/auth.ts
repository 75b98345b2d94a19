/**
 * Who is calling /v1, and whether they may (DESIGN §10). A caller is a signed-in person (the
 * console's session cookie) or an API key (`Authorization: Bearer`): a key from API_KEYS (bound
 * to a school, as its admin, or to every school, as the district) or one an admin made in the
 * console (admin or staff). Every route declares who may call it (`config.access`); a route
 * that forgets is refused to all, and a test walks every role over every route.
 *
 * A cookie rides along on any request the browser makes, so a write with one must also carry
 * the session's CSRF token in `X-CSRF-Token` (a header no other site's page can set).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../config.js';
import { sameSecret } from '../core/ids.js';
import type { Principal, Role } from '../core/people.js';
import type { PipelineContext } from '../services/context.js';
import { sessionToken } from './cookies.js';
import { ApiError } from './errors.js';
import type { KeyFailureGuard } from './key-failures.js';

/**
 * - public: nobody need be known (signing in);
 * - signed_in: any person or key (their own settings);
 * - teacher: staff and teachers (a teacher's own classes only: the route narrows);
 * - staff, admin, district: those roles and the ones above them.
 */
export type Access = 'public' | 'signed_in' | 'teacher' | 'staff' | 'admin' | 'district';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Principal;
    /** The session's CSRF token, for a person signed in with the cookie. */
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const MAY: Record<Exclude<Access, 'public' | 'signed_in'>, readonly Role[]> = {
  teacher: ['district', 'admin', 'staff', 'teacher'],
  staff: ['district', 'admin', 'staff'],
  admin: ['district', 'admin'],
  district: ['district'],
};

const NEEDS: Record<Exclude<Access, 'public' | 'signed_in'>, string> = {
  teacher: 'this is for the school’s staff and teachers',
  staff: 'this is for the school’s staff, not teachers',
  admin: 'this needs a school admin',
  district: 'this needs a district admin',
};

/** A key's label in logs and `createdBy` is a hash prefix, never the key. */
const KEY_TOUCH_EVERY_MS = 60_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `failures` refuses an address that sent too many wrong keys (key-failures.ts). */
export function createAuthHook(ctx: PipelineContext, configKeys: readonly ApiKey[], failures: KeyFailureGuard) {
  const known = configKeys.map((k) => ({ digest: digest(k.key), school: k.school, label: `key-${digest(k.key).subarray(0, 4).toString('hex')}` }));
  const touched = new Map<string, number>();

  async function byKey(presented: string): Promise<Principal | undefined> {
    const d = digest(presented);
    // Compare fixed-length digests in constant time, and look at every key.
    let match: (typeof known)[number] | undefined;
    for (const k of known) if (timingSafeEqual(k.digest, d)) match = k;
    if (match) return { kind: 'key', id: match.label, label: match.label, school: match.school, role: match.school === '*' ? 'district' : 'admin' };
    const record = await ctx.stores.apiKeys.find(presented);
    if (!record) return undefined;
    const now = ctx.now();
    if (now.getTime() - (touched.get(record.id) ?? 0) > KEY_TOUCH_EVERY_MS) {
      touched.set(record.id, now.getTime());
      await ctx.stores.apiKeys.touch(record.schoolId, record.id, now);
    }
    return { kind: 'key', id: record.id, label: `key-${record.id}`, school: record.schoolId, role: record.role };
  }

  async function bySession(request: FastifyRequest, token: string): Promise<Principal | undefined> {
    const session = await ctx.stores.auth.session(token, ctx.now(), ctx.config.SIGN_IN_IDLE_HOURS * 3600);
    const person = session ? await ctx.stores.people.get(session.schoolId, session.personId) : undefined;
    if (!session || !person || person.disabled) return undefined;
    if (UNSAFE.has(request.method) && !sameSecret(headerValue(request.headers['x-csrf-token']), session.csrf)) {
      throw new ApiError(403, 'csrf', 'this change must come from the console: reload the page and try again');
    }
    request.csrfToken = session.csrf;
    return { kind: 'person', id: person.id, label: `person-${person.id}`, school: person.schoolId, role: person.role, ...(person.teacherId ? { teacherId: person.teacherId } : {}) };
  }

  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    const header = request.headers.authorization;
    let caller: Principal | undefined;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw new ApiError(401, 'unauthorized', 'send an API key: Authorization: Bearer <key>', undefined, { reason: 'malformed_key' });
      await failures.refuseIfBlocked(request);
      caller = await byKey(m[1] as string);
      if (!caller) {
        await failures.recordWrongKey(request);
        throw new ApiError(401, 'unauthorized', 'this API key is not valid', undefined, { reason: 'wrong_key' });
      }
    } else {
      const token = sessionToken(request);
      caller = token ? await bySession(request, token) : undefined;
      if (!caller) throw new ApiError(401, 'unauthorized', 'sign in, or send an API key: Authorization: Bearer <key>', undefined, { reason: 'signed_out' });
    }
    request.caller = caller;
    if (access === 'signed_in') return;
    // A route without a declared access is nobody's: a forgotten declaration fails closed.
    if (!access || !MAY[access].includes(caller.role)) throw new ApiError(403, 'forbidden', access ? NEEDS[access] : 'this route is not open to anyone', undefined, { reason: 'role', needs: access ?? 'nobody' });
  };
}

/** The school a request acts for; 403 when the caller may not act for the school it names. */
export function schoolOf(request: FastifyRequest, named?: string): string {
  const caller = request.caller;
  if (!caller) throw new ApiError(401, 'unauthorized', 'send an API key: Authorization: Bearer <key>', undefined, { reason: 'signed_out' });
  const query = request.query as { school?: unknown } | undefined;
  const asked = named ?? (typeof query?.school === 'string' ? query.school : undefined);
  if (caller.school === '*') {
    if (!asked) throw new ApiError(400, 'school_required', 'this key acts for every school: name one with ?school=<id> (or schoolId in the body)');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(asked)) throw new ApiError(400, 'invalid_request', 'school: not a valid school id', undefined, { field: 'school', reason: 'invalid_format' });
    return asked;
  }
  if (asked && asked !== caller.school) throw new ApiError(403, 'forbidden', 'this belongs to another school', undefined, { reason: 'other_school' });
  return caller.school;
}

/** 403 unless the caller may see data of `schoolId`. */
export function assertSchool(request: FastifyRequest, schoolId: string): void {
  const caller = request.caller;
  if (!caller || (caller.school !== '*' && caller.school !== schoolId)) {
    throw new ApiError(403, 'forbidden', 'this belongs to another school', undefined, { reason: 'other_school' });
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}


