/**
 * A survey as staff define it (POST /v1/surveys): one schema, one validation. Questions are
 * asked one at a time, each with the six labelled points of its scale as choices.
 */
import { z } from 'zod';
import { SURVEY_SCALES, type SurveyDefinition } from '../../core/survey.js';
import { BUILT_IN_SURVEYS } from './builtins.js';

const RESERVED = new Set(BUILT_IN_SURVEYS.map((s) => s.id));
/** Most chat apps show about this much of a question above its choices without scrolling. */
export const MAX_QUESTION_LENGTH = 300;
export const MAX_QUESTIONS = 20;

const localized = (max: number) =>
  z
    .object({ ar: z.string().trim().min(1).max(max).optional(), fr: z.string().trim().min(1).max(max).optional(), en: z.string().trim().min(1).max(max).optional() })
    .strict()
    .refine((t) => t.ar !== undefined || t.fr !== undefined || t.en !== undefined, { message: 'give the text in Arabic (ar), French (fr) or English (en), or several' });

const questionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'question ids are 1–32 letters, digits, _ or -'),
    text: localized(MAX_QUESTION_LENGTH),
    subscale: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'subscale names are 1–40 letters, digits, _ or -'),
    scale: z.enum(SURVEY_SCALES).optional(),
    reverse: z.boolean().optional(),
  })
  .strict();

export const surveyDefinitionSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'survey ids are 1–40 lower-case letters, digits, _ or -')
      .refine((id) => !RESERVED.has(id), { message: 'this id belongs to a built-in survey; choose another' }),
    title: localized(120),
    scale: z.enum(SURVEY_SCALES, { error: `scale must be one of: ${SURVEY_SCALES.join(', ')}` }),
    questions: z.array(questionSchema).min(1, 'a survey needs at least one question').max(MAX_QUESTIONS, `at most ${MAX_QUESTIONS} questions: a chat survey must stay short`),
    schoolId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional().describe('Only for a key that acts for every school'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `question id '${q.id}' is used twice` });
      seen.add(q.id);
    });
  });

export type SurveyDefinitionRequest = z.output<typeof surveyDefinitionSchema>;

export function toSurveyDefinition(r: SurveyDefinitionRequest): SurveyDefinition {
  const { schoolId: _school, ...rest } = r;
  return rest;
}
