/**
 * Absence notices that ask why: the reasons a family picks from, the school days that make a
 * run of absences, and a MASSAR-like CSV of the day's absences. Pure.
 */
import { parse } from 'csv-parse/sync';

export { ABSENCE_REASONS, type AbsenceReason } from '../core/types.js';

/** Absent this many school days in a row: the child appears in follow-up. */
export const ABSENT_DAYS_FOLLOW_UP = 3;

/** Moroccan public schools teach Monday to Saturday morning; Sunday is never a school day. */
export function isSchoolDay(date: string): boolean {
  return new Date(`${date}T12:00:00Z`).getUTCDay() !== 0;
}

/** The school day before `date` (YYYY-MM-DD). */
export function previousSchoolDay(date: string): string {
  let d = new Date(`${date}T12:00:00Z`);
  do d = new Date(d.getTime() - 86_400_000);
  while (!isSchoolDay(d.toISOString().slice(0, 10)));
  return d.toISOString().slice(0, 10);
}

/** How many school days in a row, ending on `date`, the child was absent (`days`: the dates they were). */
export function absentRun(days: ReadonlySet<string>, date: string): number {
  let n = 0;
  for (let d = date; days.has(d); d = previousSchoolDay(d)) n++;
  return n;
}

export interface AbsenceRow {
  childId: string;
  date: string;
  session?: string;
  /** Its line in the file, for errors found later (an unknown child). */
  line?: number;
}

export interface AbsenceRowError {
  /** 1-based line in the file, the header being line 1. */
  row: number;
  code: 'missing_column' | 'missing_child' | 'bad_date' | 'empty_file';
  column?: string;
  value?: string;
  message: string;
}

/** Column names as MASSAR exports and secretaries write them, in French, Arabic or English. */
const COLUMNS: Record<'childId' | 'date' | 'session', readonly string[]> = {
  childId: ['child_id', 'code_massar', 'massar', 'id_eleve', 'code', 'رمز التلميذ', 'رقم مسار', 'student_id'],
  date: ['date', 'date_absence', 'التاريخ', 'jour'],
  session: ['session', 'seance', 'séance', 'الحصة', 'period'],
};

/** Each row a child absent on a date (DD/MM/YYYY or YYYY-MM-DD), or the row's error; nothing is partly read. */
export function parseAbsenceCsv(text: string): { rows: AbsenceRow[]; errors: AbsenceRowError[] } {
  const records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: [',', ';', '\t'] }) as string[][];
  const [header, ...lines] = records;
  if (!header) return { rows: [], errors: [{ row: 1, code: 'empty_file', message: 'the file is empty' }] };
  const names = header.map((h) => h.toLowerCase().trim());
  const at = (key: keyof typeof COLUMNS) => names.findIndex((n) => COLUMNS[key].includes(n));
  const idCol = at('childId');
  const dateCol = at('date');
  const sessionCol = at('session');
  const missing = [[idCol, 'child_id'], [dateCol, 'date']].filter(([i]) => i === -1).map(([, c]) => c as string);
  if (missing.length) return { rows: [], errors: missing.map((column) => ({ row: 1, code: 'missing_column', column, message: `no ${column} column` })) };
  const rows: AbsenceRow[] = [];
  const errors: AbsenceRowError[] = [];
  lines.forEach((cells, i) => {
    const row = i + 2;
    const childId = cells[idCol]?.trim() ?? '';
    const date = isoDate(cells[dateCol]?.trim() ?? '');
    if (!childId) return void errors.push({ row, code: 'missing_child', column: 'child_id', message: 'no child id' });
    if (!date) return void errors.push({ row, code: 'bad_date', column: 'date', value: cells[dateCol] ?? '', message: 'a date as DD/MM/YYYY or YYYY-MM-DD' });
    const session = sessionCol === -1 ? undefined : cells[sessionCol]?.trim();
    rows.push({ childId, date, line: row, ...(session ? { session } : {}) });
  });
  return { rows, errors };
}

function isoDate(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2], fr[1]] : [];
  if (!y || !m || !d) return undefined;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) === date ? date : undefined;
}
