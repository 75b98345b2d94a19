/** Job payloads. They carry ids, never phone numbers or names (BullMQ stores data in clear). */
import type { InboundEvent, Platform } from '../core/index.js';

export interface FanoutJob {
  eventId: string;
}

export interface OutboundJob {
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

/** An InboundEvent with its date as a string, as JSON carries it. */
export type InboundJob = Omit<InboundEvent, 'receivedAt'> & { receivedAt: string };

export function toInboundJob(e: InboundEvent): InboundJob {
  return { ...e, receivedAt: e.receivedAt.toISOString() } as InboundJob;
}

export function fromInboundJob(j: InboundJob): InboundEvent {
  return { ...j, receivedAt: new Date(j.receivedAt) } as InboundEvent;
}
