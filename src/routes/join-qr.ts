/**
 * A guardian's join link as a QR code, drawn here as SVG (no network, no browser library):
 * `GET /v1/guardians/:id/links/qr.svg?platform=telegram[&account=<id>]`. Staff print it on the
 * paper note that goes home, or show it on their screen for the parent to scan. The link is the
 * one GET /v1/guardians/:id/links gives (the same code, made once per guardian and platform).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { PLATFORMS } from '../core/types.js';
import type { PipelineContext } from '../queue/context.js';
import { schoolOf } from './auth.js';
import { ApiError } from './errors.js';

const params = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a valid id') });

export function joinQrRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/guardians/:id/links/qr.svg', {
      config: { access: 'staff' },
      schema: {
        tags: ['roster'],
        summary: "A guardian's join link for one platform as a QR code (SVG)",
        params,
        querystring: z.object({ school: z.string().optional(), platform: z.enum(PLATFORMS), account: z.string().max(64).optional() }),
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request);
      const { platform, account: accountId } = request.query;
      const guardian = await ctx.stores.roster.getGuardian(schoolId, request.params.id);
      if (!guardian) throw new ApiError(404, 'not_found', `no guardian ${request.params.id}`);
      const account = ctx.channels.accounts.find((a) =>
        a.adapter.platform === platform && (!accountId || a.adapter.accountId === accountId) && (a.schools === '*' || a.schools.has(schoolId)));
      const joinLink = account?.adapter.joinLink?.bind(account.adapter);
      if (!joinLink) {
        throw new ApiError(404, 'not_found', `no ${platform} account with join links serves this school`);
      }
      const code = await ctx.stores.chats.joinCodeFor({ schoolId, kind: 'guardian', id: guardian.id }, platform);
      // Quiet zone of 4 modules (the QR standard's minimum), black on white for cheap printers.
      const svg = renderSVG(joinLink(code), { border: 4, ecc: 'M' });
      return reply
        .header('content-type', 'image/svg+xml')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(svg);
    });
  };
}
