import { describe, expect, it } from 'vitest';
import { RosterImportBody, validateRosterImport, type RosterImportContext } from '../../src/domain/roster/import.js';
import { ROSTER_RULES as rules } from '../../src/adapters.js';

const NONE: RosterImportContext = { classIds: new Set(), guardianIds: new Set(), rules };

const good = {
  classes: [{ id: '5A', name: '5e A', grade: 5 }, { id: '6B', grade: '6' }],
  guardians: [
    { id: 'g1', name: ' Ahmed  Alaoui ', phone: '0612345678', channels: { simulator: 'sim-g1' } },
    { id: 'g2', name: 'Fatima', locale: 'en', channels: { telegram: '12345' }, channelOrder: ['telegram'] },
  ],
  children: [{ id: 'c1', name: 'Sara', classId: '5A', guardianIds: ['g1', 'g2'] }],
  teachers: [{ id: 't1', name: 'Mme Idrissi', classIds: ['5A', '6B'], channels: { whatsapp: '+212600000009' } }],
};

describe('validateRosterImport: good input', () => {
  it('imports everything with defaults filled in', () => {
    const { roster, errors } = validateRosterImport(good, NONE);
    expect(errors).toEqual([]);
    expect(roster.classes).toEqual([
      { id: '5A', name: '5e A', grade: 5 },
      { id: '6B', name: '6B', grade: 6 },
    ]);
    expect(roster.guardians[0]).toEqual({
      id: 'g1',
      name: 'Ahmed Alaoui',
      locale: 'ar',
      phone: '+212612345678',
      channels: { simulator: 'sim-g1' },
    });
    expect(roster.children).toEqual(good.children);
    expect(roster.teachers).toEqual([{ id: 't1', name: 'Mme Idrissi', classIds: ['5A', '6B'], channels: { whatsapp: '212600000009@c.us' } }]);
  });

  it('does not invent a WhatsApp address from the phone', () => {
    const { roster } = validateRosterImport({ guardians: [{ id: 'g1', name: 'A', phone: '0612345678' }] }, NONE);
    expect(roster.guardians[0]?.channels).toEqual({});
  });

  it('resolves references to classes and guardians stored earlier', () => {
    const existing: RosterImportContext = { classIds: new Set(['9Z']), guardianIds: new Set(['g9']), rules };
    const body = { children: [{ id: 'c9', name: 'Ali', classId: '9Z', guardianIds: ['g9'] }] };
    expect(validateRosterImport(body, existing)).toEqual({
      roster: { classes: [], guardians: [], children: body.children, teachers: [] },
      errors: [],
    });
  });

  it.each([
    ['AR', 'ar'],
    ['arabic', 'ar'],
    ['العربية', 'ar'],
    ['ar-MA', 'ar'],
    ['english', 'en'],
    ['en-GB', 'en'],
    ['EN', 'en'],
  ])('reads locale %s as %s', (locale, expected) => {
    const { roster, errors } = validateRosterImport({ guardians: [{ id: 'g1', name: 'A', locale }] }, NONE);
    expect(errors).toEqual([]);
    expect(roster.guardians[0]?.locale).toBe(expected);
  });
});

describe('validateRosterImport: bad items', () => {
  it('leaves out a child whose class is unknown, and keeps the rest', () => {
    const body = { ...good, children: [...good.children, { id: 'c2', name: 'Omar', classId: '7Z', guardianIds: ['g1'] }] };
    const { roster, errors } = validateRosterImport(body, NONE);
    expect(errors).toEqual([
      {
        index: 1,
        id: 'c2',
        entity: 'child',
        field: 'classId',
        code: 'unknown_reference',
        params: { entity: 'class', value: '7Z' },
        message: "children[1] (id 'c2'): classId refers to class '7Z', which is neither in this import nor already stored",
      },
    ]);
    expect(roster.children.map((c) => c.id)).toEqual(['c1']);
  });

  it('leaves out the items that point at a left-out item and says which one', () => {
    const body = { ...good, classes: [{ id: '5A', grade: 13 }, good.classes[1]] };
    const { roster, errors } = validateRosterImport(body, NONE);
    expect(errors.map((e) => [e.entity, e.field])).toEqual([
      ['class', 'grade'],
      ['child', 'classId'],
      ['teacher', 'classIds[0]'],
    ]);
    expect(errors[1]?.message).toBe(
      "children[0] (id 'c1'): classId refers to class '5A', which was left out because of its own error (see classes[0])",
    );
    expect(roster.classes.map((c) => c.id)).toEqual(['6B']);
    expect(roster.children).toEqual([]);
    expect(roster.teachers).toEqual([]);
    expect(roster.guardians).toHaveLength(2);
  });

  it('names an unknown platform', () => {
    const body = { guardians: [{ id: 'g1', name: 'A', channels: { viber: '123', telegram: '' } }] };
    const { roster, errors } = validateRosterImport(body, NONE);
    expect(errors.map((e) => e.message)).toEqual([
      "guardians[0] (id 'g1'): channels names an unknown platform 'viber' (known: simulator, telegram, messenger, whatsapp)",
      "guardians[0] (id 'g1'): channels.telegram is empty",
    ]);
    expect(roster.guardians).toEqual([]);
  });

  it('takes French by code or by name, and refuses unknown languages', () => {
    const body = { guardians: [{ id: 'g1', name: 'A', locale: 'fr' }, { id: 'g2', name: 'B', locale: 'klingon' }, { id: 'g3', name: 'C', locale: 'Français' }] };
    const { errors, roster } = validateRosterImport(body, NONE);
    expect(errors.map((e) => [e.id, e.field, e.message])).toEqual([
      ['g2', 'locale', "guardians[1] (id 'g2'): locale 'klingon' is not a language we know: use ar (Arabic), fr (French) or en (English)"],
    ]);
    expect(roster.guardians.map((g) => [g.id, g.locale])).toEqual([['g1', 'fr'], ['g3', 'fr']]);
  });

  it('reports a repeated id instead of letting the later item win', () => {
    const body = { guardians: [{ id: 'g1', name: 'First' }, { id: 'g2', name: 'Other' }, { id: 'g1', name: 'Second' }] };
    const { roster, errors } = validateRosterImport(body, NONE);
    expect(errors).toEqual([
      { index: 2, id: 'g1', entity: 'guardian', field: 'id', code: 'duplicate_id', params: { firstSeen: 'guardians[0]' }, message: "guardians[2] (id 'g1'): id is a duplicate id, first seen at guardians[0]" },
    ]);
    expect(roster.guardians.map((g) => g.name)).toEqual(['First', 'Other']);
  });

  it('explains ids that cannot be used as keys', () => {
    const body = { classes: [{ id: 'school:5A', grade: 5 }, { id: '', grade: 5 }, { id: 'x'.repeat(65), grade: 5 }] };
    const { errors } = validateRosterImport(body, NONE);
    expect(errors.map((e) => e.field)).toEqual(['id', 'id', 'id']);
    expect(errors[0]?.message).toBe(
      "classes[0]: id 'school:5A' is not a valid id: use 1–64 letters A–Z, digits, '_', '.' or '-' (no spaces, no ':')",
    );
    expect(errors[1]?.message).toBe('classes[1]: id is empty');
  });

  it('checks phones, names, channel order and guardian lists', () => {
    const body = {
      guardians: [
        { id: 'g1', name: '', phone: '06123' },
        { id: 'g2', name: 'B', channelOrder: ['telegram', 'sms', 'telegram'] },
        { id: 'g3', name: 'x'.repeat(121) },
      ],
      children: [{ id: 'c1', name: 'Sara', classId: '5A', guardianIds: [] }],
    };
    const { errors } = validateRosterImport(body, { classIds: new Set(['5A']), guardianIds: new Set(), rules });
    expect(errors.map((e) => [e.id, e.field])).toEqual([
      ['g1', 'name'],
      ['g1', 'phone'],
      ['g2', 'channelOrder[1]'],
      ['g2', 'channelOrder[2]'],
      ['g3', 'name'],
      ['c1', 'guardianIds'],
    ]);
    expect(errors[1]?.message).toContain("phone '06123' is not a phone number");
    expect(errors[5]?.message).toBe("children[0] (id 'c1'): guardianIds must list at least one guardian");
  });

  it('reports a required field that is missing and an item that is not an object', () => {
    const { errors } = validateRosterImport({ classes: [{ id: '5A' }, 'oops'] }, NONE);
    expect(errors.map((e) => e.message)).toEqual(["classes[0] (id '5A'): grade is required", "classes[1]: must be an object, not 'oops'"]);
  });

  it('refuses a body that is not an import', () => {
    expect(validateRosterImport([1, 2], NONE).errors).toMatchObject([{ entity: 'row' }]);
    expect(validateRosterImport({ classes: 'x' }, NONE).errors).toMatchObject([{ field: 'classes', message: "classes must be a list, not 'x'" }]);
  });
});

describe('RosterImportBody', () => {
  it('accepts the lists loosely, leaving item checks to validateRosterImport', () => {
    expect(RosterImportBody.safeParse({ classes: [{ id: 5 }] }).success).toBe(true);
    expect(RosterImportBody.safeParse({ guardians: 'x' }).success).toBe(false);
  });
});
