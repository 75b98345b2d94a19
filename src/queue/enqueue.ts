/**
 * The one place jobs are added. Job ids come from names.ts and derive from what the job is (an
 * event, a guardian, a chat's message), so adding the same job again — a retried request, a
 * retried fan-out, a platform's resent webhook — adds nothing.
 */
import type { InboundEvent } from '../core/adapter.js';
import type { Platform } from '../core/types.js';
import { toInboundJob, type OutboundBatchJob, type OutboundJob } from './jobs.js';
import { fanoutJobId, inboundJobId, outboundBatchJobId, outboundJobId, replyJobId } from './names.js';
import type { Queues } from './queues.js';

/** One fan-out per event, in one addBulk: all of them are queued, or none. */
export async function enqueueFanouts(queues: Queues, eventIds: string[]): Promise<void> {
  await queues.fanout.addBulk(eventIds.map((eventId) => ({ name: 'fanout', data: { eventId }, opts: { jobId: fanoutJobId(eventId) } })));
}

/** A message a platform sent us, queued for the inbound worker. */
export async function enqueueInbound(queues: Queues, e: InboundEvent, key: string): Promise<void> {
  await queues.inbound.add(e.type, toInboundJob(e), { jobId: inboundJobId(e.platform, key) });
}

/**
 * Invitations as outbound jobs, per account queue: batches of `batchSizeOf` guardians where the
 * channel's rate allows (batching.ts), one guardian per job elsewhere. `chunkOffset` (the
 * fan-out chunk's place in the event's recipients) makes batch ids deterministic.
 */
export async function enqueueInvitations(queues: Queues, jobs: OutboundJob[], delayMs: number, batching?: { chunkOffset: number; sizeOf(platform: Platform, accountId: string): number }): Promise<void> {
  const singles: OutboundJob[] = [];
  const delay = delayMs > 0 ? { delay: delayMs } : {};
  for (const group of byAccount(jobs)) {
    const first = group[0] as OutboundJob;
    const size = batching ? batching.sizeOf(first.platform, first.accountId) : 1;
    if (size === 1 || !batching) {
      singles.push(...group);
      continue;
    }
    const batches = [];
    for (let i = 0; i < group.length; i += size) {
      const data: OutboundBatchJob = {
        kind: 'batch', eventId: first.eventId, schoolId: first.schoolId, platform: first.platform, accountId: first.accountId,
        recipients: group.slice(i, i + size).map((j) => ({ guardianId: j.guardianId, childIds: j.childIds })),
      };
      batches.push({ name: 'invitations', data, opts: { jobId: outboundBatchJobId(first.eventId, first.platform, batching.chunkOffset, i / size), ...delay } });
    }
    await queues.outbound(first.platform, first.accountId).addBulk(batches);
  }
  for (const group of byAccount(singles)) {
    const first = group[0] as OutboundJob;
    await queues.outbound(first.platform, first.accountId).addBulk(group.map((data) => ({
      name: 'invitation',
      data,
      opts: { jobId: outboundJobId(data.eventId, data.guardianId, data.tried.length ? data.platform : undefined, data.waits), ...delay },
    })));
  }
}

/** Replies `base`, `base+1`, … of one cause in a chat, each on its account's reply queue. */
export async function enqueueReplies(queues: Queues, chat: string, cause: string, replies: ReadonlyArray<{ platform: Platform; accountId: string }>, base = 0): Promise<void> {
  const byQueue = new Map<string, Array<{ platform: Platform; accountId: string; index: number }>>();
  replies.forEach((r, i) => {
    const key = `${r.platform}\u0000${r.accountId}`;
    byQueue.set(key, [...(byQueue.get(key) ?? []), { platform: r.platform, accountId: r.accountId, index: base + i }]);
  });
  for (const group of byQueue.values()) {
    const first = group[0]!;
    await queues.replies(first.platform, first.accountId).addBulk(group.map(({ index }) => ({
      name: 'reply',
      data: { chat, cause, index },
      opts: { jobId: replyJobId(chat, cause, index) },
    })));
  }
}

function byAccount(jobs: OutboundJob[]): OutboundJob[][] {
  const groups = new Map<string, OutboundJob[]>();
  for (const j of jobs) {
    const key = `${j.platform}\u0000${j.accountId}`;
    const group = groups.get(key);
    if (group) group.push(j);
    else groups.set(key, [j]);
  }
  return [...groups.values()];
}
