/**
 * A school's people, for its admins (DESIGN §10): list, add (admin, staff, teacher), change,
 * disable, remove; a one-time sign-in link to hand over; join links that tie a person's chat to
 * the school's bot, where their sign-in codes come.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SCHOOL_ROLES } from '../core/people.js';
import { localeField, nameField } from '../domain/roster/fields.js';
import { CHANNEL_FIELDS } from '../services/roster.js';
import type { PipelineContext } from '../services/context.js';
import { createPerson, PeopleError, removePerson, signInLinkFor, updatePerson } from '../services/people.js';
import { channelsOf, sendSignInLink } from '../services/sign-in.js';
import { audit } from './audit-log.js';
import { schoolOf } from './auth.js';
import { ApiError, notFound } from './errors.js';
import { personView } from './sign-in.js';

export const loginField = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, '3–40 of a-z, 0-9, dot, dash, underscore, starting with a letter or digit');
const idParams = z.object({ id: z.string().regex(/^p[a-f0-9]{12}$/, 'not a person id') });
const school = z.object({ school: z.string().optional() });
const teacherId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a teacher id of the roster');

const newPerson = z.object({
  name: nameField,
  login: loginField,
  role: z.enum(SCHOOL_ROLES),
  teacherId: teacherId.optional(),
  channels: CHANNEL_FIELDS.channels.optional(),
  locale: localeField.optional(),
}).strict();

/** Chats to set, and (null) to unlink; the ones not named stay, so a chat linked meanwhile is kept. */
const channelsPatch = z.record(z.string(), z.unknown()).transform((record, zctx) => {
  const unlink = Object.keys(record).filter((k) => record[k] === null).map((k) => k.trim().toLowerCase());
  const set = CHANNEL_FIELDS.channels.safeParse(Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null)));
  if (!set.success) for (const issue of set.error.issues) zctx.addIssue({ ...issue, code: 'custom' } as never);
  return { set: set.success ? set.data : {}, unlink };
});

const personPatch = z.object({
  name: nameField.optional(),
  login: loginField.optional(),
  role: z.enum(SCHOOL_ROLES).optional(),
  teacherId: teacherId.optional(),
  channels: channelsPatch.optional().describe('{platform: address} to set, {platform: null} to unlink; platforms not named are kept'),
  locale: localeField.optional(),
  disabled: z.boolean().optional(),
}).strict();

export function peopleRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = { config: { access: 'admin' as const } };

    app.get('/v1/people', { ...admin, schema: { tags: ['people'], summary: "The school's people who sign in", querystring: school } }, async (request) => {
      const people = await ctx.stores.people.list(schoolOf(request));
      return { items: await Promise.all(people.map((p) => personView(ctx, p))) };
    });

    app.post('/v1/people', { ...admin, schema: { tags: ['people'], summary: 'Add an admin, a staff member or a teacher', querystring: school, body: newPerson } }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const person = await asApiError(() => createPerson(ctx, schoolId, request.body, request.caller!.id));
      await audit(ctx, request, 'person_created', { type: 'person', id: person.id }, { role: person.role });
      return reply.status(201).send(await personView(ctx, person));
    });

    app.patch('/v1/people/:id', { ...admin, schema: { tags: ['people'], summary: 'Change, disable or enable a person (disabling signs them out everywhere)', params: idParams, querystring: school, body: personPatch } }, async (request) => {
      const schoolId = schoolOf(request);
      const { channels, ...rest } = request.body;
      const person = await asApiError(() => updatePerson(ctx, schoolId, request.params.id, rest, channels));
      const said = { ...(rest.role ? { role: rest.role } : {}), ...(rest.disabled !== undefined ? { disabled: rest.disabled } : {}) };
      await audit(ctx, request, 'person_updated', { type: 'person', id: person.id }, { fields: Object.keys(request.body).sort().join(','), ...said });
      return personView(ctx, person);
    });

    app.delete('/v1/people/:id', { ...admin, schema: { tags: ['people'], summary: 'Remove a person (their sessions end)', params: idParams, querystring: school } }, async (request, reply) => {
      const person = await asApiError(() => removePerson(ctx, schoolOf(request), request.params.id));
      await audit(ctx, request, 'person_removed', { type: 'person', id: person.id });
      return reply.status(204).send();
    });

    app.post('/v1/people/:id/sign-in-link', {
      ...admin,
      schema: { tags: ['people'], summary: 'A one-time link that signs the person in (valid 24 h)', params: idParams, querystring: school, response: { 201: z.object({ url: z.string(), expiresAt: z.string() }) } },
    }, async (request, reply) => {
      const link = await asApiError(() => signInLinkFor(ctx, schoolOf(request), request.params.id, baseUrl(request, ctx)));
      await audit(ctx, request, 'sign_in_link_created', { type: 'person', id: request.params.id });
      return reply.status(201).send(link);
    });

    app.post('/v1/people/:id/sign-in-link/send', {
      ...admin,
      schema: { tags: ['people'], summary: "Send a one-time sign-in link (valid 24 h) to the person's own chat, by the school's bot", params: idParams, querystring: school, response: { 201: z.object({ sentTo: z.string(), expiresAt: z.string() }) } },
    }, async (request, reply) => {
      const sent = await asApiError(() => sendSignInLink(ctx, schoolOf(request), request.params.id, baseUrl(request, ctx)));
      await audit(ctx, request, 'sign_in_link_created', { type: 'person', id: request.params.id }, { sentTo: sent.sentTo });
      return reply.status(201).send(sent);
    });

    app.get('/v1/people/:id/links', {
      ...admin,
      schema: { tags: ['people'], summary: "Links that tie the person's chat app to the school's bot: their sign-in codes come there", params: idParams, querystring: school },
    }, async (request) => {
      const schoolId = schoolOf(request);
      const person = await ctx.stores.people.get(schoolId, request.params.id);
      if (!person) throw notFound('person', request.params.id);
      // A teacher's chats include the roster's (the bot knows them there already).
      const chats = await channelsOf(ctx, person);
      const links = [];
      for (const { adapter } of ctx.channels.accounts) {
        if (!adapter.joinLink || !ctx.channels.serves(adapter.platform, adapter.accountId, schoolId)) continue;
        const code = await ctx.stores.chats.joinCodeFor({ schoolId, kind: 'person', id: person.id }, adapter.platform);
        links.push({ platform: adapter.platform, accountId: adapter.accountId, url: adapter.joinLink(code), code, linked: Boolean(chats[adapter.platform]) });
      }
      return { personId: person.id, links };
    });
  };
}

/** Where the console is, for links: PUBLIC_URL, else the address the request came to. */
export function baseUrl(request: FastifyRequest, ctx: PipelineContext): string {
  return (ctx.config.PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

async function asApiError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof PeopleError)) throw err;
    const status = err.code === 'not_found' ? 404 : err.code === 'unknown_teacher' ? 400 : 409;
    throw new ApiError(status, err.code, err.message, err.field ? { field: err.field } : undefined);
  }
}
