import { describe, expect, it } from 'vitest';
import type { RatingValue } from '../../src/domain/reply/parser.js';
import { parseRating } from '../../src/domain/reply/parser.js';

/** Answers to a 6-point survey question: [what the parent wrote, the rating]. */
const RATINGS: [string, RatingValue][] = [
  ['1', 1], ['2', 2], ['3', 3], ['4', 4], ['5', 5], ['6', 6],
  ['٣', 3], ['٦', 6], ['۵', 5], ['۱', 1], ['3️⃣', 3], ['5!', 5], ['(4)', 4], ['\u200F٢', 2],
  ['3/6', 3], ['٣/٦', 3], ['3 / 6', 3], ['3 out of 6', 3], ['3 sur 6', 3], ['4 من 6', 4], ['٥ من ٦', 5], ['5 على 6', 5], ['6/6', 6],
  ['one', 1], ['un', 1], ['une', 1], ['wahed', 1], ['wa7ed', 1], ['واحد', 1], ['واحدة', 1],
  ['two', 2], ['deux', 2], ['joj', 2], ['جوج', 2], ['اثنان', 2], ['إثنين', 2],
  ['three', 3], ['trois', 3], ['tlata', 3], ['ثلاثة', 3], ['ثلاثه', 3], ['تلاتة', 3], ['ثَلَاثَة', 3],
  ['four', 4], ['quatre', 4], ['reb3a', 4], ['أربعة', 4], ['اربعه', 4], ['ربعة', 4],
  ['five', 5], ['cinq', 5], ['khamsa', 5], ['خمسة', 5], ['Five.', 5],
  ['six', 6], ['setta', 6], ['ستة', 6],
  ['3 ثلاثة', 3], ['4 merci', 4], ['شكرا، 2', 2], ['tlataaa', 3],
];

const NOT_A_RATING: [string, string][] = [
  ['0', 'below the scale'], ['7', 'above the scale'], ['10', 'above the scale'], ['٧', 'above the scale'], ['3.5', 'not a whole point'],
  ['3,5', 'not a whole point'], ['3/5', 'another scale'], ['7/6', 'above the scale'], ['0/6', 'below the scale'], ['sept', 'seven'],
  ['سبعة', 'seven'], ['zero', 'zero'], ['3 4', 'two numbers'], ['trois quatre', 'two numbers'], ['yes', 'not a number'],
  ['oui', 'not a number'], ['salam', 'a greeting'], ['', 'empty'], ['33', 'not on the scale'], ['3afak', 'please: a digit inside a word'],
  ['3 of them', 'more than a rating'], ['0612345678', 'a phone number'],
];

describe('parseRating', () => {
  it.each(RATINGS)('%s → %i', (text, value) => {
    expect(parseRating(text)).toEqual({ kind: 'rating', value });
  });

  it.each(NOT_A_RATING)('%s is unknown (%s)', (text) => {
    expect(parseRating(text)).toEqual({ kind: 'unknown' });
  });

  it(`has labelled examples (${RATINGS.length} ratings, ${NOT_A_RATING.length} negatives)`, () => {
    expect(RATINGS.length + NOT_A_RATING.length).toBeGreaterThanOrEqual(60);
  });

  it('reads commands during a survey: stop is STOP, skip is skip', () => {
    expect(parseRating('stop')).toEqual({ kind: 'command', command: 'stop' });
    expect(parseRating('إيقاف')).toEqual({ kind: 'command', command: 'stop' });
    expect(parseRating('skip')).toEqual({ kind: 'command', command: 'skip' });
    expect(parseRating('تخطي')).toEqual({ kind: 'command', command: 'skip' });
    expect(parseRating('passer')).toEqual({ kind: 'command', command: 'skip' });
    expect(parseRating('دوز')).toEqual({ kind: 'command', command: 'skip' });
    expect(parseRating('help')).toEqual({ kind: 'command', command: 'help' });
  });

  it('respects a smaller scale', () => {
    expect(parseRating('5', 5)).toEqual({ kind: 'rating', value: 5 });
    expect(parseRating('6', 5)).toEqual({ kind: 'unknown' });
    expect(parseRating('4/5', 5)).toEqual({ kind: 'rating', value: 4 });
    expect(parseRating('4/6', 5)).toEqual({ kind: 'unknown' });
  });
});
