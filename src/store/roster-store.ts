/**
 * The roster of one school: classes, guardians, children, teachers, each a Redis hash of
 * id → JSON under the school's hash tag, plus the address index for inbound messages. Imports
 * upsert; a guardian's opt-out and unreachable marks survive a re-import.
 *
 * The address index (address-index.ts, DESIGN §10) links chat addresses to guardians and
 * teachers per school.
 */
import type { Child, Guardian, Locale, Platform, Roster, SchoolClass, Teacher } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';
import { AddressIndex, type AddressOwner } from './address-index.js';

export interface AudienceRosterData {
  classes: Map<string, { grade: number }>;
  children: Map<string, { classId: string; guardianIds: string[] }>;
  guardianIds: Set<string>;
}

export type { AddressOwner } from './address-index.js';

type Stored<T extends { id: string }> = Omit<T, 'id'>;

/**
 * Lua's cjson cannot tell [] from {}: a record decoded and encoded again would turn its empty
 * id lists into objects ("classIds":{}), which the readers cannot iterate. Every script that
 * rewrites a roster record encodes it through this.
 */
const ENCODE_RECORD = `
local function encodeRecord(obj)
  local out = cjson.encode(obj)
  for _, field in ipairs({ 'channelOrder', 'classIds', 'guardianIds' }) do
    out = string.gsub(out, '"' .. field .. '":{}', '"' .. field .. '":[]')
  end
  return out
end
`;

/** KEYS: hash. ARGV: field, map name, key, value ('' removes): one entry of a map inside the JSON. */
const PATCH_MAP = `${ENCODE_RECORD}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local obj = cjson.decode(raw)
if type(obj[ARGV[2]]) ~= 'table' then obj[ARGV[2]] = {} end
if ARGV[4] == '' then obj[ARGV[2]][ARGV[3]] = nil else obj[ARGV[2]][ARGV[3]] = ARGV[4] end
if next(obj[ARGV[2]]) == nil then obj[ARGV[2]] = nil end
-- An empty preference order is no preference: drop it.
if type(obj.channelOrder) == 'table' and next(obj.channelOrder) == nil then obj.channelOrder = nil end
redis.call('HSET', KEYS[1], ARGV[1], encodeRecord(obj))
return 1
`;

/**
 * KEYS: guardians. ARGV: id, 'out' | 'in', ISO time. Opting out or back in by the time the
 * guardian said it: a STOP sent before a START (arriving late) does not undo the START, nor the
 * other way round. The first opt-out time is kept as consent evidence. Returns 1 when changed.
 */
const CONSENT = `${ENCODE_RECORD}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local g = cjson.decode(raw)
local at = ARGV[3]
if ARGV[2] == 'out' then
  if g.optedOutAt or (type(g.optedInAt) == 'string' and g.optedInAt > at) then return 0 end
  g.optedOutAt = at
else
  if not g.optedOutAt or g.optedOutAt > at then return 0 end
  g.optedOutAt = nil
  g.optedInAt = at
end
redis.call('HSET', KEYS[1], ARGV[1], encodeRecord(g))
return 1
`;

/** KEYS: hash. ARGV: id, field, value: one top-level string field of a stored JSON record. */
const PATCH_FIELD = `${ENCODE_RECORD}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local obj = cjson.decode(raw)
obj[ARGV[2]] = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], encodeRecord(obj))
return 1
`;

interface RosterScripts {
  sbPatchMap(hash: string, field: string, map: string, key: string, value: string): Promise<number>;
  sbConsent(hash: string, id: string, direction: 'out' | 'in', at: string): Promise<number>;
  sbPatchField(hash: string, id: string, field: string, value: string): Promise<number>;
}

export class RosterStore {
  private readonly scripts: RosterScripts;
  private readonly addresses: AddressIndex;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.addresses = new AddressIndex(redis, keys);
    this.scripts = defineScripts<RosterScripts>(redis, {
      sbPatchMap: { keys: 1, lua: PATCH_MAP },
      sbConsent: { keys: 1, lua: CONSENT },
      sbPatchField: { keys: 1, lua: PATCH_FIELD },
    });
  }

  /** Upserts everything in one MULTI (one hash slot), then re-points the address index. */
  async upsert(schoolId: string, roster: Roster): Promise<void> {
    const k = this.keys;
    const previous = await this.getGuardians(schoolId, roster.guardians.map((g) => g.id));
    const previousTeachers = await this.getTeachers(schoolId, roster.teachers.map((t) => t.id));
    const guardians = roster.guardians.map((g) => keepConsent(g, previous.get(g.id)));
    const tx = this.redis.multi();
    hsetAll(tx, k.classes(schoolId), roster.classes);
    hsetAll(tx, k.guardians(schoolId), guardians);
    hsetAll(tx, k.children(schoolId), roster.children);
    hsetAll(tx, k.teachers(schoolId), roster.teachers);
    await tx.exec();
    await this.reindexAddresses(schoolId, 'guardian', guardians, previous);
    await this.reindexAddresses(schoolId, 'teacher', roster.teachers, previousTeachers);
    if (roster.children.length) await this.rebuildGuardianChildren(schoolId);
  }

  /** A guardian's children (their names and classes are what notes and survey results need). */
  async childrenOf(schoolId: string, guardianId: string): Promise<Child[]> {
    const ids = parseStored<string[]>(await this.redis.hget(this.keys.guardianChildren(schoolId), guardianId)) ?? [];
    return [...(await this.getChildren(schoolId, ids)).values()];
  }

  /** Rebuilt from every child of the school: an import may move a child to another guardian. */
  private async rebuildGuardianChildren(schoolId: string): Promise<void> {
    const byGuardian = new Map<string, string[]>();
    for (const child of await this.listChildren(schoolId)) {
      for (const g of child.guardianIds) byGuardian.set(g, [...(byGuardian.get(g) ?? []), child.id]);
    }
    const key = this.keys.guardianChildren(schoolId);
    const tx = this.redis.multi().del(key);
    const args = [...byGuardian].flatMap(([g, ids]) => [g, JSON.stringify(ids)]);
    if (args.length) tx.hset(key, ...args);
    await tx.exec();
  }

  /** STOP (out) or START (in), by the time the guardian sent it; true when it changed anything. */
  async setConsent(schoolId: string, guardianId: string, direction: 'out' | 'in', at: string): Promise<boolean> {
    return (await this.scripts.sbConsent(this.keys.guardians(schoolId), guardianId, direction, at)) === 1;
  }

  /** The language a guardian or teacher asked for in the chat; a later import keeps it. */
  async setLocale(owner: AddressOwner, locale: Locale): Promise<void> {
    const key = owner.kind === 'guardian' ? this.keys.guardians(owner.schoolId) : this.keys.teachers(owner.schoolId);
    await this.scripts.sbPatchField(key, owner.id, 'locale', locale);
    if (owner.kind === 'guardian') await this.scripts.sbPatchField(key, owner.id, 'localeChosen', locale);
  }

  async getGuardian(schoolId: string, id: string): Promise<Guardian | undefined> {
    return withId(id, parseStored<Stored<Guardian>>(await this.redis.hget(this.keys.guardians(schoolId), id)));
  }

  async getGuardians(schoolId: string, ids: string[]): Promise<Map<string, Guardian>> {
    return this.getMany<Guardian>(this.keys.guardians(schoolId), ids);
  }

  async getChildren(schoolId: string, ids: string[]): Promise<Map<string, Child>> {
    return this.getMany<Child>(this.keys.children(schoolId), ids);
  }

  async getTeachers(schoolId: string, ids: string[]): Promise<Map<string, Teacher>> {
    return this.getMany<Teacher>(this.keys.teachers(schoolId), ids);
  }

  async listClasses(schoolId: string): Promise<SchoolClass[]> {
    return this.listAll<SchoolClass>(this.keys.classes(schoolId));
  }
  async listGuardians(schoolId: string): Promise<Guardian[]> {
    return this.listAll<Guardian>(this.keys.guardians(schoolId));
  }
  async listChildren(schoolId: string): Promise<Child[]> {
    return this.listAll<Child>(this.keys.children(schoolId));
  }
  async listTeachers(schoolId: string): Promise<Teacher[]> {
    return this.listAll<Teacher>(this.keys.teachers(schoolId));
  }

  /** Ids already stored, so an import may reference earlier imports. */
  async existingIds(schoolId: string): Promise<{ classIds: Set<string>; guardianIds: Set<string> }> {
    const [classIds, guardianIds] = await Promise.all([
      this.redis.hkeys(this.keys.classes(schoolId)),
      this.redis.hkeys(this.keys.guardians(schoolId)),
    ]);
    return { classIds: new Set(classIds), guardianIds: new Set(guardianIds) };
  }

  /** What audience resolution needs, and nothing more (no names, no phones). */
  async loadAudienceRoster(schoolId: string): Promise<AudienceRosterData> {
    const [classes, children, guardianIds] = await Promise.all([
      this.redis.hgetall(this.keys.classes(schoolId)),
      this.redis.hgetall(this.keys.children(schoolId)),
      this.redis.hkeys(this.keys.guardians(schoolId)),
    ]);
    const data: AudienceRosterData = { classes: new Map(), children: new Map(), guardianIds: new Set(guardianIds) };
    for (const [id, raw] of Object.entries(classes)) {
      const c = parseStored<Stored<SchoolClass>>(raw);
      if (c) data.classes.set(id, { grade: c.grade });
    }
    for (const [id, raw] of Object.entries(children)) {
      const c = parseStored<Stored<Child>>(raw);
      if (c) data.children.set(id, { classId: c.classId, guardianIds: c.guardianIds });
    }
    return data;
  }

  async counts(schoolId: string): Promise<Record<'classes' | 'guardians' | 'children' | 'teachers', number>> {
    const k = this.keys;
    const [classes, guardians, children, teachers] = await Promise.all([
      this.redis.hlen(k.classes(schoolId)),
      this.redis.hlen(k.guardians(schoolId)),
      this.redis.hlen(k.children(schoolId)),
      this.redis.hlen(k.teachers(schoolId)),
    ]);
    return { classes, guardians, children, teachers };
  }

  /** Who a chat address belongs to, in every school that knows it (address-index.ts). */
  ownersOf(platform: Platform, address: string): Promise<AddressOwner[]> {
    return this.addresses.ownersOf(platform, address);
  }

  ownerIn(schoolId: string, platform: Platform, address: string): Promise<AddressOwner | undefined> {
    return this.addresses.ownerIn(schoolId, platform, address);
  }

  /** Writes a whole guardian back (tests, imports); live changes use the field updates below. */
  async saveGuardian(schoolId: string, guardian: Guardian): Promise<void> {
    const { id, ...rest } = guardian;
    await this.redis.hset(this.keys.guardians(schoolId), id, JSON.stringify(rest));
  }

  /**
   * Marks (an ISO time) or clears (null) one platform as unreachable for a guardian, in one
   * script: a link or an opt-out saved meanwhile by another worker is not overwritten.
   */
  async setUnreachable(schoolId: string, guardianId: string, platform: Platform, at: string | null): Promise<void> {
    await this.scripts.sbPatchMap(this.keys.guardians(schoolId), guardianId, 'unreachable', platform, at ?? '');
  }

  /**
   * Links a chat to a guardian or teacher (a join code was used): the address replaces any
   * earlier one on that platform, the link time is kept as consent, a stale "unreachable"
   * mark is dropped. Returns the updated record, or undefined when the owner is gone.
   */
  async linkChannel(owner: AddressOwner, platform: Platform, address: string, at: Date): Promise<Guardian | Teacher | undefined> {
    const key = owner.kind === 'guardian' ? this.keys.guardians(owner.schoolId) : this.keys.teachers(owner.schoolId);
    const current = withId(owner.id, parseStored<Stored<Guardian>>(await this.redis.hget(key, owner.id)));
    if (!current) return undefined;
    const previous = current.channels[platform];
    const next: Guardian = {
      ...current,
      channels: { ...current.channels, [platform]: address },
      linked: { ...current.linked, [platform]: at.toISOString() },
    };
    if (next.unreachable?.[platform]) {
      const { [platform]: _gone, ...rest } = next.unreachable;
      next.unreachable = rest;
    }
    const { id, ...rest } = next;
    await this.redis.hset(key, id, JSON.stringify(rest));
    if (previous && previous !== address) await this.addresses.unlinkIfOwned(platform, previous, owner);
    await this.addresses.link(platform, address, owner);
    return next;
  }

  /** Removes the guardian from the roster, their children's lists and the address index. */
  async removeGuardian(schoolId: string, guardian: Guardian): Promise<void> {
    const k = this.keys;
    const children = await this.listChildren(schoolId);
    const tx = this.redis.multi().hdel(k.guardians(schoolId), guardian.id).hdel(k.guardianChildren(schoolId), guardian.id);
    for (const child of children.filter((c) => c.guardianIds.includes(guardian.id))) {
      const { id, ...rest } = { ...child, guardianIds: child.guardianIds.filter((g) => g !== guardian.id) };
      tx.hset(k.children(schoolId), id, JSON.stringify(rest));
    }
    await tx.exec();
    await Promise.all(
      Object.entries(guardian.channels).map(([platform, address]) =>
        this.addresses.unlinkIfOwned(platform, address, { schoolId, kind: 'guardian', id: guardian.id }),
      ),
    );
  }

  private async reindexAddresses<T extends { id: string; channels: Guardian['channels'] }>(
    schoolId: string,
    kind: AddressOwner['kind'],
    items: T[],
    previous: Map<string, T>,
  ): Promise<void> {
    const writes: Array<Promise<unknown>> = [];
    for (const platform of PLATFORMS) {
      for (const item of items) {
        const owner: AddressOwner = { schoolId, kind, id: item.id };
        const oldAddress = previous.get(item.id)?.channels[platform];
        const address = item.channels[platform];
        if (oldAddress && oldAddress !== address) writes.push(this.addresses.unlinkIfOwned(platform, oldAddress, owner));
        // Auto-pipelined: a school of thousands of families is one round of small writes.
        if (address) writes.push(this.addresses.link(platform, address, owner));
      }
    }
    await Promise.all(writes);
  }

  private async getMany<T extends { id: string }>(key: string, ids: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (!ids.length) return out;
    const raws = await this.redis.hmget(key, ...ids);
    ids.forEach((id, i) => {
      const item = withId(id, parseStored<Stored<T>>(raws[i]));
      if (item) out.set(id, item as T);
    });
    return out;
  }

  private async listAll<T extends { id: string }>(key: string): Promise<T[]> {
    const all = await this.redis.hgetall(key);
    return Object.entries(all)
      .map(([id, raw]) => withId(id, parseStored<Stored<T>>(raw)) as T | undefined)
      .filter((x): x is T => x !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }
}

function withId<T extends object>(id: string, rest: T | undefined): (T & { id: string }) | undefined {
  return rest ? { id, ...rest } : undefined;
}

/**
 * A re-import must not undo a guardian's opt-out (or opt-in), forget a platform's "blocked",
 * or override the language the guardian asked for in the chat.
 */
function keepConsent(next: Guardian, prev: Guardian | undefined): Guardian {
  if (!prev) return next;
  const merged: Guardian = { ...next };
  if (prev.optedOutAt && !next.optedOutAt) merged.optedOutAt = prev.optedOutAt;
  if (prev.optedInAt && !next.optedInAt) merged.optedInAt = prev.optedInAt;
  if (prev.localeChosen) {
    merged.locale = prev.localeChosen;
    merged.localeChosen = prev.localeChosen;
  }
  const unreachable = { ...prev.unreachable };
  for (const p of Object.keys(unreachable) as Platform[]) {
    if (prev.channels[p] !== next.channels[p]) delete unreachable[p]; // a new address deserves a new try
  }
  if (Object.keys(unreachable).length) merged.unreachable = unreachable;
  return merged;
}

function hsetAll<T extends { id: string }>(tx: ReturnType<Redis['multi']>, key: string, items: T[]): void {
  if (!items.length) return;
  const args: string[] = [];
  for (const { id, ...rest } of items) args.push(id, JSON.stringify(rest));
  tx.hset(key, ...args);
}

