/**
 * Every roster import error carries a stable code (ROSTER_PROBLEMS) and the parameters its
 * message is made of, CSV and JSON alike: a client words the problem in its reader's language
 * from these, and the English message says the same thing.
 */
import { describe, expect, it } from 'vitest';
import { ROSTER_RULES as rules } from '../../src/adapters.js';
import { parseRosterCsv, validateRosterImport, type ImportError, type RosterImportContext } from '../../src/domain/roster/import.js';
import { ROSTER_PROBLEMS, type ProblemParams, type RosterProblemCode } from '../../src/domain/roster/issues.js';

const NONE: RosterImportContext = { classIds: new Set(), guardianIds: new Set(), rules };
const HEADER = 'child_id,child_name,class_id,grade,guardian_id,guardian_name,guardian_phone,guardian_locale,guardian_channels,channel_order';
const csv = (...rows: string[]) => parseRosterCsv(`${HEADER}\n${rows.join('\n')}\n`, NONE).errors;

/** The message ends with the English the code's own function makes of the parameters. */
function expectMadeOfParams(e: ImportError) {
  expect(Object.keys(ROSTER_PROBLEMS), e.message).toContain(e.code);
  const text = (ROSTER_PROBLEMS[e.code] as (p: ProblemParams) => string)(e.params);
  expect(e.message.endsWith(text), `${e.code}: "${e.message}" should end with "${text}"`).toBe(true);
}

describe('roster import errors: code and parameters', () => {
  const cases: Array<[string, () => ImportError[], RosterProblemCode, ProblemParams]> = [
    ['a phone that is not one', () => csv('c1,Sara,5A,,g1,Ahmed,06123,,,'), 'invalid_phone', { value: '06123' }],
    ['an unknown language', () => csv('c1,Sara,5A,,g1,Ahmed,,de,,'), 'invalid_locale', { value: 'de' }],
    ['an id with a colon', () => csv('c1,Sara,5A,,g:1,Ahmed,,,,'), 'invalid_id', { value: 'g:1' }],
    ['a grade that is not one', () => csv('c1,Sara,5A,13,g1,Ahmed,,,,'), 'invalid_grade', { value: '13' }],
    ['a class with no grade in its id', () => csv('c1,Sara,Lions,,g1,Ahmed,,,,'), 'grade_missing', { classId: 'Lions' }],
    ['no guardian id nor phone', () => csv('c1,Sara,5A,,,Ahmed,,,,'), 'guardian_unknown', {}],
    ['an empty name', () => csv('c1,,5A,,g1,Ahmed,,,,'), 'empty', {}],
    ['an unknown chat app', () => csv('c1,Sara,5A,,g1,Ahmed,,,viber:1,'), 'unknown_platform', { value: 'viber', known: expect.arrayContaining(['simulator', 'telegram']) as unknown as string[] }],
    ['a channel without an address', () => csv('c1,Sara,5A,,g1,Ahmed,,,simulator,'), 'channel_pair', { value: 'simulator' }],
    ['an app listed twice', () => csv('c1,Sara,5A,,g1,Ahmed,,,,telegram|telegram'), 'listed_twice', { value: 'telegram' }],
    ['a row with a missing cell', () => csv('c1,Sara,5A'), 'cell_count', { cells: 3, columns: 10, delimiter: ',' }],
    ['two rows that disagree', () => csv('c1,Sara,5A,,g1,Ahmed,0612345678,,,', 'c2,Omar,5A,,g1,Ahmed,0699999999,,,'), 'clash',
      { entity: 'guardian', id: 'g1', label: 'guardian_phone', value: '+212699999999', earlier: '+212612345678', earlierRow: 2 }],
    ['missing columns', () => parseRosterCsv('child_id,child_name\nc1,Sara\n', NONE).errors, 'missing_columns',
      { columns: ['class_id', 'guardian_name'], oneOf: ['guardian_id', 'guardian_phone'] }],
    ['two columns that mean one', () => parseRosterCsv(`${HEADER},phone\n`, NONE).errors, 'same_column', { first: 'guardian_phone', second: 'phone', column: 'guardian_phone' }],
    ['an empty file', () => parseRosterCsv('\n\n', NONE).errors, 'file_empty', {}],
    ['a quote left open', () => csv('c1,"Sara,5A,,g1,Ahmed,,,,'), 'bad_quote', { reason: expect.stringContaining('QUOTE') as unknown as string }],
    ['a JSON item of the wrong type', () => validateRosterImport({ classes: ['oops'] }, NONE).errors, 'wrong_type', { expected: 'object', value: 'oops' }],
    ['a JSON field missing', () => validateRosterImport({ classes: [{ id: '5A' }] }, NONE).errors, 'required', {}],
    ['a JSON id used twice', () => validateRosterImport({ classes: [{ id: '5A', grade: 5 }, { id: '5A', grade: 5 }] }, NONE).errors, 'duplicate_id', { firstSeen: 'classes[0]' }],
    ['a child with no guardian', () => validateRosterImport({ classes: [{ id: '5A', grade: 5 }], children: [{ id: 'c1', name: 'Sara', classId: '5A', guardianIds: [] }] }, NONE).errors, 'no_guardian', {}],
    ['a child of an unknown class', () => validateRosterImport({ guardians: [{ id: 'g1', name: 'A' }], children: [{ id: 'c1', name: 'Sara', classId: '7Z', guardianIds: ['g1'] }] }, NONE).errors,
      'unknown_reference', { entity: 'class', value: '7Z' }],
    ['a name too long', () => validateRosterImport({ guardians: [{ id: 'g1', name: 'x'.repeat(121) }] }, NONE).errors, 'too_long', { max: 120 }],
    ["a teacher's gender not understood", () => validateRosterImport({ teachers: [{ id: 't1', name: 'Nadia', gender: 'x' }] }, NONE).errors, 'invalid_gender', { value: 'x' }],
    ['a body that is not an import', () => validateRosterImport('classes', NONE).errors, 'not_an_import', {}],
  ];
  for (const [what, errorsOf, code, params] of cases) {
    it(`${what}: ${code}`, () => {
      const errors = errorsOf();
      expect(errors.length, JSON.stringify(errors)).toBeGreaterThan(0);
      expect(errors[0]).toMatchObject({ code, params });
      for (const e of errors) expectMadeOfParams(e);
    });
  }

  it('cuts a huge value to 40 characters in its parameters, as in its message', () => {
    const [e] = csv(`c1,Sara,5A,,g1,Ahmed,${'9'.repeat(300)},,,`);
    expect(e?.params.value).toBe(`${'9'.repeat(40)}…`);
    expect(e?.message.length).toBeLessThan(200);
  });

  it('names the app of a wrong channel address in the parameters', () => {
    const [e] = validateRosterImport({ guardians: [{ id: 'g1', name: 'A', channels: { simulator: '' } }] }, NONE).errors;
    expect(e).toMatchObject({ field: 'channels.simulator', code: 'empty' });
  });

  it("reads a teacher's gender from the words schools write", () => {
    const { roster, errors } = validateRosterImport({ teachers: [{ id: 't1', name: 'Nadia', gender: 'F' }, { id: 't2', name: 'Omar', gender: 'homme' }, { id: 't3', name: 'Sami' }] }, NONE);
    expect(errors).toEqual([]);
    expect(roster.teachers.map((t) => t.gender)).toEqual(['female', 'male', undefined]);
  });
});
