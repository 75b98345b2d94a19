/**
 * Surveys: define a school's own (upsert by id), list and read them with the built-in ones, and
 * read the answers back as statistics (JSON) or as a spreadsheet (CSV). Responses are stored
 * under the school, so a key only ever sees its own school's answers, built-in surveys included.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SURVEY_SCALES, type SurveyDefinition, type SurveyResponse } from '../core/survey.js';
import { surveyResponsesCsv } from '../domain/survey/csv.js';
import { filterResponses, surveyReport, type ResponseFilters } from '../domain/survey/report.js';
import { surveyDefinitionSchema, toSurveyDefinition } from '../domain/survey/schema.js';
import type { PipelineContext } from '../services/context.js';
import { findSurvey, listSurveys } from '../services/surveys.js';
import { schoolOf } from './auth.js';
import { audit } from './audit-log.js';
import { notFound } from './errors.js';
import { assertTeacherClass, teacherClasses } from './teacher-scope.js';

const surveyIdParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'not a survey id') });
const school = z.string().optional().describe('Only for a key that acts for every school');
const filterQuery = z.object({
  school,
  eventId: z.string().regex(/^ev[a-z0-9]{8,40}$/, 'not an event id').optional().describe('Only the responses to this sending'),
  classId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a class id').optional().describe('Only guardians with a child in this class'),
});

const localized = z.object({ ar: z.string().optional(), fr: z.string().optional(), en: z.string().optional() });
const scale = z.enum(SURVEY_SCALES);
const definitionOut = z.object({
  id: z.string(),
  title: localized,
  scale,
  questions: z.array(z.object({ id: z.string(), text: localized, subscale: z.string(), scale: scale.optional(), reverse: z.boolean().optional() })),
  builtIn: z.boolean(),
});

const stat = z.number().nullable();
const descriptives = { n: z.number().int(), mean: stat, sd: stat, min: stat, max: stat };
const resultsOut = z.object({
  survey: z.object({ id: z.string(), title: localized, scale }),
  filters: z.object({ eventId: z.string().nullable(), classId: z.string().nullable(), missing: z.enum(['listwise', 'median']) }),
  responses: z.number().int().describe('Responses matching the filters'),
  n: z.number().int().describe('Respondents the statistics use'),
  dropped: z.number().int().describe('Responses not used: nothing answered, or (listwise) something missing'),
  invalidAnswers: z.number().int(),
  items: z.array(z.object({
    id: z.string(), subscale: z.string(), text: localized, scale, reverse: z.boolean(), ...descriptives,
    distribution: z.array(z.number().int()).describe('How many answered 1, 2, …, 6, as given (before reverse scoring), over every matching response'),
  })),
  subscales: z.array(z.object({ id: z.string(), items: z.array(z.string()), ...descriptives, alpha: stat.describe("Cronbach's alpha; null for one item or no variance") })),
  correlations: z.array(z.object({ a: z.string(), b: z.string(), rho: stat.describe("Spearman's rho"), p: stat.describe('two-tailed'), n: z.number().int() })),
});

export function surveyRoutes(ctx: PipelineContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/v1/surveys', {
      config: { access: 'staff' },
      schema: {
        tags: ['surveys'],
        summary: "Define one of the school's own surveys (replaces the one with the same id)",
        body: surveyDefinitionSchema,
        response: { 201: definitionOut },
      },
    }, async (request, reply) => {
      const schoolId = schoolOf(request, request.body.schoolId);
      await ctx.stores.surveys.put(schoolId, toSurveyDefinition(request.body));
      request.log.info({ schoolId, surveyId: request.body.id }, 'survey defined');
      await audit(ctx, request, 'survey_defined', { type: 'survey', id: request.body.id });
      // Read back, so the answer is what later reads will see.
      return reply.status(201).send(definitionView(await loadSurvey(ctx, schoolId, request.body.id)));
    });

    app.get('/v1/surveys', {
      config: { access: 'teacher' },
      schema: { tags: ['surveys'], summary: "The built-in surveys and the school's own", querystring: z.object({ school }), response: { 200: z.object({ items: z.array(definitionOut) }) } },
    }, async (request) => ({ items: (await listSurveys(ctx, schoolOf(request))).map(definitionView) }));

    app.get('/v1/surveys/:id', {
      config: { access: 'teacher' },
      schema: { tags: ['surveys'], summary: 'One survey definition', params: surveyIdParams, querystring: z.object({ school }), response: { 200: definitionOut } },
    }, async (request) => definitionView(await loadSurvey(ctx, schoolOf(request), request.params.id)));

    app.get('/v1/surveys/:id/results', {
      config: { access: 'teacher' },
      schema: {
        tags: ['surveys'],
        summary: "Per item and subscale n, mean, SD, min, max; Cronbach's alpha; Spearman's rho between subscales",
        params: surveyIdParams,
        querystring: filterQuery.extend({
          missing: z.enum(['listwise', 'median']).default('listwise').describe('listwise: drop a response missing any answer; median: fill it with the item median'),
        }),
        response: { 200: resultsOut },
      },
    }, async (request) => {
      assertTeacherClass(request.query.classId, await teacherClasses(ctx, request));
      const { survey, responses, filters } = await loadResponses(ctx, schoolOf(request), request.params.id, request.query);
      return surveyReport(survey, responses, filters, request.query.missing);
    });

    app.get('/v1/surveys/:id/responses.csv', {
      config: { access: 'teacher' },
      schema: {
        tags: ['surveys'],
        summary: 'One row per response, one column per question (answers 1–6 as given); UTF-8 with a BOM, for spreadsheets',
        produces: ['text/csv'],
        params: surveyIdParams,
        querystring: filterQuery,
        response: { 200: z.string().describe('text/csv') },
      },
    }, async (request, reply) => {
      assertTeacherClass(request.query.classId, await teacherClasses(ctx, request));
      const { survey, responses } = await loadResponses(ctx, schoolOf(request), request.params.id, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${survey.id}-responses.csv"`)
        .send(surveyResponsesCsv(survey, responses));
    });
  };
}

async function loadSurvey(ctx: PipelineContext, schoolId: string, id: string): Promise<SurveyDefinition> {
  const survey = await findSurvey(ctx, schoolId, id);
  if (!survey) throw notFound('survey', id);
  return survey;
}

/** The survey and its responses in the school that match the filters. */
async function loadResponses(ctx: PipelineContext, schoolId: string, id: string, query: ResponseFilters) {
  const survey = await loadSurvey(ctx, schoolId, id);
  const filters: ResponseFilters = {
    ...(query.eventId !== undefined ? { eventId: query.eventId } : {}),
    ...(query.classId !== undefined ? { classId: query.classId } : {}),
  };
  const responses: SurveyResponse[] = filterResponses(await ctx.stores.surveys.responses(schoolId, survey.id), filters);
  return { survey, responses, filters };
}

/** `builtIn` always present, so the console can tell which surveys it may edit. */
function definitionView(s: SurveyDefinition) {
  return { ...s, builtIn: s.builtIn === true };
}
