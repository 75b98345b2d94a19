/**
 * Who staff should call or send a paper note to after an event: `GET /v1/events/:id/follow-up`.
 * Guardians the invitation did not reach (failed or skipped, with the reason code) and, for an
 * RSVP event, those it reached who have not answered, grouped by the class of the children the
 * event was about (a guardian with children in two targeted classes is on both lists: each
 * class's teacher calls their own families). Invitations still on their way are only counted.
 * For a survey sending, those it reached who have not finished the survey (started or not).
 *
 * For an RSVP event it also lists who answered, with how a typed answer was read ("no — from
 * 'ma n9derch'") and, for a meeting of appointments, the time each family booked; and
 * `PUT /v1/events/:id/answers/:guardianId` lets staff correct one.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RSVP_ANSWERS, type Child, type Guardian, type SchoolEvent } from '../core/types.js';
import type { PipelineContext } from '../services/context.js';
import { surveyProgress, type SurveyProgressDetail } from '../services/survey-progress.js';
import type { DeliveryState, Recipient } from '../store/event-store.js';
import { audit } from './audit-log.js';
import { assertSchool } from './auth.js';
import { ApiError, notFound } from './errors.js';
import { assertTeacherSees, teacherClasses } from './teacher-scope.js';

const params = z.object({ id: z.string().regex(/^ev[a-z0-9]{8,40}$/, 'not an event id') });

export interface FollowUpGuardian {
  guardianId: string;
  name: string;
  phone: string | null;
  locale: string;
  children: Array<{ id: string; name: string }>;
  /** not_reached: failed or skipped; no_answer: reached, RSVP still pending; survey_unfinished: reached, the survey not finished. */
  why: 'not_reached' | 'no_answer' | 'survey_unfinished';
  /** For survey_unfinished: answered some questions (or said stop), rather than none. */
  surveyStarted?: boolean;
  status: string;
  reason: string | null;
  channel: string | null;
  /** When the message reached the family (delivered, else sent), so staff can judge whether to wait. */
  reachedAt: string | null;
  /** When the platform said they read it (WhatsApp Cloud only). */
  readAt: string | null;
  /** A meeting of appointments: their place on the waiting list (1-based), and the freed time offered to them, if any. */
  waitingList?: { place: number; offered: string | null };
}

/** A guardian who answered: how, and whether staff corrected it. */
export interface AnsweredGuardian {
  guardianId: string;
  name: string;
  children: Array<{ id: string; name: string; className: string | null }>;
  answer: string;
  at: string | null;
  /** The words a typed answer was read from; null for a tap or a correction. */
  from: string | null;
  correctedBy: string | null;
  /** A meeting of appointments: the time the family booked; null when they hold none (or the meeting has no times). */
  slot: { index: number; startsAt: string } | null;
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
      if (!event) throw notFound('event', request.params.id);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      return followUp(ctx, event);
    });

    app.put('/v1/events/:id/answers/:guardianId', {
      config: { access: 'teacher' },
      schema: {
        tags: ['events'],
        summary: "Correct a guardian's RSVP by hand (a misread reply, an answer given by phone); kept until the guardian answers again",
        params: params.extend({ guardianId: z.string().min(1).max(64) }),
        querystring: z.object({ school: z.string().optional() }),
        body: z.object({ answer: z.enum(RSVP_ANSWERS) }).strict(),
      },
    }, async (request) => {
      const event = await ctx.stores.events.get(request.params.id);
      if (!event) throw notFound('event', request.params.id);
      assertSchool(request, event.schoolId);
      await assertTeacherSees(ctx, request, event);
      if (!event.rsvp) throw new ApiError(422, 'no_rsvp', 'this event asks for no answer', { field: 'answer' });
      // With appointment times a family's answer is its booking (made or given back in the chat): a
      // hand-set "yes" would hold no time, and the counts would disagree with the schedule.
      if (event.slots?.length) throw new ApiError(409, 'answered_by_booking', 'a meeting with appointment times is answered by booking a time in the chat; see its schedule', { field: 'answer' });
      const { guardianId } = request.params;
      const row = await ctx.stores.events.getRow(event.id, guardianId);
      if (!row) throw notFound('guardian', guardianId, `no guardian ${guardianId} in this event`);
      // A teacher corrects the families of their own classes, or of an invitation they sent.
      const mine = await teacherClasses(ctx, request);
      if (mine && event.createdBy !== `teacher:${request.caller?.teacherId ?? ''}`) {
        const children = await ctx.stores.roster.childrenOf(event.schoolId, guardianId);
        if (!children.some((c) => mine.has(c.classId))) throw notFound('guardian', guardianId, `no guardian ${guardianId} in this event`);
      }
      const by = request.caller?.id ?? 'staff';
      const done = await ctx.stores.events.correctRsvp(event.id, guardianId, request.body.answer, ctx.now().toISOString(), by);
      if (!done) throw new ApiError(409, 'not_reached', 'this guardian was not reached, so there is no answer to correct', { field: 'answer' });
      await audit(ctx, request, 'rsvp_corrected', { type: 'guardian', id: guardianId }, { eventId: event.id, answer: request.body.answer });
      return { guardianId, rsvp: request.body.answer, rsvpCorrectedBy: by };
    });
  };
}

async function followUp(ctx: PipelineContext, event: SchoolEvent) {
  const total = await ctx.stores.events.recipientCount(event.id);
  const recipients = await ctx.stores.events.recipients(event.id, 0, total);
  const [rows, guardians, children, classes, survey] = await Promise.all([
    ctx.stores.events.getRows(event.id, recipients.map((r) => r.guardianId)),
    ctx.stores.roster.listGuardians(event.schoolId),
    ctx.stores.roster.listChildren(event.schoolId),
    ctx.stores.roster.listClasses(event.schoolId),
    // A survey sending (kind survey): those reached who have not finished it are followed up too.
    event.kind === 'survey' ? surveyProgress(ctx, event) : Promise.resolve(undefined),
  ]);
  const slotState = event.slots?.length ? await ctx.stores.slots.state(event.id) : undefined;
  const waitingList = (guardianId: string) => {
    const place = slotState ? slotState.waiting.indexOf(guardianId) + 1 : 0;
    if (!place) return {};
    const index = slotState!.offered.get(guardianId);
    return { waitingList: { place, offered: event.slots?.find((s) => s.index === index)?.startsAt ?? null } };
  };
  const bookedSlot = (guardianId: string): AnsweredGuardian['slot'] => {
    const index = slotState?.bookings.get(guardianId);
    const slot = index === undefined ? undefined : event.slots?.find((s) => s.index === index);
    return slot ? { index: slot.index, startsAt: slot.startsAt } : null;
  };
  const byId = new Map(guardians.map((g) => [g.id, g]));
  const childById = new Map(children.map((c) => [c.id, c]));
  const groups = new Map<string, ClassGroup>();
  const answers: AnsweredGuardian[] = [];
  const className = (id: string | null) => classes.find((c) => c.id === id)?.name ?? null;
  let waiting = 0;
  for (const r of recipients) {
    const row = rows.get(r.guardianId);
    const guardian = byId.get(r.guardianId);
    if (!row || row.status === 'queued') waiting++;
    if (event.rsvp && row?.rsvp && guardian) {
      answers.push({
        guardianId: guardian.id, name: guardian.name,
        children: childrenOf(r, guardian, children, childById).map((c) => ({ id: c.id, name: c.name, className: className(c.classId) })),
        answer: row.rsvp, at: row.rsvpAt ?? null, from: row.rsvpFrom ?? null, correctedBy: row.rsvpCorrectedBy ?? null,
        slot: bookedSlot(guardian.id),
      });
    }
    const why = row && guardian ? needsFollowUp(row, event.rsvp, survey, r.guardianId) : undefined;
    if (!why || !guardian || !row) continue;
    const targeted = childrenOf(r, guardian, children, childById);
    const entry = { ...toEntry(guardian, targeted, row, why), ...(why === 'survey_unfinished' ? { surveyStarted: survey?.begun.has(guardian.id) ?? false } : {}), ...(why === 'no_answer' ? waitingList(guardian.id) : {}) };
    for (const classId of classesOf(targeted)) {
      const key = classId ?? '';
      const group = groups.get(key) ?? { classId, className: className(classId), guardians: [] };
      group.guardians.push(entry);
      groups.set(key, group);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => (a.className ?? '~').localeCompare(b.className ?? '~', 'en', { numeric: true }));
  for (const g of sorted) g.guardians.sort((a, b) => a.name.localeCompare(b.name));
  answers.sort((a, b) => a.name.localeCompare(b.name));
  // slots: how many appointment times the meeting has (0: a plain invitation); each answer then says which time the family holds.
  return { eventId: event.id, rsvp: event.rsvp, survey: survey !== undefined, slots: event.slots?.length ?? 0, recipients: total, waiting, classes: sorted, answers };
}

function needsFollowUp(row: DeliveryState, rsvp: boolean, survey: SurveyProgressDetail | undefined, guardianId: string): FollowUpGuardian['why'] | undefined {
  if (row.status === 'failed' || row.status === 'skipped') return 'not_reached';
  const reached = row.status === 'sent' || row.status === 'delivered';
  if (rsvp && reached && !row.rsvp) return 'no_answer';
  if (survey && reached && !survey.finished.has(guardianId)) return 'survey_unfinished';
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
    reachedAt: why === 'not_reached' ? null : row.deliveredAt ?? row.sentAt ?? null,
    readAt: why === 'not_reached' ? null : row.readAt ?? null,
  };
}
