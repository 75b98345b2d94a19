/**
 * The BullMQ queues: one for fan-outs, one for inbound messages, and per channel account one
 * for invitations (with the account's limiter) and one for conversation replies (without it:
 * names.ts). Job options say what a failure costs: the delivery row or the outbox entry is the
 * record, so completed jobs are removed and failed ones kept a while for operations.
 */
import { Queue, type QueueOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Platform } from '../core/types.js';
import type { FanoutJob, InboundJob, OutboundJobData, ReplyJob } from './jobs.js';
import { FANOUT_QUEUE, INBOUND_QUEUE, outboundQueueName, queueLabel, replyQueueName } from './names.js';

export interface Queues {
  fanout: Queue<FanoutJob>;
  inbound: Queue<InboundJob>;
  /** Invitations, one queue per channel account. */
  outbound(platform: Platform, accountId: string): Queue<OutboundJobData>;
  /** Conversation replies, one queue per channel account. */
  replies(platform: Platform, accountId: string): Queue<ReplyJob>;
  all(): Queue[];
}

export interface QueueSettings {
  /** BullMQ's key prefix, under the service's own. */
  prefix: string;
  /** Tries of one invitation, and the first retry's wait (doubling, with jitter). */
  outboundAttempts: number;
  outboundBackoffMs: number;
  /** Every queue repeats its shared connection's errors: one place reports them (once per outage). */
  onError(err: Error, queue: string): void;
}

const WEEK_S = 7 * 24 * 3600;

export function createQueues(connection: Redis, settings: QueueSettings): Queues {
  const base: QueueOptions = { connection, prefix: settings.prefix, streams: { events: { maxLen: 1000 } } };
  const track = <T>(q: Queue<T>) => {
    q.on('error', (err) => settings.onError(err, queueLabel(q.name)));
    return q;
  };
  const fanout = track(new Queue<FanoutJob>(FANOUT_QUEUE, {
    ...base,
    defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 2000, jitter: 0.5 }, removeOnComplete: { age: WEEK_S }, removeOnFail: { age: 4 * WEEK_S } },
  }));
  const inbound = track(new Queue<InboundJob>(INBOUND_QUEUE, {
    ...base,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 }, removeOnComplete: true, removeOnFail: { age: WEEK_S } },
  }));
  /** One queue per channel account, made the first time it is asked for. */
  const perAccount = <T>(nameOf: (platform: Platform, accountId: string) => string, defaultJobOptions: QueueOptions['defaultJobOptions']) => {
    const made = new Map<string, Queue<T>>();
    const get = (platform: Platform, accountId: string): Queue<T> => {
      const name = nameOf(platform, accountId);
      let q = made.get(name);
      if (!q) made.set(name, (q = track(new Queue<T>(name, { ...base, defaultJobOptions }))));
      return q;
    };
    return { get, all: () => [...made.values()] };
  };
  const outbound = perAccount<OutboundJobData>(outboundQueueName, {
    attempts: settings.outboundAttempts,
    backoff: { type: 'exponential', delay: settings.outboundBackoffMs, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: { age: WEEK_S },
  });
  const replies = perAccount<ReplyJob>(replyQueueName, { attempts: 6, backoff: { type: 'exponential', delay: 500, jitter: 0.5 }, removeOnComplete: true, removeOnFail: { age: WEEK_S } });
  return {
    fanout, inbound, outbound: outbound.get, replies: replies.get,
    all: () => [fanout, inbound, ...outbound.all(), ...replies.all()],
  };
}
