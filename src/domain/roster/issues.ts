/**
 * Import errors: messages a school secretary can act on. Every message reads
 * "<where>: <field> <what is wrong>", so field schemas word their errors as predicates
 * ("is empty", "'06123' is not a phone number").
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
  message: string;
}

const MAX_SHOWN = 40;

/** A user value quoted for a message, cut short so one huge cell cannot flood the report. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `'${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text}'`;
}

const KIND_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** Per-parse error map: zod's built-in issues reworded as predicates. Schema-level messages win. */
export const friendlyErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${KIND_WORDS[issue.expected] ?? issue.expected}, not ${show(issue.input)}`;
    case 'invalid_union':
      return issue.input === undefined ? 'is required' : `has an unexpected value ${show(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' ? `must list at least ${String(issue.minimum)}` : 'is empty';
    case 'too_big':
      return issue.origin === 'array'
        ? `lists more than ${String(issue.maximum)} items`
        : `is longer than ${String(issue.maximum)} characters`;
    default:
      return undefined;
  }
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
export interface FieldProblem {
  /** Field path inside the item ("" = the item itself). */
  path: readonly PropertyKey[];
  /** Predicate: reads after the field's name. */
  text: string;
}

export function problemsOf(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => ({ path: issue.path, text: issue.message }));
}

/** "children[3] (id 'c4'): classId is required" */
export function sentence(where: string, field: string, text: string): string {
  return field === '' ? `${where}: ${text}` : `${where}: ${field} ${text}`;
}
