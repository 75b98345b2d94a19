import { describe, expect, it } from 'vitest';
import { buildLexicon, phraseKey, segment, tokenise } from '../../src/domain/reply/lexicon.js';
import { normaliseReply } from '../../src/domain/reply/normalise.js';
import type { RatingValue } from '../../src/domain/reply/parser.js';
import { parseCommand, parseRating, parseRsvp } from '../../src/domain/reply/parser.js';
import type { Words } from '../../src/domain/reply/words.js';
import { COMMAND_WORDS, FILLER_WORDS, LANGUAGE_WORDS, NUMBER_WORDS, RSVP_WORDS, allWords } from '../../src/domain/reply/words.js';

const flat = (words: Words) => allWords(words);

describe('reply vocabulary', () => {
  it('every yes / no / maybe phrase means what its list says', () => {
    for (const phrase of flat(RSVP_WORDS.yes)) expect(parseRsvp(phrase), phrase).toMatchObject({ answer: 'yes', confidence: 'sure' });
    for (const phrase of flat(RSVP_WORDS.yesLikely)) expect(parseRsvp(phrase), phrase).toMatchObject({ answer: 'yes', confidence: 'likely' });
    for (const phrase of flat(RSVP_WORDS.attend)) expect(parseRsvp(phrase), phrase).toMatchObject({ answer: 'yes', confidence: 'likely' });
    for (const phrase of flat(RSVP_WORDS.no)) expect(parseRsvp(phrase), phrase).toMatchObject({ answer: 'no', confidence: 'sure' });
    for (const phrase of flat(RSVP_WORDS.maybe)) expect(parseRsvp(phrase), phrase).toMatchObject({ answer: 'maybe', confidence: 'sure' });
    for (const phrase of flat(RSVP_WORDS.hedge)) expect(parseRsvp(phrase), phrase).toMatchObject({ answer: 'maybe', confidence: 'likely' });
  });

  it('fillers alone mean nothing', () => {
    for (const phrase of flat(FILLER_WORDS)) expect(parseRsvp(phrase), phrase).toEqual({ kind: 'unknown' });
  });

  it('every command and language word is that command, in every context', () => {
    for (const [command, words] of Object.entries(COMMAND_WORDS)) {
      for (const phrase of flat(words)) {
        expect(parseCommand(phrase), phrase).toEqual({ kind: 'command', command });
        expect(parseRating(phrase), phrase).toEqual({ kind: 'command', command });
      }
    }
    for (const [language, words] of Object.entries(LANGUAGE_WORDS)) {
      for (const phrase of flat(words)) expect(parseRsvp(phrase), phrase).toEqual({ kind: 'command', command: 'language', language });
    }
  });

  it('every number word is its rating', () => {
    for (const [value, words] of Object.entries(NUMBER_WORDS)) {
      for (const phrase of flat(words)) expect(parseRating(phrase), phrase).toEqual({ kind: 'rating', value: Number(value) as RatingValue });
    }
  });

  it('no phrase is written so that normalisation empties it', () => {
    const all = [RSVP_WORDS, COMMAND_WORDS, LANGUAGE_WORDS, NUMBER_WORDS].flatMap((group) => Object.values(group).flatMap(flat));
    for (const phrase of [...all, ...flat(FILLER_WORDS)]) expect(phraseKey(phrase), phrase).not.toBe('');
  });
});

describe('reply lexicon', () => {
  const lexicon = buildLexicon<string>([
    ['yes', ['yes', 'i will']],
    ['no', ['no', 'i will not']],
    ['filler', ['thank you']],
  ]);
  const read = (text: string) => segment(tokenise(normaliseReply(text)), lexicon);

  it('covers the reply left to right, longest phrase first', () => {
    expect(read('I will not, thank you')).toEqual(['no', 'filler']);
    expect(read('yes I will')).toEqual(['yes', 'yes']);
  });

  it('refuses a reply with one word it does not know', () => {
    expect(read('yes I will be late')).toBeUndefined();
    expect(read('yesterday')).toBeUndefined();
  });

  it('reads a last letter doubled to stretch a word, unless the doubled form is a word of its own', () => {
    expect(read('yess')).toEqual(['yes']);
    expect(read('noo')).toEqual(['no']);
    expect(segment(['noon'], buildLexicon([['no', ['no']], ['midday', ['noon']]]))).toEqual(['midday']);
  });

  it('refuses a phrase listed under two meanings', () => {
    expect(() => buildLexicon([['yes', ['oui']], ['no', ['Oui!']]])).toThrow(/both yes and no/);
    expect(() => buildLexicon([['yes', ['...']]])).toThrow(/no words/);
  });

  it('tokenises words, digits inside Arabizi words, and emoji with their modifiers', () => {
    expect(tokenise(normaliseReply("Peut-être, j'viens ! 👍🏽🤷‍♀️"))).toEqual(['peut', 'etre', 'jviens', '👍', '🤷']);
    expect(tokenise('ma9drch 3afak')).toEqual(['ma9drch', '3afak']);
  });
});
