/**
 * Surveys (DESIGN §8): short questions on a 6-point scale, grouped into subscales, answered in
 * the chat one question at a time. Platform-neutral data; no IO.
 */
import type { Locale, LocalizedText, Platform } from './types.js';

/** The two 6-point scales of the parent-involvement research the schools use. */
export const SURVEY_SCALES = ['agreement', 'frequency'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];

/** Every scale here runs 1..6. */
export const SCALE_POINTS = 6;

export interface SurveyQuestion {
  /** Stable within the survey: results and the CSV's columns are keyed by it. */
  id: string;
  /** The question in each language the survey is offered in. */
  text: LocalizedText;
  /** The construct it measures ("role_beliefs", "self_efficacy", …). */
  subscale: string;
  /** Overrides the survey's scale for this question. */
  scale?: SurveyScale;
  /** Scored 7 − answer: a question worded against the construct. */
  reverse?: boolean;
}

export interface SurveyDefinition {
  id: string;
  title: LocalizedText;
  /** The default scale of its questions. */
  scale: SurveyScale;
  questions: SurveyQuestion[];
  /** Shipped with the service (not editable, not stored). */
  builtIn?: boolean;
}

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
