/**
 * Inbound: platform messages are acknowledged fast (deduplicated on the platform's message id,
 * queued), then handled by the inbound worker. This first version records RSVP taps; the
 * conversation engine (free text, surveys, commands) plugs in here later.
 */
import type { Job } from 'bullmq';
import type { InboundEvent } from '../core/adapter.js';
import { decodeRsvpChoice } from '../core/choice.js';
import { sha256 } from '../store/idempotency-store.js';
import type { PipelineContext } from './context.js';
import { fromInboundJob, toInboundJob, type InboundJob } from './jobs.js';

/** Queues what was not seen before; returns how many were new. */
export async function acceptInbound(ctx: PipelineContext, events: InboundEvent[]): Promise<number> {
  let accepted = 0;
  for (const e of events) {
    if (!(await ctx.stores.dedupe.firstSeen(e.platform, e.platformMessageId))) continue;
    const jobId = `in-${e.platform}-${sha256(e.platformMessageId).slice(0, 24)}`;
    await ctx.queues.inbound.add(e.type, toInboundJob(e), { jobId });
    ctx.metrics.inbound.inc({ platform: e.platform, type: e.type });
    accepted++;
  }
  return accepted;
}

export async function processInbound(job: Job<InboundJob>, ctx: PipelineContext): Promise<string> {
  const e = fromInboundJob(job.data);
  if (e.type === 'choice') return recordRsvpTap(ctx, e);
  return 'not_handled_yet';
}

async function recordRsvpTap(ctx: PipelineContext, e: Extract<InboundEvent, { type: 'choice' }>): Promise<string> {
  const tap = e.choiceId ? decodeRsvpChoice(e.choiceId) : undefined;
  if (!tap) return 'unknown_choice';
  const owner = await ctx.stores.roster.findByAddress(e.platform, e.from);
  if (!owner || owner.kind !== 'guardian') return 'unknown_sender';
  const event = await ctx.stores.events.get(tap.eventId);
  // A tap only counts for an RSVP invitation this guardian actually received.
  if (!event || !event.rsvp || event.schoolId !== owner.schoolId) return 'not_an_invitation';
  const row = await ctx.stores.events.transition(tap.eventId, owner.id, { a: tap.answer, at: e.receivedAt.toISOString() }, ['queued', 'sent', 'delivered']);
  return row ? `rsvp_${tap.answer}` : 'not_a_recipient';
}
