/**
 * What signing in keeps (DESIGN §10): sessions, one-time sign-in codes and one-time sign-in
 * links. Only hashes of the secrets are stored: the session token lives in the person's cookie,
 * the code in their chat, the link in what the admin handed over. A Redis dump opens nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { sha256Hex } from '../core/ids.js';
import { defineScripts } from './scripts.js';

export interface StoredSession {
  schoolId: string;
  personId: string;
  /** The token a cookie-authenticated write must also send in a header (CSRF). */
  csrf: string;
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch: past this the session ends, however active. */
  endsAt: number;
}

export type CodeCheck = 'ok' | 'wrong' | 'none';

/**
 * KEYS: the person's code. ARGV: hash of the code tried, wrong tries allowed. A right code is
 * used up; a wrong one counts, and the code is gone after the last allowed wrong try.
 */
const CHECK_CODE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 'none' end
local c = cjson.decode(raw)
if c.h == ARGV[1] then redis.call('DEL', KEYS[1]) return 'ok' end
c.tries = (c.tries or 0) + 1
if c.tries >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], cjson.encode(c), 'KEEPTTL') end
return 'wrong'
`;

interface AuthScripts {
  sbCheckCode(key: string, hash: string, maxTries: number): Promise<CodeCheck>;
}

export class AuthStore {
  private readonly scripts: AuthScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<AuthScripts>(redis, { sbCheckCode: { keys: 1, lua: CHECK_CODE } });
  }

  /** A new session: its token (for the cookie) and CSRF token. Idle `idleS` ends it, `maxS` in any case. */
  async createSession(schoolId: string, personId: string, now: Date, idleS: number, maxS: number): Promise<{ token: string; session: StoredSession }> {
    const token = secret();
    const session: StoredSession = { schoolId, personId, csrf: secret(), createdAt: now.getTime(), endsAt: now.getTime() + maxS * 1000 };
    const hash = sha256Hex(token);
    const mine = this.keys.personSessions(schoolId, personId);
    await Promise.all([
      this.redis.set(this.keys.authSession(hash), JSON.stringify(session), 'EX', Math.min(idleS, maxS)),
      this.redis.sadd(mine, hash),
    ]);
    await this.redis.expire(mine, maxS);
    return { token, session };
  }

  /** The session of a cookie's token, its idle time renewed; undefined when ended or revoked. */
  async session(token: string, now: Date, idleS: number): Promise<StoredSession | undefined> {
    const key = this.keys.authSession(sha256Hex(token));
    const session = parseStored<StoredSession>(await this.redis.get(key));
    if (!session) return undefined;
    const leftS = Math.floor((session.endsAt - now.getTime()) / 1000);
    if (leftS <= 0) return undefined;
    await this.redis.expire(key, Math.min(idleS, leftS));
    return session;
  }

  async endSession(token: string): Promise<void> {
    const hash = sha256Hex(token);
    const session = parseStored<StoredSession>(await this.redis.getdel(this.keys.authSession(hash)));
    if (session) await this.redis.srem(this.keys.personSessions(session.schoolId, session.personId), hash);
  }

  /** Every session of a person ("sign out everywhere", removed or disabled); how many there were. */
  async endAllSessions(schoolId: string, personId: string): Promise<number> {
    const mine = this.keys.personSessions(schoolId, personId);
    const hashes = await this.redis.smembers(mine);
    const ended = hashes.length ? await Promise.all(hashes.map((h) => this.redis.del(this.keys.authSession(h)))) : [];
    await this.redis.del(mine);
    return ended.reduce((a, b) => a + b, 0);
  }

  /** A new code for a person replaces any earlier one; it lives `ttlS`. */
  async putCode(schoolId: string, personId: string, code: string, ttlS: number): Promise<void> {
    await this.redis.set(this.keys.signInCode(schoolId, personId), JSON.stringify({ h: sha256Hex(`${personId}:${code}`), tries: 0 }), 'EX', ttlS);
  }

  async checkCode(schoolId: string, personId: string, code: string, maxTries: number): Promise<CodeCheck> {
    return this.scripts.sbCheckCode(this.keys.signInCode(schoolId, personId), sha256Hex(`${personId}:${code}`), maxTries);
  }

  /** A one-time sign-in link's token, good for `ttlS`. */
  async createLink(schoolId: string, personId: string, ttlS: number): Promise<string> {
    const token = secret();
    await this.redis.set(this.keys.signInLink(sha256Hex(token)), JSON.stringify({ schoolId, personId }), 'EX', ttlS);
    return token;
  }

  /** Takes a link once: the second use finds nothing. */
  async takeLink(token: string): Promise<{ schoolId: string; personId: string } | undefined> {
    return parseStored(await this.redis.getdel(this.keys.signInLink(sha256Hex(token))));
  }
}

/** 32 random bytes, URL-safe: 256 bits, unguessable. */
function secret(): string {
  return randomBytes(32).toString('base64url');
}
