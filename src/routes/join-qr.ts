/**
 * A guardian's join link as a QR code, drawn here as SVG (no network, no browser library):
 * `GET /v1/guardians/:id/links/qr.svg?platform=<platform>[&account=<id>]`. Staff print it on the
 * paper note that goes home, or show it on their screen for the parent to scan. The link is the
 * one GET /v1/guardians/:id/links gives (the same code, made once per guardian and platform).
 *
 * A person's (`GET /v1/people/:id/links/qr.svg`, admins) is the same for a member of staff: the
 * console shows it and they scan it with their own phone, tying their chat to the school's bot,
 * where their sign-in codes then arrive. The console cannot draw a QR code itself (no library).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { PLATFORMS, type Platform } from '../core/types.js';
import type { PipelineContext } from '../services/context.js';
import { schoolOf } from './auth.js';
import { notFound } from './errors.js';

const params = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a valid id') });
const personParams = z.object({ id: z.string().regex(/^p[a-f0-9]{12}$/, 'not a person id') });
const query = z.object({ school: z.string().optional(), platform: z.enum(PLATFORMS), account: z.string().max(64).optional() });

export function joinQrRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/guardians/:id/links/qr.svg', {
      config: { access: 'staff' },
      schema: { tags: ['roster'], summary: "A guardian's join link for one platform as a QR code (SVG)", params, querystring: query },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const guardian = await ctx.stores.roster.getGuardian(schoolId, request.params.id);
      if (!guardian) throw notFound('guardian', request.params.id);
      return sendJoinQr(ctx, reply, { schoolId, kind: 'guardian', id: guardian.id }, request.query);
    });

    app.get('/v1/people/:id/links/qr.svg', {
      config: { access: 'admin' },
      schema: { tags: ['people'], summary: "A person's join link for one platform as a QR code (SVG): their sign-in codes come to the chat it links", params: personParams, querystring: query },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const person = await ctx.stores.people.get(schoolId, request.params.id);
      if (!person) throw notFound('person', request.params.id);
      return sendJoinQr(ctx, reply, { schoolId, kind: 'person', id: person.id }, request.query);
    });
  };
}

/** The join link of `owner` on the platform's account serving the school, drawn as a QR code. */
async function sendJoinQr(
  ctx: PipelineContext,
  reply: FastifyReply,
  owner: { schoolId: string; kind: 'guardian' | 'person'; id: string },
  { platform, account: accountId }: { platform: Platform; account?: string | undefined },
) {
  const account = ctx.channels.accounts.find((a) =>
    a.adapter.platform === platform && (!accountId || a.adapter.accountId === accountId) && (a.schools === '*' || a.schools.has(owner.schoolId)));
  const joinLink = account?.adapter.joinLink?.bind(account.adapter);
  if (!joinLink) throw notFound('join_link', undefined, `no ${platform} account with join links serves this school`);
  const code = await ctx.stores.chats.joinCodeFor(owner, platform);
  // Quiet zone of 4 modules (the QR standard's minimum), black on white for cheap printers.
  const svg = renderSVG(joinLink(code), { border: 4, ecc: 'M' });
  return reply
    .header('content-type', 'image/svg+xml')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(svg);
}
