import { describe, expect, it } from 'vitest';
import { normalisePhone, toAsciiDigits } from '../../src/core/phone.js';

describe('normalisePhone', () => {
  it.each([
    ['+212 6 12 34 56 78', '+212612345678'],
    ['00212612345678', '+212612345678'],
    ['0612345678', '+212612345678'],
    ['212612345678', '+212612345678'],
    ['06.12.34.56.78', '+212612345678'],
    ['06-12-34-56-78', '+212612345678'],
    ['(06) 12 34 56 78', '+212612345678'],
    ['+212 (0)6 12 34 56 78', '+212612345678'],
    ['+212 0612345678', '+212612345678'],
    ['  0712345678  ', '+212712345678'],
    ['0522123456', '+212522123456'],
    ['612345678', '+212612345678'], // a spreadsheet dropped the leading 0
    ['٠٦١٢٣٤٥٦٧٨', '+212612345678'], // Arabic-Indic digits
    ['۰۶۱۲۳۴۵۶۷۸', '+212612345678'], // Extended Arabic-Indic digits
    ['+٢١٢ ٦١٢ ٣٤٥ ٦٧٨', '+212612345678'],
    ['\u2066+212 612 345 678\u2069', '+212612345678'], // copied from an Arabic sentence
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['+1 (415) 555-2671', '+14155552671'],
  ])('%s → %s', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['06123', 'too short'],
    ['061234567890', 'too long for Morocco'],
    ['+212412345678', 'not a Moroccan number range'],
    ['+1234567', 'under 8 digits'],
    ['+1234567890123456', 'over 15 digits'],
    ['06 12 AB 56 78', 'letters'],
    ['tel: 0612345678', 'letters'],
    ['+0612345678', 'country code starting with 0'],
    ['++212612345678', 'two plus signs'],
    ['06123456+78', 'plus inside'],
    ['6.12346E+11', 'Excel scientific notation'],
  ])('rejects %s (%s)', (raw) => {
    expect(normalisePhone(raw)).toBeUndefined();
  });

  it('uses the default country code for local numbers', () => {
    expect(normalisePhone('0612345678', '33')).toBe('+33612345678');
    expect(normalisePhone('612345678', '33')).toBe('+612345678'); // only Morocco guesses a dropped 0
  });

  it('refuses a malformed default country code', () => {
    expect(() => normalisePhone('0612345678', '+212')).toThrow(RangeError);
  });
});

describe('toAsciiDigits', () => {
  it('turns both Arabic digit sets into ASCII and leaves the rest', () => {
    expect(toAsciiDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ 5A')).toBe('0123456789 0123456789 5A');
  });
});
