/**
 * Signing people in (DESIGN §10), for a Moroccan school with no mail server: a one-time code the
 * school's own bot sends to the person's linked chat, or a password, or a one-time link an admin
 * (or the bootstrap command) handed over. Codes are six digits, live minutes, work once, and a
 * few wrong tries void them; wrong codes, passwords and links are counted per IP and per login,
 * and past the limit every try is refused until the window passes, right or wrong.
 *
 * Whether a login exists is never told: asking for a code answers the same either way.
 */
import { randomInt } from 'node:crypto';
import type { Person } from '../core/people.js';
import type { ChannelAddresses } from '../core/types.js';
import * as said from '../domain/conversation/said.js';
import type { PipelineContext } from './context.js';
import { reachable } from './conversation/relay.js';
import { putDirectReplies } from './replies.js';
import type { StoredSession } from '../store/auth-store.js';
import { normaliseLogin } from '../store/people-store.js';
import { verifyPassword } from './passwords.js';
import { PeopleError, SIGN_IN_LINK_TTL_S, signInLinkFor } from './people.js';
import { causeId, chatId } from '../core/ids.js';

/** Failure counting with a window (src/store/attempt-limiter.ts), by scope "<what>:<per what>". */
export interface AttemptLimits {
  check(scope: SignInScope, key: string): Promise<{ blocked: boolean; retryAfterS: number }>;
  fail(scope: SignInScope, key: string): Promise<unknown>;
  reset(scope: SignInScope, key: string): Promise<void>;
}

export type SignInScope = 'code-send:ip' | 'code-send:login' | 'code:ip' | 'code:login' | 'password:ip' | 'password:login' | 'link:ip';

export type SignInFailure = 'too_many_attempts' | 'wrong_code' | 'wrong_password' | 'invalid_link';

export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: SignInFailure,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** Wrong tries of one code before it is void. */
const CODE_TRIES = 5;
/** A hash to check against when the login has no password, so both take as long. */
const NO_PASSWORD = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface SignInDeps {
  ctx: PipelineContext;
  limits: AttemptLimits;
  /** The caller's address as one client (client-address.ts), for per-address limits. */
  ip: string;
}

/** Sends a code to the person's chat, if the login is a person's and a chat of theirs can be reached. */
export async function sendSignInCode({ ctx, limits, ip }: SignInDeps, typed: string): Promise<void> {
  const login = normaliseLogin(typed);
  await guard(limits, [['code-send:ip', ip], ['code-send:login', login]]);
  await Promise.all([limits.fail('code-send:ip', ip), limits.fail('code-send:login', login)]);
  const person = await ctx.stores.people.byLogin(login);
  if (!person || person.disabled) return;
  const to = await reachable(ctx, person.schoolId, { channels: await channelsOf(ctx, person) });
  if (!to) {
    ctx.log.info({ schoolId: person.schoolId, personId: person.id }, 'sign-in code not sent: no chat of theirs can be written to now');
    return;
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const minutes = ctx.config.SIGN_IN_CODE_MINUTES;
  await ctx.stores.auth.putCode(person.schoolId, person.id, code, minutes * 60);
  const school = person.schoolId === '*' ? undefined : await ctx.stores.schools.get(person.schoolId);
  const locale = person.locale ?? school?.defaultLocale ?? 'ar';
  const text = said.signInCode(locale, school?.name, code, minutes);
  // Kept in the chat's outbox like any message the bot sends: the job names ids, never the code.
  const cause = causeId(`signin:${person.id}:${code}:${ctx.now().getTime()}`);
  await putDirectReplies(ctx, chatId(to.platform, to.address, person.schoolId), cause, [{ ...to, schoolId: person.schoolId, message: text }]);
}

/**
 * A one-time sign-in link sent by the school's bot to the person's own chat (an admin's "send it
 * to them"): one tap on their phone signs them in. PeopleError no_chat when no chat of theirs can
 * be written to now; nothing is made then.
 */
export async function sendSignInLink(ctx: PipelineContext, schoolId: string, id: string, baseUrl: string): Promise<{ sentTo: string; expiresAt: string }> {
  const person = await ctx.stores.people.get(schoolId, id);
  if (!person) throw new PeopleError('not_found', `no person ${id}`);
  const to = await reachable(ctx, schoolId, { channels: await channelsOf(ctx, person) });
  if (!to) throw new PeopleError('no_chat', 'no chat of theirs can be written to now: hand them the link instead');
  const link = await signInLinkFor(ctx, schoolId, id, baseUrl);
  const school = schoolId === '*' ? undefined : await ctx.stores.schools.get(schoolId);
  const locale = person.locale ?? school?.defaultLocale ?? 'ar';
  const text = said.signInLink(locale, school?.name, link.url, Math.round(SIGN_IN_LINK_TTL_S / 3600));
  // The outbox job names ids only; the link lives in the chat's outbox entry, as a code does.
  const cause = causeId(`signin-link:${person.id}:${ctx.now().getTime()}`);
  await putDirectReplies(ctx, chatId(to.platform, to.address, schoolId), cause, [{ ...to, schoolId, message: text }]);
  return { sentTo: to.platform, expiresAt: link.expiresAt };
}

export async function verifySignInCode({ ctx, limits, ip }: SignInDeps, typed: string, code: string): Promise<Person> {
  const login = normaliseLogin(typed);
  await guard(limits, [['code:ip', ip], ['code:login', login]]);
  const person = await ctx.stores.people.byLogin(login);
  const checked = person && !person.disabled ? await ctx.stores.auth.checkCode(person.schoolId, person.id, code.trim(), CODE_TRIES) : 'none';
  if (checked !== 'ok' || !person) {
    await Promise.all([limits.fail('code:ip', ip), limits.fail('code:login', login)]);
    throw new SignInError('wrong_code', 'this code is not right, or it expired: ask for a new one');
  }
  await limits.reset('code:login', login);
  return person;
}

export async function signInWithPassword({ ctx, limits, ip }: SignInDeps, typed: string, password: string): Promise<Person> {
  const login = normaliseLogin(typed);
  await guard(limits, [['password:ip', ip], ['password:login', login]]);
  const person = await ctx.stores.people.byLogin(login);
  const stored = person && !person.disabled ? await ctx.stores.people.passwordHash(person.schoolId, person.id) : undefined;
  const right = await verifyPassword(password, stored ?? NO_PASSWORD);
  if (!right || !person || !stored) {
    await Promise.all([limits.fail('password:ip', ip), limits.fail('password:login', login)]);
    throw new SignInError('wrong_password', 'this login and password do not match');
  }
  await limits.reset('password:login', login);
  return person;
}

export async function signInWithLink({ ctx, limits, ip }: SignInDeps, token: string): Promise<Person> {
  await guard(limits, [['link:ip', ip]]);
  const taken = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await ctx.stores.auth.takeLink(token) : undefined;
  const person = taken ? await ctx.stores.people.get(taken.schoolId, taken.personId) : undefined;
  if (!person || person.disabled) {
    await limits.fail('link:ip', ip);
    throw new SignInError('invalid_link', 'this sign-in link was already used or has expired: ask your admin for a new one');
  }
  return person;
}

/** A session for a person who just proved who they are; the sign-in goes in the audit log. */
export async function startSession(ctx: PipelineContext, person: Person, method: 'code' | 'password' | 'link'): Promise<{ token: string; session: StoredSession }> {
  const { SIGN_IN_IDLE_HOURS, SIGN_IN_MAX_DAYS } = ctx.config;
  const started = await ctx.stores.auth.createSession(person.schoolId, person.id, ctx.now(), SIGN_IN_IDLE_HOURS * 3600, SIGN_IN_MAX_DAYS * 86_400);
  await ctx.stores.people.markSignedIn(person.schoolId, person.id, ctx.now());
  await ctx.stores.audit.record(person.schoolId, {
    at: ctx.now().toISOString(), actor: { kind: 'person', id: person.id, role: person.role }, action: 'signed_in', details: { method },
  });
  return started;
}

/** A teacher's chats are the roster's (the bot knows them there); their own come first. */
export async function channelsOf(ctx: PipelineContext, person: Person): Promise<ChannelAddresses> {
  if (!person.teacherId) return person.channels;
  const teacher = (await ctx.stores.roster.getTeachers(person.schoolId, [person.teacherId])).get(person.teacherId);
  return { ...teacher?.channels, ...person.channels };
}

async function guard(limits: AttemptLimits, scopes: Array<[SignInScope, string]>): Promise<void> {
  for (const [scope, key] of scopes) {
    const { blocked, retryAfterS } = await limits.check(scope, key);
    if (blocked) throw new SignInError('too_many_attempts', `too many tries: wait ${Math.ceil(retryAfterS / 60)} min and try again`, retryAfterS);
  }
}
