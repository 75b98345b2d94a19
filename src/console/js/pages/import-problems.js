/**
 * A roster import's row errors in the reader's words: each error's stable `code` and `params`
 * (src/domain/roster/issues.ts) worded in Arabic, French or English, with the spreadsheet's
 * column named as staff call it ("Phone", «الهاتف», « Téléphone »). The API's English sentence is
 * shown only for a code the console has no words for.
 */
import { h } from '../dom.js';
import { has, listOf, num, t, tn } from '../i18n.js';

/** A JSON import's fields → the spreadsheet column that says the same thing, per kind of item. */
const JSON_COLUMNS = {
  class: { id: 'class_id', name: 'class_name', grade: 'grade' },
  guardian: { id: 'guardian_id', name: 'guardian_name', phone: 'guardian_phone', locale: 'guardian_locale', channels: 'guardian_channels', channelOrder: 'channel_order' },
  child: { id: 'child_id', name: 'child_name', classId: 'class_id', guardianIds: 'guardian_id' },
  teacher: { id: 'teacher_id', name: 'teacher_name', classIds: 'class_id', channels: 'guardian_channels', locale: 'guardian_locale', gender: 'teacher_gender' },
};

/** Parameters that are counts: written with the reader's digits and separators. */
const COUNTS = new Set(['min', 'max', 'cells', 'earlierRow']);

/** A column as staff call it; one the console does not know keeps the file's name for it. */
export function columnLabel(column) {
  return has(`col.${column}`) ? t(`col.${column}`) : column;
}

function platformLabel(platform) {
  return has(`platform.${platform}`) ? t(`platform.${platform}`) : platform;
}

/** The column an error is about: the CSV column, or the JSON field's column ("phone" → "Phone"). */
export function problemColumn(e) {
  if (e.code === 'missing_columns') return t('col.file');
  const column = e.row !== undefined ? e.field : JSON_COLUMNS[e.entity]?.[e.field.split(/[.[]/)[0]];
  return column && has(`col.${column}`) ? t(`col.${column}`) : h('code', { dir: 'ltr' }, e.field || '—');
}

/** The problem itself, in words; a channel's problem names the app ("WhatsApp: … is empty"). */
export function problemText(e) {
  const key = `problem.${e.code}`;
  if (!e.code || !has(key)) return h('span', { dir: 'ltr', lang: 'en' }, e.message);
  const params = e.params ?? {};
  const text = tn(key, valuesOf(params));
  return params.at ? [platformLabel(params.at), ': ', ...text] : text;
}

function valuesOf(params) {
  const values = {};
  for (const [name, v] of Object.entries(params)) {
    if (COUNTS.has(name) || typeof v === 'number') values[name] = num(v);
    else if (name === 'columns') values.columns = h('span', {}, listOf(columnList(params)));
    else if (name === 'known') values.known = v.map(platformLabel).join(', ');
    else if (name === 'platform') values.platform = platformLabel(v);
    else if (name === 'entity') values.entity = has(`entity.${v}`) ? t(`entity.${v}`) : v;
    else if (name === 'column') values.column = columnLabel(v);
    else values[name] = v;
  }
  return values;
}

/** The missing columns, and the pair of which either will do ("Parent number or Phone"). */
function columnList({ columns, oneOf }) {
  const named = columns.map(columnLabel);
  if (oneOf?.length === 2) named.push(t('col.either', { a: columnLabel(oneOf[0]), b: columnLabel(oneOf[1]) }));
  return named;
}
