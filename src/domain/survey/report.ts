/**
 * What GET /v1/surveys/:id/results answers: the statistics of results.ts for the
 * responses that match the filters, with each item's wording, scale and answer distribution
 * alongside, shaped for JSON. Pure: the route loads, this shapes.
 *
 * JSON has no NaN, so every undefined statistic (n = 0, SD with n < 2, rho of a constant score,
 * p with n < 3, alpha of a one-item subscale or of totals that do not vary) is null.
 */
import { SCALE_POINTS, scaleOf, type SurveyDefinition, type SurveyResponse, type SurveyScale } from '../../core/survey.js';
import type { LocalizedText } from '../../core/types.js';
import { surveyResults, type Descriptives, type MissingPolicy, type SurveyResponseRow } from './results.js';

export interface ResponseFilters {
  eventId?: string;
  classId?: string;
}

/** A statistic as JSON can carry it. */
type Stat = number | null;

export interface ReportDescriptives {
  n: number;
  mean: Stat;
  sd: Stat;
  min: Stat;
  max: Stat;
}

export interface ReportItem extends ReportDescriptives {
  id: string;
  subscale: string;
  text: LocalizedText;
  scale: SurveyScale;
  reverse: boolean;
  /** distribution[k] = how many matching responses answered k + 1, as given (before reverse scoring). */
  distribution: number[];
}

export interface ReportSubscale extends ReportDescriptives {
  id: string;
  items: string[];
  alpha: Stat;
}

export interface ReportCorrelation {
  a: string;
  b: string;
  rho: Stat;
  p: Stat;
  n: number;
}

export interface SurveyReport {
  survey: { id: string; title: LocalizedText; scale: SurveyScale };
  filters: { eventId: string | null; classId: string | null; missing: MissingPolicy };
  /** Responses matching the filters, before any is dropped for missing answers. */
  responses: number;
  n: number;
  dropped: number;
  invalidAnswers: number;
  items: ReportItem[];
  subscales: ReportSubscale[];
  correlations: ReportCorrelation[];
}

/** The responses of one sending (eventId) and/or of guardians with a child in one class. */
export function filterResponses(responses: readonly SurveyResponse[], filters: ResponseFilters): SurveyResponse[] {
  return responses.filter(
    (r) =>
      (filters.eventId === undefined || r.eventId === filters.eventId) &&
      (filters.classId === undefined || r.classes.split(',').includes(filters.classId)),
  );
}

/** Statistics of the given (already filtered) responses; see the module comment for nulls. */
export function surveyReport(survey: SurveyDefinition, responses: readonly SurveyResponse[], filters: ResponseFilters, missing: MissingPolicy): SurveyReport {
  const items = survey.questions.map((q) => ({ id: q.id, subscale: q.subscale, ...(q.reverse ? { reverse: true } : {}) }));
  const results = surveyResults(items, responses.map(toRow), { scaleMax: SCALE_POINTS, missing });
  const distributions = answerDistributions(survey, responses);
  return {
    survey: { id: survey.id, title: survey.title, scale: survey.scale },
    filters: { eventId: filters.eventId ?? null, classId: filters.classId ?? null, missing },
    responses: responses.length,
    n: results.n,
    dropped: results.dropped,
    invalidAnswers: results.invalidAnswers,
    items: survey.questions.map((q, j) => ({
      id: q.id,
      subscale: q.subscale,
      text: q.text,
      scale: scaleOf(survey, q),
      reverse: q.reverse === true,
      ...descriptives(results.items[j]),
      distribution: distributions[j] ?? [],
    })),
    subscales: results.subscales.map((s) => ({ id: s.id, items: s.items, ...descriptives(s), alpha: s.alpha === null ? null : stat(s.alpha) })),
    correlations: results.correlations.map((c) => ({ a: c.a, b: c.b, rho: stat(c.rho), p: stat(c.p), n: c.n })),
  };
}

/** A skipped question has no answer, so it is simply missing here. */
function toRow(r: SurveyResponse): SurveyResponseRow {
  const answers: Record<string, number | undefined> = {};
  for (const [q, a] of Object.entries(r.answers)) answers[q] = a.v;
  return { respondentId: `${r.eventId}|${r.guardianId}`, answers };
}

/**
 * Per question, counts of the answers 1..SCALE_POINTS as guardians gave them, over every
 * response (complete or not): what a bar chart of "who said what" shows. Values off the scale
 * are not counted here (survey-results counts them as invalidAnswers).
 */
function answerDistributions(survey: SurveyDefinition, responses: readonly SurveyResponse[]): number[][] {
  return survey.questions.map((q) => {
    const counts = new Array<number>(SCALE_POINTS).fill(0);
    for (const r of responses) {
      const v = r.answers[q.id]?.v;
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= SCALE_POINTS) counts[v - 1] = (counts[v - 1] ?? 0) + 1;
    }
    return counts;
  });
}

function descriptives(d: Descriptives | undefined): ReportDescriptives {
  return { n: d?.n ?? 0, mean: stat(d?.mean), sd: stat(d?.sd), min: stat(d?.min), max: stat(d?.max) };
}

function stat(x: number | undefined): Stat {
  return x === undefined || !Number.isFinite(x) ? null : x;
}
