/**
 * Messaging windows (a platform's customer-service window, often 24 hours): a platform lets
 * the school write freely only for so long after the person's own last message. One rule, here:
 * the send path asks it before each send, and channel choice asks it for a message that will go
 * out later. Pure.
 */

/** At send time: the message leaves now and arrives within seconds. */
export const SEND_MARGIN_MS = 60_000;
/** Choosing a channel for a message that may wait in a queue a few minutes first. */
export const PLAN_MARGIN_MS = 5 * 60_000;

/**
 * Whether the school may write now: undefined when the platform has no window; false when the
 * person never wrote, or last wrote longer than `windowHours` ago (less the margin).
 */
export function withinWindow(lastInboundAt: Date | undefined, now: Date, windowHours: number | undefined, marginMs: number): boolean | undefined {
  if (!windowHours) return undefined;
  if (!lastInboundAt) return false;
  return now.getTime() - lastInboundAt.getTime() < windowHours * 3_600_000 - marginMs;
}
