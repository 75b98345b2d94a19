/** Job payloads. They carry ids, never phone numbers or names (BullMQ stores data in clear). */
import type { InboundEvent, Locale, Platform } from '../core/index.js';

export interface FanoutJob {
  eventId: string;
}

export interface OutboundJob {
  kind: 'invitation';
  eventId: string;
  schoolId: string;
  guardianId: string;
  platform: Platform;
  accountId: string;
  /** The guardian's children this invitation is about (ids). */
  childIds: string[];
  /** Platforms already tried for this invitation, so a fallback never loops. */
  tried: Platform[];
}

/** Several guardians of one event on one channel account (see batching.ts). */
export interface OutboundBatchJob {
  kind: 'batch';
  eventId: string;
  schoolId: string;
  platform: Platform;
  accountId: string;
  recipients: Array<{ guardianId: string; childIds: string[] }>;
}

/** A short answer to someone who wrote to us (a welcome, a thank-you); jumps ahead of bulk. */
export interface ReplyJob {
  kind: 'reply';
  platform: Platform;
  accountId: string;
  address: string;
  locale: Locale;
  /** A locale key and its values; rendered at send time like invitations. */
  key: string;
  values?: Record<string, string | number>;
}

export type OutboundJobData = OutboundJob | OutboundBatchJob | ReplyJob;

/** An InboundEvent with its date as a string, as JSON carries it. */
export type InboundJob = Omit<InboundEvent, 'receivedAt'> & { receivedAt: string };

export function toInboundJob(e: InboundEvent): InboundJob {
  return { ...e, receivedAt: e.receivedAt.toISOString() } as InboundJob;
}

export function fromInboundJob(j: InboundJob): InboundEvent {
  return { ...j, receivedAt: new Date(j.receivedAt) } as InboundEvent;
}
