import { describe, expect, it } from 'vitest';
import { resolveAudience, type AudienceRoster } from '../../src/domain/audience.js';

/**
 * Two grade-1 classes and one grade-2 class.
 * g1 has c1 (1A) and c4 (2A); g2 has c2 (1A); g3 has c3 (1B), shared with g2;
 * c5 (2A) has no guardian; c6 (1B) has only an erased guardian gX.
 */
function roster(): AudienceRoster {
  return {
    classes: new Map([
      ['1A', { grade: 1 }],
      ['1B', { grade: 1 }],
      ['2A', { grade: 2 }],
    ]),
    children: new Map([
      ['c1', { classId: '1A', guardianIds: ['g1'] }],
      ['c2', { classId: '1A', guardianIds: ['g2'] }],
      ['c3', { classId: '1B', guardianIds: ['g3', 'g2'] }],
      ['c4', { classId: '2A', guardianIds: ['g1'] }],
      ['c5', { classId: '2A', guardianIds: [] }],
      ['c6', { classId: '1B', guardianIds: ['gX'] }],
    ]),
    guardianIds: new Set(['g1', 'g2', 'g3', 'g4']),
  };
}

/** Map → plain entries, so toEqual also checks insertion order. */
const entries = (m: Map<string, string[]>) => [...m.entries()];

describe('resolveAudience', () => {
  it('class audience: guardians of that class, each with the children in it', () => {
    const r = resolveAudience({ classes: ['1A'] }, roster());
    expect(entries(r.recipients)).toEqual([['g1', ['c1']], ['g2', ['c2']]]);
    expect(r.unknown).toBeUndefined();
  });

  it('guardian with children in two targeted classes appears once with both', () => {
    const r = resolveAudience({ classes: ['1A', '2A'] }, roster());
    expect(entries(r.recipients)).toEqual([['g1', ['c1', 'c4']], ['g2', ['c2']]]);
  });

  it('guardian with two children in two classes (1A, 1B) counted once', () => {
    const r = resolveAudience({ classes: ['1A', '1B'] }, roster());
    expect(entries(r.recipients)).toEqual([['g1', ['c1']], ['g2', ['c2', 'c3']], ['g3', ['c3']]]);
    expect(r.recipients.size).toBe(3);
  });

  it('grade audience: every class of that grade', () => {
    const r = resolveAudience({ grades: [1] }, roster());
    expect(entries(r.recipients)).toEqual([['g1', ['c1']], ['g2', ['c2', 'c3']], ['g3', ['c3']]]);
    expect(r.unknown).toBeUndefined();
  });

  it('school audience: every guardian of a child; childless guardians and guardianless children skipped', () => {
    const r = resolveAudience({ school: true }, roster());
    expect(entries(r.recipients)).toEqual([['g1', ['c1', 'c4']], ['g2', ['c2', 'c3']], ['g3', ['c3']]]);
    expect(r.unknown).toBeUndefined();
  });

  it('erased guardians (on a child, missing from guardianIds) are skipped', () => {
    const r = resolveAudience({ children: ['c6'] }, roster());
    expect(r.recipients.size).toBe(0);
    expect(r.unknown).toBeUndefined();
  });

  it('unknown class ids are reported exactly, once each, known ones still resolved', () => {
    const r = resolveAudience({ classes: ['9Z', '1A', '8Y', '9Z'] }, roster());
    expect(r.unknown).toEqual({ field: 'classes', ids: ['9Z', '8Y'] });
    expect(entries(r.recipients)).toEqual([['g1', ['c1']], ['g2', ['c2']]]);
  });

  it('unknown grade (no class has it) is reported as a string id', () => {
    const r = resolveAudience({ grades: [2, 6] }, roster());
    expect(r.unknown).toEqual({ field: 'grades', ids: ['6'] });
    expect(entries(r.recipients)).toEqual([['g1', ['c4']]]);
  });

  it('explicit guardians: each with all their children, in the order asked; none is an empty list', () => {
    const r = resolveAudience({ guardians: ['g4', 'g2', 'g1', 'g2'] }, roster());
    expect(entries(r.recipients)).toEqual([['g4', []], ['g2', ['c2', 'c3']], ['g1', ['c1', 'c4']]]);
    expect(r.unknown).toBeUndefined();
  });

  it('unknown and erased guardians are reported', () => {
    const r = resolveAudience({ guardians: ['g1', 'nobody', 'gX'] }, roster());
    expect(r.unknown).toEqual({ field: 'guardians', ids: ['nobody', 'gX'] });
    expect(entries(r.recipients)).toEqual([['g1', ['c1', 'c4']]]);
  });

  it('explicit children: their guardians, with only the named children', () => {
    const r = resolveAudience({ children: ['c3', 'c1', 'c3'] }, roster());
    expect(entries(r.recipients)).toEqual([['g3', ['c3']], ['g2', ['c3']], ['g1', ['c1']]]);
    expect(r.unknown).toBeUndefined();
  });

  it('unknown child ids are reported; a known child with no guardian is not', () => {
    const r = resolveAudience({ children: ['c5', 'ghost'] }, roster());
    expect(r.unknown).toEqual({ field: 'children', ids: ['ghost'] });
    expect(r.recipients.size).toBe(0);
  });

  it('a guardian listed twice on one child gets that child once', () => {
    const base = roster();
    const children = new Map(base.children).set('c7', { classId: '2A', guardianIds: ['g4', 'g4'] });
    const r = resolveAudience({ classes: ['2A'] }, { ...base, children });
    expect(r.recipients.get('g4')).toEqual(['c7']);
  });

  it.each([{ classes: [] }, { grades: [] }, { guardians: [] }, { children: [] }])(
    'empty %j → no recipients, no error',
    (audience) => {
      const r = resolveAudience(audience, roster());
      expect(r.recipients.size).toBe(0);
      expect(r.unknown).toBeUndefined();
    },
  );

  it('10,000 guardians / 12,000 children resolve in linear time', () => {
    const classes = new Map<string, { grade: number }>();
    for (let i = 0; i < 300; i++) classes.set(`k${i}`, { grade: (i % 6) + 1 });
    const guardianIds = new Set<string>();
    for (let i = 0; i < 10_000; i++) guardianIds.add(`g${i}`);
    const children = new Map<string, { classId: string; guardianIds: string[] }>();
    // Child i has guardians g(i mod 10000) and g((i*7) mod 10000): many guardians have several children.
    for (let i = 0; i < 12_000; i++) {
      children.set(`c${i}`, { classId: `k${i % 300}`, guardianIds: [`g${i % 10_000}`, `g${(i * 7) % 10_000}`] });
    }
    const big: AudienceRoster = { classes, children, guardianIds };
    const t0 = performance.now();
    const school = resolveAudience({ school: true }, big);
    const grades = resolveAudience({ grades: [1, 2, 3] }, big);
    const explicit = resolveAudience({ guardians: [...guardianIds] }, big);
    const elapsedMs = performance.now() - t0;
    expect(school.recipients.size).toBe(10_000);
    expect(grades.recipients.size).toBeGreaterThan(0);
    expect(explicit.recipients.size).toBe(10_000);
    const links = [...school.recipients.values()].reduce((n, ids) => n + ids.length, 0);
    // Both guardians coincide when 6i ≡ 0 (mod 10000): i = 0, 5000, 10000; that child counts once.
    expect(links).toBe(24_000 - 3);
    expect(elapsedMs).toBeLessThan(1_000); // ~100 ms here; quadratic work (10^8 steps per call) would take seconds
  });
});
