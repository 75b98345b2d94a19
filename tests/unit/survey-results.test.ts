import { describe, expect, it } from 'vitest';
import {
  surveyResults,
  type Descriptives,
  type SurveyItem,
  type SurveyResponseRow,
} from '../../src/domain/survey/results.js';

/*
 * Reference values: the pipeline (reverse → drop blank rows → listwise or median → subscale
 * means) re-implemented in a throwaway Python script (not in the repo) with exact fractions
 * (fractions.Fraction; statistics.median for the imputed medians), mpmath for square roots and
 * for p-values (Abramowitz & Stegun 26.7.3/26.7.4 series), and Spearman's rho from its own
 * average-rank code, cross-checked against scipy.stats.spearmanr (rho and p agree to ~1e-15).
 */

const TOL = 1e-9;
function close(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOL);
}
function closeDescriptives(actual: Descriptives, expected: Descriptives, what: string): void {
  expect(actual.n, `${what}.n`).toBe(expected.n);
  for (const key of ['mean', 'sd', 'min', 'max'] as const) close(actual[key], expected[key], `${what}.${key}`);
}

const ITEMS: SurveyItem[] = [
  { id: 'role1', subscale: 'role' },
  { id: 'role2', subscale: 'role' },
  { id: 'role3', subscale: 'role', reverse: true },
  { id: 'eff1', subscale: 'efficacy' },
  { id: 'eff2', subscale: 'efficacy', reverse: true },
  { id: 'inv1', subscale: 'invite' },
];

type Answers = [number | undefined, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined];
const u = undefined;
const RAW: Array<[string, Answers]> = [
  ['p1', [5, 6, 2, 4, 3, 5]],
  ['p2', [3, 4, 4, 2, 5, 2]],
  ['p3', [6, 5, 1, 5, 2, 6]],
  ['p4', [2, 3, 5, 3, 4, 3]],
  ['p5', [4, 4, 3, u, 4, 4]], // eff1 missing
  ['p6', [5, 7, 2, 4, 1, 5]], // role2 = 7: out of range → missing, counted
  ['p7', [1, 2, 6, 2, 6, 1]],
  ['p8', [4, 5, 3, 6, 2, 4]],
  ['p9', [u, u, u, u, u, u]], // blank: never a respondent
  ['p10', [3, 3, 4, 3, 2.5, 0]], // eff2 = 2.5 and inv1 = 0: invalid → missing, counted
];
const ROWS: SurveyResponseRow[] = RAW.map(([respondentId, answers]) => ({
  respondentId,
  answers: Object.fromEntries(ITEMS.map((item, j) => [item.id, answers[j]])),
}));
const OPTS = { scaleMax: 6 } as const;

describe('surveyResults, listwise (across all items, as SPSS)', () => {
  // Complete rows: p1 p2 p3 p4 p7 p8. p5 is dropped from every subscale, not only efficacy.
  // Reversed: role3 2 4 1 5 6 3 → 5 3 6 2 1 4; eff2 3 5 2 4 6 2 → 4 2 5 3 1 5.
  const r = surveyResults(ITEMS, ROWS, { ...OPTS, missing: 'listwise' });

  it('counts respondents, dropped rows and invalid answers', () => {
    expect(r.n).toBe(6);
    expect(r.dropped).toBe(4);
    expect(r.invalidAnswers).toBe(3);
  });

  it('item statistics (exact fractions)', () => {
    const expected: Record<string, Descriptives> = {
      role1: { n: 6, mean: 7 / 2, sd: Math.sqrt(7 / 2), min: 1, max: 6 }, // 5 3 6 2 1 4
      role2: { n: 6, mean: 25 / 6, sd: Math.sqrt(13 / 6), min: 2, max: 6 }, // 6 4 5 3 2 5
      role3: { n: 6, mean: 7 / 2, sd: Math.sqrt(7 / 2), min: 1, max: 6 }, // reversed: 5 3 6 2 1 4
      eff1: { n: 6, mean: 11 / 3, sd: Math.sqrt(8 / 3), min: 2, max: 6 }, // 4 2 5 3 2 6
      eff2: { n: 6, mean: 10 / 3, sd: Math.sqrt(8 / 3), min: 1, max: 5 }, // reversed: 4 2 5 3 1 5
      inv1: { n: 6, mean: 7 / 2, sd: Math.sqrt(7 / 2), min: 1, max: 6 }, // 5 2 6 3 1 4
    };
    expect(r.items.map((i) => [i.id, i.subscale])).toEqual(ITEMS.map((i) => [i.id, i.subscale]));
    for (const item of r.items) closeDescriptives(item, expected[item.id] as Descriptives, item.id);
  });

  it('subscale scores, SDs and alphas', () => {
    // role scores 16/3 10/3 17/3 7/3 4/3 13/3: mean 67/18, variance 157/54, alpha 153/157.
    // efficacy scores 4 2 5 3 3/2 11/2: mean 7/2, variance 13/5, alpha 38/39 (k = 2: 2·(1 − (16/3)/(52/5))).
    expect(r.subscales.map((s) => [s.id, s.items])).toEqual([
      ['role', ['role1', 'role2', 'role3']],
      ['efficacy', ['eff1', 'eff2']],
      ['invite', ['inv1']],
    ]);
    const [role, efficacy, invite] = r.subscales;
    closeDescriptives(role!, { n: 6, mean: 67 / 18, sd: Math.sqrt(157 / 54), min: 4 / 3, max: 17 / 3 }, 'role');
    close(role!.alpha!, 153 / 157, 'role.alpha');
    closeDescriptives(efficacy!, { n: 6, mean: 7 / 2, sd: Math.sqrt(13 / 5), min: 3 / 2, max: 11 / 2 }, 'efficacy');
    close(efficacy!.alpha!, 38 / 39, 'efficacy.alpha');
    closeDescriptives(invite!, { n: 6, mean: 7 / 2, sd: Math.sqrt(7 / 2), min: 1, max: 6 }, 'invite');
    expect(invite!.alpha).toBeNull();
  });

  it('Spearman between every subscale pair, df = 4', () => {
    // Ranks: role 5 3 6 2 1 4, efficacy 4 2 5 3 1 6, invite 5 2 6 3 1 4 (no ties; Sxx = Syy = 35/2).
    // Sxy: role~efficacy 27/2 → rho 27/35; role~invite 33/2 → 33/35; efficacy~invite 29/2 → 29/35.
    const expected = [
      { a: 'role', b: 'efficacy', rho: 27 / 35, p: 0.07239650145772594, n: 6 },
      { a: 'role', b: 'invite', rho: 33 / 35, p: 0.00480466472303207, n: 6 },
      { a: 'efficacy', b: 'invite', rho: 29 / 35, p: 0.04156268221574344, n: 6 },
    ];
    expect(r.correlations.map((c) => [c.a, c.b, c.n])).toEqual(expected.map((c) => [c.a, c.b, c.n]));
    r.correlations.forEach((c, k) => {
      close(c.rho, expected[k]!.rho, `${c.a}~${c.b} rho`);
      close(c.p, expected[k]!.p, `${c.a}~${c.b} p`);
    });
  });
});

describe('surveyResults, median imputation', () => {
  // Blank p9 dropped; the other 9 rows kept. Item medians over those who answered (after
  // reversing): role2 2 3 3 4 4 5 5 6 → 4 (p6); eff1 2 2 3 3 4 4 5 6 → 7/2 (p5);
  // eff2 reversed 1 2 3 3 4 5 5 6 → 7/2 (p10); inv1 1 2 3 4 4 5 5 6 → 4 (p10).
  const r = surveyResults(ITEMS, ROWS, { ...OPTS, missing: 'median' });

  it('keeps every non-blank row and imputes', () => {
    expect(r.n).toBe(9);
    expect(r.dropped).toBe(1);
    expect(r.invalidAnswers).toBe(3);
  });

  it('item statistics include the imputed medians', () => {
    const expected: Record<string, Descriptives> = {
      role1: { n: 9, mean: 11 / 3, sd: Math.sqrt(5 / 2), min: 1, max: 6 },
      role2: { n: 9, mean: 4, sd: Math.sqrt(3 / 2), min: 2, max: 6 },
      role3: { n: 9, mean: 11 / 3, sd: Math.sqrt(5 / 2), min: 1, max: 6 },
      eff1: { n: 9, mean: 65 / 18, sd: Math.sqrt(125 / 72), min: 2, max: 6 },
      eff2: { n: 9, mean: 65 / 18, sd: Math.sqrt(179 / 72), min: 1, max: 6 },
      inv1: { n: 9, mean: 34 / 9, sd: Math.sqrt(22 / 9), min: 1, max: 6 },
    };
    for (const item of r.items) closeDescriptives(item, expected[item.id] as Descriptives, item.id);
  });

  it('subscales, alphas and correlations (with tied subscale scores)', () => {
    const [role, efficacy, invite] = r.subscales;
    closeDescriptives(role!, { n: 9, mean: 34 / 9, sd: Math.SQRT2, min: 4 / 3, max: 17 / 3 }, 'role');
    close(role!.alpha!, 23 / 24, 'role.alpha');
    closeDescriptives(efficacy!, { n: 9, mean: 65 / 18, sd: Math.sqrt(1099 / 576), min: 3 / 2, max: 11 / 2 }, 'efficacy');
    close(efficacy!.alpha!, 982 / 1099, 'efficacy.alpha');
    closeDescriptives(invite!, { n: 9, mean: 34 / 9, sd: Math.sqrt(22 / 9), min: 1, max: 6 }, 'invite');
    // Ranks (n = 9, centre 5): role 8 4 9 2 5 7 1 6 3; efficacy 6 2 15/2 3 9/2 15/2 1 9 9/2;
    // invite 15/2 2 9 3 5 15/2 1 5 5. Sxx: role 60, efficacy 59, invite 115/2.
    // Sxy: role~efficacy 48, role~invite 107/2, efficacy~invite 191/4. p with df = 7.
    const expected = [
      { rho: 48 / Math.sqrt(60 * 59), p: 0.008598083266539396 },
      { rho: 107 / 2 / Math.sqrt(60 * 57.5), p: 0.0006379668341003969 },
      { rho: 191 / 4 / Math.sqrt(59 * 57.5), p: 0.006822645080254908 },
    ];
    r.correlations.forEach((c, k) => {
      expect(c.n).toBe(9);
      close(c.rho, expected[k]!.rho, `${c.a}~${c.b} rho`);
      close(c.p, expected[k]!.p, `${c.a}~${c.b} p`);
    });
  });
});

describe('surveyResults, rules and edges', () => {
  const one = (answers: Record<string, number | undefined>, id = 'r'): SurveyResponseRow => ({ respondentId: id, answers });

  it('reverse scoring maps v to scaleMax + 1 − v before anything else', () => {
    const items: SurveyItem[] = [{ id: 'q', subscale: 's', reverse: true }];
    const r = surveyResults(items, [one({ q: 1 }), one({ q: 2 }), one({ q: 6 })], { scaleMax: 6, missing: 'listwise' });
    // 6 5 1: mean 4, SS 4 + 1 + 9 = 14, variance 7.
    closeDescriptives(r.items[0]!, { n: 3, mean: 4, sd: Math.sqrt(7), min: 1, max: 6 }, 'q');
    const four = surveyResults(items, [one({ q: 1 }), one({ q: 4 })], { scaleMax: 4, missing: 'listwise' });
    expect([four.items[0]!.min, four.items[0]!.max]).toEqual([1, 4]);
  });

  it('ignores unknown answer keys; null is missing but not invalid', () => {
    const items: SurveyItem[] = [{ id: 'a', subscale: 's' }, { id: 'b', subscale: 's' }];
    const rows = [one({ a: 2, b: 3, zz: 9 }), one({ a: 4, b: null as unknown as undefined }), one({ a: 5, b: 6 })];
    const r = surveyResults(items, rows, { scaleMax: 6, missing: 'listwise' });
    expect([r.n, r.dropped, r.invalidAnswers]).toEqual([2, 1, 0]);
  });

  it('a constant subscale gives rho NaN, p NaN and alpha NaN', () => {
    const items: SurveyItem[] = [{ id: 'a1', subscale: 'A' }, { id: 'a2', subscale: 'A' }, { id: 'b1', subscale: 'B' }];
    const rows = [one({ a1: 3, a2: 3, b1: 1 }), one({ a1: 3, a2: 3, b1: 4 }), one({ a1: 3, a2: 3, b1: 6 })];
    const r = surveyResults(items, rows, { scaleMax: 6, missing: 'listwise' });
    expect(r.subscales[0]!.sd).toBe(0);
    expect(r.subscales[0]!.alpha).toBeNaN();
    expect(r.correlations[0]!.rho).toBeNaN();
    expect(r.correlations[0]!.p).toBeNaN();
  });

  it('n < 3 gives p NaN; n = 0 gives NaN statistics', () => {
    const items: SurveyItem[] = [{ id: 'a', subscale: 'A' }, { id: 'b', subscale: 'B' }];
    const two = surveyResults(items, [one({ a: 1, b: 2 }), one({ a: 2, b: 5 })], { scaleMax: 6, missing: 'listwise' });
    expect(two.correlations[0]).toMatchObject({ rho: 1, n: 2 });
    expect(two.correlations[0]!.p).toBeNaN();
    const none = surveyResults(items, [], { scaleMax: 6, missing: 'median' });
    expect(none.n).toBe(0);
    expect(none.items[0]!.mean).toBeNaN();
    expect(none.subscales[0]!.alpha).toBeNull();
    expect(none.correlations[0]).toMatchObject({ a: 'A', b: 'B', n: 0 });
    expect(none.correlations[0]!.rho).toBeNaN();
  });

  it('median policy: an item nobody answered cannot be imputed, so no respondent is complete', () => {
    const items: SurveyItem[] = [{ id: 'a', subscale: 'A' }, { id: 'b', subscale: 'A' }];
    const r = surveyResults(items, [one({ a: 1 }), one({ a: 3 })], { scaleMax: 6, missing: 'median' });
    expect([r.n, r.dropped]).toEqual([0, 2]);
  });

  it('rejects a bad scaleMax and duplicate item ids', () => {
    expect(() => surveyResults(ITEMS, ROWS, { scaleMax: 1, missing: 'listwise' })).toThrow(RangeError);
    expect(() => surveyResults(ITEMS, ROWS, { scaleMax: 5.5, missing: 'listwise' })).toThrow(RangeError);
    expect(() => surveyResults([ITEMS[0]!, ITEMS[0]!], ROWS, { scaleMax: 6, missing: 'listwise' })).toThrow(RangeError);
  });
});
