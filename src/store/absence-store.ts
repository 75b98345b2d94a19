/**
 * A school's absences, one record per child and day: when staff marked it, the notice sent, and
 * the reason the family gave (a choice, their words, a photo of a certificate). One hash per
 * school (a school has at most some thousands of absences a year; old ones can be trimmed).
 */
import type { AbsenceReason } from '../core/types.js';
import { parseStored } from './json.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';

export interface AbsenceRecord {
  childId: string;
  /** YYYY-MM-DD, the school's day. */
  date: string;
  session?: string;
  markedAt: string;
  markedBy: string;
  /** The notice that asked the family. */
  eventId?: string;
  reason?: AbsenceReason;
  /** The family's own words. */
  text?: string;
  /** A photo or PDF (a medical certificate) in the media store. */
  mediaId?: string;
  /** Who answered, and when (the message's own time). */
  guardianId?: string;
  at?: string;
}

/**
 * KEYS: absences. ARGV: field, JSON patch, only-if-unjustified ('1'). Merges the patch into the
 * record when it exists (and, with the flag, has no reason yet); returns the record or false.
 */
const PATCH = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local row = cjson.decode(raw)
if ARGV[3] == '1' and row.reason then return raw end
for k, v in pairs(cjson.decode(ARGV[2])) do row[k] = v end
local out = cjson.encode(row)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
`;

interface AbsenceScripts {
  sbAbsencePatch(key: string, field: string, patch: string, unjustifiedOnly: string): Promise<string | null>;
}

const field = (date: string, childId: string) => `${date}|${childId}`;

export class AbsenceStore {
  private readonly scripts: AbsenceScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<AbsenceScripts>(redis, { sbAbsencePatch: { keys: 1, lua: PATCH } });
  }

  /** Marks children absent on a day; those already marked stay as they are. Returns the ones new. */
  async mark(schoolId: string, records: AbsenceRecord[]): Promise<AbsenceRecord[]> {
    const created: AbsenceRecord[] = [];
    for (const r of records) {
      if (await this.redis.hsetnx(this.keys.absences(schoolId), field(r.date, r.childId), JSON.stringify(r))) created.push(r);
    }
    return created;
  }

  async get(schoolId: string, date: string, childId: string): Promise<AbsenceRecord | undefined> {
    return parseStored<AbsenceRecord>(await this.redis.hget(this.keys.absences(schoolId), field(date, childId)));
  }

  /** The notice that asks about these absences. */
  async noticeSent(schoolId: string, date: string, childIds: string[], eventId: string): Promise<void> {
    for (const childId of childIds) await this.scripts.sbAbsencePatch(this.keys.absences(schoolId), field(date, childId), JSON.stringify({ eventId }), '0');
  }

  /** The family's reason; a later answer completes or corrects the earlier one. */
  async justify(schoolId: string, date: string, childId: string, patch: Pick<AbsenceRecord, 'reason' | 'text' | 'mediaId' | 'guardianId' | 'at'>): Promise<AbsenceRecord | undefined> {
    return parseStored<AbsenceRecord>(await this.scripts.sbAbsencePatch(this.keys.absences(schoolId), field(date, childId), JSON.stringify(patch), '0'));
  }

  /** Every absence of the school, newest day first. */
  async list(schoolId: string): Promise<AbsenceRecord[]> {
    const all = await this.redis.hgetall(this.keys.absences(schoolId));
    return Object.values(all).map((raw) => JSON.parse(raw) as AbsenceRecord).sort((a, b) => b.date.localeCompare(a.date) || a.childId.localeCompare(b.childId));
  }

  /** Erasure of a child (their guardian erased, or the child left): their absences go. */
  async eraseChildren(schoolId: string, childIds: ReadonlySet<string>): Promise<void> {
    const fields = (await this.redis.hkeys(this.keys.absences(schoolId))).filter((f) => childIds.has(f.split('|')[1] ?? ''));
    for (const f of fields) await this.redis.hdel(this.keys.absences(schoolId), f);
  }
}
