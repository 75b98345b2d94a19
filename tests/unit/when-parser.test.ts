import { describe, expect, it } from 'vitest';
import type { WhenResult } from '../../src/domain/reply/when-parser.js';
import { parseWhen } from '../../src/domain/reply/when-parser.js';
import {
  FILLER_WORDS,
  HOUR_UNIT_WORDS,
  MERIDIEM_WORDS,
  MONTH_WORDS,
  NOON_WORDS,
  RELATIVE_DAY_WORDS,
  THIS_PART_OF_DAY_WORDS,
  TIME_MARKER_WORDS,
  WEEKDAY_WORDS,
} from '../../src/domain/reply/when-words.js';

const CASA = 'Africa/Casablanca';
/** Tuesday 1 December 2026, 11:00 in Casablanca (UTC+1). */
const NOW = new Date('2026-12-01T10:00:00Z');

/** The instant as "2026-12-02T16:00Z" (seconds shown only when not zero), or the kind. */
function show(result: WhenResult): string {
  return result.kind === 'ok' ? result.at.toISOString().replace(/:00\.000Z$/, 'Z') : result.kind;
}

const when = (text: string, now = NOW, timeZone = CASA): string => show(parseWhen(text, now, timeZone));

/** [label, what the teacher typed, expected instant (UTC) or kind]; all from NOW in Casablanca. */
const FROM_TUESDAY: [string, string, string][] = [
  // Relative days
  ['today, French', "aujourd'hui à 17h", '2026-12-01T16:00Z'],
  ['today, MSA', 'اليوم على الساعة 17:00', '2026-12-01T16:00Z'],
  ['today, Arabizi lyouma', 'lyouma 18h', '2026-12-01T17:00Z'],
  ['today, Darija ليوما', 'ليوما 15h', '2026-12-01T14:00Z'],
  ['today, Arabizi lyoum', 'lyoum m3a 16h', '2026-12-01T15:00Z'],
  ['tomorrow, English', 'tomorrow at 5pm', '2026-12-02T16:00Z'],
  ['tomorrow, French', 'demain 9h30', '2026-12-02T08:30Z'],
  ['tomorrow, MSA with tanwin', 'غدًا على الساعة 17:00', '2026-12-02T16:00Z'],
  ['tomorrow, Darija غدوة + فالساعة', 'غدوة فالساعة 10', '2026-12-02T09:00Z'],
  ['tomorrow, Arabizi ghda', 'ghda m3a 17h', '2026-12-02T16:00Z'],
  ['tomorrow, Arabizi ghedda', 'ghedda 8h', '2026-12-02T07:00Z'],
  ['tomorrow, Arabizi ghdda with f', 'ghdda f 14h', '2026-12-02T13:00Z'],
  ['day after tomorrow, English', 'the day after tomorrow at 10:00', '2026-12-03T09:00Z'],
  ['après-demain', 'après-demain à 9h30', '2026-12-03T08:30Z'],
  ['apres demain, no accent or hyphen', 'apres demain 16h', '2026-12-03T15:00Z'],
  ['بعد غد', 'بعد غد الساعة 17:00', '2026-12-03T16:00Z'],
  ['بعد غدوة', 'بعد غدوة 17h', '2026-12-03T16:00Z'],
  ['ba3d ghda', 'ba3d ghda 17h', '2026-12-03T16:00Z'],
  // Weekdays (today is Tuesday)
  ['Wednesday, English', 'Wednesday 17:00', '2026-12-02T16:00Z'],
  ['vendredi', 'vendredi à 15h', '2026-12-04T14:00Z'],
  ['الأحد', 'الأحد 10:00', '2026-12-06T09:00Z'],
  ['الإثنين with hamza', 'الإثنين 9h', '2026-12-07T08:00Z'],
  ['يوم الاثنين', 'يوم الاثنين على الساعة 9:00', '2026-12-07T08:00Z'],
  ['الخميس', 'الخميس 14:30', '2026-12-03T13:30Z'],
  ['السبت', 'السبت 10h', '2026-12-05T09:00Z'],
  ['الأربعاء', 'الأربعاء 16h', '2026-12-02T15:00Z'],
  ["today's weekday, time still ahead: today", 'الثلاثاء 17h', '2026-12-01T16:00Z'],
  ["today's weekday, time passed: next week", 'mardi 9h', '2026-12-08T08:00Z'],
  ['Darija نهار الجمعة', 'نهار الجمعة 17h', '2026-12-04T16:00Z'],
  ['Arabizi tnin', 'tnin 9h', '2026-12-07T08:00Z'],
  ['Arabizi tlat, time passed', 'tlat 9h', '2026-12-08T08:00Z'],
  ['Arabizi larb3a', 'larb3a 15h', '2026-12-02T14:00Z'],
  ['Arabizi lkhmis', 'lkhmis 14h30', '2026-12-03T13:30Z'],
  ['Arabizi nhar jem3a m3a', 'nhar jem3a m3a 17h', '2026-12-04T16:00Z'],
  ['Arabizi sebt', 'sebt 10h', '2026-12-05T09:00Z'],
  ['Arabizi l7ad f', 'l7ad f 10h', '2026-12-06T09:00Z'],
  ['weekday agrees with tomorrow', 'demain mercredi 17h', '2026-12-02T16:00Z'],
  // Numeric dates
  ['dd/mm', '15/12 17h', '2026-12-15T16:00Z'],
  ['dd/mm/yyyy', '15/12/2026 à 17:00', '2026-12-15T16:00Z'],
  ['dd/mm/yy', '15/12/26 17h', '2026-12-15T16:00Z'],
  ['dd-mm', '15-12 17h', '2026-12-15T16:00Z'],
  ['dd-mm-yyyy', '15-12-2026 17h', '2026-12-15T16:00Z'],
  ['dd.mm.yyyy', '15.12.2026 17h', '2026-12-15T16:00Z'],
  ['ISO yyyy-mm-dd', '2026-12-15 17:00', '2026-12-15T16:00Z'],
  ['d/m in January: next year', '4/1 10h', '2027-01-04T09:00Z'],
  ['dd/mm already passed: next year', '30/11 10h', '2027-11-30T09:00Z'],
  ["today's date, time passed: next year", '01/12 10:00', '2027-12-01T09:00Z'],
  ['dd.mm alone is a date (asks for the time)', '15.12', 'no_time'],
  ['dd.mm after a day is a time', 'demain 15.12', '2026-12-02T14:12Z'],
  ['dd.mm with a time is a date', '15.12 à 17h', '2026-12-15T16:00Z'],
  ['17.00 cannot be a date', '17.00', '2026-12-01T16:00Z'],
  ['weekday and date agree', 'vendredi 4/12 17h', '2026-12-04T16:00Z'],
  // Month names
  ['English day month', '15 December 17:00', '2026-12-15T16:00Z'],
  ['English month day, year', 'December 15, 2026 at 5pm', '2026-12-15T16:00Z'],
  ['French', 'le 15 décembre à 17h30', '2026-12-15T16:30Z'],
  ['French 1er', 'le 1er décembre à 17h', '2026-12-01T16:00Z'],
  ['French weekday + date', 'lundi 7 décembre à 18h', '2026-12-07T17:00Z'],
  ['Moroccan دجنبر', '15 دجنبر على الساعة 17:00', '2026-12-15T16:00Z'],
  ['Middle-Eastern ديسمبر', '15 ديسمبر 17:00', '2026-12-15T16:00Z'],
  ['Levantine كانون الأول', '15 كانون الأول 17:00', '2026-12-15T16:00Z'],
  ['Moroccan يناير: next year', '3 يناير 10h', '2027-01-03T09:00Z'],
  ['Moroccan شتنبر with year', '10 شتنبر 2027 9h', '2027-09-10T08:00Z'],
  ['Middle-Eastern سبتمبر with year', '10 سبتمبر 2027 9h', '2027-09-10T08:00Z'],
  ['Moroccan غشت', '20 غشت 10h', '2027-08-20T09:00Z'],
  ['Middle-Eastern أغسطس', '20 أغسطس 10h', '2027-08-20T09:00Z'],
  // Clock times
  ['17h', '17h', '2026-12-01T16:00Z'],
  ['17h30', '17h30', '2026-12-01T16:30Z'],
  ['17 h 30', '17 h 30', '2026-12-01T16:30Z'],
  ['17h 30', 'demain 17h 30', '2026-12-02T16:30Z'],
  ['17 heures', 'demain 17 heures', '2026-12-02T16:00Z'],
  ['5pm', '5pm', '2026-12-01T16:00Z'],
  ['5 pm', 'demain 5 pm', '2026-12-02T16:00Z'],
  ['5:30pm', '5:30pm', '2026-12-01T16:30Z'],
  ['5 p.m.', 'tomorrow 5 p.m.', '2026-12-02T16:00Z'],
  ['12am is midnight', 'demain 12am', '2026-12-01T23:00Z'],
  ['12pm is noon', 'demain 12pm', '2026-12-02T11:00Z'],
  ['9am', 'on Monday at 9am', '2026-12-07T08:00Z'],
  ['bare hour after à', 'demain à 17', '2026-12-02T16:00Z'],
  ['bare hour after at', 'tomorrow at 17', '2026-12-02T16:00Z'],
  ['الساعة 5 is 05:00', 'غدا على الساعة 5', '2026-12-02T04:00Z'],
  ['الساعة 5 مساء is 17:00', 'غدا الساعة 5 مساء', '2026-12-02T16:00Z'],
  ['du soir', 'demain à 6h du soir', '2026-12-02T17:00Z'],
  ['ce soir à 6', 'ce soir à 6', '2026-12-01T17:00Z'],
  ['midi', 'demain midi', '2026-12-02T11:00Z'],
  ['a time alone is today', '18:30', '2026-12-01T17:30Z'],
  ['one minute ahead', '11:01', '2026-12-01T10:01Z'],
  // Digits and marks
  ['Arabic-Indic digits', 'غدا ١٧:٠٠', '2026-12-02T16:00Z'],
  ['Extended Arabic-Indic digits', '۱۵/۱۲ ۱۷:۳۰', '2026-12-15T16:30Z'],
  ['diacritics on a weekday', 'الأَحَدُ ١٠:٠٠', '2026-12-06T09:00Z'],
  ['tatweel', 'غـــدا 17h', '2026-12-02T16:00Z'],
  ['inshallah is not a doubt', 'ghda 17h inchallah', '2026-12-02T16:00Z'],
  ['punctuation between parts', 'Demain, à 17h !', '2026-12-02T16:00Z'],
  // Past
  ['today, earlier', "aujourd'hui à 9h", 'past'],
  ['a time alone, earlier', '9:00', 'past'],
  ['exactly now is not the future', '11:00', 'past'],
  ['a full date, earlier', '15/11/2026 17h', 'past'],
  ['a day before today, no time', '30/11/2026', 'past'],
  // Too far
  ['366 days and 6 hours ahead', '02/12/2027 17h', 'too_far'],
  ['365 days and 6 hours ahead is fine', '2027-12-01 17:00', '2027-12-01T16:00Z'],
  ['too far, no time', '2028-01-01', 'too_far'],
  ['29/02 of a leap year, too far', '29/02/2028 10h', 'too_far'],
  // A day but no time
  ['demain', 'demain', 'no_time'],
  ['ghda', 'ghda', 'no_time'],
  ['غدا', 'غدا', 'no_time'],
  ['a weekday', 'vendredi', 'no_time'],
  ["today's weekday", 'mardi', 'no_time'],
  ['a month name', '15 décembre', 'no_time'],
  ['part of the day is not a time', 'demain soir', 'no_time'],
  ['tomorrow morning', 'tomorrow morning', 'no_time'],
  // Not understood
  ["I don't know", "I don't know", 'invalid'],
  ['soon', 'soon', 'invalid'],
  ['next month maybe', 'next month maybe', 'invalid'],
  ['two times with or', '17:00 or 18:00', 'invalid'],
  ['two times', '17:00 18:00', 'invalid'],
  ['a range', '17h-18h', 'invalid'],
  ['two days', 'demain ou après-demain', 'invalid'],
  ['maybe tomorrow', 'maybe tomorrow', 'invalid'],
  ['yesterday is not supported', 'hier 17h', 'invalid'],
  ['next Friday is ambiguous', 'vendredi prochain 17h', 'invalid'],
  ['next week', 'la semaine prochaine', 'invalid'],
  ['empty', '', 'invalid'],
  ['only punctuation', ' ?! ', 'invalid'],
  ['only a filler', 'le', 'invalid'],
  ['an emoji', '🙂', 'invalid'],
  ['24:00', 'demain 24:00', 'invalid'],
  ['25:00', '25:00', 'invalid'],
  ['17:60', '17:60', 'invalid'],
  ['31/02', '31/02 17h', 'invalid'],
  ['29/02 in a common year', '29/02 10h', 'invalid'],
  ['31 novembre', '31 novembre 17h', 'invalid'],
  ['month 13', '15/13 17h', 'invalid'],
  ['day 32', '32/12', 'invalid'],
  ['a bare number after a weekday', 'vendredi 17', 'invalid'],
  ['a bare day of month', 'le 17', 'invalid'],
  ['a month without a day', 'December', 'invalid'],
  ['à demain is a goodbye', 'à demain', 'invalid'],
  ['a marker with nothing after it', 'tomorrow at', 'invalid'],
  ['an hour in words', 'على الساعة الخامسة', 'invalid'],
  ['f before a bare number', 'ghda f 5', 'invalid'],
  ['a bare number', '5', 'invalid'],
  ['days that disagree', 'demain vendredi', 'invalid'],
  ['weekday and date disagree', 'jeudi 4/12 17h', 'invalid'],
  ['tomorrow and a date', 'demain 15/12', 'invalid'],
  ['morning and 18h', 'demain matin 18h', 'invalid'],
  ['0 pm', '0pm', 'invalid'],
];

describe('parseWhen from Tuesday 1 December 2026, 11:00 in Casablanca', () => {
  it('has enough labelled cases', () => {
    expect(FROM_TUESDAY.length).toBeGreaterThanOrEqual(80);
  });

  it.each(FROM_TUESDAY)('%s: %j → %s', (_label, text, expected) => {
    expect(when(text)).toBe(expected);
  });
});

/** [label, now, text, expected]: the calendar and the zone, not the words. */
const CALENDAR: [string, string, string, string][] = [
  ['31/12 said on 31 December, still ahead', '2026-12-31T12:00:00Z', '31/12 17h', '2026-12-31T16:00Z'],
  ['31/12 said on 31 December, passed: next year', '2026-12-31T12:00:00Z', '31/12 10h', '2027-12-31T09:00Z'],
  ['02/01 said in December: next year', '2026-12-31T12:00:00Z', '02/01 10h', '2027-01-02T09:00Z'],
  ['tomorrow across New Year', '2026-12-31T12:00:00Z', 'demain 10h', '2027-01-01T09:00Z'],
  ['a weekday across New Year', '2026-12-31T12:00:00Z', 'vendredi 10h', '2027-01-01T09:00Z'],
  ['a passed date with a year', '2026-12-31T12:00:00Z', '31/12/2026 10h', 'past'],
  ['15/12 without time said on 31/12: next year', '2026-12-31T12:00:00Z', '15/12', 'no_time'],
  // 23:30 UTC is already 1 January in Casablanca: "today" is the school's day.
  ['today is the zone day, not the UTC day', '2026-12-31T23:30:00Z', "aujourd'hui 10h", '2027-01-01T09:00Z'],
  ['tomorrow is the zone day', '2026-12-31T23:30:00Z', 'demain 10h', '2027-01-02T09:00Z'],
  ['a weekday from the zone day', '2026-12-31T23:30:00Z', 'samedi 10h', '2027-01-02T09:00Z'],
  // Ramadan 2027: Casablanca is UTC+0 from 7 February to 14 March.
  ['Ramadan: tomorrow 17h is 17:00 UTC', '2027-02-15T10:00:00Z', 'ghda 17h', '2027-02-16T17:00Z'],
  ['Ramadan: today', '2027-02-15T10:00:00Z', 'اليوم ١٧:٠٠', '2027-02-15T17:00Z'],
  ['Ramadan: a weekday', '2027-02-15T10:00:00Z', 'الجمعة 17h', '2027-02-19T17:00Z'],
  ['Ramadan: a time alone, ahead', '2027-02-15T10:00:00Z', '10:30', '2027-02-15T10:30Z'],
  ['Ramadan: a time alone, passed', '2027-02-15T10:00:00Z', '9:59', 'past'],
  ['before Ramadan, a date inside it', '2027-02-05T10:00:00Z', '15/02 17:00', '2027-02-15T17:00Z'],
  ['before Ramadan, today', '2027-02-05T10:00:00Z', 'vendredi 17h', '2027-02-05T16:00Z'],
  ['before Ramadan, next week inside it', '2027-02-05T10:00:00Z', 'vendredi 9h', '2027-02-12T09:00Z'],
  ['during Ramadan, a day after it', '2027-03-12T10:00:00Z', 'lundi 17h', '2027-03-15T16:00Z'],
  // 29 February 2028 falls in Ramadan 2028: UTC+0 again.
  ['29/02 next year when it is a leap year', '2027-03-01T10:00:00Z', '29/02 10h', '2028-02-29T10:00Z'],
];

describe('parseWhen: the calendar and the zone', () => {
  it.each(CALENDAR)('%s (%s): %j → %s', (_label, now, text, expected) => {
    expect(when(text, new Date(now))).toBe(expected);
  });

  it('reads the wall clock in the zone it is given', () => {
    expect(when('demain 17h', NOW, 'Asia/Dubai')).toBe('2026-12-02T13:00Z');
    expect(when('demain 17h', NOW, 'UTC')).toBe('2026-12-02T17:00Z');
    expect(when('demain 17h', NOW, 'America/New_York')).toBe('2026-12-02T22:00Z');
  });

  it('throws RangeError for an unknown zone (a configuration mistake, not a teacher’s)', () => {
    expect(() => parseWhen('demain 17h', NOW, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => parseWhen('soon', NOW, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('gives up on a long message rather than searching it for a date', () => {
    expect(when(`demain 17h ${'le '.repeat(30)}`)).toBe('invalid');
  });
});

/** Every word in when-words.ts, in a sentence, in UTC: catches a word that normalises into something else. */
describe('when-words: every listed word is understood', () => {
  const dayOfMonth = (offset: number): string => `2026-12-${String(1 + offset).padStart(2, '0')}`;
  const at = (text: string): string => when(text, NOW, 'UTC');
  const each = (lists: readonly (readonly string[])[]): [string, number][] =>
    lists.flatMap((words, i) => words.map((word): [string, number] => [word, i]));

  it.each(each(RELATIVE_DAY_WORDS))('relative day %j (+%i days)', (word, days) => {
    expect(at(`${word} 17:00`)).toBe(`${dayOfMonth(days)}T17:00Z`);
  });

  it.each(each(WEEKDAY_WORDS))('weekday %j (%i)', (word, weekday) => {
    expect(at(`${word} 17:00`)).toBe(`${dayOfMonth((weekday - 2 + 7) % 7)}T17:00Z`);
  });

  it.each(each(MONTH_WORDS))('month %j (%i + 1)', (word, i) => {
    const year = i === 11 ? 2026 : 2027;
    expect(at(`15 ${word} 10:00`)).toBe(`${year}-${String(i + 1).padStart(2, '0')}-15T10:00Z`);
  });

  it.each(MERIDIEM_WORDS.am)('morning %j', (word) => expect(at(`demain 9 ${word}`)).toBe('2026-12-02T09:00Z'));
  it.each(MERIDIEM_WORDS.pm)('afternoon or evening %j', (word) => expect(at(`demain 5 ${word}`)).toBe('2026-12-02T17:00Z'));
  it.each(THIS_PART_OF_DAY_WORDS.am)('this morning %j', (word) => expect(at(`${word} à 11`)).toBe('2026-12-01T11:00Z'));
  it.each(THIS_PART_OF_DAY_WORDS.pm)('this evening %j', (word) => expect(at(`${word} à 6`)).toBe('2026-12-01T18:00Z'));
  it.each(NOON_WORDS)('noon %j', (word) => expect(at(`demain ${word}`)).toBe('2026-12-02T12:00Z'));
  it.each(TIME_MARKER_WORDS)('time marker %j', (word) => expect(at(`demain ${word} 17`)).toBe('2026-12-02T17:00Z'));
  it.each(HOUR_UNIT_WORDS)('hour unit %j', (word) => expect(at(`demain 17 ${word} 30`)).toBe('2026-12-02T17:30Z'));
  it.each(FILLER_WORDS)('filler %j', (word) => expect(at(`${word} demain 17:00`)).toBe('2026-12-02T17:00Z'));
});
