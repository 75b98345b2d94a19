/**
 * Survey responses as a CSV file for a spreadsheet: one row per guardian and sending, one
 * column per question holding the answer 1..6 as the guardian gave it (before reverse
 * scoring; empty when skipped or not reached). Guardians appear by roster id only: the file
 * leaves the service, so no phone number or name ever goes into it.
 *
 * Writing follows RFC 4180 (comma separator, CRLF line ends, a field with `,`, `"`, CR or LF
 * is quoted with its quotes doubled) and starts with a UTF-8 BOM, without which Excel reads
 * the file as ANSI and shows Arabic as mojibake. A field that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) gets a leading apostrophe (OWASP "CSV
 * injection"): none of our fields should start so, but the file is opened by staff, so be safe.
 */
import type { SurveyDefinition, SurveyResponse } from '../../core/survey.js';

export const UTF8_BOM = '\uFEFF';
const CRLF = '\r\n';

/** The columns before the answers, in this order. */
export const RESPONSE_COLUMNS = ['event_id', 'guardian_id', 'locale', 'channel', 'classes', 'started_at', 'completed_at', 'stopped_at'] as const;

/** One field, neutralised against formula injection, then quoted if RFC 4180 requires it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: BOM, then every row CRLF-terminated (RFC 4180 allows the last one either way). */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return UTF8_BOM + rows.map((row) => row.map(csvField).join(',') + CRLF).join('');
}

/**
 * The answer columns' headers: the question ids, except that an id equal to one of
 * RESPONSE_COLUMNS (a question may be called "locale") becomes `q:<id>`. A colon is not
 * allowed in question ids, so the renamed header cannot clash with another question's.
 */
export function answerColumns(survey: SurveyDefinition): string[] {
  const taken = new Set<string>(RESPONSE_COLUMNS);
  return survey.questions.map((q) => (taken.has(q.id.toLowerCase()) ? `q:${q.id}` : q.id));
}

export function surveyResponsesCsv(survey: SurveyDefinition, responses: readonly SurveyResponse[]): string {
  const header = [...RESPONSE_COLUMNS, ...answerColumns(survey)];
  return writeCsv([header, ...responses.map((r) => responseRow(survey, r))]);
}

function responseRow(survey: SurveyDefinition, r: SurveyResponse): string[] {
  const meta: Record<(typeof RESPONSE_COLUMNS)[number], string> = {
    event_id: r.eventId,
    guardian_id: r.guardianId,
    locale: r.locale,
    channel: r.channel,
    classes: r.classes,
    started_at: r.startedAt,
    completed_at: r.completedAt ?? '',
    stopped_at: r.stoppedAt ?? '',
  };
  const answers = survey.questions.map((q) => {
    const v = r.answers[q.id]?.v;
    return typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
  });
  return [...RESPONSE_COLUMNS.map((c) => meta[c]), ...answers];
}
