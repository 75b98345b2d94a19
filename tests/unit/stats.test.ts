import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  cronbachAlpha,
  cronbachAlphaOfColumns,
  max,
  mean,
  median,
  min,
  pearson,
  sampleSd,
  sampleVariance,
  spearman,
  spearmanFromRanks,
  spearmanP,
} from '../../src/domain/survey/stats.js';

/*
 * Every expected number here comes from outside this code base: a textbook or Wikipedia
 * example, arithmetic shown in the comment, or a throwaway Python script (not in the repo)
 * using fractions.Fraction for exact values and mpmath (50 digits) for square roots and
 * p-values, cross-checked against scipy.stats / numpy where those have the statistic.
 */

const TOL = 1e-9;
const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(TOL);
};

describe('descriptives', () => {
  // Wikipedia "Standard deviation", basic example: 2 4 4 4 5 5 7 9 has mean 5 and population
  // SD 2, so the sum of squares is 8·4 = 32 and the sample variance is 32/7.
  const data = [2, 4, 4, 4, 5, 5, 7, 9];

  it('mean, sample variance and SD (n − 1), min, max', () => {
    close(mean(data), 5);
    close(sampleVariance(data), 32 / 7);
    close(sampleSd(data), 2.138089935299395); // √(32/7), mpmath
    expect(min(data)).toBe(2);
    expect(max(data)).toBe(9);
  });

  it('median averages the two middle values for even n, takes the middle for odd n, keeps the input', () => {
    close(median(data), 4.5);
    const odd = [9, 1, 5, 3, 7];
    expect(median(odd)).toBe(5);
    expect(odd).toEqual([9, 1, 5, 3, 7]);
  });

  it('empty input gives NaN everywhere; SD of one value is NaN', () => {
    for (const f of [mean, sampleSd, min, max, median]) expect(f([])).toBeNaN();
    expect(sampleSd([4])).toBeNaN();
    expect(sampleSd([3, 3, 3])).toBe(0);
  });

  it('min and max handle long inputs (no spread into Math.min)', () => {
    const long = Array.from({ length: 500_000 }, (_, i) => (i % 2 === 0 ? i : -i));
    expect(min(long)).toBe(-499_999);
    expect(max(long)).toBe(499_998);
  });
});

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    // 1 2 2 3 4 4 4 5 6 6: the 2s share ranks 2,3 → 5/2; the 4s share 5,6,7 → 6; the 6s share 9,10 → 19/2.
    expect(averageRanks([1, 2, 2, 3, 4, 4, 4, 5, 6, 6])).toEqual([1, 2.5, 2.5, 4, 6, 6, 6, 8, 9.5, 9.5]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([])).toEqual([]);
  });

  it('ranks in input order (Wikipedia IQ column)', () => {
    expect(averageRanks([106, 100, 86, 101, 99, 103, 97, 113, 112, 110])).toEqual([7, 4, 1, 5, 3, 6, 2, 10, 9, 8]);
  });
});

describe('pearson', () => {
  it('matches an exact hand computation', () => {
    // x = 1..5 (mean 3), y = 2 4 5 4 5 (mean 4): Sxy = 4 + 0 + 0 + 0 + 2 = 6, Sxx = 10, Syy = 6,
    // r = 6/√60 = √(3/5) = 0.7745966692414834 (numpy.corrcoef agrees).
    close(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]), Math.sqrt(3 / 5));
  });

  it('is NaN for a constant sample or n < 2, and throws on unequal lengths', () => {
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('spearman', () => {
  it('reproduces the Wikipedia IQ vs. hours of TV example: rho = −29/165, p = 0.627188…', () => {
    // Wikipedia "Spearman's rank correlation coefficient", example: Σd² = 194, no ties, so
    // rho = 1 − 6·194/(10·(10² − 1)) = −29/165. The page quotes p = 0.627188 (t-distribution);
    // the digits below are from the A&S 26.7.4 series for df = 8 in mpmath, and
    // scipy.stats.spearmanr gives 0.6271883447764846.
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    const r = spearman(iq, tv);
    close(r.rho, -29 / 165);
    close(r.p, 0.6271883447764844);
    expect(r.n).toBe(10);
  });

  it('p for df = 8 equals the closed form 1 − sinθ·(1 + c²/2 + 3c⁴/8 + 5c⁶/16), θ = atan(t/√8), c = cos θ', () => {
    // Abramowitz & Stegun 26.7.4 for even df, evaluated here with Math.* only.
    for (const rho of [-0.9, -29 / 165, 0.05, 0.3, 0.6, 0.97]) {
      const t = rho * Math.sqrt(8 / (1 - rho * rho));
      const theta = Math.atan(Math.abs(t) / Math.sqrt(8));
      const c2 = Math.cos(theta) ** 2;
      close(spearmanP(rho, 10), 1 - Math.sin(theta) * (1 + c2 / 2 + (3 * c2 * c2) / 8 + (5 * c2 ** 3) / 16));
    }
  });

  it('handles ties with average ranks (hand computation and scipy agree)', () => {
    // x = 1 2 2 3 4 4 4 5 6 6 → ranks 1 5/2 5/2 4 6 6 6 8 19/2 19/2
    // y = 2 1 3 3 5 4 6 6 5 6 → ranks 2 1 7/2 7/2 13/2 5 9 9 13/2 9
    // Deviations from 11/2: Sxy = 67, Sxx = Syy = 159/2, so rho = 67/(159/2) = 134/159.
    // p (df = 8): mpmath A&S series 0.0022017228717760789; scipy.stats.spearmanr: 0.002201722871776077.
    const r = spearman([1, 2, 2, 3, 4, 4, 4, 5, 6, 6], [2, 1, 3, 3, 5, 4, 6, 6, 5, 6]);
    close(r.rho, 134 / 159);
    close(r.p, 0.002201722871776079);
  });

  it('rho = ±1 gives p = 0 exactly, including with ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toEqual({ rho: 1, n: 4, p: 0 });
    expect(spearman([1, 2, 2, 3], [9, 5, 5, 1])).toEqual({ rho: -1, n: 4, p: 0 });
  });

  it('is unchanged by monotone transforms (it only sees ranks)', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const y = [2, 7, 1, 8, 2, 8, 1, 8];
    const a = spearman(x, y);
    const b = spearman(x.map((v) => Math.exp(v)), y.map((v) => v ** 3));
    expect(b).toEqual(a);
  });

  it('n < 3: rho from the ranks, p NaN (no degrees of freedom); n < 2: rho NaN', () => {
    const two = spearman([1, 2], [2, 1]);
    expect(two.rho).toBe(-1);
    expect(two.p).toBeNaN();
    expect(spearman([1], [1]).rho).toBeNaN();
    expect(spearman([], []).p).toBeNaN();
  });

  it('a constant variable gives rho NaN and p NaN', () => {
    const r = spearman([1, 2, 3, 4], [5, 5, 5, 5]);
    expect(r.rho).toBeNaN();
    expect(r.p).toBeNaN();
  });

  it('spearmanFromRanks equals spearman; unequal lengths throw', () => {
    const x = [5, 3, 3, 9, 1];
    const y = [2, 2, 8, 7, 1];
    expect(spearmanFromRanks(averageRanks(x), averageRanks(y))).toEqual(spearman(x, y));
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});

describe('cronbachAlpha', () => {
  it('matches a hand computation with exact fractions', () => {
    // Rows = respondents: (4 5 4) (2 3 3) (5 5 6) (3 2 3) (6 6 5).
    // Item variances: [4,2,5,3,6] SS 10 → 5/2; [5,3,5,2,6] SS 10.8 → 27/10; [4,3,6,3,5] SS 6.8 → 17/10.
    // Totals 13 8 16 8 17 (mean 12.4) SS 73.2 → 183/10. alpha = 3/2·(1 − 6.9/18.3) = 57/61.
    // The Python script also got 57/61 by the covariance form k·c̄/(v̄ + (k − 1)·c̄).
    close(cronbachAlpha([[4, 5, 4], [2, 3, 3], [5, 5, 6], [3, 2, 3], [6, 6, 5]]), 57 / 61);
  });

  it('two identical items give alpha = 1; negatively related items give a negative alpha', () => {
    // Identical items: item variances v + v, total variance 4v → 2·(1 − 2v/4v) = 1.
    close(cronbachAlpha([[1, 1], [3, 3], [4, 4], [6, 6]]), 1);
    // (1 6) (2 4) (3 5) (5 2) (6 1): item variances 43/10 each, totals 7 6 8 7 7 → variance 1/2,
    // alpha = 2·(1 − (43/5)/(1/2)) = −162/5.
    close(cronbachAlpha([[1, 6], [2, 4], [3, 5], [5, 2], [6, 1]]), -162 / 5);
  });

  it('is NaN when undefined: one item, one respondent, or totals that do not vary', () => {
    expect(cronbachAlpha([[1], [2], [3]])).toBeNaN();
    expect(cronbachAlpha([[1, 2, 3]])).toBeNaN();
    expect(cronbachAlpha([])).toBeNaN();
    expect(cronbachAlpha([[2, 5], [2, 5], [2, 5]])).toBeNaN(); // all items constant
    expect(cronbachAlpha([[1, 6], [2, 5], [3, 4]])).toBeNaN(); // items vary, totals constant
  });

  it('column-major form agrees; ragged input throws', () => {
    close(cronbachAlphaOfColumns([[4, 2, 5, 3, 6], [5, 3, 5, 2, 6], [4, 3, 6, 3, 5]]), 57 / 61);
    expect(() => cronbachAlpha([[1, 2], [3]])).toThrow(RangeError);
    expect(() => cronbachAlphaOfColumns([[1, 2], [3]])).toThrow(RangeError);
  });
});
