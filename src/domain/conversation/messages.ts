/**
 * The engine's replies as a parent or teacher reads them: locale strings (locales/*.json),
 * values bidi-isolated by `t`, dates in the school's zone, choices as structured data that
 * each channel shows its own way.
 */
import { encodeControlChoice, encodeRsvpChoice, encodeSurveyChoice } from '../../core/choice.js';
import { SCALE_POINTS, scaleOf, type SurveyDefinition } from '../../core/survey.js';
import type { Choice, Locale, LocalizedText, OutboundMessage } from '../../core/types.js';
import { RSVP_ANSWERS } from '../../core/types.js';
import { formatDate, formatTime, markRtlLines, pickLocalized, t, type MessageValue } from '../../i18n/index.js';
import type { EventInfo } from './types.js';

export function message(locale: Locale, key: string, values?: Record<string, MessageValue>, choices?: Choice[]): OutboundMessage {
  return finish(locale, t(locale, key, values), choices);
}

/** Several locale strings as one message, a blank line apart. */
export function joined(locale: Locale, parts: string[], choices?: Choice[]): OutboundMessage {
  return finish(locale, parts.filter(Boolean).join('\n\n'), choices);
}

function finish(locale: Locale, text: string, choices?: Choice[]): OutboundMessage {
  const out: OutboundMessage = { text: locale === 'ar' ? markRtlLines(text) : text, locale };
  if (choices?.length) out.choices = choices;
  return out;
}

/** A text in the reader's language, else in the other one (staff may write only one). */
export function pick(text: LocalizedText | undefined, locale: Locale): string | undefined {
  return pickLocalized(text, locale);
}

export function eventTitle(event: EventInfo, locale: Locale): string {
  return pick(event.title, locale) ?? t(locale, `title.${event.kind}`);
}

export function rsvpChoices(locale: Locale, eventId: string): Choice[] {
  return RSVP_ANSWERS.map((answer) => ({ id: encodeRsvpChoice(answer, eventId), label: t(locale, `rsvp.${answer}`) }));
}

/** "Can you come to «title» on <date>?" with the event's date in the school's zone. */
export function rsvpValues(event: EventInfo, locale: Locale, timeZone: string): Record<string, MessageValue> {
  const values: Record<string, MessageValue> = { title: eventTitle(event, locale), hasDate: event.startsAt ? 'yes' : 'no', date: '' };
  if (event.startsAt) values.date = formatDate(new Date(event.startsAt), locale, timeZone);
  return values;
}

export function relayChoice(locale: Locale): Choice {
  return { id: encodeControlChoice('relay'), label: t(locale, 'conv.relay.choice') };
}

/** The six points of the question's scale, then Skip. */
export function questionChoices(survey: SurveyDefinition, index: number, eventId: string, locale: Locale): Choice[] {
  const question = survey.questions[index];
  if (!question) return [];
  const scale = scaleOf(survey, question);
  const points: Choice[] = [];
  for (let v = 1; v <= SCALE_POINTS; v++) points.push({ id: encodeSurveyChoice(v, index, eventId), label: t(locale, `scale.${scale}.${v}`) });
  // Skip names its question, as the points do: a double tap or an old button skips nothing else.
  return [...points, { id: encodeControlChoice('skip', index), label: t(locale, 'conv.survey.skipChoice') }];
}

/** "Question 2 of 8" and the question, in the guardian's language. */
export function questionText(survey: SurveyDefinition, index: number, locale: Locale): string {
  const question = survey.questions[index];
  return t(locale, 'conv.survey.question', { n: index + 1, total: survey.questions.length, text: pick(question?.text, locale) ?? '' });
}

export function questionMessage(survey: SurveyDefinition, index: number, eventId: string, locale: Locale, lead: string[] = []): OutboundMessage {
  return joined(locale, [...lead, questionText(survey, index, locale)], questionChoices(survey, index, eventId, locale));
}

/** A clock time in the school's zone, for a teacher's confirmation. */
export function clock(at: Date, locale: Locale, timeZone: string): string {
  return formatTime(at, locale, timeZone);
}
