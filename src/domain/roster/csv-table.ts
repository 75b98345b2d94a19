/**
 * A school's spreadsheet export → header + rows of cells, numbered as the spreadsheet
 * shows them. Knows nothing about guardians: only delimiters, quotes and column names.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { problem, type ImportError, type Problem } from './issues.js';

export const CSV_COLUMNS = [
  'child_id',
  'child_name',
  'class_id',
  'class_name',
  'grade',
  'guardian_id',
  'guardian_name',
  'guardian_phone',
  'guardian_locale',
  'guardian_channels',
  'channel_order',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Other names schools' exports use for the same column (compared lower-case, "_" for spaces). */
export const CSV_ALIASES: Readonly<Record<CsvColumn, readonly string[]>> = {
  child_id: ['student_id', 'massar', 'code_massar'],
  child_name: ['student_name'],
  class_id: ['class'],
  class_name: [],
  grade: ['level', 'niveau'],
  guardian_id: ['parent_id'],
  guardian_name: ['parent_name'],
  guardian_phone: ['phone', 'parent_phone'],
  guardian_locale: ['locale', 'language', 'langue'],
  guardian_channels: ['channels'],
  channel_order: [],
};

const COLUMN_BY_NAME: ReadonlyMap<string, CsvColumn> = new Map(
  CSV_COLUMNS.flatMap((column) => [column, ...CSV_ALIASES[column]].map((name) => [name, column] as const)),
);

export interface CsvHeader {
  width: number;
  /** Where each known column is, and its name as the file spells it (for messages). */
  columns: ReadonlyMap<CsvColumn, { index: number; label: string }>;
}

export interface CsvRow {
  /** Spreadsheet row number: 1 = the first line of the file. */
  row: number;
  cells: string[];
}

export interface CsvTable {
  header: CsvHeader;
  rows: CsvRow[];
  delimiter: string;
}

/** "Code Massar" → "code_massar". */
function columnKey(label: string): string {
  return label.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Excel writes ";" where the decimal separator is ",": pick what the header line uses most. */
export function detectDelimiter(firstLine: string): string {
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => ({ d, n: outsideQuotes.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ',';
}

const CsvErrorFacts = z.object({ code: z.string(), records: z.number() });

/** Splits the text into rows; a quoting mistake anywhere stops the import (rows would be misaligned). */
export function readTable(text: string): { table?: CsvTable; errors: ImportError[] } {
  // One line-ending style for csv-parse; old Mac Excel writes bare CR.
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = clean.split('\n').find((line) => line.trim() !== '') ?? '';
  const delimiter = detectDelimiter(firstLine);
  let records: string[][];
  try {
    records = parse(clean, { delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    return { errors: [quoteError(error)] };
  }
  const rows = records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) })).filter((r) => !isBlank(r.cells));
  const [headerRow, ...dataRows] = rows;
  if (headerRow === undefined) return { errors: [fileError(1, 'file', problem('file_empty'))] };
  const header = readHeader(headerRow);
  return 'errors' in header ? { errors: header.errors } : { table: { header, rows: dataRows, delimiter }, errors: [] };
}

export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

function quoteError(error: unknown): ImportError {
  const facts = CsvErrorFacts.safeParse(error);
  if (!facts.success) throw error;
  const { code, records } = facts.data;
  const row = records + 1; // csv-parse counts the records completed before the failure
  return fileError(row, 'file', code.includes('QUOTE') ? problem('bad_quote', { reason: code }) : problem('unreadable', { reason: code }));
}

const REQUIRED: readonly CsvColumn[] = ['child_id', 'child_name', 'class_id', 'guardian_name'];

function readHeader({ row, cells }: CsvRow): CsvHeader | { errors: ImportError[] } {
  const columns = new Map<CsvColumn, { index: number; label: string }>();
  const errors: ImportError[] = [];
  cells.forEach((label, index) => {
    const column = COLUMN_BY_NAME.get(columnKey(label));
    if (column === undefined) return; // Other columns (birth date, notes…) are not ours: ignored.
    const first = columns.get(column);
    if (first === undefined) columns.set(column, { index, label });
    else errors.push(fileError(row, column, problem('same_column', { first: first.label, second: label, column })));
  });
  const missing: string[] = REQUIRED.filter((column) => !columns.has(column));
  const oneOf: CsvColumn[] = columns.has('guardian_id') || columns.has('guardian_phone') ? [] : ['guardian_id', 'guardian_phone'];
  const field = [...missing, ...(oneOf.length ? [oneOf.join(' or ')] : [])].join('; ');
  if (field) errors.push(fileError(row, field, problem('missing_columns', { columns: missing, ...(oneOf.length ? { oneOf } : {}) })));
  return errors.length > 0 ? { errors } : { width: cells.length, columns };
}

/** A problem of the whole file, or of its header, found on `row`. */
function fileError(row: number, field: string, found: Problem): ImportError {
  return { row, entity: 'row', field, code: found.code, params: found.params, message: `row ${row}: ${found.text}` };
}
