/**
 * Descriptive statistics, ranks, correlation and reliability for survey results (DESIGN §8).
 * Pure and allocation-light: every function is O(n) except the rank functions, O(n log n).
 *
 * Conventions: an empty input gives NaN rather than throwing (a survey nobody answered is
 * not an error); inputs are expected to be finite numbers; paired inputs of different
 * lengths throw RangeError (that is a programming error).
 */
import { studentTTwoTailedP } from './stats-distributions.js';

export { lnBeta, lnGamma, regularizedIncompleteBeta, studentTTwoTailedP } from './stats-distributions.js';

/** Arithmetic mean; NaN when empty. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sum of squared deviations from the mean (two-pass, so no catastrophic cancellation). */
function sumOfSquares(values: readonly number[]): number {
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss;
}

/** Sample variance (divisor n − 1); NaN when n < 2. */
export function sampleVariance(values: readonly number[]): number {
  return values.length < 2 ? Number.NaN : sumOfSquares(values) / (values.length - 1);
}

/** Sample standard deviation (divisor n − 1); NaN when n < 2. */
export function sampleSd(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}

/** Smallest value; NaN when empty. A loop, not Math.min(...values), so long inputs cannot overflow the stack. */
export function min(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let m = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < m) m = v;
  return m;
}

/** Largest value; NaN when empty. */
export function max(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** Median (mean of the two middle values when n is even); NaN when empty. Does not reorder the input. */
export function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const hi = sorted[n >> 1] ?? Number.NaN;
  return n % 2 === 1 ? hi : ((sorted[(n >> 1) - 1] ?? Number.NaN) + hi) / 2;
}

/**
 * 1-based ranks in input order; tied values share the mean of the ranks they span
 * ([10, 20, 20, 30] → [1, 2.5, 2.5, 4]). Sorts once: O(n log n).
 */
export function averageRanks(values: readonly number[]): number[] {
  const n = values.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
  const ranks = new Array<number>(n);
  let start = 0;
  while (start < n) {
    const value = values[order[start] ?? 0];
    let end = start + 1;
    while (end < n && values[order[end] ?? 0] === value) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k] ?? 0] = rank;
    start = end;
  }
  return ranks;
}

function assertPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new RangeError(`paired samples differ in length: ${x.length} vs ${y.length}`);
}

/** Pearson's r from deviations about the given centres; clamped to [−1, 1] against rounding. */
function pearsonAbout(x: readonly number[], y: readonly number[], mx: number, my: number): number {
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Pearson's product-moment correlation. NaN when n < 2 or either sample is constant
 * (zero variance: the correlation is undefined). Throws RangeError on unequal lengths.
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  assertPaired(x, y);
  if (x.length < 2) return Number.NaN;
  return pearsonAbout(x, y, mean(x), mean(y));
}

export interface SpearmanResult {
  rho: number;
  n: number;
  /** Two-tailed, from Student's t with n − 2 df; NaN when n < 3 or rho is NaN. */
  p: number;
}

/**
 * Spearman's rho from ranks already computed with averageRanks (so callers correlating one
 * variable with many can rank it once). Average ranks always have mean (n + 1)/2 and are
 * multiples of ½, so every deviation and product below is exact in binary floating point.
 */
export function spearmanFromRanks(rankX: readonly number[], rankY: readonly number[]): SpearmanResult {
  assertPaired(rankX, rankY);
  const n = rankX.length;
  const centre = (n + 1) / 2;
  const rho = n < 2 ? Number.NaN : pearsonAbout(rankX, rankY, centre, centre);
  return { rho, n, p: spearmanP(rho, n) };
}

/**
 * Two-tailed p for rho: t = rho·√((n − 2)/(1 − rho²)) against Student's t with n − 2 df (the
 * usual large-sample approximation, as in scipy.stats.spearmanr and SPSS). |rho| = 1 gives
 * p = 0; n < 3 (no degrees of freedom) or rho NaN gives NaN.
 */
export function spearmanP(rho: number, n: number): number {
  if (n < 3 || Number.isNaN(rho)) return Number.NaN;
  if (Math.abs(rho) >= 1) return 0;
  const df = n - 2;
  return studentTTwoTailedP(rho * Math.sqrt(df / ((1 - rho) * (1 + rho))), df);
}

/** Spearman's rank correlation: Pearson's r on average ranks (ties handled), with its two-tailed p. */
export function spearman(x: readonly number[], y: readonly number[]): SpearmanResult {
  assertPaired(x, y);
  return spearmanFromRanks(averageRanks(x), averageRanks(y));
}

/**
 * Cronbach's alpha, k/(k − 1)·(1 − Σ item variances / variance of the totals), all sample
 * variances (n − 1; the divisor cancels, so population variances give the same alpha).
 * Rows are respondents, columns items; rows must all have the same length (else RangeError).
 * NaN when it is undefined: fewer than 2 items, fewer than 2 respondents, or totals that do
 * not vary (every respondent has the same total, e.g. all items constant). Alpha can be
 * negative when items correlate negatively on average.
 */
export function cronbachAlpha(itemsByRespondent: readonly (readonly number[])[]): number {
  const k = itemsByRespondent[0]?.length ?? 0;
  for (const row of itemsByRespondent) {
    if (row.length !== k) throw new RangeError(`cronbachAlpha: rows have ${k} and ${row.length} items`);
  }
  const columns = Array.from({ length: k }, (_, j) => itemsByRespondent.map((row) => row[j] ?? 0));
  return cronbachAlphaOfColumns(columns);
}

/** cronbachAlpha with the data item-major: columns[item][respondent]. Columns must be equally long. */
export function cronbachAlphaOfColumns(columns: readonly (readonly number[])[]): number {
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  if (k < 2 || n < 2) return Number.NaN;
  const totals = new Array<number>(n).fill(0);
  let itemVariances = 0;
  for (const column of columns) {
    if (column.length !== n) throw new RangeError(`cronbachAlpha: columns have ${n} and ${column.length} values`);
    itemVariances += sampleVariance(column);
    for (let i = 0; i < n; i++) totals[i] = (totals[i] ?? 0) + (column[i] ?? 0);
  }
  const totalVariance = sampleVariance(totals);
  if (!(totalVariance > 0)) return Number.NaN;
  return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}
