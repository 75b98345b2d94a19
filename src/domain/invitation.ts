/**
 * One guardian's invitation: the event rendered in the guardian's language, in the school's
 * time zone, naming the guardian's own children where the kind calls for it.
 */
import type { SurveyDefinition } from '../core/survey.js';
import type { Guardian, LocalizedText, Locale, OutboundMessage, School, SchoolEvent } from '../core/types.js';
import { markRtlLines, pickLocalized, renderInvitation } from '../i18n/index.js';
import { questionChoices, questionText } from './conversation/messages.js';

/**
 * `survey` is the event's survey when the event is one (kind `survey`): its first question
 * ends the invitation, with the scale's six points as choices, so one tap starts it.
 */
export function composeInvitation(event: SchoolEvent, school: School, guardian: Pick<Guardian, 'locale'>, childNames: string[], survey?: SurveyDefinition): OutboundMessage {
  const locale = guardian.locale;
  const title = event.title?.[locale];
  const details = pickText(event.details, locale);
  const rendered = renderInvitation({
    kind: event.kind,
    locale,
    timeZone: school.timeZone,
    schoolName: school.name,
    ...(title ? { title } : {}),
    ...(details ? { details } : {}),
    ...(event.startsAt ? { startsAt: new Date(event.startsAt) } : {}),
    ...(event.place ? { place: event.place } : {}),
    ...(childNames.length ? { childNames } : {}),
    ...(event.vars ? { vars: event.vars } : {}),
    rsvp: event.rsvp,
    eventId: event.id,
  });
  if (event.kind === 'survey' && survey?.questions.length) {
    const first = questionText(survey, 0, locale);
    return { text: `${rendered.text}\n\n${locale === 'ar' ? markRtlLines(first) : first}`, locale, choices: questionChoices(survey, 0, event.id, locale) };
  }
  return { text: rendered.text, locale, ...(rendered.choices ? { choices: rendered.choices } : {}) };
}

/**
 * Details carry practical facts (bring the report card, the gate to use): when staff wrote
 * them in one language only, every guardian still gets them. A missing title falls back to
 * the kind's own title in the guardian's language instead.
 */
function pickText(text: LocalizedText | undefined, locale: Locale): string | undefined {
  return pickLocalized(text, locale);
}
