/**
 * One spreadsheet row → the class, guardian and child it speaks about, or what is wrong
 * with it. Cells are checked with the same field schemas as the JSON import.
 */
import type { z } from 'zod';
import {
  type ChannelFields,
  gradeField,
  gradeFromClassId,
  idField,
  localeField,
  nameField,
  phoneField,
} from './fields.js';
import { cut, friendlyErrorMap, problem, problemOf, type Problem } from './issues.js';
import type { ChildFacts, ClassFacts, GuardianFacts } from './csv-merge.js';
import type { CsvColumn } from './csv-table.js';
import { guardianIdFromPhone } from '../../core/ids.js';

export type RowEntity = 'class' | 'guardian' | 'child';

/** A problem of one cell; its text is a predicate that reads after the column's name. */
export interface RowProblem extends Problem {
  column: CsvColumn;
}

/** Where an id is already known: earlier in this file, or stored by an earlier import. */
export type Seen = 'file' | 'stored' | undefined;
export interface Known {
  class(id: string): Seen;
  guardian(id: string): Seen;
  child(id: string): Seen;
  /** This deployment's channel fields (the adapters' roster rules). */
  channels: ChannelFields;
}

/** Facts absent = the row only refers to an entity known already. */
export interface RowPart<F> {
  id: string;
  facts?: Partial<F>;
}

export interface RowReading {
  ids: Partial<Record<RowEntity, string>>;
  problems: RowProblem[];
  parts?: { class: RowPart<ClassFacts>; guardian: RowPart<GuardianFacts>; child: RowPart<ChildFacts> };
}

type Cell = (column: CsvColumn) => string;

export function readRow(cell: Cell, known: Known): RowReading {
  const problems: RowProblem[] = [];
  const check = checker(problems);
  const schoolClass = readClass(cell, known, check, problems);
  const guardian = readGuardian(cell, known, check, problems);
  const child = readChild(cell, known, check, schoolClass?.id);
  const ids = { class: schoolClass?.id, guardian: guardian?.id, child: child?.id };
  if (problems.length > 0 || !schoolClass || !guardian || !child) return { ids, problems };
  return { ids, problems, parts: { class: schoolClass, guardian, child } };
}

type Check = <T>(schema: z.ZodType<T>, raw: unknown, column: CsvColumn) => T | undefined;

/** Parses one cell; its problems are recorded under the column. */
function checker(problems: RowProblem[]): Check {
  return (schema, raw, column) => {
    const parsed = schema.safeParse(raw, { error: friendlyErrorMap, reportInput: true });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      // Name the platform when a channel address is wrong: "guardian_channels (simulator) is empty".
      const key = issue.path.filter((k) => typeof k === 'string').join('.');
      const found = problemOf(issue);
      problems.push(key === '' ? { column, ...found } : { column, ...found, params: { ...found.params, at: key }, text: `(${key}) ${found.text}` });
    }
    return undefined;
  };
}

function readClass(cell: Cell, known: Known, check: Check, problems: RowProblem[]): RowPart<ClassFacts> | undefined {
  const id = check(idField, cell('class_id'), 'class_id');
  const nameCell = cell('class_name');
  const gradeCell = cell('grade');
  const name = nameCell === '' ? undefined : check(nameField, nameCell, 'class_name');
  const grade = gradeCell === '' ? undefined : check(gradeField, gradeCell, 'grade');
  if (id === undefined) return undefined;
  const seen = known.class(id);
  if (nameCell === '' && gradeCell === '' && seen !== undefined) return { id };
  if (gradeCell !== '' || seen === 'file') return { id, facts: { name, grade } };
  const derived = gradeFromClassId(id);
  if (derived === undefined) {
    problems.push({ column: 'grade', ...problem('grade_missing', { classId: cut(id) }) });
  }
  return { id, facts: { name, grade: derived } };
}

function readGuardian(cell: Cell, known: Known, check: Check, problems: RowProblem[]): RowPart<GuardianFacts> | undefined {
  const idCell = cell('guardian_id');
  const phoneCell = cell('guardian_phone');
  const phone = phoneCell === '' ? undefined : check(phoneField, phoneCell, 'guardian_phone');
  const details = {
    name: cell('guardian_name'),
    locale: cell('guardian_locale'),
    channels: cell('guardian_channels'),
    channelOrder: cell('channel_order'),
  };
  const facts: Partial<GuardianFacts> = {
    name: details.name === '' ? undefined : check(nameField, details.name, 'guardian_name'),
    phone,
    locale: details.locale === '' ? undefined : check(localeField, details.locale, 'guardian_locale'),
    channels: details.channels === '' ? undefined : readChannels(details.channels, known.channels, check, problems),
    channelOrder: details.channelOrder === '' ? undefined : check(known.channels.channelOrder, splitList(details.channelOrder), 'channel_order'),
  };
  const id = guardianId(idCell, phoneCell, phone, check, problems);
  if (id === undefined) return undefined;
  const seen = known.guardian(id);
  // The phone that gave the id says nothing new about the guardian.
  const saysMore = Object.values(details).some((v) => v !== '') || (idCell !== '' && phoneCell !== '');
  if (!saysMore && seen !== undefined) return { id };
  if (details.name === '' && seen !== 'file') problems.push({ column: 'guardian_name', ...problem('empty') });
  return { id, facts };
}

/**
 * guardian_id, or an id derived from the phone when the school's export has no guardian ids.
 * Hashed, not the digits themselves: guardian ids travel into job ids, Redis keys and logs.
 */
function guardianId(idCell: string, phoneCell: string, phone: string | undefined, check: Check, problems: RowProblem[]): string | undefined {
  if (idCell !== '') return check(idField, idCell, 'guardian_id');
  if (phone !== undefined) return phoneGuardianId(phone);
  if (phoneCell === '') {
    problems.push({ column: 'guardian_id', ...problem('guardian_unknown') });
  }
  return undefined;
}

function readChild(cell: Cell, known: Known, check: Check, classId: string | undefined): RowPart<ChildFacts> | undefined {
  const id = check(idField, cell('child_id'), 'child_id');
  const nameCell = cell('child_name');
  // A child already met in this file may leave its name blank on its other guardians' rows.
  const blankAllowed = nameCell === '' && id !== undefined && known.child(id) === 'file';
  const name = blankAllowed ? undefined : check(nameField, nameCell, 'child_name');
  if (id === undefined || classId === undefined) return undefined;
  return { id, facts: { name, classId } };
}

/** "simulator:sim-g1|<platform>:<address>" (or space-separated) → { simulator: "sim-g1", <platform>: "<address>" }. */
function readChannels(text: string, channels: ChannelFields, check: Check, problems: RowProblem[]) {
  const pairs = new Map<string, string>();
  for (const pair of splitList(text)) {
    const colon = pair.indexOf(':');
    const platform = pair.slice(0, colon);
    if (colon <= 0 || colon === pair.length - 1) {
      problems.push({ column: 'guardian_channels', ...problem('channel_pair', { value: cut(pair) }) });
      return undefined;
    }
    if (pairs.has(platform)) {
      problems.push({ column: 'guardian_channels', ...problem('platform_twice', { platform: cut(platform) }) });
      return undefined;
    }
    pairs.set(platform, pair.slice(colon + 1));
  }
  // fromEntries defines own properties, so a "__proto__" key is just an unknown platform.
  return check(channels.channels, Object.fromEntries(pairs), 'guardian_channels');
}

function splitList(text: string): string[] {
  return text.split(/[|\s]+/).filter((part) => part !== '');
}

/** A stable id for a guardian known only by phone: the same number always gives the same id. */
export function phoneGuardianId(e164: string): string {
  return guardianIdFromPhone(e164);
}
