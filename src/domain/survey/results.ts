/**
 * Survey results (DESIGN §8): per item and per subscale n, mean, sample SD, min, max;
 * Cronbach's alpha per subscale; Spearman's rho with a two-tailed p for every subscale pair.
 *
 * The pipeline, in this order:
 * 1. Reading. An answer counts only if it is an integer in 1..scaleMax. Anything else that is
 *    a number (0, 7, 2.5, NaN) is treated as missing and counted in `invalidAnswers`; a
 *    non-number (undefined, null) is simply missing. Answer keys that name no item are ignored.
 * 2. Reverse scoring: a reverse item's value v becomes scaleMax + 1 − v, before anything else
 *    (so medians, means and alpha all see the reversed values).
 * 3. A row with no valid answer at all is not a respondent and is dropped under both policies
 *    (the median policy would otherwise invent a whole response).
 * 4. Missing answers:
 *    - 'listwise': a respondent missing ANY item of the survey is dropped from everything, as
 *      SPSS's listwise deletion does, so every item, subscale, alpha and correlation is
 *      computed on the same n respondents.
 *    - 'median': a missing answer becomes its item's median over the respondents who answered
 *      it (after reversing; the mean of the two middle values when their count is even, so it
 *      can be x.5). If nobody answered an item there is no median, every respondent stays
 *      incomplete and n is 0.
 *    After either policy only complete respondents remain; all statistics use them, so
 *    under 'median' item statistics include the imputed values.
 * 5. A respondent's subscale score is the mean of their values on the subscale's items.
 *
 * Statistics follow src/domain/survey/stats.ts: NaN where undefined (n = 0; SD when n < 2; rho when a
 * score is constant; p when n < 3). alpha is null for a one-item subscale and NaN when the
 * subscale's totals do not vary. Subscales are listed in order of first appearance among the
 * items; correlations list every pair (a before b in that order). Cost: O(n·items) plus one
 * O(n log n) ranking per subscale and O(n) per pair.
 */
import { averageRanks, cronbachAlphaOfColumns, max, mean, median, min, sampleSd, spearmanFromRanks } from './stats.js';

export interface SurveyItem {
  id: string;
  subscale: string;
  reverse?: boolean;
}

export interface SurveyResponseRow {
  respondentId: string;
  /** Item id → answer 1..scaleMax, or undefined when not answered. */
  answers: Record<string, number | undefined>;
}

export type MissingPolicy = 'listwise' | 'median';

export interface SurveyResultsOptions {
  /** Highest point of the scale (6 for the surveys of DESIGN §8); the lowest is 1. */
  scaleMax: number;
  missing: MissingPolicy;
}

export interface Descriptives {
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

export interface ItemResult extends Descriptives {
  id: string;
  subscale: string;
}

export interface SubscaleResult extends Descriptives {
  id: string;
  items: string[];
  /** null when the subscale has fewer than 2 items. */
  alpha: number | null;
}

export interface SubscaleCorrelation {
  a: string;
  b: string;
  rho: number;
  p: number;
  n: number;
}

export interface SurveyResults {
  /** Respondents used. */
  n: number;
  /** Rows not used: blank rows, and under 'listwise' incomplete ones. */
  dropped: number;
  /** Answers that were numbers but not an integer in 1..scaleMax (treated as missing). */
  invalidAnswers: number;
  items: ItemResult[];
  subscales: SubscaleResult[];
  correlations: SubscaleCorrelation[];
}

interface Subscale {
  id: string;
  itemIndices: number[];
}

function validate(items: readonly SurveyItem[], opts: SurveyResultsOptions): void {
  if (!Number.isInteger(opts.scaleMax) || opts.scaleMax < 2) {
    throw new RangeError(`scaleMax must be an integer ≥ 2, got ${opts.scaleMax}`);
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new RangeError(`duplicate survey item id '${item.id}'`);
    seen.add(item.id);
  }
}

/**
 * Item-major matrix of the rows that answered at least one item: columns[item][respondent],
 * NaN where missing, reverse items already reversed.
 */
function readColumns(items: readonly SurveyItem[], rows: readonly SurveyResponseRow[], scaleMax: number) {
  const columns: number[][] = items.map(() => []);
  let invalidAnswers = 0;
  const values = new Array<number>(items.length);
  for (const row of rows) {
    let answered = 0;
    items.forEach((item, j) => {
      const raw: unknown = row.answers[item.id];
      const valid = typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= scaleMax;
      if (typeof raw === 'number' && !valid) invalidAnswers++;
      if (valid) answered++;
      values[j] = !valid ? Number.NaN : item.reverse === true ? scaleMax + 1 - raw : raw;
    });
    if (answered > 0) columns.forEach((column, j) => column.push(values[j] ?? Number.NaN));
  }
  return { columns, invalidAnswers };
}

/** Replaces each column's NaNs by the median of its other values (NaN when it has none). */
function imputeMedians(columns: readonly number[][]): number[][] {
  return columns.map((column) => {
    const fill = median(column.filter((v) => !Number.isNaN(v)));
    return column.map((v) => (Number.isNaN(v) ? fill : v));
  });
}

/** Keeps the respondents with a value on every item. */
function completeRespondents(columns: readonly number[][]): number[][] {
  const n = columns[0]?.length ?? 0;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (columns.every((column) => !Number.isNaN(column[i] ?? Number.NaN))) keep.push(i);
  if (keep.length === n) return columns.map((column) => column.slice());
  return columns.map((column) => keep.map((i) => column[i] ?? Number.NaN));
}

function describe(values: readonly number[]): Descriptives {
  return { n: values.length, mean: mean(values), sd: sampleSd(values), min: min(values), max: max(values) };
}

function groupSubscales(items: readonly SurveyItem[]): Subscale[] {
  const byId = new Map<string, Subscale>();
  items.forEach((item, j) => {
    const group = byId.get(item.subscale) ?? { id: item.subscale, itemIndices: [] };
    group.itemIndices.push(j);
    byId.set(item.subscale, group);
  });
  return [...byId.values()];
}

/** Per respondent, the mean of the subscale's items. */
function subscaleScores(columns: readonly (readonly number[])[], n: number): number[] {
  const scores = new Array<number>(n).fill(0);
  for (const column of columns) for (let i = 0; i < n; i++) scores[i] = (scores[i] ?? 0) + (column[i] ?? 0);
  return scores.map((sum) => sum / columns.length);
}

function correlate(subscales: readonly Subscale[], scores: readonly number[][]): SubscaleCorrelation[] {
  const ranks = scores.map((s) => averageRanks(s));
  const out: SubscaleCorrelation[] = [];
  for (let a = 0; a < subscales.length; a++) {
    for (let b = a + 1; b < subscales.length; b++) {
      const { rho, p, n } = spearmanFromRanks(ranks[a] ?? [], ranks[b] ?? []);
      out.push({ a: subscales[a]?.id ?? '', b: subscales[b]?.id ?? '', rho, p, n });
    }
  }
  return out;
}

/** Survey statistics under the given missing-answer policy; see the module comment for every rule. */
export function surveyResults(
  items: readonly SurveyItem[],
  rows: readonly SurveyResponseRow[],
  opts: SurveyResultsOptions,
): SurveyResults {
  validate(items, opts);
  const read = readColumns(items, rows, opts.scaleMax);
  const columns = completeRespondents(opts.missing === 'median' ? imputeMedians(read.columns) : read.columns);
  const n = columns[0]?.length ?? 0;
  const groups = groupSubscales(items);
  const scores: number[][] = [];
  const subscales = groups.map((group): SubscaleResult => {
    const itemColumns = group.itemIndices.map((j) => columns[j] ?? []);
    const score = subscaleScores(itemColumns, n);
    scores.push(score);
    const alpha = itemColumns.length < 2 ? null : cronbachAlphaOfColumns(itemColumns);
    return { id: group.id, items: group.itemIndices.map((j) => items[j]?.id ?? ''), ...describe(score), alpha };
  });
  return {
    n,
    dropped: rows.length - n,
    invalidAnswers: read.invalidAnswers,
    items: items.map((item, j) => ({ id: item.id, subscale: item.subscale, ...describe(columns[j] ?? []) })),
    subscales,
    correlations: correlate(groups, scores),
  };
}
