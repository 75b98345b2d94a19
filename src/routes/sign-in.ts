/**
 * Signing in and out (DESIGN §10): a code the school's bot sends to the person's chat, a
 * password, or a one-time link; the answer sets the session cookie and gives the CSRF token the
 * console sends with its writes. A person also sets their password and signs out everywhere.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Person } from '../core/people.js';
import type { PipelineContext } from '../services/context.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from '../services/passwords.js';
import { sendSignInCode, SignInError, signInWithLink, signInWithPassword, startSession, verifySignInCode, type AttemptLimits } from '../services/sign-in.js';
import { clientAddressKey } from './client-address.js';
import { clearSessionCookie, isSecure, sessionToken, setSessionCookie } from './cookies.js';
import { ApiError } from './errors.js';
import { audit } from './audit-log.js';

const login = z.string().trim().min(1, 'type your login').max(100);
const signedIn = z.object({ person: z.record(z.string(), z.unknown()), csrfToken: z.string() });

export function signInRoutes(ctx: PipelineContext, limits: AttemptLimits): FastifyPluginAsyncZod {
  return async (app) => {
    const deps = (request: FastifyRequest) => ({ ctx, limits, ip: clientAddressKey(request.ip) });
    const open = { config: { access: 'public' as const } };

    app.post('/v1/auth/code', {
      ...open,
      schema: { tags: ['sign-in'], summary: "Send a sign-in code to the person's chat with the school's bot (the answer is the same for any login)", body: z.object({ login }).strict(), response: { 202: z.object({ sent: z.literal(true), minutes: z.number().int().describe('how long a code works') }) } },
    }, async (request, reply) => {
      await failingAs(reply, () => sendSignInCode(deps(request), request.body.login));
      return reply.status(202).send({ sent: true, minutes: ctx.config.SIGN_IN_CODE_MINUTES });
    });

    app.post('/v1/auth/code/verify', {
      ...open,
      schema: { tags: ['sign-in'], summary: 'Sign in with the code the bot sent', body: z.object({ login, code: z.string().trim().regex(/^\d{6}$/, 'the six digits the bot sent') }).strict(), response: { 200: signedIn } },
    }, async (request, reply) => {
      const person = await failingAs(reply, () => verifySignInCode(deps(request), request.body.login, request.body.code));
      return begin(request, reply, person, 'code');
    });

    app.post('/v1/auth/password', {
      ...open,
      schema: { tags: ['sign-in'], summary: 'Sign in with a password', body: z.object({ login, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }).strict(), response: { 200: signedIn } },
    }, async (request, reply) => {
      const person = await failingAs(reply, () => signInWithPassword(deps(request), request.body.login, request.body.password));
      return begin(request, reply, person, 'password');
    });

    app.post('/v1/auth/link', {
      ...open,
      schema: { tags: ['sign-in'], summary: 'Sign in with a one-time link (its token)', body: z.object({ token: z.string().min(1).max(200) }).strict(), response: { 200: signedIn } },
    }, async (request, reply) => {
      const person = await failingAs(reply, () => signInWithLink(deps(request), request.body.token));
      return begin(request, reply, person, 'link');
    });

    app.get('/v1/auth/session', {
      config: { access: 'signed_in' },
      schema: { tags: ['sign-in'], summary: 'Who is signed in (a person, or the API key used), and the CSRF token for writes' },
    }, async (request) => {
      const caller = request.caller!;
      if (caller.kind === 'key') return { key: { id: caller.id, role: caller.role, schoolId: caller.school } };
      const person = await ctx.stores.people.get(caller.school, caller.id);
      return { person: await personView(ctx, person!), csrfToken: request.csrfToken };
    });

    app.post('/v1/auth/sign-out', {
      config: { access: 'signed_in' },
      schema: { tags: ['sign-in'], summary: 'End this session' },
    }, async (request, reply) => {
      const token = sessionToken(request);
      if (token) await ctx.stores.auth.endSession(token);
      clearSessionCookie(reply, isSecure(request, ctx.config.PUBLIC_URL));
      return reply.status(204).send();
    });

    app.post('/v1/auth/sign-out-everywhere', {
      config: { access: 'signed_in' },
      schema: { tags: ['sign-in'], summary: "End every session of the signed-in person, on every device", response: { 200: z.object({ ended: z.number().int() }) } },
    }, async (request, reply) => {
      const caller = onlyPeople(request);
      const ended = await ctx.stores.auth.endAllSessions(caller.school, caller.id);
      await audit(ctx, request, 'signed_out_everywhere', { type: 'person', id: caller.id }, { sessions: ended });
      clearSessionCookie(reply, isSecure(request, ctx.config.PUBLIC_URL));
      return reply.send({ ended });
    });

    app.put('/v1/me/password', {
      config: { access: 'signed_in' },
      schema: {
        tags: ['sign-in'],
        summary: "Set the signed-in person's password (the current one is needed to change it)",
        body: z.object({
          current: z.string().max(PASSWORD_MAX_LENGTH).optional(),
          password: z.string().min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH),
        }).strict(),
      },
    }, async (request, reply) => {
      const caller = onlyPeople(request);
      const stored = await ctx.stores.people.passwordHash(caller.school, caller.id);
      if (stored && !(request.body.current !== undefined && (await verifyPassword(request.body.current, stored)))) {
        throw new ApiError(403, 'wrong_password', 'your current password is not right', { field: 'current' });
      }
      await ctx.stores.people.setPasswordHash(caller.school, caller.id, await hashPassword(request.body.password));
      await audit(ctx, request, 'password_set', { type: 'person', id: caller.id });
      return reply.status(204).send();
    });

    async function begin(request: FastifyRequest, reply: FastifyReply, person: Person, method: 'code' | 'password' | 'link') {
      // A browser signing in again (as the same person or another) leaves no session behind.
      const previous = sessionToken(request);
      if (previous) await ctx.stores.auth.endSession(previous);
      const { token, session } = await startSession(ctx, person, method);
      setSessionCookie(reply, token, ctx.config.SIGN_IN_MAX_DAYS * 86_400, isSecure(request, ctx.config.PUBLIC_URL));
      return reply.send({ person: await personView(ctx, person), csrfToken: session.csrf });
    }
  };
}

/** A person as the console shows them: never a password, only whether one is set. */
export async function personView(ctx: PipelineContext, person: Person) {
  const [withPassword, signedIn] = await Promise.all([
    ctx.stores.people.hasPassword(person.schoolId, [person.id]),
    ctx.stores.people.lastSignIns(person.schoolId, [person.id]),
  ]);
  const lastSignInAt = signedIn.get(person.id);
  return { ...person, hasPassword: withPassword.has(person.id), ...(lastSignInAt ? { lastSignInAt } : {}) };
}

function onlyPeople(request: FastifyRequest) {
  const caller = request.caller!;
  if (caller.kind !== 'person') throw new ApiError(403, 'forbidden', 'this is for a signed-in person, not an API key', undefined, { reason: 'people_only' });
  return caller;
}

/** Sign-in failures in the API's words: 401 for a wrong secret, 429 with Retry-After past the limit. */
async function failingAs<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof SignInError)) throw err;
    if (err.code === 'too_many_attempts') {
      reply.header('retry-after', String(err.retryAfterS ?? 60));
      throw new ApiError(429, err.code, err.message, undefined, { retryAfterS: err.retryAfterS ?? 60 });
    }
    throw new ApiError(401, err.code, err.message);
  }
}
