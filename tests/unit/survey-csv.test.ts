import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SurveyDefinition, SurveyResponse } from '../../src/core/survey.js';
import { answerColumns, csvField, RESPONSE_COLUMNS, surveyResponsesCsv, UTF8_BOM, writeCsv } from '../../src/domain/survey/csv.js';

/** Reads a file back with an independent RFC 4180 parser (csv-parse), as a spreadsheet would. */
function readBack(csv: string): string[][] {
  const bytes = Buffer.from(csv, 'utf8');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes, { bom: true, relax_column_count: false }) as string[][];
}

describe('csvField', () => {
  it('leaves plain fields alone', () => {
    expect(csvField('g12')).toBe('g12');
    expect(csvField('')).toBe('');
    expect(csvField('2026-10-01T10:00:00.000Z')).toBe('2026-10-01T10:00:00.000Z');
  });

  it('quotes a field with a comma, a quote, CR or LF, doubling quotes (RFC 4180 §2.6–2.7)', () => {
    expect(csvField('C1,C2')).toBe('"C1,C2"');
    expect(csvField('say "yes"')).toBe('"say ""yes"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('puts an apostrophe before what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('a=b')).toBe('a=b'); // only a leading character matters
  });
});

describe('writeCsv', () => {
  it('starts with the BOM and ends every row with CRLF', () => {
    expect(writeCsv([['a', 'b'], ['1', '']])).toBe(`${UTF8_BOM}a,b\r\n1,\r\n`);
    expect(writeCsv([])).toBe(UTF8_BOM);
  });

  it('round-trips Arabic, commas, quotes and line breaks through an independent parser', () => {
    const rows = [
      ['سؤال', 'نعم، لا', 'قال "نعم"'],
      ['a,b', 'line 1\r\nline 2', 'شكرًا\nجزيلًا'],
    ];
    expect(readBack(writeCsv(rows))).toEqual(rows);
  });
});

const SURVEY: SurveyDefinition = {
  id: 'home-school',
  title: { ar: 'البيت والمدرسة', en: 'Home and school' },
  scale: 'agreement',
  questions: [
    { id: 'talk', subscale: 'home', text: { en: 'We talk about school.' } },
    { id: 'unsure', subscale: 'efficacy', reverse: true, text: { ar: 'لا أعرف كيف أساعد.' } },
    { id: 'locale', subscale: 'home', text: { en: 'A question whose id is also a column name.' } },
  ],
};

function response(over: Partial<SurveyResponse>): SurveyResponse {
  return {
    surveyId: SURVEY.id, eventId: 'evmeeting0001', guardianId: 'g1', locale: 'ar', channel: 'whatsapp', classes: 'C1',
    startedAt: '2026-10-01T10:00:00.000Z', answers: {}, ...over,
  };
}

describe('surveyResponsesCsv', () => {
  it('has the response columns, then one column per question; a clashing id becomes q:<id>', () => {
    expect(answerColumns(SURVEY)).toEqual(['talk', 'unsure', 'q:locale']);
    const [header] = readBack(surveyResponsesCsv(SURVEY, []));
    expect(header).toEqual([...RESPONSE_COLUMNS, 'talk', 'unsure', 'q:locale']);
  });

  it('writes answers as given (no reverse scoring), empty when skipped or missing, and optional times empty', () => {
    const rows = readBack(surveyResponsesCsv(SURVEY, [
      response({
        classes: 'C1,C2', completedAt: '2026-10-01T10:05:00.000Z',
        answers: { talk: { v: 5, at: '2026-10-01T10:01:00.000Z', ch: 'whatsapp' }, unsure: { v: 2, at: '2026-10-01T10:02:00.000Z', ch: 'whatsapp' } },
        skipped: { locale: '2026-10-01T10:03:00.000Z' },
      }),
      response({ guardianId: 'g2', locale: 'en', channel: 'telegram', stoppedAt: '2026-10-01T11:00:00.000Z', answers: { locale: { v: 6, at: '2026-10-01T10:59:00.000Z', ch: 'telegram' } } }),
    ]));
    expect(rows.slice(1)).toEqual([
      ['evmeeting0001', 'g1', 'ar', 'whatsapp', 'C1,C2', '2026-10-01T10:00:00.000Z', '2026-10-01T10:05:00.000Z', '', '5', '2', ''],
      ['evmeeting0001', 'g2', 'en', 'telegram', 'C1', '2026-10-01T10:00:00.000Z', '', '2026-10-01T11:00:00.000Z', '', '', '6'],
    ]);
  });
});
