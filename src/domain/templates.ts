/**
 * A school's approved message templates: for a platform that takes only templates outside its
 * messaging window (WhatsApp's Cloud API), which template carries each kind of message in each
 * language, and which of the invitation's facts fill its parameters, in the template's order.
 * Pure: the mapping is validated here, filled in per guardian here, stored by the school store.
 */
import { z } from 'zod';
import type { TemplateMessage } from '../core/adapter.js';
import type { SurveyDefinition } from '../core/survey.js';
import { cutLabel } from '../core/text.js';
import { EVENT_KINDS, LOCALES, TEMPLATE_FIELDS, type Choice, type EventKind, type Locale, type School, type SchoolEvent, type TemplateField, type TemplateMapping } from '../core/types.js';
import { formatDate, formatList, formatTime, pickLocalized, t } from '../i18n/index.js';
import { questionText } from './conversation/messages.js';

export { TEMPLATE_FIELDS, type TemplateField, type TemplateMapping } from '../core/types.js';

/** Meta's limit on a template's body is 1024 characters; one parameter is kept well inside it. */
const PARAMETER_MAX = 300;

export const templateMappingSchema = z.object({
  kind: z.enum(EVENT_KINDS),
  locale: z.enum(LOCALES),
  /** The template's name as approved in WhatsApp Manager: lower case, digits and underscores. */
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _ (as in WhatsApp Manager)'),
  /** The platform's language code of the approved translation ("ar", "fr", "en_US"); the locale when absent. */
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a language code such as ar, fr or en_US').optional(),
  /** The facts, in the order of the template's {{1}}, {{2}}, … */
  parameters: z.array(z.enum(TEMPLATE_FIELDS)).max(10).default([]),
  /** The template has quick-reply buttons Yes, No (and Maybe), in that order: taps count as answers. */
  rsvpButtons: z.boolean().default(false),
});
// Its output is core's TemplateMapping: the school store takes what the route parsed.

export const templateMappingsSchema = z
  .array(templateMappingSchema)
  .max(EVENT_KINDS.length * LOCALES.length)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((m, i) => {
      const key = `${m.kind}/${m.locale}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'locale'], message: `two templates for ${m.kind} in ${m.locale}` });
      seen.add(key);
    });
  });

/** The template for this kind of message in the guardian's language, or none (then the next channel). */
export function templateFor(mappings: readonly TemplateMapping[], kind: EventKind, locale: Locale): TemplateMapping | undefined {
  return mappings.find((m) => m.kind === kind && m.locale === locale);
}

/** An invitation's facts, in the guardian's language and the school's time zone. */
export interface InvitationFacts {
  event: SchoolEvent;
  school: School;
  locale: Locale;
  childNames: string[];
  survey?: SurveyDefinition;
}

/**
 * The template filled in for one guardian. Meta refuses a parameter that is empty or holds a
 * line break, a tab or more than four spaces in a row: each is one line, "—" when the fact is
 * missing. Quick replies carry the invitation's choice ids, in the template's button order.
 */
export function fillTemplate(mapping: TemplateMapping, facts: InvitationFacts, choices: readonly Choice[] | undefined): TemplateMessage {
  const quickReplies = mapping.rsvpButtons ? (choices ?? []).map((c) => c.id) : [];
  return {
    name: mapping.name,
    language: mapping.language ?? mapping.locale,
    parameters: mapping.parameters.map((field) => oneLine(factOf(field, facts))),
    ...(quickReplies.length ? { quickReplies } : {}),
  };
}

function factOf(field: TemplateField, f: InvitationFacts): string | undefined {
  const { event, school, locale } = f;
  const startsAt = event.startsAt ? new Date(event.startsAt) : undefined;
  switch (field) {
    case 'school': return school.name ?? t(locale, 'invitation.unnamedSchool');
    case 'title': return event.title?.[locale]?.trim() || t(locale, `title.${event.kind}`);
    case 'child': return f.childNames.length ? formatList(f.childNames, locale) : undefined;
    case 'date': return startsAt && formatDate(startsAt, locale, school.timeZone);
    case 'time': return startsAt && formatTime(startsAt, locale, school.timeZone);
    case 'place': return event.place;
    case 'details': return pickLocalized(event.details, locale);
    case 'question': return f.survey?.questions.length ? questionText(f.survey, 0, locale) : undefined;
  }
}

function oneLine(text: string | undefined): string {
  const line = (text ?? '').replace(/[\u2066-\u2069]/g, '').replace(/\s*[\r\n\t]+\s*/g, ' — ').replace(/ {2,}/g, ' ').trim();
  // Cut on a whole character: half an emoji would reach the parent as a broken one.
  return line ? cutLabel(line, PARAMETER_MAX) : '—';
}
