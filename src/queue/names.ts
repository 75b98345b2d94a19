/**
 * BullMQ queue names and job ids. Names are braced so each queue's keys share one hash slot on
 * Redis Cluster; job ids derive from event + guardian so a retried fan-out adds nothing twice
 * (BullMQ ids may not contain ':' nor be all digits; roster ids cannot contain ':').
 */
import type { Platform } from '../core/types.js';

export const FANOUT_QUEUE = '{fanout}';
export const INBOUND_QUEUE = '{inbound}';

export function outboundQueueName(platform: Platform, accountId: string): string {
  return `{out-${platform}-${accountId}}`;
}

export function fanoutJobId(eventId: string): string {
  return `f-${eventId}`;
}

/**
 * Conversation replies of one account: a queue of their own, without BullMQ's limiter (it
 * counts jobs in fixed windows, so a reply behind a window filled by bulk would wait for the
 * next one); the account's pacer (pacer-store.ts) keeps replies and bulk within the
 * platform's rate together, and lets replies go first.
 */
export function replyQueueName(platform: Platform, accountId: string): string {
  return `{reply-${platform}-${accountId}}`;
}

/** The first channel's job is `o-<event>-<guardian>`; a fallback channel's adds the platform. */
export function outboundJobId(eventId: string, guardianId: string, fallback?: Platform, waits?: number): string {
  const id = fallback ? `o-${eventId}-${guardianId}-${fallback}` : `o-${eventId}-${guardianId}`;
  return waits ? `${id}-w${waits}` : id;
}

/** A batch of guardians: the fan-out chunk's offset and the batch's place in it identify it. */
export function outboundBatchJobId(eventId: string, platform: Platform, chunkOffset: number, index: number): string {
  return `ob-${eventId}-${platform}-${chunkOffset}-${index}`;
}

/** A platform message, once per account (inbound.ts hashes account and message id into `key`). */
export function inboundJobId(platform: Platform, key: string): string {
  return `in-${platform}-${key}`;
}

/** Reply `index` of a cause's outbox entry in a chat. */
export function replyJobId(chat: string, cause: string, index: number): string {
  return `r-${chat}-${cause}-${index}`;
}

/** A label for metrics and logs: the name without its hash-tag braces. */
export function queueLabel(name: string): string {
  return name.replace(/[{}]/g, '');
}
