/**
 * Parents' notes for staff: what guardians wrote about invitations (or to the school), newest
 * first, with who wrote (name, children, classes), what it was about, and the answers given.
 * Staff answer a note here; the answer reaches the parent on the channel the note came from.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MediaRef } from '../core/media.js';
import { z } from 'zod';
import type { Child, Guardian, SchoolEvent } from '../core/types.js';
import type { PipelineContext } from '../services/context.js';
import { readCache } from '../services/read-cache.js';
import { answerNote } from '../services/inbox.js';
import type { Note } from '../store/note-store.js';
import { nextPage, pageQuery } from './paging.js';
import { schoolOf } from './auth.js';
import { audit } from './audit-log.js';
import { notFound } from './errors.js';
import { teacherClasses } from './teacher-scope.js';
import { sha256Hex } from '../core/ids.js';

const noteParams = z.object({ id: z.string().regex(/^n[a-f0-9]{8,40}$/, 'not a note id') });

/** A teacher's count of unanswered notes looks at this many of the school's newest open notes. */
const TEACHER_COUNT_SCAN = 500;

export function inboxRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/inbox', {
      config: { access: 'teacher' },
      schema: {
        tags: ['inbox'],
        summary: "Parents' notes, newest first, with the answers given, and how many nobody has answered yet",
        querystring: pageQuery.extend({
          answered: z.enum(['true', 'false']).optional().describe('true: only notes answered; false: only those waiting for an answer'),
        }),
      },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const { limit, before, answered } = request.query;
      const filter = answered === undefined ? 'all' : answered === 'true' ? 'answered' : 'unanswered';
      const { notes, read } = await ctx.stores.notes.list(schoolId, limit, before, filter);
      const mine = await teacherClasses(ctx, request);
      const visible = mine ? await teachersNotes(ctx, schoolId, notes, request.caller?.teacherId, mine) : notes;
      const unanswered = await unansweredCount(ctx, schoolId, request.caller?.teacherId, mine);
      // The cursor follows the page read, so the next page goes on past what was hidden or filtered out.
      return { items: await describeNotes(ctx, schoolId, visible), unanswered, ...nextPage(read, limit, (n) => n.at) };
    });

    app.post('/v1/inbox/:id/reply', {
      config: { access: 'teacher' },
      schema: {
        tags: ['inbox'],
        summary: 'Answer a note: the parent gets it on the chat they wrote from (not when they said STOP)',
        params: noteParams,
        querystring: z.object({ school: z.string().optional() }),
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
        body: z.object({ text: z.string().trim().min(1, 'write the answer').max(2000), schoolId: z.string().optional() }).strict(),
        response: { 202: z.object({ delivered: z.boolean(), reason: z.string().optional() }) },
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request, request.body.schoolId);
      const note = await ctx.stores.notes.get(schoolId, request.params.id);
      const mine = await teacherClasses(ctx, request);
      const hidden = note && mine && !(await teachersNotes(ctx, schoolId, [note], request.caller?.teacherId, mine)).length;
      if (!note || hidden) throw notFound('note', request.params.id);
      // Without a key, the same answer twice (a double click) is one answer.
      const key = request.headers['idempotency-key'] ?? sha256Hex(`${note.id}|${request.body.text}`);
      const answered = await answerNote(ctx, schoolId, note, request.caller, request.body.text, key);
      await audit(ctx, request, 'note_answered', { type: 'note', id: note.id }, { delivered: answered.delivered });
      return reply.status(202).send(answered);
    });

    app.get('/v1/inbox/:id/media', {
      config: { access: 'teacher' },
      schema: {
        tags: ['inbox'],
        summary: "The voice note, photo or document a note came with (or, with ?reply=<n>, the one its n-th answer carried), to play or view",
        params: noteParams,
        querystring: z.object({ school: z.string().optional(), reply: z.coerce.number().int().min(0).max(1000).optional() }),
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const note = await ctx.stores.notes.get(schoolId, request.params.id);
      const mine = await teacherClasses(ctx, request);
      const hidden = note && mine && !(await teachersNotes(ctx, schoolId, [note], request.caller?.teacherId, mine)).length;
      if (!note || hidden) throw notFound('note', request.params.id);
      const ref = request.query.reply === undefined ? note.media : note.replies[request.query.reply]?.media;
      const stored = ref ? await ctx.stores.media.get(schoolId, ref.id) : undefined;
      if (!stored) throw notFound('file', undefined, 'this note carries no file');
      return sendMedia(reply, stored.ref, stored.bytes);
    });
  };
}

/** A stored file as the browser should show it: its own type, never sniffed, never cached by others. */
export function sendMedia(reply: FastifyReply, ref: MediaRef, bytes: Buffer): FastifyReply {
  const name = (ref.fileName ?? `${ref.kind}`).replace(/[^\w.-]+/g, '_');
  return reply
    .header('content-type', ref.contentType)
    .header('content-disposition', `inline; filename="${name}"`)
    .header('x-content-type-options', 'nosniff')
    // A PDF opened from our origin runs no script and reaches nothing of ours.
    .header('content-security-policy', 'sandbox')
    .header('cache-control', 'private, max-age=3600')
    .send(bytes);
}

/** Notes nobody has answered yet, of those the caller sees (a teacher: among the newest 500 open). */
async function unansweredCount(ctx: PipelineContext, schoolId: string, teacherId: string | undefined, mine: ReadonlySet<string> | undefined): Promise<number> {
  const { count, notes } = await ctx.stores.notes.unanswered(schoolId, mine ? TEACHER_COUNT_SCAN : 0);
  return mine ? (await teachersNotes(ctx, schoolId, notes, teacherId, mine)).length : count;
}

/** A teacher's notes: those forwarded to them, and those of parents of their classes' children. */
async function teachersNotes(ctx: PipelineContext, schoolId: string, notes: Note[], teacherId: string | undefined, classes: ReadonlySet<string>): Promise<Note[]> {
  const seen = await Promise.all(notes.map(async (n) => (teacherId !== undefined && n.teacherId === teacherId)
    || (await ctx.stores.roster.childrenOf(schoolId, n.guardianId)).some((c) => classes.has(c.classId))));
  return notes.filter((_, i) => seen[i]);
}

async function describeNotes(ctx: PipelineContext, schoolId: string, notes: Note[]) {
  const guardians = await ctx.stores.roster.getGuardians(schoolId, [...new Set(notes.map((n) => n.guardianId))]);
  const classNames = new Map((await ctx.stores.roster.listClasses(schoolId)).map((c) => [c.id, c.name]));
  const children = new Map<string, Child[]>();
  await Promise.all([...guardians.keys()].map(async (g) => children.set(g, await ctx.stores.roster.childrenOf(schoolId, g))));
  const events = new Map<string, SchoolEvent>();
  await Promise.all([...new Set(notes.flatMap((n) => (n.eventId ? [n.eventId] : [])))].map(async (id) => {
    const e = await readCache.event(ctx, id);
    if (e) events.set(id, e);
  }));
  return notes.map((n) => describe(n, guardians.get(n.guardianId), children.get(n.guardianId) ?? [], n.eventId ? events.get(n.eventId) : undefined, classNames));
}

function describe(note: Note, guardian: Guardian | undefined, children: Child[], event: SchoolEvent | undefined, classNames: ReadonlyMap<string, string>) {
  return {
    id: note.id,
    ref: note.ref,
    at: note.at,
    text: note.text,
    channel: note.channel,
    guardian: guardian ? { id: guardian.id, name: guardian.name, locale: guardian.locale } : null,
    children: children.map((c) => ({ id: c.id, name: c.name, classId: c.classId, className: classNames.get(c.classId) ?? null })),
    event: event ? { id: event.id, kind: event.kind, title: event.title ?? null, guessed: note.guessed === true } : null,
    teacherId: note.teacherId ?? null,
    media: note.media ? { ...note.media, url: `/v1/inbox/${note.id}/media` } : null,
    replies: note.replies.map((r, i) => (r.media ? { ...r, media: { ...r.media, url: `/v1/inbox/${note.id}/media?reply=${i}` } } : r)),
  };
}
