/**
 * A survey answer, a skip, the end of a survey: merged into the guardian's response for that
 * sending (survey-store.ts), each answer with its time and channel. The response remembers the
 * guardian's language and classes as they were when it started, for results by class.
 */
import type { Platform } from '../../core/types.js';
import type { Effect } from '../../domain/conversation/types.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { ResponsePatch, ResponseStart } from '../../store/survey-store.js';
import type { PipelineContext } from '../context.js';

type SurveyEffect = Extract<Effect, { type: 'answer' | 'skip' | 'survey_end' }>;

export async function surveyEffect(ctx: PipelineContext, owner: AddressOwner, channel: Platform, effect: SurveyEffect): Promise<void> {
  const { roster, surveys } = ctx.stores;
  const [guardian, children] = await Promise.all([roster.getGuardian(owner.schoolId, owner.id), roster.childrenOf(owner.schoolId, owner.id)]);
  const start: ResponseStart = {
    surveyId: effect.surveyId,
    eventId: effect.eventId,
    guardianId: owner.id,
    locale: guardian?.locale ?? 'ar',
    channel,
    classes: [...new Set(children.map((c) => c.classId))].sort().join(','),
    startedAt: effect.at,
  };
  await surveys.record(owner.schoolId, start, patchOf(effect, channel));
}

function patchOf(effect: SurveyEffect, channel: Platform): ResponsePatch {
  switch (effect.type) {
    case 'answer':
      return { answer: { q: effect.questionId, v: effect.value, at: effect.at, ch: channel } };
    case 'skip':
      return { skip: { q: effect.questionId, at: effect.at } };
    case 'survey_end':
      return effect.how === 'completed' ? { completedAt: effect.at } : { stoppedAt: effect.at };
  }
}
