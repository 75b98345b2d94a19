import { describe, expect, it } from 'vitest';
import { parseRosterCsv, type RosterImportContext } from '../../src/domain/roster/import.js';
import { ROSTER_RULES as rules } from '../../src/adapters.js';
import { phoneGuardianId } from '../../src/domain/roster/csv-row.js';

const NONE: RosterImportContext = { classIds: new Set(), guardianIds: new Set(), rules };

/** Lines joined the way Excel on a French/Moroccan Windows writes them. */
const excel = (...lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;

const HEADER = 'child_id;child_name;class_id;class_name;grade;guardian_id;guardian_name;guardian_phone;guardian_locale;guardian_channels;channel_order';

describe('parseRosterCsv: a good export', () => {
  const csv = excel(
    HEADER,
    'M100;"العلوي، سارة, بنت أحمد";5A;"5e année A";5;g1;"أحمد العلوي، الأب";06 12 34 56 78;العربية;simulator:sim-g1|telegram:12345;telegram|simulator',
    'M100;"العلوي، سارة, بنت أحمد";5A;"5e année A";5;g2;"Fatima Alaoui";+212 6 11 22 33 44;English;whatsapp:+212611223344;',
    '',
    'M101;"Omar, Benali";5A;;;g1;"أحمد العلوي، الأب";0612345678;ar;;',
    'M102;Yasmine;6B;;;g3;Khadija;0711223344;;;',
  );
  const { roster, errors } = parseRosterCsv(csv, NONE);

  it('imports every row without error', () => {
    expect(errors).toEqual([]);
    expect(roster.classes).toHaveLength(2);
    expect(roster.guardians).toHaveLength(3);
    expect(roster.children).toHaveLength(3);
    expect(roster.teachers).toEqual([]);
  });

  it('keeps quoted names with commas whole', () => {
    expect(roster.children[0]?.name).toBe('العلوي، سارة, بنت أحمد');
    expect(roster.children[1]?.name).toBe('Omar, Benali');
    expect(roster.guardians[0]?.name).toBe('أحمد العلوي، الأب');
  });

  it('merges a child listed with two guardians', () => {
    expect(roster.children[0]).toEqual({ id: 'M100', name: 'العلوي، سارة, بنت أحمد', classId: '5A', guardianIds: ['g1', 'g2'] });
  });

  it('normalises phones, languages and channels', () => {
    expect(roster.guardians[0]).toEqual({
      id: 'g1',
      name: 'أحمد العلوي، الأب',
      locale: 'ar',
      phone: '+212612345678',
      channels: { simulator: 'sim-g1', telegram: '12345' },
      channelOrder: ['telegram', 'simulator'],
    });
    expect(roster.guardians[1]).toMatchObject({ locale: 'en', phone: '+212611223344', channels: { whatsapp: '212611223344@c.us' } });
    expect(roster.guardians[2]).toEqual({ id: 'g3', name: 'Khadija', locale: 'ar', phone: '+212711223344', channels: {} });
  });

  it('takes class names and grades, deriving the grade from the class id when blank', () => {
    expect(roster.classes).toEqual([
      { id: '5A', name: '5e année A', grade: 5 },
      { id: '6B', name: '6B', grade: 6 },
    ]);
  });
});

describe('parseRosterCsv: formats and header names', () => {
  it('reads commas, LF line endings and aliased, differently cased headers', () => {
    const csv = [
      ' Code Massar , Student_Name,CLASS,Niveau,Parent_Name,Parent_Phone,Langue',
      'J130000001,"بنعلي، يوسف",1AC-2,,"Fatima, Bennani",0612345678,en',
      '',
    ].join('\n');
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors).toEqual([]);
    expect(roster.classes).toEqual([{ id: '1AC-2', name: '1AC-2', grade: 7 }]); // 1AC = first year of collège
    // No guardian_id column: the id comes from the phone.
    expect(roster.guardians).toEqual([{ id: phoneGuardianId('+212612345678'), name: 'Fatima, Bennani', locale: 'en', phone: '+212612345678', channels: {} }]);
    expect(roster.children[0]).toMatchObject({ id: 'J130000001', name: 'بنعلي، يوسف', guardianIds: [phoneGuardianId('+212612345678')] });
    expect(roster.guardians[0]?.id).not.toContain('612345678'); // the phone's digits stay out of ids
  });

  it('accepts Arabic-Indic digits in the grade column', () => {
    const csv = 'child_id,child_name,class_id,grade,guardian_id,guardian_name\nc1,Sara,A,٣,g1,Ahmed\n';
    expect(parseRosterCsv(csv, NONE).roster.classes).toEqual([{ id: 'A', name: 'A', grade: 3 }]);
  });

  it('refers to classes and guardians stored by an earlier import when their details are blank', () => {
    const existing: RosterImportContext = { classIds: new Set(['B']), guardianIds: new Set(['g9']), rules };
    const csv = 'child_id,child_name,class_id,guardian_id,guardian_name\nc1,Sara,B,g9,\n';
    const { roster, errors } = parseRosterCsv(csv, existing);
    expect(errors).toEqual([]);
    expect(roster.classes).toEqual([]);
    expect(roster.guardians).toEqual([]);
    expect(roster.children).toEqual([{ id: 'c1', name: 'Sara', classId: 'B', guardianIds: ['g9'] }]);
  });
});

describe('parseRosterCsv: rows with errors', () => {
  it('reports a broken row by its spreadsheet row number and keeps the other rows', () => {
    const csv = excel(
      HEADER,
      'M1;Sara;5A;;;g1;Ahmed;0612345678;ar;;',
      '',
      'M2;Omar;5A;;;g2;Fatima;06123;ar;;',
      'M3;Yasmine;5A;;;g3;Khadija;0711223344;en;;',
    );
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors).toEqual([
      {
        row: 4, // header = 1, blank line = 3: as the spreadsheet shows it
        id: 'g2',
        entity: 'guardian',
        field: 'guardian_phone',
        code: 'invalid_phone',
        params: { value: '06123' },
        message: "row 4: guardian_phone '06123' is not a phone number (write it like 0612345678 or +212612345678)",
      },
    ]);
    expect(roster.guardians.map((g) => g.id)).toEqual(['g1', 'g3']);
    expect(roster.children.map((c) => c.id)).toEqual(['M1', 'M3']);
  });

  it('reports every problem of a row, each under its column', () => {
    const csv = `${HEADER}\nM1;Sara;5A;;;g:1;;+212612345678;de;viber:123;\n`;
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'guardian_locale'],
      [2, 'guardian_channels'],
      [2, 'guardian_id'],
    ]);
    expect(errors[0]?.message).toBe("row 2: guardian_locale 'de' is not a language we know: use ar (Arabic), fr (French) or en (English)");
    expect(errors[1]?.message).toContain("unknown platform 'viber'");
    expect(errors[2]?.message).toContain("'g:1' is not a valid id");
    expect(roster).toEqual({ classes: [], guardians: [], children: [], teachers: [] });
  });

  it('rejects a later row that gives the same guardian a different phone', () => {
    const csv = excel(
      HEADER,
      'M1;Sara;5A;;;g1;Ahmed;0612345678;;;',
      'M2;Omar;5A;;;g1;Ahmed;0612345678;;;', // identical guardian details: normal
      'M3;Yasmine;6B;;;g1;Ahmed;0699999999;;;',
    );
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 4, id: 'g1', entity: 'guardian', field: 'guardian_phone' });
    expect(errors[0]?.message).toBe(
      "row 4: guardian 'g1' has guardian_phone '+212699999999' here but '+212612345678' on row 2: make them the same; nothing of this row was imported",
    );
    expect(roster.guardians).toEqual([{ id: 'g1', name: 'Ahmed', locale: 'ar', phone: '+212612345678', channels: {} }]);
    expect(roster.children.map((c) => c.id)).toEqual(['M1', 'M2']);
    expect(roster.classes.map((c) => c.id)).toEqual(['5A']); // 6B came only from the rejected row
  });

  it('rejects a later row that moves a child to another class', () => {
    const csv = `${HEADER}\nM1;Sara;5A;;;g1;Ahmed;;;;\nM1;Sara;6A;;;g2;Fatima;;;;\n`;
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors).toMatchObject([{ row: 3, id: 'M1', entity: 'child', field: 'class_id' }]);
    expect(roster.children).toEqual([{ id: 'M1', name: 'Sara', classId: '5A', guardianIds: ['g1'] }]);
  });

  it('reports a row with too few or too many cells', () => {
    const csv = `${HEADER}\nM1;Sara;5A;;;g1;Ahmed;;;;\nM2;Omar;5A\nM3;Ali;5A;;;g1;Ahmed;;;;;extra\n`;
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors.map((e) => [e.row, e.entity])).toEqual([
      [3, 'row'],
      [4, 'row'],
    ]);
    expect(errors[0]?.message).toContain('has 3 cells but the header has 11 columns');
    expect(roster.children.map((c) => c.id)).toEqual(['M1']);
  });

  it('asks for a grade when the class id does not start with one', () => {
    const csv = 'child_id,child_name,class_id,guardian_id,guardian_name\nc1,Sara,Lions,g1,Ahmed\n';
    const { errors } = parseRosterCsv(csv, NONE);
    expect(errors).toMatchObject([{ row: 2, field: 'grade', entity: 'class', id: 'Lions' }]);
  });

  it('needs a guardian id or phone on each row', () => {
    const csv = 'child_id,child_name,class_id,guardian_id,guardian_phone,guardian_name\nc1,Sara,5A,,,Ahmed\n';
    expect(parseRosterCsv(csv, NONE).errors).toMatchObject([{ row: 2, field: 'guardian_id' }]);
  });
});

describe('parseRosterCsv: files that cannot be imported', () => {
  it('names the missing required columns in one error on row 1', () => {
    const csv = 'child_id;child_name;grade;guardian_name\nM1;Sara;5;Ahmed\n';
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors).toEqual([
      {
        row: 1,
        entity: 'row',
        field: 'class_id; guardian_id or guardian_phone',
        code: 'missing_columns',
        params: { columns: ['class_id'], oneOf: ['guardian_id', 'guardian_phone'] },
        message: 'row 1: missing columns: class_id; guardian_id or guardian_phone. Nothing was imported',
      },
    ]);
    expect(roster).toEqual({ classes: [], guardians: [], children: [], teachers: [] });
  });

  it('refuses two columns that mean the same thing', () => {
    const csv = 'child_id,child_name,class_id,guardian_id,guardian_name,phone,parent_phone\n';
    expect(parseRosterCsv(csv, NONE).errors[0]?.message).toBe(
      "row 1: columns 'phone' and 'parent_phone' both mean guardian_phone: keep one",
    );
  });

  it('stops at a malformed quote and imports nothing', () => {
    const csv = `${HEADER}\nM1;Sara;5A;;;g1;Ahmed;;;;\nM2;"Omar;5A;;;g2;Fatima;;;;\nM3;Ali;5A;;;g1;Ahmed;;;;\n`;
    const { roster, errors } = parseRosterCsv(csv, NONE);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 3, entity: 'row', field: 'file' });
    expect(errors[0]?.message).toContain('quote');
    expect(roster.children).toEqual([]);
  });

  it('says so when the file is empty', () => {
    expect(parseRosterCsv('\uFEFF\r\n\r\n', NONE).errors).toMatchObject([{ row: 1, entity: 'row' }]);
  });
});
