import { describe, expect, it } from 'vitest';
import {
  lnBeta,
  lnGamma,
  regularizedIncompleteBeta,
  studentTTwoTailedP,
} from '../../src/domain/survey/stats-distributions.js';

/** |actual − expected| ≤ tol·|expected|. */
function expectRelative(actual: number, expected: number, tol: number): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  expect(rel, `actual ${actual} vs expected ${expected} (rel ${rel})`).toBeLessThanOrEqual(tol);
}

const T_SWEEP = [1e-6, 0.01, 0.1, 0.5, 1, 1.5, 1.7, 1.75, 2, 2.5, 3, 5, 10];

describe('studentTTwoTailedP: closed forms (Abramowitz & Stegun 26.7.3–26.7.4)', () => {
  // These expected values are evaluated with Math.* from the closed forms, rewritten where
  // needed so that they do not cancel; none of them uses the incomplete beta function.
  it('df = 1 (Cauchy): p = 1 − 2·atan(t)/π = 2·atan(1/t)/π', () => {
    for (const t of [...T_SWEEP, 100, 1e4, 1e8]) expectRelative(studentTTwoTailedP(t, 1), (2 * Math.atan(1 / t)) / Math.PI, 1e-13);
  });

  it('df = 2: p = 1 − t/√(2 + t²) = 2 / (√(2 + t²)·(√(2 + t²) + t))', () => {
    for (const t of [...T_SWEEP, 100, 1e4, 1e8]) {
      const s = Math.sqrt(2 + t * t);
      expectRelative(studentTTwoTailedP(t, 2), 2 / (s * (s + t)), 1e-13);
    }
  });

  it('df = 3: p = (2/π)·(atan(√3/t) − √3·t/(3 + t²))', () => {
    for (const t of T_SWEEP) {
      const expected = (2 / Math.PI) * (Math.atan(Math.sqrt(3) / t) - (Math.sqrt(3) * t) / (3 + t * t));
      expectRelative(studentTTwoTailedP(t, 3), expected, 1e-12);
    }
  });

  it('df = 4: p = 1 − (t/√(4 + t²))·(1 + 2/(4 + t²)); t = 1.5 gives exactly 0.208', () => {
    for (const t of T_SWEEP) {
      const expected = 1 - (t / Math.sqrt(4 + t * t)) * (1 + 2 / (4 + t * t));
      expectRelative(studentTTwoTailedP(t, 4), expected, 1e-12);
    }
    // sin θ = 0.75/1.25 = 0.6, cos² θ = 0.64: p = 1 − 0.6·1.32 = 0.208.
    expectRelative(studentTTwoTailedP(1.5, 4), 0.208, 1e-13);
  });

  it('is symmetric in t', () => {
    expect(studentTTwoTailedP(-2.5, 7)).toBe(studentTTwoTailedP(2.5, 7));
  });
});

describe('studentTTwoTailedP: high-precision references, df 1..100000', () => {
  // [t, df, p] computed in a throwaway /tmp Python script with mpmath at 60 digits by two
  // independent methods that agreed to ≥ 40 digits on every row: the Abramowitz & Stegun
  // 26.7.3/26.7.4 finite trigonometric series for integer df, and mpmath.quad of the t
  // density from t to ∞ (doubled). scipy.stats.t.sf(t, df)·2 agreed to ~1e-14 relative.
  const references: ReadonlyArray<readonly [number, number, number]> = [
    [0.5, 1, 0.7048327646991335],
    [10, 1, 0.06345103486110713],
    [3, 2, 0.09546596626670913],
    [2.5, 3, 0.08770664700806555],
    [2.228, 10, 0.05001177181711137],
    [0.3, 10, 0.7703206075657986],
    [4, 25, 0.0004954436705320879],
    [20, 30, 6.749083665771287e-19],
    [2, 30, 0.0546250449629831],
    [1, 100, 0.3197241557841234],
    [3.5, 100, 0.0006964277173562689],
    [10, 100, 9.901688984594139e-17],
    [1.96, 1000, 0.050273184955748715],
    [6, 1000, 2.755369173377469e-09],
    [1.5, 10000, 0.13364597182361962],
    [2.5, 100000, 0.012420919192559046],
    [0.01, 100000, 0.9920213073188232],
    [8, 100000, 1.2573919876256375e-15],
  ];

  it.each(references)('t = %s, df = %s → p = %s (relative error ≤ 1e-12)', (t, df, p) => {
    expectRelative(studentTTwoTailedP(t, df), p, 1e-12);
  });
});

describe('studentTTwoTailedP: edges', () => {
  it('t = 0 gives 1, |t| = ∞ gives 0', () => {
    expect(studentTTwoTailedP(0, 5)).toBe(1);
    expect(studentTTwoTailedP(Number.POSITIVE_INFINITY, 5)).toBe(0);
    expect(studentTTwoTailedP(Number.NEGATIVE_INFINITY, 5)).toBe(0);
  });

  it('NaN t, df ≤ 0 or infinite df give NaN', () => {
    expect(studentTTwoTailedP(Number.NaN, 5)).toBeNaN();
    expect(studentTTwoTailedP(1, 0)).toBeNaN();
    expect(studentTTwoTailedP(1, -3)).toBeNaN();
    expect(studentTTwoTailedP(1, Number.POSITIVE_INFINITY)).toBeNaN();
  });

  it('huge t does not overflow t² (df = 1: p = 2·atan(1/t)/π)', () => {
    expectRelative(studentTTwoTailedP(1e200, 1), (2 * Math.atan(1e-200)) / Math.PI, 1e-13);
  });
});

describe('lnGamma, lnBeta and the incomplete beta', () => {
  it('lnGamma matches ln((n − 1)!) and ln √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      if (n > 1) factorial *= n - 1;
      expect(Math.abs(lnGamma(n) - Math.log(factorial))).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.log(factorial)));
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lnGamma(0)).toBeNaN();
  });

  it('lnBeta(a, ½) for large a matches ln(√π·Γ(a)/Γ(a+½)) from the exact product for integer a', () => {
    // B(1, ½) = Γ(1)·Γ(½)/Γ(3/2) = 2, and B(a + 1, b) = B(a, b)·a/(a + b) (Γ(z + 1) = z·Γ(z)).
    let lnB = Math.log(2); // B(1, ½) = 2
    for (let a = 1; a < 200; a++) lnB += Math.log(a / (a + 0.5));
    expect(Math.abs(lnBeta(200, 0.5) - lnB)).toBeLessThanOrEqual(1e-12);
  });

  it('I_x has the textbook special cases', () => {
    for (const x of [0, 0.1, 0.37, 0.5, 0.9, 1]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
      expect(regularizedIncompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 14);
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 14);
    }
    expect(regularizedIncompleteBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 14);
    expect(regularizedIncompleteBeta(-0.1, 1, 1)).toBeNaN();
    expect(regularizedIncompleteBeta(0.5, 0, 1)).toBeNaN();
  });
});
