/**
 * Surveys (DESIGN §8): short questions on a 6-point scale, grouped into subscales, answered in
 * the chat one question at a time. Platform-neutral data; no IO.
 */
import type { Locale, Platform, SurveyDefinition, SurveyQuestion, SurveyScale } from './types.js';

export { SCALE_POINTS, SURVEY_SCALES } from './types.js';
export type { SurveyDefinition, SurveyQuestion, SurveyScale } from './types.js';

/** One answer as stored: the value on the scale, when, and through which channel. */
export interface SurveyAnswer {
  v: number;
  at: string;
  ch: Platform;
}

/** One guardian's answers to one sending of a survey (an event). */
export interface SurveyResponse {
  surveyId: string;
  eventId: string;
  guardianId: string;
  locale: Locale;
  channel: Platform;
  /** The guardian's children's classes at the time they started, comma-separated. */
  classes: string;
  startedAt: string;
  completedAt?: string;
  /** The guardian said "stop" half-way: what was answered is kept. */
  stoppedAt?: string;
  answers: Record<string, SurveyAnswer>;
  /** Questions the guardian skipped. */
  skipped?: Record<string, string>;
}

/** The scale a question is answered on. */
export function scaleOf(survey: SurveyDefinition, question: SurveyQuestion): SurveyScale {
  return question.scale ?? survey.scale;
}
