/**
 * Watching from outside: when the fake Bot API received each call, and what BullMQ says about
 * an event's outbound jobs while they are still around (completed jobs are removed at once).
 */
import type { Queue } from 'bullmq';
import type { FakeTelegram, ReceivedCall } from '../../fakes/telegram-bot-api.js';

export interface TimedCall extends ReceivedCall {
  /** Date.now() when the fake logged the call (before it answered). */
  at: number;
}

/**
 * Timestamps every call the fake logs from now on. The fake keeps no times of its own, so its
 * log's push is wrapped; the calls are the same objects, in the same order.
 */
export function timeCalls(fake: FakeTelegram): TimedCall[] {
  const timed: TimedCall[] = [];
  const log = fake.received;
  const push = log.push.bind(log);
  log.push = (...calls: ReceivedCall[]) => {
    const at = Date.now();
    for (const call of calls) timed.push({ ...call, at });
    return push(...calls);
  };
  return timed;
}

export interface JobWatch {
  /** Highest attemptsMade / attemptsStarted seen on any matching job. */
  readonly maxAttemptsMade: number;
  readonly maxAttemptsStarted: number;
  /** How many times a matching job was seen waiting after it had started (a retry or a rate limit). */
  readonly seenWaitingAfterStart: number;
  stop(): Promise<void>;
}

/** Polls the queue every `everyMs` for jobs whose data matches, until stopped. */
export function watchJobs(queue: Queue, matches: (data: unknown) => boolean, everyMs = 25): JobWatch {
  const seen = { maxAttemptsMade: 0, maxAttemptsStarted: 0, seenWaitingAfterStart: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const state of ['wait', 'prioritized', 'active', 'delayed'] as const) {
        for (const job of await queue.getJobs([state])) {
          if (!job || !matches(job.data)) continue;
          seen.maxAttemptsMade = Math.max(seen.maxAttemptsMade, job.attemptsMade);
          seen.maxAttemptsStarted = Math.max(seen.maxAttemptsStarted, job.attemptsStarted ?? 0);
          if (state !== 'active' && (job.attemptsStarted ?? 0) > 0) seen.seenWaitingAfterStart++;
        }
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    get maxAttemptsMade() {
      return seen.maxAttemptsMade;
    },
    get maxAttemptsStarted() {
      return seen.maxAttemptsStarted;
    },
    get seenWaitingAfterStart() {
      return seen.seenWaitingAfterStart;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
