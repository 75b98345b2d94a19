import { describe, expect, it } from 'vitest';
import type { ReplyMeaning } from '../../src/domain/reply/parser.js';
import { parseRsvp } from '../../src/domain/reply/parser.js';

const rsvp = (answer: 'yes' | 'no' | 'maybe', confidence: 'sure' | 'likely'): ReplyMeaning => ({ kind: 'rsvp', answer, confidence });
const Y = rsvp('yes', 'sure');
const y = rsvp('yes', 'likely');
const N = rsvp('no', 'sure');
const M = rsvp('maybe', 'sure');
const m = rsvp('maybe', 'likely');

type Script = 'en' | 'fr' | 'msa' | 'darija' | 'arabizi' | 'emoji' | 'digits' | 'tap' | 'mixed';

/** Labelled replies to an invitation: [what the parent wrote, what it means, language/script]. */
const EXAMPLES: [string, ReplyMeaning, Script][] = [
  // English
  ['yes', Y, 'en'], ['Yes!', Y, 'en'], ['YES', Y, 'en'], ['yesss', Y, 'en'], ['yess', Y, 'en'], ['Yeah', Y, 'en'], ['yep', Y, 'en'],
  ['Sure', Y, 'en'], ['Of course', Y, 'en'], ['Yes, I’ll come', Y, 'en'], ['yes I will come', Y, 'en'], ["I'll be there", Y, 'en'],
  ['We will come, thank you', Y, 'en'], ['Count me in 🙏', Y, 'en'], ['ok', y, 'en'], ['Okay.', y, 'en'], ['no problem', y, 'en'],
  ['No worries!', y, 'en'], ["inshallah I'll come", y, 'en'], ['no', N, 'en'], ['No, I can’t come', N, 'en'], ['nooo', N, 'en'],
  ['noo', N, 'en'], ['Nope', N, 'en'], ["Sorry, I can't make it", N, 'en'], ['I will not come', N, 'en'],
  ["I won't be able to attend", N, 'en'], ["I'm not coming", N, 'en'], ['maybe', M, 'en'], ['Maybe...', M, 'en'], ['not sure', M, 'en'],
  ["I'm not sure", M, 'en'], ["I don't know", M, 'en'], ["I'll try", M, 'en'], ['perhaps', M, 'en'], ['maybe I will come', m, 'en'],
  ['yes maybe', m, 'en'], ['I might come', m, 'en'],
  // French
  ['oui', Y, 'fr'], ['Oui !', Y, 'fr'], ['OUI', Y, 'fr'], ['ouiii', Y, 'fr'], ['ouais', Y, 'fr'], ['bien sûr', Y, 'fr'], ['bien sur', Y, 'fr'],
  ['Oui, je viens', Y, 'fr'], ['oui je serai là', Y, 'fr'], ['je serai présente, merci', Y, 'fr'], ['avec plaisir', Y, 'fr'],
  ["d'accord", y, 'fr'], ['D’accord madame', y, 'fr'], ['dacc', y, 'fr'], ['ça marche', y, 'fr'], ['pas de problème', y, 'fr'],
  ['pas de soucis', y, 'fr'], ['Oui si Dieu le veut', y, 'fr'], ['non', N, 'fr'], ['Non merci', N, 'fr'], ['nooon', N, 'fr'],
  ['je ne peux pas', N, 'fr'], ['je peux pas venir', N, 'fr'], ['Désolé, je ne pourrai pas venir', N, 'fr'], ['Je ne viendrai pas', N, 'fr'],
  ['malheureusement non', N, 'fr'], ['pas possible', N, 'fr'], ['peut-être', M, 'fr'], ['Peut-être.', M, 'fr'], ['peut etre', M, 'fr'],
  ['peut\u2010être', M, 'fr'], ['ptet', M, 'fr'], ['je ne sais pas', M, 'fr'], ['pas sûr', M, 'fr'], ['je vais essayer', M, 'fr'],
  ['probablement', M, 'fr'], ['oui peut-être', m, 'fr'],
  // Modern Standard Arabic
  ['نعم', Y, 'msa'], ['نعم.', Y, 'msa'], ['نَعَمْ', Y, 'msa'], ['نعــــم', Y, 'msa'], ['نعععم', Y, 'msa'], ['نعم، سأحضر', Y, 'msa'],
  ['أجل', Y, 'msa'], ['اجل', Y, 'msa'], ['بالتأكيد', Y, 'msa'], ['بالتاكيد', Y, 'msa'], ['سأحضر', Y, 'msa'], ['ساحضر', Y, 'msa'],
  ['سأكون حاضرة', Y, 'msa'], ['موافق', Y, 'msa'], ['نعم سأحضر إن شاء الله', y, 'msa'], ['سنحضر بإذن الله', y, 'msa'], ['حسنا', y, 'msa'],
  ['لا مشكلة', y, 'msa'], ['لا مانع', y, 'msa'], ['لا', N, 'msa'], ['لا.', N, 'msa'], ['لاا', N, 'msa'], ['لااا', N, 'msa'],
  ['لا، لن أتمكن', N, 'msa'], ['لن أحضر', N, 'msa'], ['لا أستطيع الحضور', N, 'msa'], ['للأسف لا أستطيع', N, 'msa'],
  ['لن أتمكن من الحضور', N, 'msa'], ['كلا', N, 'msa'], ['ربما', M, 'msa'], ['ربّما', M, 'msa'], ['رُبَّمَا', M, 'msa'], ['لست متأكدا', M, 'msa'],
  ['لستُ متأكداً', M, 'msa'], ['لا أعرف', M, 'msa'], ['سأحاول', M, 'msa'], ['قد أحضر', m, 'msa'], ['إن شاء الله', m, 'msa'],
  ['ان شاء الله', m, 'msa'], ['انشاء الله', m, 'msa'],
  // Moroccan Darija, Arabic script
  ['واخا', Y, 'darija'], ['واخاااا', Y, 'darija'], ['وخا', Y, 'darija'], ['إيه', Y, 'darija'], ['ايه', Y, 'darija'], ['إيوا', Y, 'darija'],
  ['غادي نجي', Y, 'darija'], ['واخا أستاذة', Y, 'darija'], ['أكيد', Y, 'darija'], ['آه', y, 'darija'], ['غانجي إن شاء الله', y, 'darija'],
  ['واخا إن شاء الله', y, 'darija'], ['ماشي مشكل', y, 'darija'], ['ما كاين مشكل', y, 'darija'], ['لا مشكل', y, 'darija'], ['أوكي', y, 'darija'],
  ['نجي', y, 'darija'], ['ما نقدرش', N, 'darija'], ['مانقدرش', N, 'darija'], ['ما نقدرش نجي', N, 'darija'], ['ماغاديش نجي', N, 'darija'],
  ['ما نجيش', N, 'darija'], ['لا ما نقدرش', N, 'darija'], ['لالا', N, 'darija'], ['ماشي', N, 'darija'], ['ماشي ممكن', N, 'darija'],
  ['سمحلي ما نقدرش', N, 'darija'], ['يمكن', M, 'darija'], ['ممكن', M, 'darija'], ['ما عرفتش', M, 'darija'], ['نشوف', M, 'darija'],
  ['غادي نحاول', M, 'darija'], ['ماشي متأكد', M, 'darija'], ['انشالله', m, 'darija'], ['يمكن نجي', m, 'darija'],
  // Moroccan Darija, Latin "Arabizi"
  ['wakha', Y, 'arabizi'], ['Wakha!', Y, 'arabizi'], ['wakhaaa', Y, 'arabizi'], ['wakhaa', Y, 'arabizi'], ['waxa', Y, 'arabizi'],
  ['wakhkha', Y, 'arabizi'], ['iyeh', Y, 'arabizi'], ['ghadi nji', Y, 'arabizi'], ['ah ghadi nji', Y, 'arabizi'], ['akid', Y, 'arabizi'],
  ['wakha 3afak', Y, 'arabizi'], ['ah', y, 'arabizi'], ['ghanji inchallah', y, 'arabizi'], ['wakha inchallah', y, 'arabizi'],
  ['machi mochkil', y, 'arabizi'], ['la mochkil', y, 'arabizi'], ['ok ostad', y, 'arabizi'], ['la', N, 'arabizi'], ['La.', N, 'arabizi'],
  ['laa', N, 'arabizi'], ['lla', N, 'arabizi'], ['ma9drch', N, 'arabizi'], ['ma n9derch', N, 'arabizi'], ['man9derch nji', N, 'arabizi'],
  ['maghadich nji', N, 'arabizi'], ['ma njich', N, 'arabizi'], ['la ma9drch', N, 'arabizi'], ['machi', N, 'arabizi'],
  ['smhli ma9drch', N, 'arabizi'], ['ymkn', M, 'arabizi'], ['mumkin', M, 'arabizi'], ['ma3rftch', M, 'arabizi'], ['nchouf', M, 'arabizi'],
  ['inchallah', m, 'arabizi'], ['nchallah', m, 'arabizi'], ['inshallah', m, 'arabizi'], ['Insha Allah', m, 'arabizi'], ['ymkn nji', m, 'arabizi'],
  // Emoji
  ['👍', y, 'emoji'], ['👍🏽', y, 'emoji'], ['👍👍👍', y, 'emoji'], ['👌', y, 'emoji'], ['✅', Y, 'emoji'], ['✔️', Y, 'emoji'], ['👎', N, 'emoji'],
  ['👎🏻', N, 'emoji'], ['❌', N, 'emoji'], ['🤔', M, 'emoji'], ['🤷‍♀️', M, 'emoji'], ['ok 👍', y, 'emoji'], ['👍 نعم', Y, 'emoji'],
  ['✅ oui', Y, 'emoji'], ['❌ لا', N, 'emoji'], ['🙏👍', y, 'emoji'],
  // Digits of all three sets: the numbered-list fallback, 1 yes · 2 no · 3 maybe
  ['1', Y, 'digits'], ['١', Y, 'digits'], ['۱', Y, 'digits'], ['2', N, 'digits'], ['٢', N, 'digits'], ['۲', N, 'digits'], ['3', M, 'digits'],
  ['٣', M, 'digits'], ['۳', M, 'digits'], ['1.', Y, 'digits'], ['1️⃣', Y, 'digits'], ['2️⃣', N, 'digits'], ['(1)', Y, 'digits'],
  ['no maybe', m, 'en'], ['je sais pas encore quand', m, 'fr'], ['I will be late', y, 'en'], ['1 نعم', Y, 'digits'], ['1 - yes', Y, 'digits'], ['2 لا', N, 'digits'], [' 3 ', M, 'digits'], ['\u200F1', Y, 'digits'], ['٢.', N, 'digits'],
  // Choice taps (button and quick-reply ids)
  ['r.yes.evt-1', Y, 'tap'], ['r.no.evt-1', N, 'tap'], ['r.maybe.evt_2', M, 'tap'],
  // Greetings and thanks around an answer, several languages in one reply
  ['السلام عليكم، نعم سأحضر', Y, 'mixed'], ['شكرا، سأحضر إن شاء الله', y, 'mixed'], ['Bonjour madame, oui je viens', Y, 'mixed'],
  ['salam, wakha', Y, 'mixed'], ['merci beaucoup, je ne pourrai pas venir', N, 'mixed'], ['Salam ostada, ma n9derch nji, smhli', N, 'mixed'],
  ['السلام عليكم أستاذ، للأسف لا أستطيع', N, 'mixed'], ['\u2068نعم\u2069 merci', Y, 'mixed'], ['ok merci, inchallah nji', y, 'mixed'],
];

/** Replies that must stay unknown: asking again kindly beats recording a wrong RSVP. */
const NOT_AN_ANSWER: [string, string][] = [
  ['salam', 'a greeting'], ['Salam!', 'a greeting'], ['merci', 'thanks'], ['شكرا', 'thanks'], ['شكرا جزيلا', 'thanks'], ['مرحبا', 'a greeting'],
  ['🙏', 'thanks'], ['❤️', 'a heart'], ['who is this?', 'a question'], ['ma fhemtch', 'did not understand'],
  ['ما فهمتش', 'did not understand'], ['3afak chno hada', 'what is this, please'], ['chno hada', 'what is this'],
  ['0612345678', 'a phone number'], ['+212 6 12 34 56 78', 'a phone number'], ["C'est à quelle heure ?", 'a question'],
  ['فين؟', 'where?'], ['واش كاين شي مشكل؟', 'is there a problem?'], ['nonna', '"non" inside a word'], ['yesterday', '"yes" inside a word'],
  ['Lalla', 'Madam, not "la"'], ['لالة', 'Madam, not "لا"'], ['لا إله إلا الله', 'a religious formula, not a no'],
  ['لا ماشي مشكل', 'no + no problem: contradictory'], ['yes no', 'contradictory'], ['oui non', 'contradictory'],
  ['4', 'not a choice'], ['0', 'not a choice'], ['12', 'not a choice'], ['1 2', 'two choices'], ['3afak', 'please'],
  ['أبداً', '"never", not ابدأ'], ['noon', 'a doubled word is not stretched'], ['', 'empty'], ['   ', 'blank'], ['...', 'punctuation'],
  ['؟', 'punctuation'], ['not', 'a bare negation'],
  ["I can't come but my wife will", 'someone else may come: for the teacher to read'], ['stop sending at night', 'a sentence with stop in it'],
  ['baraka allahu fik', 'thanks, not the stop word baraka'], ['هل يمكنني إحضار أخي؟', 'a question'], ['ana mrida', 'I am ill'],
  ['oui ou non ?', 'a question'], ['wach ghadi tkoun lmadrasa m7lola?', 'a question'], ['ok who are you?', 'a question'],
];

describe('parseRsvp: labelled examples', () => {
  it.each(EXAMPLES)('%s → %o (%s)', (text, expected) => {
    expect(parseRsvp(text)).toEqual(expected);
  });

  it(`has at least 150 labelled examples (${EXAMPLES.length}) across the languages and scripts`, () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(150);
    const perScript = new Map<Script, number>();
    for (const [, , script] of EXAMPLES) perScript.set(script, (perScript.get(script) ?? 0) + 1);
    for (const script of ['en', 'fr', 'msa', 'darija', 'arabizi'] as const) expect(perScript.get(script)).toBeGreaterThanOrEqual(25);
    for (const script of ['emoji', 'digits'] as const) expect(perScript.get(script)).toBeGreaterThanOrEqual(15);
  });
});

describe('parseRsvp: not an answer', () => {
  it.each(NOT_AN_ANSWER)('%s stays unknown (%s)', (text) => {
    expect(parseRsvp(text)).toEqual({ kind: 'unknown' });
  });

  it(`has at least 25 negatives (${NOT_AN_ANSWER.length})`, () => {
    expect(NOT_AN_ANSWER.length).toBeGreaterThanOrEqual(25);
  });
});

describe('parseRsvp: other rules', () => {
  it('reads commands too, so STOP is never taken for an answer', () => {
    expect(parseRsvp('STOP')).toEqual({ kind: 'command', command: 'stop' });
    expect(parseRsvp('بركا')).toEqual({ kind: 'command', command: 'stop' });
    expect(parseRsvp('Français')).toEqual({ kind: 'command', command: 'language', language: 'fr' });
  });

  it('ignores a choice id that does not decode', () => {
    expect(parseRsvp('r.yes.')).toEqual({ kind: 'unknown' });
    expect(parseRsvp('r.perhaps.evt1')).toEqual({ kind: 'unknown' });
  });

  it('does not read a long letter as an answer', () => {
    expect(parseRsvp(`${'نعم '.repeat(100)}`)).toEqual({ kind: 'unknown' });
  });

  it('returns fresh objects the caller may keep', () => {
    const a = parseRsvp('نعم');
    const b = parseRsvp('نعم');
    expect(a).not.toBe(b);
  });
});
