/**
 * The request to create an event, as staff send it (API, console) and as a teacher's bot flow
 * will build it: one schema, one validation.
 */
import { z } from 'zod';
import { EVENT_KINDS } from '../core/types.js';
import { expandSlots } from './slots.js';

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'ids are 1–64 letters, digits, _ . or -');
const ids = z.array(id).min(1, 'name at least one').max(20_000);
const localized = z
  .object({
    ar: z.string().trim().min(1).max(2000).optional(),
    en: z.string().trim().min(1).max(2000).optional(),
    fr: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
const instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with a time zone, e.g. 2026-12-01T17:00:00+01:00' });

export const audienceSchema = z.union([
  z.object({ school: z.literal(true) }).strict(),
  z.object({ grades: z.array(z.number().int().min(1).max(12)).min(1, 'name at least one grade').max(12) }).strict(),
  z.object({ classes: ids }).strict(),
  z.object({ guardians: ids }).strict(),
  z.object({ children: ids }).strict(),
], { error: 'audience must be one of {school: true}, {grades: [...]}, {classes: [...]}, {guardians: [...]}, {children: [...]}' });

/**
 * A survey with the event: `kind: 'survey'` sends it as the event itself (its first question in
 * the invitation); another kind sends it after the guardian's RSVP, or as a follow-up some
 * hours after the event starts (to guardians who did not say no).
 */
const eventSurveySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a survey id, e.g. event-feedback'),
    send: z.enum(['after_rsvp', 'after_event']).optional().describe('For events of another kind than survey: when the survey follows'),
    afterHours: z.number().int().min(0).max(14 * 24).optional().describe('For after_event: hours after the start (default 2)'),
  })
  .strict();

export const DEFAULT_SURVEY_AFTER_HOURS = 2;

const span = z.object({ from: instant, to: instant }).strict();

/** Appointment times: from, to, minutes each (breaks left out), optionally per teacher or room. */
const slotPlanSchema = z
  .object({
    from: instant,
    to: instant,
    minutes: z.number().int().min(5, 'a time is at least 5 minutes').max(240),
    perSlot: z.number().int().min(1).max(50).optional().describe('Families per time (default 1)'),
    breaks: z.array(span).max(10).optional(),
    teacherId: id.optional().describe('The teacher the families meet at these times'),
    room: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) >= p.minutes * 60_000, { message: 'to must be at least one time after from', path: ['to'] })
  .refine((p) => (p.breaks ?? []).every((b) => Date.parse(b.from) < Date.parse(b.to) && Date.parse(b.from) >= Date.parse(p.from) && Date.parse(b.to) <= Date.parse(p.to)), {
    message: 'a break must end after it starts, between from and to',
    path: ['breaks'],
  });

export const createEventSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { error: `kind must be one of: ${EVENT_KINDS.join(', ')}` }),
    title: localized.optional(),
    details: localized.optional(),
    vars: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), z.string().max(500)).optional(),
    startsAt: instant.optional(),
    allowPastStart: z.boolean().optional().describe('Send a meeting or school event whose time has passed anyway (refused otherwise: 422 starts_in_past)'),
    place: z.string().trim().min(1).max(200).optional(),
    audience: audienceSchema,
    rsvp: z.boolean().default(false),
    sendAt: instant.optional(),
    respectQuietHours: z.boolean().default(true),
    survey: eventSurveySchema.optional(),
    slots: z.union([slotPlanSchema, z.array(slotPlanSchema).min(1).max(20)]).optional().describe('A meeting of individual appointments: each family books a time in the chat'),
    schoolId: id.optional().describe('Only for a key that acts for every school'),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (r.kind === 'survey') {
      if (!r.survey) issue(['survey'], 'an event of kind survey names its survey: {"survey": {"id": "involvement"}}');
      else if (r.survey.send) issue(['survey', 'send'], 'an event of kind survey is the survey itself: leave out send');
      // Parents would read a meeting time under the survey's questions.
      if (r.startsAt) issue(['startsAt'], 'a survey has no meeting time: leave out startsAt');
      if (r.place) issue(['place'], 'a survey has no place: leave out place');
      if (r.rsvp) issue(['rsvp'], 'a survey asks its own questions: rsvp must be false');
      return;
    }
    if (r.slots && r.kind !== 'meeting') issue(['slots'], 'only a meeting has appointment times');
    if (r.slots && expandSlots(Array.isArray(r.slots) ? r.slots : [r.slots]).length === 0) issue(['slots'], 'these times leave no appointment (check from, to, minutes and breaks)');
    if (!r.survey) return;
    if (!r.survey.send) issue(['survey', 'send'], 'say when the survey follows: after_rsvp or after_event');
    if (r.survey.send === 'after_rsvp' && !r.rsvp) issue(['survey', 'send'], 'after_rsvp needs an event with rsvp: true');
    if (r.survey.send === 'after_event' && !r.startsAt) issue(['startsAt'], 'after_event needs the event\'s startsAt');
    if (r.survey.afterHours !== undefined && r.survey.send !== 'after_event') issue(['survey', 'afterHours'], 'afterHours is only for after_event');
  });

export type CreateEventRequest = z.output<typeof createEventSchema>;
