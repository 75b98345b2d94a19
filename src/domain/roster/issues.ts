/**
 * Import errors: messages a school secretary can act on. Every message reads
 * "<where>: <field> <what is wrong>", so field schemas word their errors as predicates
 * ("is empty", "'06123' is not a phone number"). Each error also carries its problem's stable
 * code and parameters (ROSTER_PROBLEMS below), from which the English predicate is made and a
 * client words the same problem in its reader's language.
 */
import type { z } from 'zod';

export type ImportEntity = 'class' | 'guardian' | 'child' | 'teacher' | 'row';

export interface ImportError {
  /** Spreadsheet row (1 = header), CSV only. */
  row?: number;
  /** Position in its JSON list (0-based), JSON only. */
  index?: number;
  /** The item's id when it could be read. */
  id?: string;
  entity: ImportEntity;
  /** CSV column (canonical name) or JSON field path ("channels", "guardianIds[1]"). */
  field: string;
  /** What is wrong, stable (ROSTER_PROBLEMS): a client words it in its reader's language. */
  code: RosterProblemCode;
  /** The values `message` is made of: the value as written (cut to 40 characters), a limit… */
  params: ProblemParams;
  /** The whole problem in English: "row 4: guardian_phone '06123' is not a phone number (…)". */
  message: string;
}

const MAX_SHOWN = 40;

/** A user value as a parameter: text, cut short so one huge cell cannot flood the report. */
export function cut(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** A user value quoted for a message. */
export function show(value: unknown): string {
  return `'${cut(value)}'`;
}

const KIND_WORDS: Record<string, string> = {
  string: 'text',
  text: 'text',
  number: 'a number',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

const q = (v: string) => `'${v}'`;

/**
 * Every problem an import reports, by stable code, with the English predicate made from its
 * parameters (it reads after the field's name). A client translating by code finds the same
 * parameters here. `value` is always the value as written, cut to 40 characters.
 */
export const ROSTER_PROBLEMS = {
  required: () => 'is required',
  empty: () => 'is empty',
  wrong_type: (p: { expected: string; value: string }) => `must be ${KIND_WORDS[p.expected] ?? p.expected}, not ${q(p.value)}`,
  unexpected_value: (p: { value: string }) => `has an unexpected value ${q(p.value)}`,
  too_few: (p: { min: number }) => `must list at least ${p.min}`,
  too_many: (p: { max: number }) => `lists more than ${p.max} items`,
  too_long: (p: { max: number }) => `is longer than ${p.max} characters`,
  invalid_id: (p: { value: string }) => `${q(p.value)} is not a valid id: use 1–64 letters A–Z, digits, '_', '.' or '-' (no spaces, no ':')`,
  invalid_grade: (p: { value: string }) => `${q(p.value)} is not a grade: use a number from 1 to 12 (or a level such as 6AP, 1AC, 2BAC)`,
  invalid_locale: (p: { value: string }) => `${q(p.value)} is not a language we know: use ar (Arabic), fr (French) or en (English)`,
  invalid_phone: (p: { value: string }) => `${q(p.value)} is not a phone number (write it like 0612345678 or +212612345678)`,
  invalid_gender: (p: { value: string }) => `${q(p.value)} is not a gender we know: use f (a woman) or m (a man), or leave it empty`,
  unknown_platform: (p: { value: string; known: readonly string[] }) => `names an unknown platform ${q(p.value)} (known: ${p.known.join(', ')})`,
  platform_twice: (p: { platform: string }) => `gives ${q(p.platform)} twice`,
  listed_twice: (p: { value: string }) => `lists ${q(p.value)} twice`,
  invalid_address: (p: { value: string; platform: string; noun: string; example: string }) => `${q(p.value)} is not a ${p.noun} (write it like ${p.example})`,
  channel_pair: (p: { value: string }) => `has ${q(p.value)} where platform:address is expected (e.g. simulator:sim-g1)`,
  no_guardian: () => 'must list at least one guardian',
  grade_missing: (p: { classId: string }) => `is empty and class_id ${q(p.classId)} does not start with a grade: fill in the grade (1–12)`,
  guardian_unknown: () => 'is empty and so is guardian_phone: one of them is needed to tell who the guardian is',
  duplicate_id: (p: { firstSeen: string }) => `is a duplicate id, first seen at ${p.firstSeen}`,
  unknown_reference: (p: { entity: 'class' | 'guardian'; value: string }) => `refers to ${p.entity} ${q(p.value)}, which is neither in this import nor already stored`,
  reference_left_out: (p: { entity: 'class' | 'guardian'; value: string; where: string }) => `refers to ${p.entity} ${q(p.value)}, which was left out because of its own error (see ${p.where})`,
  clash: (p: { entity: string; id: string; label: string; value: string; earlier: string; earlierRow: number }) =>
    `${p.entity} ${q(p.id)} has ${p.label} ${q(p.value)} here but ${q(p.earlier)} on row ${p.earlierRow}: make them the same; nothing of this row was imported`,
  cell_count: (p: { cells: number; columns: number; delimiter: string }) =>
    `has ${p.cells} cells but the header has ${p.columns} columns: check for a missing or extra '${p.delimiter}' (or a cell that needs quotes)`,
  file_empty: () => 'the file is empty: expected a header row and one row per child and guardian',
  bad_quote: (p: { reason: string }) => `a quote (") is not closed or is misplaced (${p.reason}): a quoted cell must start and end with " and write "" for a quote inside it. Nothing was imported`,
  unreadable: (p: { reason: string }) => `the file could not be read as CSV (${p.reason}). Nothing was imported`,
  same_column: (p: { first: string; second: string; column: string }) => `columns ${q(p.first)} and ${q(p.second)} both mean ${p.column}: keep one`,
  /** `oneOf`: a pair of which either will do (guardian_id or guardian_phone). */
  missing_columns: (p: { columns: readonly string[]; oneOf?: readonly string[] }) => {
    const all = [...p.columns, ...(p.oneOf?.length ? [p.oneOf.join(' or ')] : [])];
    return `missing column${all.length > 1 ? 's' : ''}: ${all.join('; ')}. Nothing was imported`;
  },
  not_an_import: () => 'the import must be a JSON object with lists named classes, guardians, children and/or teachers',
  invalid: () => 'is not valid',
} satisfies Record<string, (p: never) => string>;

export type RosterProblemCode = keyof typeof ROSTER_PROBLEMS;
export type ProblemParams = Readonly<Record<string, string | number | readonly string[]>>;
type ParamsOf<C extends RosterProblemCode> = Parameters<(typeof ROSTER_PROBLEMS)[C]>[0] extends undefined ? Record<string, never> : Parameters<(typeof ROSTER_PROBLEMS)[C]>[0];

/** A problem before it is placed in a file or a list: its code, parameters and English predicate. */
export interface Problem {
  code: RosterProblemCode;
  params: ProblemParams;
  text: string;
}

export function problem<C extends RosterProblemCode>(code: C, ...[params]: ParamsOf<C> extends Record<string, never> ? [] : [ParamsOf<C>]): Problem {
  const given = (params ?? {}) as ProblemParams;
  return { code, params: given, text: (ROSTER_PROBLEMS[code] as (p: ProblemParams) => string)(given) };
}

/** A zod issue a field schema raises with its problem attached (see problemOf). */
export function problemIssue(p: Problem, input: unknown, path?: PropertyKey[]): z.core.$ZodRawIssue {
  return { code: 'custom', input, message: p.text, params: { problem: p }, ...(path ? { path } : {}) };
}

/** The problem a zod issue reports: the one a schema attached, else zod's built-in issue read as one. */
export function problemOf(issue: z.core.$ZodIssue): Problem {
  const attached = (issue as { params?: { problem?: Problem } }).params?.problem;
  if (issue.code === 'custom' && attached) return attached;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? problem('required') : problem('wrong_type', { expected: issue.expected, value: cut(input) });
    case 'invalid_union':
      return input === undefined ? problem('required') : problem('unexpected_value', { value: cut(input) });
    case 'too_small':
      return issue.origin === 'array' ? problem('too_few', { min: Number(issue.minimum) }) : problem('empty');
    case 'too_big':
      return issue.origin === 'array' ? problem('too_many', { max: Number(issue.maximum) }) : problem('too_long', { max: Number(issue.maximum) });
    case 'invalid_format':
      // The one pattern of the roster's fields is the id's (fields.ts idField).
      return input === '' ? problem('empty') : problem('invalid_id', { value: cut(input) });
    default:
      return problem('invalid');
  }
}

/** Per-parse error map: zod's built-in issues reworded as predicates, for the API's own validation. */
export const friendlyErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'custom') return undefined;
  const found = problemOf({ ...issue, path: issue.path ?? [], message: '' } as z.core.$ZodIssue);
  return found.code === 'invalid' ? undefined : found.text;
};

/** ['guardianIds', 1] → "guardianIds[1]"; ['channels', 'simulator'] → "channels.simulator". */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

/** One problem found in one field of one item, before it is placed in a file or a list. */
export interface FieldProblem extends Problem {
  /** Field path inside the item ("" = the item itself). */
  path: readonly PropertyKey[];
}

export function problemsOf(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => ({ path: issue.path, ...problemOf(issue) }));
}

/** "children[3] (id 'c4'): classId is required" */
export function sentence(where: string, field: string, text: string): string {
  return field === '' ? `${where}: ${text}` : `${where}: ${field} ${text}`;
}
