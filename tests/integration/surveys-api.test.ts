/**
 * The surveys API against the real app and Redis: defining a survey, reading its results as
 * statistics and its responses as CSV, with the error envelope and the school boundary.
 */
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../src/core/survey.js';
import type { ResponseStart } from '../../src/store/survey-store.js';
import { auth, KEY_ALL, KEY_S2, startTestApp, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

const TOL = 1e-9;

const SURVEY = {
  id: 'home-school',
  title: { ar: 'البيت والمدرسة', en: 'Home and school' },
  scale: 'agreement',
  questions: [
    { id: 'talk', subscale: 'home', text: { ar: 'نتحدث عن يوم طفلي في المدرسة.', en: 'We talk about my child’s school day.' } },
    { id: 'read', subscale: 'home', text: { en: 'We read together.' } },
    { id: 'unsure', subscale: 'efficacy', reverse: true, text: { ar: 'لا أعرف كيف أساعد طفلي.', en: 'I do not know how to help my child.' } },
    { id: 'know', subscale: 'efficacy', text: { en: 'I know how to help my child.' } },
    { id: 'asked', subscale: 'invites', scale: 'frequency', text: { en: 'How often has the teacher asked you to help?' } },
  ],
} as const;

const EV_A = 'evmeeting0001';
const EV_B = 'evmeeting0002';
const u = undefined;
type Answers = [number | undefined, number | undefined, number | undefined, number | undefined, number | undefined];
/** guardian, event, classes, answers (talk read unsure know asked), how it ended. */
const DATA: Array<[string, string, string, Answers, 'completed' | 'stopped']> = [
  ['g1', EV_A, 'C1', [5, 6, 2, 5, 4], 'completed'],
  ['g2', EV_A, 'C1', [3, 4, 4, 3, 2], 'completed'],
  ['g3', EV_A, 'C2', [6, 5, 1, 6, 6], 'completed'],
  ['g4', EV_A, 'C1,C2', [2, 3, 5, 2, 3], 'completed'],
  ['g5', EV_A, 'C2', [4, u, 3, 4, 5], 'completed'], // skipped "read"
  ['g6', EV_B, 'C1', [5, 5, 2, 4, 1], 'completed'],
  ['g7', EV_B, 'C2', [1, 2, 6, 2, 2], 'completed'],
  ['g8', EV_B, 'C1', [4, 4, 3, 5, u], 'stopped'],
  ['g9', EV_B, 'C2', [6, 6, 1, 5, 6], 'completed'],
  ['g10', EV_B, 'C1', [3, u, u, u, u], 'stopped'],
  ['g11', EV_B, 'C1', [u, u, u, u, u], 'stopped'], // started, answered nothing
  ['g12', EV_A, 'C2', [7, 3, 4, 4, 4], 'completed'], // 7 is off the scale: invalid, treated as missing
];
const QUESTIONS = SURVEY.questions.map((q) => q.id);

/*
 * Expected numbers: computed independently in a throwaway Python script (not in the repo) from
 * DATA above: off-scale answers dropped, "unsure" reversed as 7 − v, blank rows dropped, then
 * listwise deletion or numpy.median imputation per item; item and subscale (mean of items)
 * statistics with numpy mean / std(ddof=1) / min / max; Cronbach's alpha by its formula
 * k/(k−1)·(1 − Σ var(item, ddof=1)/var(total, ddof=1)) in numpy; Spearman's rho and two-tailed p
 * with scipy.stats.spearmanr; distributions by counting the valid raw answers 1..6.
 * Rows: [n, mean, sd, min, max] for items, plus alpha for subscales; [a, b, rho, p, n].
 */
interface Expected {
  responses: number;
  n: number;
  dropped: number;
  invalidAnswers: number;
  items: Record<string, [number, number, number, number, number]>;
  subscales: Record<string, [number, number, number, number, number, number | null]>;
  correlations: Array<[string, string, number, number, number]>;
  distributions?: Record<string, number[]>;
}

const ALL_LISTWISE: Expected = {
  responses: 12, n: 7, dropped: 5, invalidAnswers: 1,
  items: {
    talk: [7, 4.0, 2.0, 1, 6],
    read: [7, 4.428571428571429, 1.511857892036909, 2, 6],
    unsure: [7, 4.0, 2.0, 1, 6],
    know: [7, 3.857142857142857, 1.5735915849388862, 2, 6],
    asked: [7, 3.4285714285714284, 1.9880595947760098, 1, 6],
  },
  subscales: {
    home: [7, 4.214285714285714, 1.7286107827082529, 1.5, 6, 0.9482071713147411],
    efficacy: [7, 3.9285714285714284, 1.7660825629193044, 1.5, 6, 0.9618320610687023],
    invites: [7, 3.4285714285714284, 1.9880595947760098, 1, 6, null],
  },
  correlations: [
    ['home', 'efficacy', 0.9369749612033815, 0.0018510301964418832, 7],
    ['home', 'invites', 0.6881023532039754, 0.08745322758002681, 7],
    ['efficacy', 'invites', 0.7092081432669755, 0.07433118029954724, 7],
  ],
  // Over all 12 responses, answers as given: "unsure" is not reversed here, g12's 7 not counted.
  distributions: {
    talk: [1, 1, 2, 2, 2, 2],
    read: [0, 1, 2, 2, 2, 2],
    unsure: [2, 2, 2, 2, 1, 1],
    know: [0, 2, 1, 3, 3, 1],
    asked: [1, 2, 1, 2, 1, 2],
  },
};

const ALL_MEDIAN: Expected = {
  responses: 12, n: 11, dropped: 1, invalidAnswers: 1,
  items: {
    talk: [11, 3.909090909090909, 1.5782614139961386, 1, 6],
    read: [11, 4.181818181818182, 1.2504544628399563, 2, 6],
    unsure: [11, 3.909090909090909, 1.5782614139961386, 1, 6],
    know: [11, 4.0, 1.2649110640673518, 2, 6],
    asked: [11, 3.727272727272727, 1.618079669911781, 1, 6],
  },
  subscales: {
    home: [11, 4.045454545454546, 1.3684762594679065, 1.5, 6, 0.9174757281553398],
    efficacy: [11, 3.9545454545454546, 1.386624416605763, 1.5, 6, 0.9361702127659575],
    invites: [11, 3.727272727272727, 1.618079669911781, 1, 6, null],
  },
  correlations: [
    ['home', 'efficacy', 0.9583744167935085, 3.3763584959106314e-6, 11],
    ['home', 'invites', 0.5901070419780566, 0.05599195318490141, 11],
    ['efficacy', 'invites', 0.6433697729803262, 0.03270485185639154, 11],
  ],
  distributions: ALL_LISTWISE.distributions,
};

const EVENT_A_LISTWISE: Expected = {
  responses: 6, n: 4, dropped: 2, invalidAnswers: 1,
  items: {
    talk: [4, 4.0, 1.8257418583505538, 2, 6],
    read: [4, 4.5, 1.2909944487358056, 3, 6],
    unsure: [4, 4.0, 1.8257418583505538, 2, 6],
    know: [4, 4.0, 1.8257418583505538, 2, 6],
    asked: [4, 3.75, 1.707825127659933, 2, 6],
  },
  subscales: {
    home: [4, 4.25, 1.5, 2.5, 5.5, 0.8888888888888888],
    efficacy: [4, 4.0, 1.8257418583505538, 2, 6, 1.0],
    invites: [4, 3.75, 1.707825127659933, 2, 6, null],
  },
  correlations: [
    ['home', 'efficacy', 0.9486832980505139, 0.05131670194948613, 4],
    ['home', 'invites', 0.7378647873726218, 0.26213521262737816, 4],
    ['efficacy', 'invites', 0.7999999999999999, 0.2000000000000001, 4],
  ],
  distributions: {
    talk: [0, 1, 1, 1, 1, 1],
    read: [0, 0, 2, 1, 1, 1],
    unsure: [1, 1, 1, 2, 1, 0],
    know: [0, 1, 1, 2, 1, 1],
    asked: [0, 1, 1, 2, 1, 1],
  },
};

// Class C1 includes g4, whose children are in C1 and C2.
const CLASS_C1_LISTWISE: Expected = {
  responses: 7, n: 4, dropped: 3, invalidAnswers: 0,
  items: {
    talk: [4, 3.75, 1.5, 2, 5],
    read: [4, 4.5, 1.2909944487358056, 3, 6],
    unsure: [4, 3.75, 1.5, 2, 5],
    know: [4, 3.5, 1.2909944487358056, 2, 5],
    asked: [4, 2.5, 1.2909944487358056, 1, 4],
  },
  subscales: {
    home: [4, 4.125, 1.3768926368215255, 2.5, 5.5, 0.9670329670329669],
    efficacy: [4, 3.625, 1.3768926368215255, 2, 5, 0.9670329670329669],
    invites: [4, 2.5, 1.2909944487358056, 1, 4, null],
  },
  correlations: [
    ['home', 'efficacy', 1.0, 0.0, 4],
    ['home', 'invites', 0.19999999999999998, 0.8, 4],
    ['efficacy', 'invites', 0.19999999999999998, 0.8, 4],
  ],
  distributions: {
    talk: [0, 1, 2, 1, 2, 0],
    read: [0, 0, 1, 2, 1, 1],
    unsure: [0, 2, 1, 1, 1, 0],
    know: [0, 1, 1, 1, 2, 0],
    asked: [1, 1, 1, 1, 0, 0],
  },
};

const CLASS_C1_MEDIAN: Expected = {
  responses: 7, n: 6, dropped: 1, invalidAnswers: 0,
  items: {
    talk: [6, 3.6666666666666665, 1.2110601416389968, 2, 5],
    read: [6, 4.333333333333333, 1.0327955589886444, 3, 6],
    unsure: [6, 3.8333333333333335, 1.1690451944500122, 2, 5],
    know: [6, 3.8333333333333335, 1.1690451944500122, 2, 5],
    asked: [6, 2.5, 1.0, 1, 4],
  },
  subscales: {
    home: [6, 4.0, 1.0954451150103321, 2.5, 5.5, 0.9444444444444444],
    efficacy: [6, 3.8333333333333335, 1.1254628677422756, 2, 5, 0.9210526315789476],
    invites: [6, 2.5, 1.0, 1, 4, null],
  },
  correlations: [
    ['home', 'efficacy', 0.9705882352941178, 0.0012848565031548858, 6],
    ['home', 'invites', 0.014705882352941178, 0.9779427666395277, 6],
    ['efficacy', 'invites', 0.1323529411764706, 0.8026298213922247, 6],
  ],
};

interface Stat { n: number; mean: number | null; sd: number | null; min: number | null; max: number | null }
interface Results {
  survey: { id: string; title: object; scale: string };
  filters: { eventId: string | null; classId: string | null; missing: string };
  responses: number;
  n: number;
  dropped: number;
  invalidAnswers: number;
  items: Array<Stat & { id: string; subscale: string; text: object; scale: string; reverse: boolean; distribution: number[] }>;
  subscales: Array<Stat & { id: string; items: string[]; alpha: number | null }>;
  correlations: Array<{ a: string; b: string; rho: number | null; p: number | null; n: number }>;
}

function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) return void expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOL);
}

function expectStats(r: Results, e: Expected): void {
  expect([r.responses, r.n, r.dropped, r.invalidAnswers]).toEqual([e.responses, e.n, e.dropped, e.invalidAnswers]);
  expect(r.items.map((i) => i.id)).toEqual(QUESTIONS);
  for (const item of r.items) {
    const [n, mean, sd, min, max] = e.items[item.id]!;
    expect(item.n, `${item.id}.n`).toBe(n);
    close(item.mean, mean, `${item.id}.mean`);
    close(item.sd, sd, `${item.id}.sd`);
    close(item.min, min, `${item.id}.min`);
    close(item.max, max, `${item.id}.max`);
    if (e.distributions) expect(item.distribution, `${item.id}.distribution`).toEqual(e.distributions[item.id]);
  }
  expect(r.subscales.map((s) => s.id)).toEqual(Object.keys(e.subscales));
  for (const s of r.subscales) {
    const [n, mean, sd, min, max, alpha] = e.subscales[s.id]!;
    expect(s.n, `${s.id}.n`).toBe(n);
    close(s.mean, mean, `${s.id}.mean`);
    close(s.sd, sd, `${s.id}.sd`);
    close(s.min, min, `${s.id}.min`);
    close(s.max, max, `${s.id}.max`);
    close(s.alpha, alpha, `${s.id}.alpha`);
  }
  expect(r.correlations.map((c) => [c.a, c.b, c.n])).toEqual(e.correlations.map(([a, b, , , n]) => [a, b, n]));
  r.correlations.forEach((c, k) => {
    close(c.rho, e.correlations[k]![2], `${c.a}~${c.b} rho`);
    close(c.p, e.correlations[k]![3], `${c.a}~${c.b} p`);
  });
}

function expectError(res: LightMyRequestResponse, status: number, code: string): { code: string; message: string; details?: unknown } {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: { code: string; message: string; details?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  return body.error;
}

function expectNames(error: { message: string; details?: unknown }, field: string): void {
  expect(`${error.message} ${JSON.stringify(error.details ?? '')}`).toContain(field);
}

/** Stores DATA as the conversation engine would: answer by answer, then completed or stopped. */
async function seed(t: TestApp): Promise<void> {
  const store = t.runtime.ctx.stores.surveys;
  for (const [i, [guardianId, eventId, classes, answers, end]] of DATA.entries()) {
    const minute = String(i).padStart(2, '0');
    const start: ResponseStart = {
      surveyId: SURVEY.id, eventId, guardianId, classes,
      locale: i % 2 === 0 ? 'ar' : 'en', channel: i % 3 === 0 ? 'whatsapp' : 'telegram',
      startedAt: `2026-10-01T10:${minute}:00.000Z`,
    };
    for (const [j, v] of answers.entries()) {
      const at = `2026-10-01T10:${minute}:${String(j + 10)}.000Z`;
      const q = QUESTIONS[j]!;
      if (v !== undefined) await store.record('s1', start, { answer: { q, v, at, ch: start.channel } });
      else if (guardianId === 'g5') await store.record('s1', start, { skip: { q, at } });
    }
    const endAt = `2026-10-01T10:${minute}:50.000Z`;
    await store.record('s1', start, end === 'completed' ? { completedAt: endAt } : { stoppedAt: endAt });
  }
}

describe('defining surveys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => t.close());

  const post = (payload: unknown, key?: string) => t.app.inject({ method: 'POST', url: '/v1/surveys', headers: auth(key), payload: payload as object });
  const ownIds = async (key?: string, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/surveys${query}`, headers: auth(key) });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Array<{ id: string; builtIn: boolean }> }).items.filter((s) => !s.builtIn).map((s) => s.id);
  };

  it('bad bodies are a 400 naming the field, and nothing is stored', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['no questions', { ...SURVEY, questions: [] }, 'body.questions'],
      ['questions missing', { id: 'x1', title: SURVEY.title, scale: 'agreement' }, 'body.questions'],
      ['duplicate question ids', { ...SURVEY, id: 'dup', questions: [SURVEY.questions[0], SURVEY.questions[0]] }, 'body.questions.1.id'],
      ['unknown scale', { ...SURVEY, id: 'scales', scale: 'likert' }, 'body.scale'],
      ['unknown question scale', { ...SURVEY, id: 'scales', questions: [{ ...SURVEY.questions[0], scale: 'sometimes' }] }, 'body.questions.0.scale'],
      ['a built-in id', { ...SURVEY, id: 'involvement' }, 'body.id'],
      ['builtIn is not for callers', { ...SURVEY, builtIn: true }, 'builtIn'],
    ];
    for (const [what, body, field] of cases) {
      const error = expectError(await post(body), 400, 'invalid_request');
      expect(() => expectNames(error, field), what).not.toThrow();
    }
    expect(await ownIds()).toEqual([]);
  });

  it('POST stores a survey (201 with the definition); GET reads it back and lists it after the built-ins', async () => {
    const res = await post(SURVEY);
    expect(res.statusCode, res.body).toBe(201);
    const stored = { ...SURVEY, builtIn: false };
    expect(res.json()).toEqual(stored);
    const one = await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}`, headers: auth() });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(stored);
    const all = (await t.app.inject({ method: 'GET', url: '/v1/surveys', headers: auth() })).json() as { items: Array<{ id: string; builtIn: boolean }> };
    expect(all.items.map((s) => [s.id, s.builtIn])).toEqual([['event-feedback', true], ['involvement', true], [SURVEY.id, false]]);
    const builtIn = (await t.app.inject({ method: 'GET', url: '/v1/surveys/involvement', headers: auth() })).json() as { questions: unknown[]; builtIn: boolean };
    expect(builtIn.builtIn).toBe(true);
    expect(builtIn.questions).toHaveLength(8);
  });

  it('POST with the same id replaces the survey (upsert)', async () => {
    const changed = { ...SURVEY, id: 'short', questions: [SURVEY.questions[0]] };
    expect((await post(changed)).statusCode).toBe(201);
    const again = { ...changed, title: { en: 'Short' }, questions: [SURVEY.questions[1], SURVEY.questions[2]] };
    expect((await post(again)).statusCode).toBe(201);
    const read = (await t.app.inject({ method: 'GET', url: '/v1/surveys/short', headers: auth() })).json();
    expect(read).toEqual({ ...again, builtIn: false });
    expect(await ownIds()).toEqual([SURVEY.id, 'short']);
  });

  it('unknown survey → 404; a malformed id → 400 naming params.id', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/v1/surveys/nope', headers: auth() }), 404, 'not_found');
    expectError(await t.app.inject({ method: 'GET', url: '/v1/surveys/nope/results', headers: auth() }), 404, 'not_found');
    expectError(await t.app.inject({ method: 'GET', url: '/v1/surveys/nope/responses.csv', headers: auth() }), 404, 'not_found');
    expectNames(expectError(await t.app.inject({ method: 'GET', url: '/v1/surveys/Not%20An%20Id', headers: auth() }), 400, 'invalid_request'), 'params.id');
  });

  it("another school's key: 403 when it names the school, and its own list never shows the survey", async () => {
    expectError(await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}?school=s1`, headers: auth(KEY_S2) }), 403, 'forbidden');
    expectError(await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}/results?school=s1`, headers: auth(KEY_S2) }), 403, 'forbidden');
    expectError(await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}/responses.csv?school=s1`, headers: auth(KEY_S2) }), 403, 'forbidden');
    expectError(await post({ ...SURVEY, schoolId: 's1' }, KEY_S2), 403, 'forbidden');
    expectError(await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}`, headers: auth(KEY_S2) }), 404, 'not_found');
    expect(await ownIds(KEY_S2)).toEqual([]);
  });

  it('the routes and their schemas are in the OpenAPI description', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/surveys', '/v1/surveys/{id}', '/v1/surveys/{id}/results', '/v1/surveys/{id}/responses.csv']));
    expect(doc.paths['/v1/surveys/{id}/results']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['eventId', 'classId', 'missing']));
  });

  it('a key for every school names one (schoolId in the body, ?school= on reads)', async () => {
    expectError(await post({ ...SURVEY, id: 'everywhere' }, KEY_ALL), 400, 'school_required');
    expect((await post({ ...SURVEY, id: 'everywhere', schoolId: 's2' }, KEY_ALL)).statusCode).toBe(201);
    expect(await ownIds(KEY_S2)).toEqual(['everywhere']);
    expect(await ownIds(KEY_ALL, '?school=s2')).toEqual(['everywhere']);
  });
});

describe('results and CSV of seeded responses', () => {
  let t: TestApp;
  const roster = makeRoster('srv', { guardians: 12, perClass: 6 });
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    // A roster with names and phones, so the CSV test can show none of them leaks.
    expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/v1/surveys', headers: auth(), payload: SURVEY })).statusCode).toBe(201);
    await seed(t);
  });
  afterAll(async () => t.close());

  const results = async (query = ''): Promise<Results> => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}/results${query}`, headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('NaN');
    return res.json() as Results;
  };

  it('the seed is what the references were computed from', async () => {
    const stored: SurveyResponse[] = await t.runtime.ctx.stores.surveys.responses('s1', SURVEY.id);
    expect(stored.map((r) => r.guardianId)).toEqual(DATA.map(([g]) => g));
    expect(stored.find((r) => r.guardianId === 'g5')?.skipped).toEqual({ read: expect.any(String) });
  });

  it('all responses, listwise by default', async () => {
    const r = await results();
    expect(r.survey).toEqual({ id: SURVEY.id, title: SURVEY.title, scale: 'agreement' });
    expect(r.filters).toEqual({ eventId: null, classId: null, missing: 'listwise' });
    expect(r.items.map((i) => [i.id, i.subscale, i.scale, i.reverse])).toEqual([
      ['talk', 'home', 'agreement', false],
      ['read', 'home', 'agreement', false],
      ['unsure', 'efficacy', 'agreement', true],
      ['know', 'efficacy', 'agreement', false],
      ['asked', 'invites', 'frequency', false],
    ]);
    expect(r.items[2]!.text).toEqual(SURVEY.questions[2].text);
    expect(r.subscales.map((s) => s.items)).toEqual([['talk', 'read'], ['unsure', 'know'], ['asked']]);
    expectStats(r, ALL_LISTWISE);
  });

  it('all responses, missing answers replaced by the item median', async () => {
    const r = await results('?missing=median');
    expect(r.filters.missing).toBe('median');
    expectStats(r, ALL_MEDIAN);
  });

  it('filtered by eventId', async () => {
    const r = await results(`?eventId=${EV_A}`);
    expect(r.filters).toEqual({ eventId: EV_A, classId: null, missing: 'listwise' });
    expectStats(r, EVENT_A_LISTWISE);
  });

  it('filtered by classId (a guardian with children in two classes counts in both)', async () => {
    expectStats(await results('?classId=C1'), CLASS_C1_LISTWISE);
    expectStats(await results('?classId=C1&missing=median'), CLASS_C1_MEDIAN);
  });

  it('both filters at once', async () => {
    const r = await results(`?eventId=${EV_B}&classId=C2`);
    expect([r.responses, r.n]).toEqual([2, 2]); // g7 and g9
    expect(r.correlations.every((c) => c.p === null)).toBe(true); // n < 3: no p
  });

  it('nothing matching: n = 0 and every statistic null, never NaN', async () => {
    const r = await results('?eventId=evnothing0000');
    expect([r.responses, r.n, r.dropped]).toEqual([0, 0, 0]);
    expect(r.items[0]).toMatchObject({ n: 0, mean: null, sd: null, min: null, max: null, distribution: [0, 0, 0, 0, 0, 0] });
    expect(r.subscales[0]).toMatchObject({ n: 0, mean: null, alpha: null });
    expect(r.correlations[0]).toMatchObject({ n: 0, rho: null, p: null });
  });

  it('a built-in survey with no responses in this school answers with empty results', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/surveys/involvement/results', headers: auth() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ survey: { id: 'involvement' }, responses: 0, n: 0 });
  });

  it('invalid query → 400 naming the field', async () => {
    const bad = async (query: string, field: string) =>
      expectNames(expectError(await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}/results${query}`, headers: auth() }), 400, 'invalid_request'), field);
    await bad('?missing=mean', 'querystring.missing');
    await bad('?eventId=not-an-event', 'querystring.eventId');
    await bad('?classId=C1;DROP', 'querystring.classId');
    expectNames(expectError(await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}/responses.csv?eventId=x`, headers: auth() }), 400, 'invalid_request'), 'querystring.eventId');
  });

  it("another school's key sees none of these responses", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/surveys/involvement/results', headers: auth(KEY_S2) });
    expect(res.json()).toMatchObject({ responses: 0 });
    expectError(await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}/results`, headers: auth(KEY_S2) }), 404, 'not_found');
  });

  describe('responses.csv', () => {
    const csv = async (query = '') => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}/responses.csv${query}`, headers: auth() });
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };
    const HEADER = ['event_id', 'guardian_id', 'locale', 'channel', 'classes', 'started_at', 'completed_at', 'stopped_at', ...QUESTIONS];

    it('is UTF-8 CSV with a BOM, as an attachment, with one row per response', async () => {
      const res = await csv();
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${SURVEY.id}-responses.csv"`);
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.rawPayload.toString('utf8')).toMatch(/\r\n$/);
      const rows = parse(res.rawPayload, { bom: true }) as string[][];
      expect(rows[0]).toEqual(HEADER);
      expect(rows.slice(1).map((r) => r[1])).toEqual(DATA.map(([g]) => g));
      const byGuardian = new Map(rows.slice(1).map((r) => [r[1], Object.fromEntries(HEADER.map((h, k) => [h, r[k]]))]));
      // Answers as given: "unsure" not reversed, g12's off-scale 7 kept as it was stored.
      expect(byGuardian.get('g1')).toMatchObject({ event_id: EV_A, locale: 'ar', channel: 'whatsapp', classes: 'C1', talk: '5', read: '6', unsure: '2', know: '5', asked: '4' });
      expect(byGuardian.get('g4')).toMatchObject({ classes: 'C1,C2', completed_at: '2026-10-01T10:03:50.000Z', stopped_at: '' });
      expect(byGuardian.get('g5')).toMatchObject({ read: '', unsure: '3' });
      expect(byGuardian.get('g10')).toMatchObject({ talk: '3', read: '', asked: '', completed_at: '', stopped_at: '2026-10-01T10:09:50.000Z' });
      expect(byGuardian.get('g11')).toMatchObject({ talk: '', started_at: '2026-10-01T10:10:00.000Z' });
      expect(byGuardian.get('g12')).toMatchObject({ talk: '7' });
    });

    it('filters like the results', async () => {
      const byEvent = parse((await csv(`?eventId=${EV_B}`)).rawPayload, { bom: true }) as string[][];
      expect(byEvent.slice(1).map((r) => r[1])).toEqual(['g6', 'g7', 'g8', 'g9', 'g10', 'g11']);
      const byClass = parse((await csv('?classId=C2')).rawPayload, { bom: true }) as string[][];
      expect(byClass.slice(1).map((r) => r[1])).toEqual(['g3', 'g4', 'g5', 'g7', 'g9', 'g12']);
    });

    it('has no phone number, name or chat address of any guardian', async () => {
      const text = (await csv()).rawPayload.toString('utf8');
      for (const g of roster.guardians) {
        expect(text).not.toContain(g.phone);
        expect(text).not.toContain(g.phone.slice(4)); // the national part, however written
        expect(text).not.toContain(g.name);
        expect(text).not.toContain(g.channels.simulator);
      }
      for (const c of roster.children) expect(text).not.toContain(c.name);
    });

    it('Arabic round-trips: the survey title and questions come back unchanged from the JSON routes', async () => {
      // The CSV itself holds ids, codes and timestamps only; the Arabic a console shows next
      // to it comes from the definition, which must survive storage byte for byte.
      const read = (await t.app.inject({ method: 'GET', url: `/v1/surveys/${SURVEY.id}`, headers: auth() })).json() as typeof SURVEY;
      expect(read.title.ar).toBe('البيت والمدرسة');
      expect(read.questions[2].text.ar).toBe(SURVEY.questions[2].text.ar);
    });
  });
});
