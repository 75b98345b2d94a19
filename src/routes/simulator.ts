/**
 * The simulator's HTTP face: each school has its own simulated bot (DESIGN §10). A message
 * posted with a school's key is a simulated parent writing to that school's bot; a school reads
 * and lists its own simulated chats only. A parent of two schools has a chat with each, and
 * neither school ever sees the other's.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { simulatorInboundSchema, type TranscriptMessage } from '../../adapters/simulator/index.js';
import type { MediaKind } from '../core/media.js';
import type { PipelineContext } from '../services/context.js';
import { acceptInbound } from '../services/inbound/accept.js';
import { schoolOf } from './auth.js';
import { notFound } from './errors.js';
import { sendMedia } from './inbox.js';

const addressParams = z.object({ address: z.string().min(1).max(128) });

export function simulatorRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    const account = ctx.channels.accounts.find((a) => a.adapter.platform === 'simulator');
    if (!account) return;
    const { adapter } = account;

    app.post('/v1/simulator/inbound', {
      config: { access: 'staff' },
      schema: {
        tags: ['simulator'],
        summary: "A simulated parent writes to the school's bot, or taps a choice",
        querystring: z.object({ school: z.string().optional() }),
        body: simulatorInboundSchema,
        response: { 202: z.object({ accepted: z.number().int(), duplicate: z.boolean() }) },
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const now = ctx.now();
      const body = { ...request.body, messageId: request.body.messageId ?? `sim-in-${randomUUID()}` };
      // The school's own bot: message ids are the school's, as a platform's are its bot's.
      const events = adapter.normaliseInbound(body, now).map((e) => ({ ...e, schoolId, platformMessageId: `${schoolId}:${e.platformMessageId}` }));
      const accepted = await acceptInbound(ctx, events, adapter);
      if (accepted > 0) await ctx.stores.simulator.deliver(schoolId, body.from, [inboundLine(body, now)]);
      return reply.status(202).send({ accepted, duplicate: accepted === 0 });
    });

    app.get('/v1/simulator/phones', {
      config: { access: 'staff' },
      schema: {
        tags: ['simulator'],
        summary: "The school's simulated phones: its guardians', teachers' and staff's (where sign-in codes arrive), with each guardian's children and classes",
        querystring: z.object({ school: z.string().optional() }),
      },
    }, async (request) => ({ items: await simulatedPhones(ctx, schoolOf(request)) }));

    app.get('/v1/simulator/chats', {
      config: { access: 'staff' },
      schema: { tags: ['simulator'], summary: "The addresses of the school's simulated chats, and those with a message from the bot not opened yet", querystring: z.object({ school: z.string().optional() }) },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const [items, unread] = await Promise.all([ctx.stores.simulator.chats(schoolId), ctx.stores.simulator.unread(schoolId)]);
      return { items, unread };
    });

    app.post('/v1/simulator/chats/:address/read', {
      config: { access: 'staff' },
      schema: { tags: ['simulator'], summary: 'The simulator page opened this chat: it is read until the bot writes again', params: addressParams, querystring: z.object({ school: z.string().optional() }) },
    }, async (request, reply) => {
      await ctx.stores.simulator.markRead(schoolOf(request), request.params.address);
      return reply.status(204).send();
    });

    app.get('/v1/simulator/chats/:address', {
      config: { access: 'staff' },
      schema: { tags: ['simulator'], summary: "A simulated chat with the school's bot, oldest message first", params: addressParams, querystring: z.object({ school: z.string().optional() }) },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const { address } = request.params;
      // A chat the school had, or the phone of one of its guardians or teachers (empty until written to).
      const known = (await ctx.stores.simulator.has(schoolId, address)) || (await ctx.stores.roster.ownerIn(schoolId, 'simulator', address)) !== undefined;
      if (!known) throw notFound('chat', address, 'no simulated chat of this school at that address');
      return { messages: await ctx.stores.simulator.transcript(schoolId, address) };
    });

    app.get('/v1/simulator/media/:id', {
      config: { access: 'staff' },
      schema: {
        tags: ['simulator'],
        summary: 'A file a simulated phone received (a forwarded voice note, a photo answer), to play or view',
        params: z.object({ id: z.string().regex(/^m[A-Za-z0-9_-]{4,80}$/, 'not a media id') }),
        querystring: z.object({ school: z.string().optional() }),
      },
    }, async (request, reply) => {
      const stored = await ctx.stores.media.get(schoolOf(request), request.params.id);
      if (!stored) throw notFound('file', request.params.id, 'no such file in this school');
      return sendMedia(reply, stored.ref, stored.bytes);
    });
  };
}

/** Everyone of the school with a simulated phone, guardians first, each once per address. */
async function simulatedPhones(ctx: PipelineContext, schoolId: string) {
  const { roster, people } = ctx.stores;
  const [guardians, teachers, children, classes, staff] = await Promise.all([
    roster.listGuardians(schoolId), roster.listTeachers(schoolId), roster.listChildren(schoolId), roster.listClasses(schoolId), people.list(schoolId),
  ]);
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const phones = [
    ...guardians.filter((g) => g.channels.simulator).map((g) => {
      const mine = children.filter((c) => c.guardianIds.includes(g.id));
      return { address: g.channels.simulator as string, name: g.name, role: 'guardian', children: mine.map((c) => ({ name: c.name, class: className.get(c.classId) ?? c.classId })) };
    }),
    ...teachers.filter((t) => t.channels.simulator).map((t) => ({ address: t.channels.simulator as string, name: t.name, role: 'teacher', ...(t.gender ? { gender: t.gender } : {}), classes: t.classIds.map((id) => className.get(id) ?? id) })),
    ...staff.filter((p) => p.channels.simulator).map((p) => ({ address: p.channels.simulator as string, name: p.name, role: p.role })),
  ];
  const seen = new Set<string>();
  return phones.filter((p) => !seen.has(p.address) && seen.add(p.address));
}

function inboundLine(body: { text?: string | undefined; choice?: string | undefined; messageId: string; media?: { kind: MediaKind; contentType: string; fileName?: string | undefined } | undefined; unsupported?: string | undefined }, at: Date): TranscriptMessage {
  const { media } = body;
  return {
    id: body.messageId,
    direction: 'in',
    // A sticker or a location has no text; the phone still shows that something was sent.
    text: body.text ?? (body.unsupported ? `[${body.unsupported}]` : ''),
    ...(body.choice ? { choice: body.choice } : {}),
    // The phone shows what it sent; the bytes are the school's (the inbox), not the transcript's.
    ...(media ? { media: { kind: media.kind, contentType: media.contentType, ...(media.fileName ? { fileName: media.fileName } : {}) } } : {}),
    at: at.toISOString(),
  };
}
