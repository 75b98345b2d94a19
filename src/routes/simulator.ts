/**
 * The simulator's HTTP face: a simulated parent writes or taps a choice; anyone with the
 * school's key reads a simulated chat. Chats of guardians of another school are refused.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { simulatorInboundSchema, type TranscriptMessage } from '../../adapters/simulator/index.js';
import type { PipelineContext } from '../queue/context.js';
import { acceptInbound } from '../queue/inbound.js';
import { schoolOf } from './auth.js';
import { ApiError } from './errors.js';

const addressParams = z.object({ address: z.string().min(1).max(128) });

export function simulatorRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    const account = ctx.channels.accounts.find((a) => a.adapter.platform === 'simulator');
    if (!account) return;
    const { adapter } = account;

    /** 403 when the address belongs to another school's guardian or teacher. */
    const checkOwner = async (schoolId: string, address: string) => {
      const owner = await ctx.stores.roster.findByAddress('simulator', address);
      if (owner && owner.schoolId !== schoolId) throw new ApiError(403, 'forbidden', 'this simulated chat belongs to another school');
      return owner;
    };
    /** A chat nobody on a roster owns (never linked, or erased) is for keys of every school only. */
    const checkReader = async (request: FastifyRequest, address: string) => {
      const owner = await checkOwner(schoolOf(request), address);
      if (!owner && request.caller?.school !== '*') throw new ApiError(404, 'not_found', 'no simulated chat of this school at that address');
    };

    app.post('/v1/simulator/inbound', {
      schema: {
        tags: ['simulator'],
        summary: 'A simulated parent writes to the school, or taps a choice',
        querystring: z.object({ school: z.string().optional() }),
        body: simulatorInboundSchema,
        response: { 202: z.object({ accepted: z.number().int(), duplicate: z.boolean() }) },
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      await checkOwner(schoolId, request.body.from);
      const now = ctx.now();
      const body = { ...request.body, messageId: request.body.messageId ?? `sim-in-${randomUUID()}` };
      const events = adapter.normaliseInbound(body, now);
      const accepted = await acceptInbound(ctx, events, adapter);
      if (accepted > 0) await ctx.stores.simulator.deliver(body.from, [inboundLine(body, now)]);
      return reply.status(202).send({ accepted, duplicate: accepted === 0 });
    });

    app.get('/v1/simulator/chats', {
      schema: { tags: ['simulator'], summary: "The school's simulated chats", querystring: z.object({ school: z.string().optional() }) },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const addresses = await ctx.stores.simulator.chats();
      const owners = await Promise.all(addresses.map((a) => ctx.stores.roster.findByAddress('simulator', a)));
      return { items: addresses.filter((_, i) => owners[i]?.schoolId === schoolId) };
    });

    app.get('/v1/simulator/chats/:address', {
      schema: { tags: ['simulator'], summary: 'A simulated chat, oldest message first', params: addressParams, querystring: z.object({ school: z.string().optional() }) },
    }, async (request) => {
      await checkReader(request, request.params.address);
      return { messages: await ctx.stores.simulator.transcript(request.params.address) };
    });
  };
}

function inboundLine(body: { text?: string | undefined; choice?: string | undefined; messageId: string }, at: Date): TranscriptMessage {
  return {
    id: body.messageId,
    direction: 'in',
    text: body.text ?? '',
    ...(body.choice ? { choice: body.choice } : {}),
    at: at.toISOString(),
  };
}
