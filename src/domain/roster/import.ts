/**
 * Roster import: the public face of the JSON and spreadsheet importers. Pure: the caller
 * reads the body or the file and stores the result.
 */
export type { ImportEntity, ImportError } from './issues.js';
export { MAX_IMPORT_ITEMS, RosterImportBody, type RosterImportContext, type RosterImportBodyInput } from './schema.js';
export { validateRosterImport } from './json.js';
export { parseRosterCsv } from './csv.js';
export { CSV_ALIASES, CSV_COLUMNS, type CsvColumn } from './csv-table.js';
export { normalisePhone, toAsciiDigits } from '../../core/phone.js';
