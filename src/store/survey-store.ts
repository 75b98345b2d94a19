/**
 * A school's survey definitions and the answers guardians gave, one JSON per guardian and
 * sending (event), under the school's hash tag. Answers are merged by a script, so two answers
 * of one guardian stored at once both stay, and an answer older than the one stored (a
 * late-arriving message) does not replace it.
 */
import type { SurveyAnswer, SurveyDefinition, SurveyResponse } from '../core/survey.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';

/**
 * KEYS: responses. ARGV: field, the response to start from when there is none (JSON), patch
 * (JSON: answer {q, v, at, ch} | skip {q, at} | completedAt | stoppedAt).
 * Returns the response after the change.
 */
const MERGE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local r = cjson.decode(raw or ARGV[2])
local p = cjson.decode(ARGV[3])
if type(r.answers) ~= 'table' then r.answers = {} end
if type(r.skipped) ~= 'table' then r.skipped = {} end
if p.answer then
  local old = r.answers[p.answer.q]
  if not old or old.at <= p.answer.at then
    r.answers[p.answer.q] = { v = p.answer.v, at = p.answer.at, ch = p.answer.ch }
    r.skipped[p.answer.q] = nil
  end
end
if p.skip and not r.answers[p.skip.q] then r.skipped[p.skip.q] = p.skip.at end
if p.completedAt and not r.completedAt then r.completedAt = p.completedAt; r.stoppedAt = nil end
if p.stoppedAt and not r.completedAt then r.stoppedAt = p.stoppedAt end
if next(r.skipped) == nil then r.skipped = nil end
local out = cjson.encode(r)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
`;

interface SurveyScripts {
  sbMergeResponse(key: string, field: string, base: string, patch: string): Promise<string>;
}

export type ResponsePatch =
  | { answer: { q: string } & SurveyAnswer }
  | { skip: { q: string; at: string } }
  | { completedAt: string }
  | { stoppedAt: string };

export type ResponseStart = Omit<SurveyResponse, 'answers' | 'skipped' | 'completedAt' | 'stoppedAt'>;

export class SurveyStore {
  private readonly scripts: SurveyScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<SurveyScripts>(redis, { sbMergeResponse: { keys: 1, lua: MERGE } });
  }

  async put(schoolId: string, survey: SurveyDefinition): Promise<void> {
    const { id, ...rest } = survey;
    await this.redis.hset(this.keys.surveys(schoolId), id, JSON.stringify(rest));
  }

  async get(schoolId: string, id: string): Promise<SurveyDefinition | undefined> {
    const rest = parseStored<Omit<SurveyDefinition, 'id'>>(await this.redis.hget(this.keys.surveys(schoolId), id));
    return rest ? { id, ...rest } : undefined;
  }

  async list(schoolId: string): Promise<SurveyDefinition[]> {
    const all = await this.redis.hgetall(this.keys.surveys(schoolId));
    return Object.entries(all)
      .map(([id, raw]) => {
        const rest = parseStored<Omit<SurveyDefinition, 'id'>>(raw);
        return rest ? { id, ...rest } : undefined;
      })
      .filter((s): s is SurveyDefinition => s !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Applies one change to a guardian's response, creating it from `start` the first time. */
  async record(schoolId: string, start: ResponseStart, patch: ResponsePatch): Promise<SurveyResponse> {
    const base: SurveyResponse = { ...start, answers: {} };
    const out = await this.scripts.sbMergeResponse(this.keys.surveyResponses(schoolId, start.surveyId), field(start.eventId, start.guardianId), JSON.stringify(base), JSON.stringify(patch));
    return normalise(JSON.parse(out) as SurveyResponse);
  }

  async response(schoolId: string, surveyId: string, eventId: string, guardianId: string): Promise<SurveyResponse | undefined> {
    const raw = await this.redis.hget(this.keys.surveyResponses(schoolId, surveyId), field(eventId, guardianId));
    const r = parseStored<SurveyResponse>(raw);
    return r ? normalise(r) : undefined;
  }

  /** Every response to a survey in the school, oldest start first. */
  async responses(schoolId: string, surveyId: string): Promise<SurveyResponse[]> {
    const all = await this.redis.hvals(this.keys.surveyResponses(schoolId, surveyId));
    return all
      .map((raw) => parseStored<SurveyResponse>(raw))
      .filter((r): r is SurveyResponse => r !== undefined)
      .map(normalise)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.guardianId.localeCompare(b.guardianId));
  }

  /** Erasure: the guardian's responses to every survey of the school. */
  async eraseGuardian(schoolId: string, surveyIds: string[], guardianId: string): Promise<void> {
    for (const surveyId of surveyIds) {
      const key = this.keys.surveyResponses(schoolId, surveyId);
      const fields = (await this.redis.hkeys(key)).filter((f) => f.endsWith(`|${guardianId}`));
      if (fields.length) await this.redis.hdel(key, ...fields);
    }
  }
}

function field(eventId: string, guardianId: string): string {
  return `${eventId}|${guardianId}`;
}

/** cjson writes an empty object as {} and may drop it; answers are always an object here. */
function normalise(r: SurveyResponse): SurveyResponse {
  const answers = r.answers && !Array.isArray(r.answers) ? r.answers : {};
  return { ...r, answers };
}
