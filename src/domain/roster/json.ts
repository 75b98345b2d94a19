/**
 * JSON roster import: each item validated on its own; bad items and the items that point
 * at them are left out and reported, the rest is imported.
 */
import { z } from 'zod';
import type { Roster } from '../../core/types.js';
import { idField } from './fields.js';
import {
  cut,
  formatPath,
  friendlyErrorMap,
  problem,
  problemsOf,
  sentence,
  show,
  type FieldProblem,
  type ImportEntity,
  type ImportError,
} from './issues.js';
import {
  ChildInput,
  ClassInput,
  guardianInput,
  teacherInput,
  toChild,
  toClass,
  toGuardian,
  toTeacher,
  type RosterImportContext,
} from './schema.js';

/** Lenient envelope: lists of anything, so a non-object item is reported alone. */
const Envelope = z.object(
  {
    classes: z.array(z.unknown()).optional(),
    guardians: z.array(z.unknown()).optional(),
    children: z.array(z.unknown()).optional(),
    teachers: z.array(z.unknown()).optional(),
  },
  { error: 'the import must be a JSON object with lists named classes, guardians, children and/or teachers' },
);

const ItemId = z.object({ id: idField });

interface ListResult<T> {
  items: T[];
  /** Ids imported from this list. */
  kept: Set<string>;
  /** Ids left out because of their own error → where the item was ("classes[2]"). */
  leftOut: Map<string, string>;
}

interface ListSpec<T> {
  entity: Exclude<ImportEntity, 'row'>;
  list: string;
  schema: z.ZodType<T>;
  /** Reference checks, run once the item itself is valid. */
  references?: (item: T) => FieldProblem[];
}

/** Validates a JSON import item by item. See ImportError for what is reported. */
export function validateRosterImport(body: unknown, existing: RosterImportContext): { roster: Roster; errors: ImportError[] } {
  const envelope = Envelope.safeParse(body, { error: friendlyErrorMap, reportInput: true });
  if (!envelope.success) {
    const errors = problemsOf(envelope.error.issues).map((p) => envelopeError(p));
    return { roster: { classes: [], guardians: [], children: [], teachers: [] }, errors };
  }
  const input = envelope.data;
  const errors: ImportError[] = [];
  const classes = validateList(input.classes ?? [], { entity: 'class', list: 'classes', schema: ClassInput }, errors);
  const guardians = validateList(input.guardians ?? [], { entity: 'guardian', list: 'guardians', schema: guardianInput(existing.rules) }, errors);
  const classRef = referenceCheck('class', classes, existing.classIds);
  const guardianRef = referenceCheck('guardian', guardians, existing.guardianIds);
  const children = validateList(input.children ?? [], {
    entity: 'child',
    list: 'children',
    schema: ChildInput,
    references: (child) => [
      ...classRef(child.classId, ['classId']),
      ...child.guardianIds.flatMap((id, i) => guardianRef(id, ['guardianIds', i])),
    ],
  }, errors);
  const teachers = validateList(input.teachers ?? [], {
    entity: 'teacher',
    list: 'teachers',
    schema: teacherInput(existing.rules),
    references: (teacher) => (teacher.classIds ?? []).flatMap((id, i) => classRef(id, ['classIds', i])),
  }, errors);
  const roster: Roster = {
    classes: classes.items.map(toClass),
    guardians: guardians.items.map(toGuardian),
    children: children.items.map(toChild),
    teachers: teachers.items.map(toTeacher),
  };
  return { roster, errors };
}

function envelopeError(found: FieldProblem): ImportError {
  const field = formatPath(found.path);
  // The body itself is not an object of lists: said as such, not as "must be an object".
  const { code, params, text } = field === '' ? problem('not_an_import') : found;
  return { entity: 'row', field, code, params, message: field === '' ? text : `${field} ${text}` };
}

function validateList<T extends { id: string }>(list: readonly unknown[], spec: ListSpec<T>, errors: ImportError[]): ListResult<T> {
  const result: ListResult<T> = { items: [], kept: new Set(), leftOut: new Map() };
  const firstSeen = new Map<string, string>();
  list.forEach((raw, index) => {
    const where = `${spec.list}[${index}]`;
    const id = ItemId.safeParse(raw).data?.id;
    const { data, problems } = checkItem(raw, spec, id === undefined ? undefined : firstSeen.get(id));
    if (id !== undefined && !firstSeen.has(id)) firstSeen.set(id, where);
    if (data !== undefined && problems.length === 0) {
      result.items.push(data);
      result.kept.add(data.id);
      return;
    }
    const label = id === undefined ? where : `${where} (id ${show(id)})`;
    for (const { path, code, params, text } of problems) {
      const field = formatPath(path);
      errors.push({ index, ...(id === undefined ? {} : { id }), entity: spec.entity, field, code, params, message: sentence(label, field, text) });
    }
    if (id !== undefined && !result.kept.has(id) && !result.leftOut.has(id)) result.leftOut.set(id, where);
  });
  return result;
}

/** Everything wrong with one item: its fields, a repeated id, then its references. */
function checkItem<T>(raw: unknown, spec: ListSpec<T>, firstSeenAt: string | undefined): { data?: T; problems: FieldProblem[] } {
  const parsed = spec.schema.safeParse(raw, { error: friendlyErrorMap, reportInput: true });
  const problems = parsed.success ? [] : problemsOf(parsed.error.issues);
  if (firstSeenAt !== undefined) problems.push({ path: ['id'], ...problem('duplicate_id', { firstSeen: firstSeenAt }) });
  if (!parsed.success) return { problems };
  if (spec.references) problems.push(...spec.references(parsed.data));
  return { data: parsed.data, problems };
}

/** A function telling why a reference to a class or guardian does not resolve, if it does not. */
function referenceCheck(noun: 'class' | 'guardian', imported: Pick<ListResult<unknown>, 'kept' | 'leftOut'>, stored: ReadonlySet<string>) {
  return (id: string, path: readonly PropertyKey[]): FieldProblem[] => {
    if (imported.kept.has(id) || stored.has(id)) return [];
    const where = imported.leftOut.get(id);
    const found = where === undefined ? problem('unknown_reference', { entity: noun, value: cut(id) }) : problem('reference_left_out', { entity: noun, value: cut(id), where });
    return [{ path, ...found }];
  };
}
