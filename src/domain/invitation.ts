/**
 * One guardian's invitation: the event rendered in the guardian's language, in the school's
 * time zone, naming the guardian's own children where the kind calls for it.
 */
import type { Guardian, LocalizedText, Locale, OutboundMessage, School, SchoolEvent } from '../core/types.js';
import { renderInvitation } from '../i18n/index.js';

export function composeInvitation(event: SchoolEvent, school: School, guardian: Pick<Guardian, 'locale'>, childNames: string[]): OutboundMessage {
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
  return { text: rendered.text, locale, ...(rendered.choices ? { choices: rendered.choices } : {}) };
}

/**
 * Details carry practical facts (bring the report card, the gate to use): when staff wrote
 * them in one language only, every guardian still gets them. A missing title falls back to
 * the kind's own title in the guardian's language instead.
 */
function pickText(text: LocalizedText | undefined, locale: Locale): string | undefined {
  if (!text) return undefined;
  return text[locale] ?? text[locale === 'ar' ? 'en' : 'ar'];
}
