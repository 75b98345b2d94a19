/**
 * One guardian's invitation: the event rendered in the guardian's language, in the school's
 * time zone, naming the guardian's own children where the kind calls for it.
 */
import type { SurveyDefinition } from '../core/survey.js';
import type { Choice, Guardian, LocalizedText, Locale, OutboundMessage, School, SchoolEvent } from '../core/types.js';
import { formatDate, markRtlLines, pickLocalized, prepareInvitation as prepareRendering, t } from '../i18n/index.js';
import { questionChoices, questionText } from './conversation/messages.js';
import { slotPage } from './conversation/slots.js';
import { absenceChoices } from './conversation/absence.js';

/**
 * `survey` is the event's survey when the event is one (kind `survey`): its first question
 * ends the invitation, with the scale's six points as choices, so one tap starts it.
 */
export function composeInvitation(event: SchoolEvent, school: School, guardian: Pick<Guardian, 'locale'>, childNames: string[], survey?: SurveyDefinition): OutboundMessage {
  return prepareInvitation(event, school, guardian.locale, survey)(childNames);
}

/** An invitation for one guardian: their children's names in it. */
export type InvitationFor = (childNames: string[]) => OutboundMessage;

/**
 * What one event says alike to every guardian of one language, worked out once: the returned
 * function only puts a guardian's children in (a batch of one event prepares once per language).
 */
export function prepareInvitation(event: SchoolEvent, school: School, locale: Locale, survey?: SurveyDefinition): InvitationFor {
  const title = event.title?.[locale];
  const details = pickText(event.details, locale);
  const render = prepareRendering({
    kind: event.kind,
    locale,
    timeZone: school.timeZone,
    ...(school.name ? { schoolName: school.name } : {}),
    ...(title ? { title } : {}),
    ...(details ? { details } : {}),
    // A meeting of appointments has no one time: the day goes with the times to choose from.
    ...(event.startsAt && !event.slots?.length ? { startsAt: new Date(event.startsAt) } : {}),
    ...(event.place ? { place: event.place } : {}),
    ...(event.vars ? { vars: event.vars } : {}),
    // A meeting of appointments is answered with a time, not yes or no.
    rsvp: event.rsvp && !event.slots?.length,
    eventId: event.id,
  });
  const ending = endingOf(event, school, locale, survey);
  if (!ending) {
    return (childNames) => {
      const rendered = render(childNames.length ? childNames : undefined);
      return { text: rendered.text, locale, ...(rendered.choices ? { choices: rendered.choices } : {}) };
    };
  }
  const tail = `\n\n${locale === 'ar' ? markRtlLines(ending.text) : ending.text}`;
  // Each message gets its own choices: a channel's planner may shape them.
  return (childNames) => ({ text: `${render(childNames.length ? childNames : undefined).text}${tail}`, locale, choices: ending.choices.map((c) => ({ ...c })) });
}

/** What ends the invitation instead of the RSVP: times to book, the absence's question, the survey's first question. */
function endingOf(event: SchoolEvent, school: School, locale: Locale, survey?: SurveyDefinition): { text: string; choices: Choice[] } | undefined {
  if (event.slots?.length) {
    const times = event.slots.map((s) => ({ index: s.index, startsAt: s.startsAt, free: true }));
    const days = new Set(event.slots.map((s) => formatDate(new Date(s.startsAt), locale, school.timeZone)));
    const pick = t(locale, 'conv.slot.pick', days.size === 1 ? { hasDay: 'yes', day: [...days][0] ?? '' } : { hasDay: 'no', day: '' });
    return { text: pick, choices: slotPage(locale, school.timeZone, { id: event.id, times }, 1, true) };
  }
  if (event.kind === 'absence') return { text: t(locale, 'conv.absence.ask'), choices: absenceChoices(locale, event.id) };
  if (event.kind === 'survey' && survey?.questions.length) {
    return { text: questionText(survey, 0, locale), choices: questionChoices(survey, 0, event.id, locale) };
  }
  return undefined;
}

/**
 * Details carry practical facts (bring the report card, the gate to use): when staff wrote
 * them in one language only, every guardian still gets them. A missing title falls back to
 * the kind's own title in the guardian's language instead.
 */
function pickText(text: LocalizedText | undefined, locale: Locale): string | undefined {
  return pickLocalized(text, locale);
}
