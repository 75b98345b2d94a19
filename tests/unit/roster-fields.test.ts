import { describe, expect, it } from 'vitest';
import { gradeFromClassId, gradeFromText, localeFrom } from '../../src/domain/roster/fields.js';

describe('grades', () => {
  it.each([
    ['5', 5],
    ['12', 12],
    ['٥', 5],
    ['6AP', 6],
    ['1AC', 7],
    ['3AC', 9],
    ['1APIC', 7],
    ['TC', 10],
    ['1BAC', 11],
    ['2 BAC', 12],
    ['0', undefined],
    ['13', undefined],
    ['5.5', undefined],
    ['five', undefined],
  ])('grade cell %s → %s', (text, grade) => {
    expect(gradeFromText(text)).toBe(grade);
  });

  it.each([
    ['5A', 5],
    ['05-B', 5],
    ['12SC', 12],
    ['1AC-2', 7],
    ['2BAC-PC', 12],
    ['TCS1', 10],
    ['Lions', undefined],
    ['13A', undefined],
  ])('class id %s starts with grade %s', (id, grade) => {
    expect(gradeFromClassId(id)).toBe(grade);
  });
});

describe('localeFrom', () => {
  it.each([
    ['ar', 'ar'],
    [' Arabic ', 'ar'],
    ['العربية', 'ar'],
    ['darija', 'ar'],
    ['en_US', 'en'],
    ['Anglais', 'en'],
    ['الإنجليزية', 'en'],
    ['fr', 'fr'],
    ['Français', 'fr'],
    ['fr-MA', 'fr'],
    ['es', undefined],
  ])('%s → %s', (raw, locale) => {
    expect(localeFrom(raw)).toBe(locale);
  });
});
