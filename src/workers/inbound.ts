/** The inbound worker: one message a platform sent us (services/inbound/accept.ts). */
import type { Job } from 'bullmq';
import { fromInboundJob, type InboundJob } from '../queue/jobs.js';
import type { PipelineContext } from '../services/context.js';
import { handleInbound } from '../services/inbound/accept.js';

export async function processInbound(job: Job<InboundJob>, ctx: PipelineContext): Promise<string> {
  return handleInbound(ctx, fromInboundJob(job.data));
}
