/**
 * Delivery rows are stored compact (one hash field per guardian, ~100 bytes, one-letter
 * fields); this encoding stays inside the store. Everything else reads a DeliveryState and
 * changes a row through the event store's verbs (markSent, markFailed, skip…).
 */
import type { Delivery, DeliveryStatus, Platform, RsvpAnswer } from '../core/types.js';

export interface StoredRow {
  s: DeliveryStatus;
  c?: Platform;
  r?: string;
  a?: RsvpAnswer;
  m?: string;
  q?: string;
  due?: string;
  t?: string;
  d?: string;
  /** Read (a read receipt). */
  rd?: string;
  f?: string;
  at?: string;
  /** The words a typed RSVP was read from. */
  rw?: string;
  /** Who corrected the RSVP by hand. */
  cb?: string;
  /** Handed from a batch to a job of its own (EventStore.handOff). */
  h?: 1;
}

/** A change to a row; `null` removes a field (e.g. the waiting reason once sent). */
export type RowPatch = { [K in keyof StoredRow]?: StoredRow[K] | null };

/** A row as the rest of the service reads it. */
export interface DeliveryState extends Delivery {
  /** Only the guardian's own job may send it now (EventStore.handOff). */
  handedOff?: true;
}

/** A row the fan-out creates: queued on a channel (maybe waiting until `dueAt`), or skipped. */
export type PlannedRow =
  | { guardianId: string; status: 'queued'; channel: Platform; queuedAt: string; reason?: string; dueAt?: string }
  | { guardianId: string; status: 'skipped'; reason: string };

export function toStoredRow(p: PlannedRow): StoredRow {
  if (p.status === 'skipped') return { s: 'skipped', r: p.reason };
  return { s: 'queued', c: p.channel, q: p.queuedAt, ...(p.reason ? { r: p.reason } : {}), ...(p.dueAt ? { due: p.dueAt } : {}) };
}

export function toDelivery(guardianId: string, r: StoredRow): DeliveryState {
  const d: DeliveryState = { guardianId, status: r.s };
  if (r.c) d.channel = r.c;
  if (r.r) d.reason = r.r;
  if (r.a) d.rsvp = r.a;
  if (r.m) d.platformMessageId = r.m;
  if (r.q) d.queuedAt = r.q;
  if (r.due) d.dueAt = r.due;
  if (r.t) d.sentAt = r.t;
  if (r.d) d.deliveredAt = r.d;
  if (r.rd) d.readAt = r.rd;
  if (r.f) d.failedAt = r.f;
  if (r.at) d.rsvpAt = r.at;
  if (r.rw) d.rsvpFrom = r.rw;
  if (r.cb) d.rsvpCorrectedBy = r.cb;
  if (r.h) d.handedOff = true;
  return d;
}

/** A row as the API shows it: what happened, without the service's own marks. */
export function publicDelivery(guardianId: string, r: StoredRow): Delivery {
  const { handedOff: _own, ...d } = toDelivery(guardianId, r);
  return d;
}
