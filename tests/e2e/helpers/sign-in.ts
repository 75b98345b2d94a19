/**
 * People for the browser tests, made through the runtime's own services as an admin or the
 * bootstrap command would, and the ways they sign in: a one-time link's token (for the URL
 * fragment), or the six-digit code the school's bot sent to their simulated phone.
 */
import type { Person } from '../../../src/core/people.js';
import { createPerson, signInLinkFor, type NewPerson } from '../../../src/services/people.js';
import { auth, waitFor, type TestApp } from '../../helpers/app.js';

/** A person of `schoolId` (made once per login) and a fresh one-time sign-in token of theirs. */
export async function personWithLink(t: TestApp, schoolId: string, input: NewPerson): Promise<{ person: Person; token: string }> {
  const ctx = t.runtime.ctx;
  const person = (await ctx.stores.people.byLogin(input.login)) ?? (await createPerson(ctx, schoolId, input, 'test'));
  return { person, token: await signInToken(t, person) };
}

/** A fresh one-time sign-in token for `person` (what follows #signin= in the link). */
export async function signInToken(t: TestApp, person: Person): Promise<string> {
  const { url } = await signInLinkFor(t.runtime.ctx, person.schoolId, person.id, 'http://console.test');
  const token = /#signin=(.+)$/.exec(url)?.[1];
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

/**
 * The newest sign-in code on a simulated phone, read as the school's admin (an API key) reads
 * a chat; waits for one newer than `after` (a code already used).
 */
export async function codeOnPhone(t: TestApp, address: string, after?: string, key?: string): Promise<string> {
  return waitFor(async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(address)}`, headers: auth(key) });
    if (res.statusCode !== 200) return undefined;
    const { messages } = res.json() as { messages: Array<{ direction: string; text: string }> };
    // A sign-in link sent to the chat is not a code (its token may hold six digits in a row).
    const codes = messages.filter((m) => m.direction === 'out' && !m.text.includes('#signin=')).map((m) => /(?<!\d)(\d{6})(?!\d)/.exec(m.text)?.[1]).filter((c): c is string => Boolean(c));
    const newest = codes.at(-1);
    return newest && newest !== after ? newest : undefined;
  }, 15_000, `a sign-in code on ${address}`);
}
