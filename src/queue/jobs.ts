/** Job payloads. They carry ids, never phone numbers or names (BullMQ stores data in clear). */
import type { InboundEvent, Platform } from '../core/index.js';

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
  /** How many times it has waited for its account's tier of new people a day (part of its job id). */
  waits?: number;
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

/**
 * A conversation's message (an answer, a question, a forwarded note): reply `index` of the
 * outbox entry `cause` of chat `chat` (session-store.ts). The entry holds the address and the
 * text; the job holds neither.
 */
export interface ReplyJob {
  chat: string;
  cause: string;
  index: number;
}

export type OutboundJobData = OutboundJob | OutboundBatchJob;

/** An InboundEvent with its dates as strings, as JSON carries them. */
export type InboundJob = Omit<InboundEvent, 'receivedAt' | 'sentAt'> & { receivedAt: string; sentAt?: string };

export function toInboundJob(e: InboundEvent): InboundJob {
  return { ...e, receivedAt: e.receivedAt.toISOString(), ...(e.sentAt ? { sentAt: e.sentAt.toISOString() } : {}) } as InboundJob;
}

export function fromInboundJob(j: InboundJob): InboundEvent {
  return { ...j, receivedAt: new Date(j.receivedAt), ...(j.sentAt ? { sentAt: new Date(j.sentAt) } : {}) } as InboundEvent;
}
