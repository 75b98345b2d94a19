import { describe, expect, it } from 'vitest';
import { normaliseMarksOnly, normaliseReply } from '../../src/domain/reply/normalise.js';

describe('normaliseReply', () => {
  it.each([
    // Arabic diacritics, tatweel
    ['نَعَمْ', 'نعم'],
    ['رُبَّمَا', 'ربما'],
    ['لستُ متأكداً', 'لست متاكدا'],
    ['هٰذا', 'هذا'],
    ['نعــــم', 'نعم'],
    // Letter variants
    ['أجل', 'اجل'],
    ['إيه', 'ايه'],
    ['آه', 'اه'],
    ['ٱلله', 'الله'],
    ['على', 'علي'],
    ['مدرسة', 'مدرسه'],
    ['مسؤول', 'مسوول'],
    ['قائمة', 'قايمه'],
    ['کلا', 'كلا'],
    ['ﻻ', 'لا'], // the lam-alef ligature, via NFKC
    // Digits: Arabic-Indic and Extended Arabic-Indic → ASCII; keycaps → the digit
    ['٠١٢٣٤٥٦٧٨٩', '0123456789'],
    ['۰۱۲۳۴۵۶۷۸۹', '0123456789'],
    ['1️⃣', '1'],
    ['٣️⃣', '3'],
    ['٣/٦', '3/6'],
    // Latin: lower case, compatibility forms, apostrophes, dashes
    ['YES', 'yes'],
    ['ｙｅｓ', 'yes'],
    ['D’accord', "d'accord"],
    ['peut\u2010être', 'peut-être'],
    ['ma9drch', 'ma9drch'],
    // Bidi marks and isolates
    ['\u200Fنعم\u200E', 'نعم'],
    ['\u2068yes\u2069', 'yes'],
    ['\u061Cلا', 'لا'],
    ['\u202Bok\u202C', 'ok'],
    ['\u2066oui\u2069', 'oui'],
    ['\uFEFFoui', 'oui'],
    // Punctuation at the ends, spaces inside
    ['«نعم»', 'نعم'],
    ['"yes"', 'yes'],
    ['…peut-être…', 'peut-être'],
    ['؟؟لا؟؟', 'لا'],
    ['،نعم؛', 'نعم'],
    ['  oui ,  je   viens ! ', 'oui , je viens'],
    ['oui\n\nje viens', 'oui je viens'],
    ['(1)', '1'],
    ['', ''],
    ['?!', ''],
    // Emoji stay
    ['👍👍', '👍👍'],
    ['👍!', '👍'],
    ['ok 👌', 'ok 👌'],
    ['👍🏽', '👍🏽'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseReply(input)).toBe(expected);
  });

  describe('stretched letters: three or more of a letter become one, two stay two', () => {
    it.each([
      ['نعععم', 'نعم'],
      ['نعـعـعم', 'نعم'], // tatweel between the repeats goes first
      ['لااااا', 'لا'],
      ['yesss', 'yes'],
      ['YESSS', 'yes'],
      ['wakhaaa', 'wakha'],
      ['ouiiii', 'oui'],
      ['nooooon', 'non'],
      ['oui', 'oui'],
      ['peut-être', 'peut-être'],
      ['noon', 'noon'],
      ['allah', 'allah'],
      ['yess', 'yess'],
      ['wakhkha', 'wakhkha'],
      ['1111', '1111'], // digits are not letters
      ['!!!', ''],
    ])('%s → %s', (input, expected) => {
      expect(normaliseReply(input)).toBe(expected);
    });
  });

  it('is idempotent', () => {
    for (const text of ['نَعَمْ!!', 'Yesss 👍', '  ٣ / ٦ ', 'peut‐être…', 'أجل، سأحضر إن شاء الله', '\u2068wakhaaa\u2069']) {
      const once = normaliseReply(text);
      expect(normaliseReply(once)).toBe(once);
    }
  });

  it('is fast enough to run on every message', () => {
    const message = 'السلام عليكم أستاذة، نعم سأحضر إن شاء الله 👍 merci beaucoup! '.repeat(4);
    const startedAt = performance.now();
    for (let i = 0; i < 10_000; i++) normaliseReply(message);
    expect(performance.now() - startedAt).toBeLessThan(2_000);
  });

  it('stays linear on a long run of punctuation (no regex backtracking)', () => {
    const hostile = `${'! '.repeat(50_000)}a${' ?'.repeat(50_000)}`;
    const startedAt = performance.now();
    expect(normaliseReply(hostile)).toBe('a');
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });
});

describe('normaliseMarksOnly', () => {
  it('keeps letters as typed, so ابدأ and أبدًا stay apart', () => {
    expect(normaliseMarksOnly(' ابدأ! ')).toBe('ابدأ');
    expect(normaliseMarksOnly('أبدًا')).toBe('أبدا');
    expect(normaliseMarksOnly('\u200Fنعـــم')).toBe('نعم');
  });
});
