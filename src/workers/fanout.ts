/** The fan-out worker: an event's fan-out (services/fanout.ts), resuming where an earlier run stopped. */
import type { Job } from 'bullmq';
import type { FanoutJob } from '../queue/jobs.js';
import type { PipelineContext } from '../services/context.js';
import { fanOutEvent } from '../services/fanout.js';

export async function processFanout(job: Job<FanoutJob>, ctx: PipelineContext): Promise<void> {
  await fanOutEvent(ctx, job.data.eventId, savedOffset(job), async (offset) => {
    await job.updateProgress({ offset });
  });
}

function savedOffset(job: Job<FanoutJob>): number {
  const p = job.progress as unknown;
  return typeof p === 'object' && p !== null && typeof (p as { offset?: unknown }).offset === 'number' ? (p as { offset: number }).offset : 0;
}
