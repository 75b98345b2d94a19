/**
 * How far the families of a survey sending got: finished (every question answered or skipped),
 * started (answered some, or said "stop" half-way), not started. Read from the survey's
 * responses to this event, so a family that has not opened it is never counted as answered.
 */
import type { SurveyDefinition, SurveyResponse } from '../core/survey.js';
import type { SchoolEvent } from '../core/types.js';
import type { PipelineContext } from './context.js';
import { findSurvey } from './surveys.js';

export interface SurveyProgress {
  surveyId: string;
  recipients: number;
  completed: number;
  started: number;
  notStarted: number;
}

/** The progress, and who finished and who started (the follow-up list lists the others). */
export interface SurveyProgressDetail extends SurveyProgress {
  finished: ReadonlySet<string>;
  begun: ReadonlySet<string>;
}

/** The survey this event asks itself (kind survey, or sent with or after the RSVP); undefined when it asks none. */
export function askedSurvey(event: SchoolEvent): string | undefined {
  return event.survey && event.survey.send !== 'after_event' ? event.survey.id : undefined;
}

export async function surveyProgress(ctx: PipelineContext, event: SchoolEvent): Promise<SurveyProgressDetail | undefined> {
  const surveyId = askedSurvey(event);
  if (!surveyId) return undefined;
  const [recipients, responses, survey] = await Promise.all([
    ctx.stores.events.recipientCount(event.id),
    ctx.stores.surveys.responses(event.schoolId, surveyId),
    event.surveyDefinition ?? findSurvey(ctx, event.schoolId, surveyId),
  ]);
  const finished = new Set<string>();
  const begun = new Set<string>();
  for (const r of responses) {
    if (r.eventId !== event.id) continue;
    if (isFinished(r, survey)) finished.add(r.guardianId);
    else begun.add(r.guardianId);
  }
  for (const id of finished) begun.delete(id);
  return {
    surveyId, recipients, completed: finished.size, started: begun.size,
    notStarted: Math.max(0, recipients - finished.size - begun.size), finished, begun,
  };
}

/** Finished: the bot said so, or every question has an answer or was skipped. */
function isFinished(r: SurveyResponse, survey: SurveyDefinition | undefined): boolean {
  if (r.completedAt) return true;
  return Boolean(survey?.questions.length) && survey!.questions.every((q) => q.id in r.answers || (r.skipped !== undefined && q.id in r.skipped));
}
