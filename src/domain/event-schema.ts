/**
 * The request to create an event, as staff send it (API, console) and as a teacher's bot flow
 * will build it: one schema, one validation.
 */
import { z } from 'zod';
import { EVENT_KINDS } from '../core/types.js';

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'ids are 1–64 letters, digits, _ . or -');
const ids = z.array(id).min(1, 'name at least one').max(20_000);
const localized = z
  .object({ ar: z.string().trim().min(1).max(2000).optional(), en: z.string().trim().min(1).max(2000).optional() })
  .strict();
const instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with a time zone, e.g. 2026-12-01T17:00:00+01:00' });

export const audienceSchema = z.union([
  z.object({ school: z.literal(true) }).strict(),
  z.object({ grades: z.array(z.number().int().min(1).max(12)).min(1, 'name at least one grade').max(12) }).strict(),
  z.object({ classes: ids }).strict(),
  z.object({ guardians: ids }).strict(),
  z.object({ children: ids }).strict(),
], { error: 'audience must be one of {school: true}, {grades: [...]}, {classes: [...]}, {guardians: [...]}, {children: [...]}' });

export const createEventSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { error: `kind must be one of: ${EVENT_KINDS.join(', ')}` }),
    title: localized.optional(),
    details: localized.optional(),
    vars: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), z.string().max(500)).optional(),
    startsAt: instant.optional(),
    place: z.string().trim().min(1).max(200).optional(),
    audience: audienceSchema,
    rsvp: z.boolean().default(false),
    sendAt: instant.optional(),
    respectQuietHours: z.boolean().default(true),
    schoolId: id.optional().describe('Only for a key that acts for every school'),
  })
  .strict();

export type CreateEventRequest = z.output<typeof createEventSchema>;
