/** Surveys a school can send: the built-in ones and its own (a stored one never shadows a built-in). */
import type { SurveyDefinition } from '../core/survey.js';
import { BUILT_IN_SURVEYS, builtInSurvey } from '../domain/survey/builtins.js';
import type { PipelineContext } from './context.js';

export async function findSurvey(ctx: Pick<PipelineContext, 'stores'>, schoolId: string, id: string): Promise<SurveyDefinition | undefined> {
  return builtInSurvey(id) ?? (await ctx.stores.surveys.get(schoolId, id));
}

export async function listSurveys(ctx: Pick<PipelineContext, 'stores'>, schoolId: string): Promise<SurveyDefinition[]> {
  return [...BUILT_IN_SURVEYS, ...(await ctx.stores.surveys.list(schoolId))];
}
