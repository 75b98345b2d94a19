/** Lists of names in messages: Arabic's «و» stands apart before a name in Latin letters, as a reader expects. */
import { describe, expect, it } from 'vitest';
import { formatList } from '../../src/i18n/intl.js';

describe('formatList', () => {
  it('joins Arabic names with «و» attached, and keeps it apart before a Latin name (isolated or not)', () => {
    expect(formatList(['هبة', 'سلمى'], 'ar')).toBe('هبة وسلمى');
    expect(formatList(['هبة', 'Anas'], 'ar')).toBe('هبة و Anas');
    expect(formatList(['هبة', '\u2068Anas\u2069'], 'ar')).toBe('هبة و \u2068Anas\u2069');
    expect(formatList(['Anas', 'هبة', 'Yasmine'], 'ar')).toMatch(/هبة و Yasmine$/);
  });

  it('leaves English and French as the language writes them, and one name as it is', () => {
    expect(formatList(['Sara', 'Adam'], 'en')).toBe('Sara and Adam');
    expect(formatList(['Sara', 'Adam'], 'fr')).toBe('Sara et Adam');
    expect(formatList(['هبة'], 'ar')).toBe('هبة');
  });
});
