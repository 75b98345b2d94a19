/**
 * Who staff should call or send a paper note to after an event: `GET /v1/events/:id/follow-up`.
 * Guardians the invitation did not reach (failed or skipped, with the reason code) and, for an
 * RSVP event, those it reached who have not answered, grouped by the class of the children the
 * event was about (a guardian with children in two targeted classes is on both lists: each
 * class's teacher calls their own families). Invitations still on their way are only counted.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Child, Guardian, SchoolEvent } from '../core/types.js';
import type { PipelineContext } from '../services/context.js';
import type { DeliveryState, Recipient } from '../store/event-store.js';
import { assertSchool } from './auth.js';
import { ApiError } from './errors.js';
import { assertTeacherSees } from './teacher-scope.js';

const params = z.object({ id: z.string().regex(/^ev[a-z0-9]{8,40}$/, 'not an event id') });

export interface FollowUpGuardian {
  guardianId: string;
  name: string;
  phone: string | null;
  locale: string;
  children: Array<{ id: string; name: string }>;
  /** not_reached: failed or skipped; no_answer: reached, RSVP still pending. */
  why: 'not_reached' | 'no_answer';
  status: string;
  reason: string | null;
  channel: string | null;
}

interface ClassGroup {
  classId: string | null;
  className: string | null;
  guardians: FollowUpGuardian[];
}

export function followUpRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/events/:id/follow-up', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: 'Guardians not reached (with the reason) or, for RSVP events, not answered yet, grouped by class',
        params,
        querystring: z.object({ school: z.string().optional() }),
      },
    }, async (request) => {
      const event = await ctx.stores.events.get(request.params.id);
      if (!event) throw new ApiError(404, 'not_found', `no event ${request.params.id}`);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      return followUp(ctx, event);
    });
  };
}

async function followUp(ctx: PipelineContext, event: SchoolEvent) {
  const total = await ctx.stores.events.recipientCount(event.id);
  const recipients = await ctx.stores.events.recipients(event.id, 0, total);
  const [rows, guardians, children, classes] = await Promise.all([
    ctx.stores.events.getRows(event.id, recipients.map((r) => r.guardianId)),
    ctx.stores.roster.listGuardians(event.schoolId),
    ctx.stores.roster.listChildren(event.schoolId),
    ctx.stores.roster.listClasses(event.schoolId),
  ]);
  const byId = new Map(guardians.map((g) => [g.id, g]));
  const childById = new Map(children.map((c) => [c.id, c]));
  const groups = new Map<string, ClassGroup>();
  let waiting = 0;
  for (const r of recipients) {
    const row = rows.get(r.guardianId);
    const guardian = byId.get(r.guardianId);
    if (!row || row.status === 'queued') waiting++;
    const why = row && guardian ? needsFollowUp(row, event.rsvp) : undefined;
    if (!why || !guardian || !row) continue;
    const targeted = childrenOf(r, guardian, children, childById);
    const entry = toEntry(guardian, targeted, row, why);
    for (const classId of classesOf(targeted)) {
      const key = classId ?? '';
      const group = groups.get(key) ?? { classId, className: classes.find((c) => c.id === classId)?.name ?? null, guardians: [] };
      group.guardians.push(entry);
      groups.set(key, group);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => (a.className ?? '~').localeCompare(b.className ?? '~', 'en', { numeric: true }));
  for (const g of sorted) g.guardians.sort((a, b) => a.name.localeCompare(b.name));
  return { eventId: event.id, rsvp: event.rsvp, recipients: total, waiting, classes: sorted };
}

function needsFollowUp(row: DeliveryState, rsvp: boolean): FollowUpGuardian['why'] | undefined {
  if (row.status === 'failed' || row.status === 'skipped') return 'not_reached';
  if (rsvp && (row.status === 'sent' || row.status === 'delivered') && !row.rsvp) return 'no_answer';
  return undefined;
}

/** The children the event was about; every child of the guardian when it named guardians. */
function childrenOf(r: Recipient, guardian: Guardian, all: Child[], byId: Map<string, Child>): Child[] {
  if (r.childIds.length) return r.childIds.map((id) => byId.get(id)).filter((c): c is Child => c !== undefined);
  return all.filter((c) => c.guardianIds.includes(guardian.id));
}

function classesOf(children: Child[]): Array<string | null> {
  const ids = [...new Set(children.map((c) => c.classId))];
  return ids.length ? ids : [null];
}

function toEntry(g: Guardian, children: Child[], row: DeliveryState, why: FollowUpGuardian['why']): FollowUpGuardian {
  return {
    guardianId: g.id, name: g.name, phone: g.phone ?? null, locale: g.locale,
    children: children.map((c) => ({ id: c.id, name: c.name })),
    why, status: row.status, reason: row.reason ?? null, channel: row.channel ?? null,
  };
}
