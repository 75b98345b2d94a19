/**
 * Events, their recipients, one delivery row per guardian, and counters kept in step with the
 * rows by Lua (delivery-scripts.ts). All keys of one event share the {e:<id>} hash tag.
 */
import type { DeliveryStatus, Delivery, Platform, RsvpAnswer, SchoolEvent } from '../core/types.js';
import { RSVP_ANSWERS } from '../core/types.js';
import { CREATE_ROWS, MARK_SENT, TRANSITION } from './delivery-scripts.js';
import { publicDelivery, toDelivery, toStoredRow, type DeliveryState, type PlannedRow, type RowPatch, type StoredRow } from './delivery-row.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import { newestFirst, type PageCursor } from './paging.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';
import { TickBatch } from './tick-batch.js';

export interface EventCounts {
  counts: Record<DeliveryStatus, number> & { reasons: Partial<Record<DeliveryStatus, Record<string, number>>> };
  rsvp: { yes: number; no: number; maybe: number; pending: number };
  /** Recipients the fan-out has gone through so far. */
  fannedOut: number;
}

export type { DeliveryState, PlannedRow } from './delivery-row.js';

export interface SentInvitation {
  eventId: string;
  /** When it was sent (ISO). */
  at: string;
  delivery: DeliveryState;
}

export interface Recipient {
  guardianId: string;
  childIds: string[];
}

/**
 * KEYS: the recent-invitations sets of a chunk's guardians (one school: one slot). ARGV: event
 * id, due ms, keep, ttl s: remembers the invitation for each, the newest few.
 */
const NOTE_QUEUED = `
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, ARGV[2], ARGV[1])
  redis.call('ZREMRANGEBYRANK', key, 0, -1 - tonumber(ARGV[3]))
  redis.call('EXPIRE', key, ARGV[4])
end
return #KEYS
`;

/** What a typed answer may be about: the guardian's last few invitations, within a month. */
const RECENT_KEEP = 10;
const RECENT_TTL_S = 30 * 24 * 3600;

interface ScriptClient {
  sbNoteQueued(count: number, ...keysThenArgs: Array<string | number>): Promise<number>;
  sbCreateRows(dlv: string, cnt: string, ...args: string[]): Promise<number>;
  sbTransition(dlv: string, cnt: string, gid: string, patch: string, allowedFrom: string, forwardOnly?: string): Promise<string | null>;
  sbMarkSent(dlv: string, cnt: string, ...quads: string[]): Promise<number>;
}

const RPUSH_BATCH = 5000;

export class EventStore {
  private readonly scripts: ScriptClient;
  /** Sends recorded in the same turn, per event: one script call (tick-batch.ts). */
  private readonly sentRecords = new TickBatch<[guardianId: string, messageId: string, sentAt: string, deliveredAt: string]>((eventId, rows) => {
    return this.scripts.sbMarkSent(this.keys.deliveries(eventId), this.keys.counts(eventId), ...rows.flat());
  });

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<ScriptClient>(redis, {
      sbCreateRows: { keys: 2, lua: CREATE_ROWS },
      sbTransition: { keys: 2, lua: TRANSITION },
      sbMarkSent: { keys: 2, lua: MARK_SENT, grouped: true },
      sbNoteQueued: { keys: 'counted', lua: NOTE_QUEUED },
    });
  }

  /** Stores the event with its recipients (one slot, one MULTI), then lists it for its school. */
  async create(event: SchoolEvent, recipients: Recipient[]): Promise<void> {
    const k = this.keys;
    const tx = this.redis.multi().set(k.event(event.id), JSON.stringify(event));
    for (let i = 0; i < recipients.length; i += RPUSH_BATCH) {
      tx.rpush(k.recipients(event.id), ...recipients.slice(i, i + RPUSH_BATCH).map(encodeRecipient));
    }
    tx.hset(k.counts(event.id), 'fanout', 0);
    await tx.exec();
    const score = Date.parse(event.createdAt);
    const teacher = /^teacher:(.+)$/.exec(event.createdBy)?.[1];
    await Promise.all([
      this.redis.zadd(k.events(event.schoolId), score, event.id),
      teacher ? this.redis.zadd(k.teacherEvents(event.schoolId, teacher), score, event.id) : undefined,
    ]);
  }

  /** The newest events a teacher created from the bot. */
  async teacherEvents(schoolId: string, teacherId: string, limit: number): Promise<SchoolEvent[]> {
    const ids = await this.redis.zrevrange(this.keys.teacherEvents(schoolId, teacherId), 0, limit - 1);
    const events = await Promise.all(ids.map((id) => this.get(id)));
    return events.filter((e): e is SchoolEvent => e !== undefined);
  }

  async get(eventId: string): Promise<SchoolEvent | undefined> {
    return parseStored<SchoolEvent>(await this.redis.get(this.keys.event(eventId)));
  }

  /** Newest first; `before` is the previous page's last event (paging.ts). */
  async list(schoolId: string, limit: number, before?: PageCursor): Promise<SchoolEvent[]> {
    const ids = await newestFirst(this.redis, this.keys.events(schoolId), limit, before);
    const events = await Promise.all(ids.map((id) => this.get(id)));
    return events.filter((e): e is SchoolEvent => e !== undefined);
  }

  /**
   * What a typed "yes" may answer later: called once per fan-out chunk for the guardians it
   * queues (one script call, not one per send), ordered by when the invitation is due.
   * `recentlySent` keeps only those a send has recorded.
   */
  async noteQueued(schoolId: string, eventId: string, guardianIds: string[], dueAt: Date): Promise<void> {
    if (!guardianIds.length) return;
    const keys = guardianIds.map((g) => this.keys.guardianRecent(schoolId, g));
    await this.scripts.sbNoteQueued(keys.length, ...keys, eventId, dueAt.getTime(), RECENT_KEEP, RECENT_TTL_S);
  }

  /**
   * The invitations a guardian got lately, newest sent first, with their rows as the sends
   * wrote them (the message id a quoted reply names, the RSVP given).
   */
  async recentlySent(schoolId: string, guardianId: string): Promise<SentInvitation[]> {
    const ids = await this.redis.zrevrange(this.keys.guardianRecent(schoolId, guardianId), 0, RECENT_KEEP - 1);
    const rows = await Promise.all(ids.map((id) => this.redis.hget(this.keys.deliveries(id), guardianId)));
    const sent: SentInvitation[] = [];
    ids.forEach((eventId, i) => {
      const row = parseStored<StoredRow>(rows[i]);
      if (row?.t) sent.push({ eventId, at: row.t, delivery: toDelivery(guardianId, row) });
    });
    return sent.sort((a, b) => b.at.localeCompare(a.at));
  }

  async recipients(eventId: string, offset: number, limit: number): Promise<Recipient[]> {
    const raw = await this.redis.lrange(this.keys.recipients(eventId), offset, offset + limit - 1);
    return raw.map(decodeRecipient);
  }

  /** One guardian's place in the event: their children it is about. Reads the whole list (a rare path: a failed delivery). */
  async recipientOf(eventId: string, guardianId: string): Promise<Recipient | undefined> {
    const raw = await this.redis.lrange(this.keys.recipients(eventId), 0, -1);
    return raw.map(decodeRecipient).find((r) => r.guardianId === guardianId);
  }

  async recipientCount(eventId: string): Promise<number> {
    return this.redis.llen(this.keys.recipients(eventId));
  }

  /** Creates rows that do not exist yet (a retried fan-out changes nothing it already did). */
  async createRows(eventId: string, rows: PlannedRow[]): Promise<number> {
    if (!rows.length) return 0;
    const args: string[] = [];
    for (const planned of rows) {
      const row = toStoredRow(planned);
      args.push(planned.guardianId, JSON.stringify(row), row.s, row.r ?? '');
    }
    return this.scripts.sbCreateRows(this.keys.deliveries(eventId), this.keys.counts(eventId), ...args);
  }

  // ---- what happens to a queued invitation: one verb each ---------------------------------

  /**
   * It went out: sent, or delivered where sending is delivery; the waiting reason goes. Sends
   * of one event recorded in the same turn (a worker's concurrent batches) go as one call.
   */
  markSent(eventId: string, guardianId: string, sent: { platformMessageId: string; sentAt: Date; deliveredAt?: Date }): Promise<void> {
    return this.sentRecords.add(eventId, [guardianId, sent.platformMessageId, sent.sentAt.toISOString(), sent.deliveredAt?.toISOString() ?? '']);
  }

  /** It will never go out on any channel, for `reason`. */
  async markFailed(eventId: string, guardianId: string, reason: string, at: Date): Promise<void> {
    await this.transition(eventId, guardianId, { s: 'failed', r: reason, f: at.toISOString(), due: null }, ['queued']);
  }

  /** It is not sent, on purpose (the guardian said STOP meanwhile). */
  async skip(eventId: string, guardianId: string, reason: string): Promise<void> {
    await this.transition(eventId, guardianId, { s: 'skipped', r: reason, due: null }, ['queued']);
  }

  /**
   * The platform took it, then said it could not deliver it: queued again on `platform` (the
   * guardian's next channel). False when the row had moved on (delivered, answered elsewhere).
   */
  async requeueAfterFailure(eventId: string, guardianId: string, platform: Platform): Promise<boolean> {
    const row = await this.transition(eventId, guardianId, { s: 'queued', c: platform, m: null, t: null, d: null }, ['sent']);
    return row?.s === 'queued' && row.c === platform;
  }

  /**
   * Staff retry a job that failed for good (the operations page): the row it failed is queued
   * again on its channel. False when the row had moved on meanwhile.
   */
  async reopenFailed(eventId: string, guardianId: string, platform: Platform): Promise<boolean> {
    const row = await this.transition(eventId, guardianId, { s: 'queued', c: platform, r: null, f: null, due: null }, ['failed']);
    return row?.s === 'queued' && row.c === platform;
  }

  /** The platform took it, then said it could not deliver it, and no other channel is left. */
  async failAfterSend(eventId: string, guardianId: string, reason: string, at: Date): Promise<void> {
    await this.transition(eventId, guardianId, { s: 'failed', r: reason, f: at.toISOString() }, ['sent']);
  }

  /** It waits until `dueAt` for `reason` (an account's tier used up), still queued on its channel. */
  async postpone(eventId: string, guardianId: string, reason: string, dueAt: Date): Promise<void> {
    await this.transition(eventId, guardianId, { r: reason, due: dueAt.toISOString() }, ['queued']);
  }

  /** It goes to the guardian's next channel. */
  async moveToNextChannel(eventId: string, guardianId: string, platform: Platform): Promise<void> {
    await this.transition(eventId, guardianId, { c: platform }, ['queued']);
  }

  /**
   * A batch hands it to a job of its own (after a transient error): from then on only that job
   * sends it, so a batch re-run after a rate limit never races it.
   */
  async handOff(eventId: string, guardianId: string): Promise<void> {
    await this.transition(eventId, guardianId, { h: 1 }, ['queued']);
  }

  /** A receipt says a sent message reached the phone; true when that changed the row. */
  async markDelivered(eventId: string, guardianId: string, at: Date): Promise<boolean> {
    const row = await this.transition(eventId, guardianId, { d: at.toISOString(), s: 'delivered' }, ['sent']);
    return row?.s === 'delivered' && row.d === at.toISOString();
  }

  /** A read receipt on a delivered row (the first one counts); true when that changed the row. */
  async markRead(eventId: string, guardianId: string, at: Date): Promise<boolean> {
    const row = await this.transition(eventId, guardianId, { rd: at.toISOString() }, ['delivered'], 'rd');
    return row?.rd === at.toISOString();
  }

  /** The guardian's answer, by the time they gave it: an answer given before the one stored changes nothing. */
  async recordRsvp(eventId: string, guardianId: string, answer: RsvpAnswer, at: string, from?: string): Promise<void> {
    await this.transition(eventId, guardianId, { a: answer, at, rw: from ? from.slice(0, 200) : null, cb: null }, ['queued', 'sent', 'delivered'], 'at');
  }

  /**
   * Staff set the answer by hand (a reading they saw was wrong, or a phone call): it counts like
   * the guardian's own, and a later answer of theirs replaces it. False when the row cannot take
   * an answer (never reached, or no such guardian).
   */
  async correctRsvp(eventId: string, guardianId: string, answer: RsvpAnswer, at: string, by: string): Promise<boolean> {
    const row = await this.transition(eventId, guardianId, { a: answer, at, rw: null, cb: by }, ['queued', 'sent', 'delivered'], 'at');
    return row?.a === answer && row.cb === by;
  }

  async getRow(eventId: string, guardianId: string): Promise<DeliveryState | undefined> {
    const row = parseStored<StoredRow>(await this.redis.hget(this.keys.deliveries(eventId), guardianId));
    return row ? toDelivery(guardianId, row) : undefined;
  }

  async getRows(eventId: string, guardianIds: string[]): Promise<Map<string, DeliveryState>> {
    const out = new Map<string, DeliveryState>();
    if (!guardianIds.length) return out;
    const raws = await this.redis.hmget(this.keys.deliveries(eventId), ...guardianIds);
    guardianIds.forEach((g, i) => {
      const row = parseStored<StoredRow>(raws[i]);
      if (row) out.set(g, toDelivery(g, row));
    });
    return out;
  }

  /**
   * Changes a row if its status is one of `allowedFrom`. Returns the row as it is afterwards
   * (unchanged when not allowed), or undefined when there is no row.
   */
  private async transition(eventId: string, guardianId: string, patch: RowPatch, allowedFrom: DeliveryStatus[], forwardOnly?: keyof StoredRow): Promise<StoredRow | undefined> {
    const k = this.keys;
    const raw = await this.scripts.sbTransition(k.deliveries(eventId), k.counts(eventId), guardianId, JSON.stringify(patch), allowedFrom.join(','), forwardOnly ?? '');
    return parseStored<StoredRow>(raw);
  }

  async setFanoutProgress(eventId: string, done: number): Promise<void> {
    await this.redis.hset(this.keys.counts(eventId), 'fanout', done);
  }

  async counts(eventId: string, rsvpEvent: boolean): Promise<EventCounts> {
    const raw = await this.redis.hgetall(this.keys.counts(eventId));
    return summarise(raw, rsvpEvent);
  }

  /**
   * One page of delivery rows in recipient order. With a status filter the whole event is
   * read and filtered (a school's event is at most tens of thousands of rows).
   */
  async deliveries(eventId: string, opts: { offset: number; limit: number; status?: DeliveryStatus }): Promise<{ total: number; items: Delivery[] }> {
    if (opts.status) {
      const all = await this.redis.hgetall(this.keys.deliveries(eventId));
      const rows = Object.entries(all)
        .map(([gid, raw]) => [gid, parseStored<StoredRow>(raw)] as const)
        .filter(([, r]) => r?.s === opts.status)
        .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
      return { total: rows.length, items: rows.slice(opts.offset, opts.offset + opts.limit).map(([g, r]) => publicDelivery(g, r!)) };
    }
    const [total, page, fannedOut] = await Promise.all([
      this.recipientCount(eventId),
      this.recipients(eventId, opts.offset, opts.limit),
      this.redis.hget(this.keys.counts(eventId), 'fanout'),
    ]);
    if (!page.length) return { total, items: [] };
    const raws = await this.redis.hmget(this.keys.deliveries(eventId), ...page.map((r) => r.guardianId));
    const items: Delivery[] = [];
    page.forEach((r, i) => {
      const row = parseStored<StoredRow>(raws[i]);
      if (row) items.push(publicDelivery(r.guardianId, row));
      // No row yet: waiting for the fan-out. No row behind the fan-out: erased, left out.
      else if (opts.offset + i >= Number(fannedOut ?? 0)) items.push({ guardianId: r.guardianId, status: 'queued', reason: 'fanout_pending' });
    });
    return { total, items };
  }

  /**
   * Deletes the guardian's delivery rows in every event of the school; the event counters keep
   * counting them. Erasure is rare, so it walks the school's events rather than keeping a
   * per-guardian index that every fan-out would have to grow.
   */
  async eraseGuardian(schoolId: string, guardianId: string): Promise<number> {
    await this.redis.del(this.keys.guardianRecent(schoolId, guardianId));
    let erased = 0;
    const eventIds = await this.redis.zrange(this.keys.events(schoolId), 0, -1);
    for (let i = 0; i < eventIds.length; i += 500) {
      const removed = await Promise.all(eventIds.slice(i, i + 500).map((e) => this.redis.hdel(this.keys.deliveries(e), guardianId)));
      erased += removed.reduce((a, b) => a + b, 0);
    }
    return erased;
  }
}

function encodeRecipient(r: Recipient): string {
  return r.childIds.length ? `${r.guardianId}|${r.childIds.join(',')}` : r.guardianId;
}

function decodeRecipient(raw: string): Recipient {
  const [guardianId, children] = raw.split('|');
  return { guardianId: guardianId as string, childIds: children ? children.split(',') : [] };
}

function summarise(raw: Record<string, string>, rsvpEvent: boolean): EventCounts {
  const n = (f: string) => Number(raw[f] ?? 0);
  const counts: EventCounts['counts'] = {
    queued: n('s:queued'), sent: n('s:sent'), delivered: n('s:delivered'), failed: n('s:failed'), skipped: n('s:skipped'),
    reasons: {},
  };
  for (const [field, value] of Object.entries(raw)) {
    const m = /^r:([a-z]+):(.+)$/.exec(field);
    if (!m || Number(value) === 0) continue;
    const status = m[1] as DeliveryStatus;
    (counts.reasons[status] ??= {})[m[2] as string] = Number(value);
  }
  const [yes, no, maybe] = RSVP_ANSWERS.map((a) => n(`a:${a}`)) as [number, number, number];
  const reached = counts.queued + counts.sent + counts.delivered;
  const pending = rsvpEvent ? Math.max(0, reached - yes - no - maybe) : 0;
  return { counts, rsvp: { yes, no, maybe, pending }, fannedOut: n('fanout') };
}
