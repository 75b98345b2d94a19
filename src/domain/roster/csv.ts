/**
 * A school's spreadsheet export (one row per child–guardian pair) → roster. A row with any
 * error is reported with its row number and nothing of it is used; the good rows are merged.
 */
import type { Child, Guardian, Roster, SchoolClass } from '../../core/types.js';
import {
  CHILD_FACTS,
  CLASS_FACTS,
  GUARDIAN_FACTS,
  clashes,
  fillIn,
  factText,
  type ChildFacts,
  type Clash,
  type ClassFacts,
  type Draft,
  type GuardianFacts,
} from './csv-merge.js';
import { readRow, type Known, type RowEntity, type RowPart, type RowReading } from './csv-row.js';
import { readTable, type CsvColumn, type CsvHeader, type CsvRow } from './csv-table.js';
import { cut, problem, type ImportError } from './issues.js';
import { channelFields } from './fields.js';
import type { RosterImportContext } from './schema.js';

/** Everything the good rows said so far, in order of first appearance (Maps keep it). */
interface Book {
  classes: Map<string, Draft<ClassFacts>>;
  guardians: Map<string, Draft<GuardianFacts>>;
  children: Map<string, { draft: Draft<ChildFacts>; guardianIds: string[] }>;
}

type Parts = NonNullable<RowReading['parts']>;

const COLUMN_ENTITY: Readonly<Record<CsvColumn, RowEntity>> = {
  child_id: 'child',
  child_name: 'child',
  class_id: 'class',
  class_name: 'class',
  grade: 'class',
  guardian_id: 'guardian',
  guardian_name: 'guardian',
  guardian_phone: 'guardian',
  guardian_locale: 'guardian',
  guardian_channels: 'guardian',
  channel_order: 'guardian',
};

const CLASS_COLUMNS: Readonly<Record<keyof ClassFacts, CsvColumn>> = { name: 'class_name', grade: 'grade' };
const GUARDIAN_COLUMNS: Readonly<Record<keyof GuardianFacts, CsvColumn>> = {
  name: 'guardian_name',
  phone: 'guardian_phone',
  locale: 'guardian_locale',
  channels: 'guardian_channels',
  channelOrder: 'channel_order',
};
const CHILD_COLUMNS: Readonly<Record<keyof ChildFacts, CsvColumn>> = { name: 'child_name', classId: 'class_id' };

/** Parses a school's spreadsheet export. See the README for the columns. */
export function parseRosterCsv(text: string, existing: RosterImportContext): { roster: Roster; errors: ImportError[] } {
  const { table, errors } = readTable(text);
  const book: Book = { classes: new Map(), guardians: new Map(), children: new Map() };
  if (!table) return { roster: toRoster(book), errors };
  const known = knownIds(book, existing);
  for (const row of table.rows) {
    errors.push(...importRow(row, table.header, table.delimiter, book, known));
  }
  return { roster: toRoster(book), errors };
}

function knownIds(book: Book, existing: RosterImportContext): Known {
  const seen = (inFile: boolean, stored: boolean) => (inFile ? 'file' : stored ? 'stored' : undefined);
  return {
    class: (id) => seen(book.classes.has(id), existing.classIds.has(id)),
    guardian: (id) => seen(book.guardians.has(id), existing.guardianIds.has(id)),
    child: (id) => seen(book.children.has(id), false),
    channels: channelFields(existing.rules),
  };
}

/** Reads, checks and merges one row; returns its errors (then nothing of it was used). */
function importRow({ row, cells }: CsvRow, header: CsvHeader, delimiter: string, book: Book, known: Known): ImportError[] {
  const label = (column: CsvColumn) => header.columns.get(column)?.label ?? column;
  if (cells.length !== header.width) {
    const found = problem('cell_count', { cells: cells.length, columns: header.width, delimiter });
    return [{ row, entity: 'row', field: 'row', code: found.code, params: found.params, message: `row ${row}: ${found.text}` }];
  }
  const reading = readRow((column) => {
    const at = header.columns.get(column);
    return at === undefined ? '' : (cells[at.index] ?? '');
  }, known);
  const errors = reading.problems.map(({ column, code, params, text }): ImportError => {
    const entity = COLUMN_ENTITY[column];
    const id = reading.ids[entity];
    return { row, ...(id === undefined ? {} : { id }), entity, field: column, code, params, message: `row ${row}: ${label(column)} ${text}` };
  });
  if (errors.length > 0 || !reading.parts) return errors;
  const conflicts = rowClashes(book, reading.parts).map(({ entity, id, column, clash }): ImportError => {
    const found = problem('clash', { entity, id: cut(id), label: label(column), value: factText(clash.now), earlier: factText(clash.was.value), earlierRow: clash.was.row });
    return { row, id, entity, field: column, code: found.code, params: found.params, message: `row ${row}: ${found.text}` };
  });
  if (conflicts.length > 0) return conflicts;
  commit(book, reading.parts, row);
  return [];
}

interface EntityClash {
  entity: RowEntity;
  id: string;
  column: CsvColumn;
  clash: Clash;
}

function rowClashes(book: Book, parts: Parts): EntityClash[] {
  const of = <F, K extends keyof F & string>(
    entity: RowEntity,
    part: RowPart<F>,
    draft: Draft<F> | undefined,
    columns: Readonly<Record<K, CsvColumn>>,
    facts: readonly K[],
  ): EntityClash[] =>
    draft && part.facts
      ? clashes(draft, part.facts, facts).map((clash) => ({ entity, id: part.id, column: columns[clash.fact], clash }))
      : [];
  return [
    ...of('class', parts.class, book.classes.get(parts.class.id), CLASS_COLUMNS, CLASS_FACTS),
    ...of('guardian', parts.guardian, book.guardians.get(parts.guardian.id), GUARDIAN_COLUMNS, GUARDIAN_FACTS),
    ...of('child', parts.child, book.children.get(parts.child.id)?.draft, CHILD_COLUMNS, CHILD_FACTS),
  ];
}

function commit(book: Book, parts: Parts, row: number): void {
  const merge = <F>(drafts: Map<string, Draft<F>>, part: RowPart<F>, facts: readonly (keyof F)[]) => {
    if (!part.facts) return; // A reference to a class or guardian known already.
    const draft = drafts.get(part.id) ?? {};
    fillIn(draft, part.facts, facts, row);
    drafts.set(part.id, draft);
  };
  merge(book.classes, parts.class, CLASS_FACTS);
  merge(book.guardians, parts.guardian, GUARDIAN_FACTS);
  const child = book.children.get(parts.child.id) ?? { draft: {}, guardianIds: [] };
  fillIn(child.draft, parts.child.facts ?? {}, CHILD_FACTS, row);
  if (!child.guardianIds.includes(parts.guardian.id)) child.guardianIds.push(parts.guardian.id);
  book.children.set(parts.child.id, child);
}

function toRoster(book: Book): Roster {
  const classes = [...book.classes].flatMap(([id, d]): SchoolClass[] =>
    d.grade ? [{ id, name: d.name?.value ?? id, grade: d.grade.value }] : [],
  );
  const guardians = [...book.guardians].flatMap(([id, d]): Guardian[] => (d.name ? [toGuardian(id, d.name.value, d)] : []));
  const children = [...book.children].flatMap(([id, { draft, guardianIds }]): Child[] =>
    draft.name && draft.classId ? [{ id, name: draft.name.value, classId: draft.classId.value, guardianIds }] : [],
  );
  return { classes, guardians, children, teachers: [] };
}

function toGuardian(id: string, name: string, draft: Draft<GuardianFacts>): Guardian {
  const { phone, channelOrder } = draft;
  return {
    id,
    name,
    locale: draft.locale?.value ?? 'ar',
    ...(phone ? { phone: phone.value } : {}),
    channels: draft.channels?.value ?? {},
    ...(channelOrder ? { channelOrder: channelOrder.value } : {}),
  };
}
