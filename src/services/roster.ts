/**
 * Importing a roster (JSON, or a spreadsheet's CSV export): checked against what the school
 * already has and against how this deployment's channels write addresses (the adapters' roster
 * rules), then stored. All-or-nothing unless `partial`: with any error nothing is written.
 */
import { ROSTER_RULES } from '../adapters.js';
import type { Roster } from '../core/types.js';
import { channelFields } from '../domain/roster/fields.js';
import { parseRosterCsv, validateRosterImport, type ImportError } from '../domain/roster/import.js';
import type { PipelineContext } from './context.js';

/** The channel fields of people's forms, with the adapters' rules (a phone written as the chat id it is). */
export const CHANNEL_FIELDS = channelFields(ROSTER_RULES);

export interface RosterCounts {
  classes: number;
  guardians: number;
  children: number;
  teachers: number;
}

export type ImportOutcome =
  | { written: true; imported: RosterCounts; errors: ImportError[] }
  | { written: false; errors: ImportError[] };

export async function importRoster(ctx: PipelineContext, schoolId: string, body: unknown, opts: { partial: boolean }): Promise<ImportOutcome> {
  const existing = { ...(await ctx.stores.roster.existingIds(schoolId)), rules: ROSTER_RULES };
  const { roster, errors } = typeof body === 'string' ? parseRosterCsv(body, existing) : validateRosterImport(body, existing);
  if (errors.length && !opts.partial) return { written: false, errors };
  await ctx.stores.roster.upsert(schoolId, roster);
  ctx.log.info({ schoolId, ...countsOf(roster), errors: errors.length }, 'roster imported');
  return { written: true, imported: countsOf(roster), errors };
}

export function countsOf(r: Roster): RosterCounts {
  return { classes: r.classes.length, guardians: r.guardians.length, children: r.children.length, teachers: r.teachers.length };
}
