/**
 * API keys a school's admin makes in the console, for integrations (DESIGN §10): named, shown
 * once, stored as a hash, revocable, with when each was last used. A key reads
 * `sbk_<id>_<secret>`: the id finds the record, the secret's hash is compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../core/people.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { sha256Hex } from '../core/ids.js';
import { defineScripts } from './scripts.js';

export interface ApiKeyRecord {
  id: string;
  schoolId: string;
  name: string;
  role: Extract<Role, 'admin' | 'staff'>;
  createdAt: string;
  /** The person who made it. */
  createdBy: string;
  lastUsedAt?: string;
}

interface Stored extends ApiKeyRecord {
  /** sha256 of the secret part, hex. */
  hash: string;
}

const KEY_FORMAT = /^sbk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** KEYS: the school's keys. ARGV: id, ISO time. In one script: a key revoked meanwhile stays revoked. */
const TOUCH = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local k = cjson.decode(raw)
k.lastUsedAt = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(k))
return 1
`;

interface KeyScripts {
  sbTouchKey(hash: string, id: string, at: string): Promise<number>;
}

export class ApiKeyStore {
  private readonly scripts: KeyScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<KeyScripts>(redis, { sbTouchKey: { keys: 1, lua: TOUCH } });
  }

  /** The new key (its only showing) and its record. */
  async create(record: Omit<ApiKeyRecord, 'id' | 'lastUsedAt'>): Promise<{ key: string; record: ApiKeyRecord }> {
    const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const stored: Stored = { ...record, id, hash: digest(secret) };
    await Promise.all([
      this.redis.hset(this.keys.apiKeys(record.schoolId), id, JSON.stringify(stored)),
      this.redis.set(this.keys.apiKeyIndex(id), record.schoolId),
    ]);
    return { key: `sbk_${id}_${secret}`, record: publicPart(stored) };
  }

  /** The record of a presented key, when it is one of ours and not revoked. */
  async find(presented: string): Promise<ApiKeyRecord | undefined> {
    const m = KEY_FORMAT.exec(presented);
    if (!m) return undefined;
    const [, id = '', secret = ''] = m;
    const schoolId = await this.redis.get(this.keys.apiKeyIndex(id));
    const stored = schoolId ? parseStored<Stored>(await this.redis.hget(this.keys.apiKeys(schoolId), id)) : undefined;
    if (!stored) return undefined;
    const same = timingSafeEqual(Buffer.from(stored.hash, 'hex'), Buffer.from(digest(secret), 'hex'));
    return same ? publicPart(stored) : undefined;
  }

  async list(schoolId: string): Promise<ApiKeyRecord[]> {
    const all = await this.redis.hvals(this.keys.apiKeys(schoolId));
    return all.map((raw) => parseStored<Stored>(raw)).filter((k): k is Stored => k !== undefined).map(publicPart).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(schoolId: string, id: string): Promise<ApiKeyRecord | undefined> {
    const stored = parseStored<Stored>(await this.redis.hget(this.keys.apiKeys(schoolId), id));
    if (!stored) return undefined;
    await Promise.all([this.redis.hdel(this.keys.apiKeys(schoolId), id), this.redis.del(this.keys.apiKeyIndex(id))]);
    return publicPart(stored);
  }

  /** Notes a use (callers do it at most once a minute per key). */
  async touch(schoolId: string, id: string, at: Date): Promise<void> {
    await this.scripts.sbTouchKey(this.keys.apiKeys(schoolId), id, at.toISOString());
  }
}

function digest(secret: string): string {
  return sha256Hex(secret);
}

function publicPart(stored: Stored): ApiKeyRecord {
  const { hash: _hash, ...rest } = stored;
  return rest;
}
