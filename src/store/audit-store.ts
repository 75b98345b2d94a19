/**
 * The audit log of staff actions (DESIGN §10; the processing record Morocco's law 09-08 asks
 * for): who, when, what, with ids and counts only — never a name, a phone number or a message's
 * text. One Redis stream per school, newest last; a stream id is the entry's place for paging.
 */
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';

export const AUDIT_ACTIONS = [
  'signed_in', 'signed_out_everywhere', 'password_set',
  'event_sent', 'rsvp_corrected', 'roster_imported', 'guardian_erased', 'note_answered', 'survey_defined', 'school_updated', 'templates_updated',
  'person_created', 'person_updated', 'person_removed', 'sign_in_link_created',
  'key_created', 'key_revoked', 'school_created', 'job_retried', 'absences_marked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** The entry's id in the log (a cursor for the next page). */
  id: string;
  at: string;
  actor: { kind: 'person' | 'key' | 'teacher_bot' | 'system'; id: string; role?: string };
  action: AuditAction;
  /** What it was done to: ids only. */
  target?: { type: string; id: string };
  /** Ids and counts that say more (how many guardians, by which method). */
  details?: Record<string, string | number | boolean>;
}

/** An entry is small (~200 B); this many per school is decades of a school's staff actions. */
const MAX_ENTRIES = 200_000;

export class AuditStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async record(schoolId: string, entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.redis.xadd(this.keys.audit(schoolId), 'MAXLEN', '~', String(MAX_ENTRIES), '*', 'e', JSON.stringify(entry));
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(schoolId: string, limit: number, before?: string): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(this.keys.audit(schoolId), before ? `(${before}` : '+', '-', 'COUNT', limit);
    return rows.flatMap(([id, fields]) => {
      const raw = fields[fields.indexOf('e') + 1];
      if (!raw) return [];
      try {
        return [{ id, ...(JSON.parse(raw) as Omit<AuditEntry, 'id'>) }];
      } catch {
        return [];
      }
    });
  }
}
