/**
 * Sentences that must not be misread: each one is a way a rule could record an answer, a
 * command or a rating the parent did not give (found by reading the rules, not the corpus).
 */
import { describe, expect, it } from 'vitest';
import { understandRating, understandRsvp } from '../../src/domain/reply/understand.js';

const rsvp = (text: string) => {
  const u = understandRsvp(text);
  return u.kind === 'answer' ? `${u.answer}${u.alsoNote ? '+note' : ''}` : u.kind === 'command' ? `command:${u.command}${u.language ? `:${u.language}` : ''}` : u.kind;
};

describe('commands said in a sentence count only when the sentence is the command', () => {
  it.each([
    ['My son has difficulties in French, can we meet', 'note'],
    ['Elle a eu une mauvaise note en français', 'note'],
    ['I need help with his homework', 'note'],
    ['Please stop sending me messages at night', 'note'],
    ["I don't want you to stop sending me messages", 'note'],
    ['Please don’t send me the paper copy', 'note'],
  ])('%s → %s', (text, expected) => {
    expect(rsvp(text)).toBe(expected);
  });

  it.each([
    ['Please stop sending me these messages', 'command:stop'],
    ['can you write in french please', 'command:language:fr'],
    ['بركا من الميساجات', 'command:stop'],
  ])('%s → %s', (text, expected) => {
    expect(rsvp(text)).toBe(expected);
  });
});

describe('what sits beside an answer', () => {
  it('news about the child beside a yes reaches the teacher; beside a no it is the reason', () => {
    expect(rsvp('Oui, ma fille est malade')).toBe('yes+note');
    expect(rsvp('لا، ابني مريض')).toBe('no');
  });

  it('finds the question after a greeting of several words', () => {
    expect(rsvp('السلام عليكم واش خاصني نجي')).toBe('note');
    expect(rsvp('Good morning do I need to come')).toBe('note');
  });
});

describe('words that look like answers but are not', () => {
  it.each([
    ['غادي نجي من مراكش', 'yes'], // a city ending like "ma … ch"
    ['ghadi nji men marrakech', 'yes'],
    ['ghadi nji machi bohdi', 'yes'], // "not alone", not "not coming"
    ['Mon mari viendra peut-être', 'maybe'],
  ])('%s → %s', (text, expected) => {
    expect(rsvp(text)).toBe(expected);
  });

  it('"ولا" is "or": "نجي ولا لا؟" asks, it does not answer no', () => {
    expect(rsvp('نجي ولا لا؟')).not.toMatch(/^no(\+note)?$/);
  });
});

describe('numbers in a survey answer', () => {
  it('a number that belongs to the sentence is not a rating', () => {
    expect(understandRating('My son is in grade 5 and he likes it', 'agreement').kind).not.toBe('answer');
    expect(understandRating("je n'ai pas pu venir le 3 parce que je travaillais", 'agreement').kind).not.toBe('answer');
  });

  it('a number said as a rating is one', () => {
    expect(understandRating('I give it a 5', 'agreement')).toMatchObject({ kind: 'answer', answer: 5 });
    expect(understandRating('je mettrais 4', 'agreement')).toMatchObject({ kind: 'answer', answer: 4 });
    expect(understandRating('entre 2 et 3', 'agreement').kind).toBe('unclear');
  });
});
