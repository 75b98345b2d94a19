/** Delivery rows are stored compact (one hash field per guardian, ~100 bytes). */
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
  f?: string;
  at?: string;
  /**
   * Handed from a batch to a job of its own (after a transient error): from then on only that
   * job may send it, so a batch re-run after a rate limit never races it.
   */
  h?: 1;
}

/** A change to a row; `null` removes a field (e.g. the waiting reason once sent). */
export type RowPatch = { [K in keyof StoredRow]?: StoredRow[K] | null };

export function toDelivery(guardianId: string, r: StoredRow): Delivery {
  const d: Delivery = { guardianId, status: r.s };
  if (r.c) d.channel = r.c;
  if (r.r) d.reason = r.r;
  if (r.a) d.rsvp = r.a;
  if (r.m) d.platformMessageId = r.m;
  if (r.q) d.queuedAt = r.q;
  if (r.due) d.dueAt = r.due;
  if (r.t) d.sentAt = r.t;
  if (r.d) d.deliveredAt = r.d;
  if (r.f) d.failedAt = r.f;
  if (r.at) d.rsvpAt = r.at;
  return d;
}
