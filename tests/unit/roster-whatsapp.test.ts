import { describe, expect, it } from 'vitest';
import { ROSTER_RULES } from '../../src/adapters.js';
import { validateRosterImport } from '../../src/domain/roster/import.js';

const existing = { classIds: new Set<string>(), guardianIds: new Set<string>(), rules: ROSTER_RULES };
const guardian = (whatsapp: string) => ({ guardians: [{ id: 'g1', name: 'Fatima', channels: { whatsapp } }] });

describe('WhatsApp addresses in a roster', () => {
  it.each([
    ['0612345678', '212612345678@c.us'],
    ['+212 6 12 34 56 78', '212612345678@c.us'],
    ['212612345678@c.us', '212612345678@c.us'],
    ['٠٦١٢٣٤٥٦٧٨', '212612345678@c.us'],
  ])('writes %s the way WhatsApp names the chat (%s), so replies find the guardian', (given, stored) => {
    const { roster, errors } = validateRosterImport(guardian(given), existing);
    expect(errors).toEqual([]);
    expect(roster.guardians[0]?.channels.whatsapp).toBe(stored);
  });

  it('refuses something that is not a number, naming it', () => {
    const { roster, errors } = validateRosterImport(guardian('fatima@mail'), existing);
    expect(roster.guardians).toEqual([]);
    expect(errors[0]?.message).toContain('not a WhatsApp number');
  });
});
