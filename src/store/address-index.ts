/**
 * The address index (DESIGN §10): one small hash per chat address, schoolId → owner ("g/<id>"
 * or "t/<id>"). A school only ever writes or removes its own field, so a parent known to two
 * schools stays known to both, and one school's import or erasure cannot move, read or drop
 * another's link. One key per address: a single-key script, and addresses spread over a cluster.
 */
import type { Platform } from '../core/types.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';

export interface AddressOwner {
  schoolId: string;
  kind: 'guardian' | 'teacher';
  id: string;
}

/** KEYS: an address's hash. ARGV: school, owner: removes the school's link if it is still that owner's. */
const UNLINK_IF_OWNED = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;

interface IndexScripts {
  sbUnlinkIfOwned(hash: string, schoolId: string, owner: string): Promise<number>;
}

export class AddressIndex {
  private readonly scripts: IndexScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<IndexScripts>(redis, { sbUnlinkIfOwned: { keys: 1, lua: UNLINK_IF_OWNED } });
  }

  /** Who a chat address belongs to, in every school that knows it (callers keep their schools' only). */
  async ownersOf(platform: Platform, address: string): Promise<AddressOwner[]> {
    const all = await this.redis.hgetall(this.keys.address(platform, address));
    return Object.entries(all)
      .map(([schoolId, raw]) => decodeOwner(schoolId, raw))
      .filter((o): o is AddressOwner => o !== undefined)
      .sort((a, b) => a.schoolId.localeCompare(b.schoolId));
  }

  /** The owner of an address in one school. */
  async ownerIn(schoolId: string, platform: Platform, address: string): Promise<AddressOwner | undefined> {
    const raw = await this.redis.hget(this.keys.address(platform, address), schoolId);
    return raw ? decodeOwner(schoolId, raw) : undefined;
  }

  /** The address is the owner's in their school (replacing whoever had it there). */
  async link(platform: string, address: string, owner: AddressOwner): Promise<void> {
    await this.redis.hset(this.keys.address(platform, address), owner.schoolId, encodeOwner(owner));
  }

  /** The school's link of the address goes, if it is still this owner's. */
  async unlinkIfOwned(platform: string, address: string, owner: AddressOwner): Promise<void> {
    await this.scripts.sbUnlinkIfOwned(this.keys.address(platform, address), owner.schoolId, encodeOwner(owner));
  }
}

/** An owner as stored under its school's field: "<g|t>/<id>". */
function encodeOwner(o: AddressOwner): string {
  return `${o.kind === 'guardian' ? 'g' : 't'}/${o.id}`;
}

function decodeOwner(schoolId: string, raw: string): AddressOwner | undefined {
  const slash = raw.indexOf('/');
  const kind = raw.slice(0, slash);
  const id = raw.slice(slash + 1);
  if (slash < 0 || !id || (kind !== 'g' && kind !== 't')) return undefined;
  return { schoolId, kind: kind === 'g' ? 'guardian' : 'teacher', id };
}
