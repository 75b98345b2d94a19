/**
 * The people who sign in (DESIGN §10), per school ('*' for the district), with a global index of
 * logins so that a person types only their login. Password hashes live apart from the records,
 * so nothing that lists or returns people can carry them.
 */
import type { Person } from '../core/people.js';
import type { Platform } from '../core/types.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';

export type PersonPatch = Partial<Pick<Person, 'name' | 'login' | 'role' | 'teacherId' | 'channels' | 'locale' | 'disabled'>>;

export class PeopleStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** False when the login is taken (by anyone, in any school). */
  async create(person: Person): Promise<boolean> {
    if (!(await this.claimLogin(person.login, person.schoolId, person.id))) return false;
    await this.write(person);
    return true;
  }

  async get(schoolId: string, id: string): Promise<Person | undefined> {
    return parseStored<Person>(await this.redis.hget(this.keys.people(schoolId), id));
  }

  async byLogin(login: string): Promise<Person | undefined> {
    const ref = await this.redis.get(this.keys.login(normaliseLogin(login)));
    const slash = ref?.indexOf('/') ?? -1;
    if (!ref || slash < 0) return undefined;
    return this.get(ref.slice(0, slash), ref.slice(slash + 1));
  }

  async list(schoolId: string): Promise<Person[]> {
    const all = await this.redis.hvals(this.keys.people(schoolId));
    return all.map((raw) => parseStored<Person>(raw)).filter((p): p is Person => p !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Undefined when there is no such person; 'login_taken' when the new login is someone else's. */
  async update(schoolId: string, id: string, patch: PersonPatch): Promise<Person | 'login_taken' | undefined> {
    const current = await this.get(schoolId, id);
    if (!current) return undefined;
    const next: Person = { ...current, ...patch, ...(patch.login ? { login: normaliseLogin(patch.login) } : {}) };
    if (next.login !== current.login) {
      if (!(await this.claimLogin(next.login, schoolId, id))) return 'login_taken';
      await this.redis.del(this.keys.login(current.login));
    }
    await this.write(next);
    return next;
  }

  /** A person's chat on one platform, linked with a join code (their sign-in codes go there). */
  async linkChannel(schoolId: string, id: string, platform: Platform, address: string): Promise<Person | undefined> {
    const current = await this.get(schoolId, id);
    if (!current) return undefined;
    const next = { ...current, channels: { ...current.channels, [platform]: address } };
    await this.write(next);
    return next;
  }

  async remove(schoolId: string, id: string): Promise<Person | undefined> {
    const person = await this.get(schoolId, id);
    if (!person) return undefined;
    await Promise.all([
      this.redis.hdel(this.keys.people(schoolId), id),
      this.redis.hdel(this.keys.passwords(schoolId), id),
      this.redis.hdel(this.keys.lastSignIns(schoolId), id),
      this.redis.del(this.keys.login(person.login)),
    ]);
    return person;
  }

  async passwordHash(schoolId: string, id: string): Promise<string | undefined> {
    return (await this.redis.hget(this.keys.passwords(schoolId), id)) ?? undefined;
  }

  async setPasswordHash(schoolId: string, id: string, hash: string): Promise<void> {
    await this.redis.hset(this.keys.passwords(schoolId), id, hash);
  }

  async hasPassword(schoolId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const found = await this.redis.hmget(this.keys.passwords(schoolId), ...ids);
    return new Set(ids.filter((_, i) => found[i]));
  }

  async markSignedIn(schoolId: string, id: string, at: Date): Promise<void> {
    await this.redis.hset(this.keys.lastSignIns(schoolId), id, at.toISOString());
  }

  /** When each of `ids` last signed in (absent: never). */
  async lastSignIns(schoolId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const found = await this.redis.hmget(this.keys.lastSignIns(schoolId), ...ids);
    return new Map(ids.flatMap((id, i) => (found[i] ? [[id, found[i] as string] as const] : [])));
  }

  private async claimLogin(login: string, schoolId: string, id: string): Promise<boolean> {
    return (await this.redis.set(this.keys.login(normaliseLogin(login)), `${schoolId}/${id}`, 'NX')) === 'OK';
  }

  private async write(person: Person): Promise<void> {
    await this.redis.hset(this.keys.people(person.schoolId), person.id, JSON.stringify(person));
  }
}

/** Logins compare without case or surrounding spaces ("Amina " is amina). */
export function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}
