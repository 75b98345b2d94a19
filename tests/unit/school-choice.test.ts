import { describe, expect, it } from 'vitest';
import { chooseSchool, claimsMessage, pickedSchool, schoolChoiceId, schoolChoices } from '../../src/domain/conversation/school-choice.js';

const OFFERED = [
  { id: 's1', key: 'aaaa000001', name: 'École Al Amal' },
  { id: 's2', key: 'bbbb000002', name: 'مدرسة ابن سينا' },
];

describe('which school a message in a shared chat is for', () => {
  it('what the message points at wins over everything', () => {
    expect(chooseSchool({ candidates: ['s1', 's2'], pointed: 's2', claimers: ['s1'], picked: 's1' })).toEqual({ schoolId: 's2' });
  });

  it('a pointer to a school the chat does not belong to here counts for nothing', () => {
    expect(chooseSchool({ candidates: ['s1', 's2'], pointed: 's9', claimers: [] })).toEqual({ ask: ['s1', 's2'] });
  });

  it('the one school whose conversation waits for the answer takes it', () => {
    expect(chooseSchool({ candidates: ['s1', 's2'], claimers: ['s2'] })).toEqual({ schoolId: 's2' });
    expect(chooseSchool({ candidates: ['s1', 's2'], claimers: ['s2'], picked: 's1' })).toEqual({ schoolId: 's2' });
  });

  it('two schools waiting: the last pick decides, else the parent is asked between those two', () => {
    expect(chooseSchool({ candidates: ['s1', 's2', 's3'], claimers: ['s1', 's3'], picked: 's3' })).toEqual({ schoolId: 's3' });
    expect(chooseSchool({ candidates: ['s1', 's2', 's3'], claimers: ['s1', 's3'], picked: 's2' })).toEqual({ ask: ['s1', 's3'] });
  });

  it('nobody waiting: the last pick decides, else every school is offered', () => {
    expect(chooseSchool({ candidates: ['s1', 's2'], claimers: [], picked: 's1' })).toEqual({ schoolId: 's1' });
    expect(chooseSchool({ candidates: ['s1', 's2'], claimers: [] })).toEqual({ ask: ['s1', 's2'] });
  });

  it('answers and questions still open claim the message; notes, greetings and commands do not', () => {
    for (const outcome of ['rsvp_yes', 'rsvp_no', 'rsvp_maybe', 'rsvp_ask_again', 'survey_answer', 'survey_skip', 'survey_ask_again', 'draft_step', 'event_requested']) {
      expect(claimsMessage(outcome), outcome).toBe(true);
    }
    for (const outcome of ['note', 'courtesy', 'greeting', 'opted_out', 'help', 'language', 'stranger', 'late', 'unknown_choice']) {
      expect(claimsMessage(outcome), outcome).toBe(false);
    }
  });
});

describe("the parent's pick", () => {
  it("a tap on a school's button", () => {
    expect(pickedSchool({ choiceId: schoolChoiceId('bbbb000002') }, OFFERED)).toBe('s2');
    expect(pickedSchool({ choiceId: schoolChoiceId('cccc000003') }, OFFERED)).toBeUndefined();
    expect(pickedSchool({ choiceId: 'r.yes.ev123' }, OFFERED)).toBeUndefined();
  });

  it('its number in the list, in any digits, or its name', () => {
    expect(pickedSchool({ text: '1' }, OFFERED)).toBe('s1');
    expect(pickedSchool({ text: '٢' }, OFFERED)).toBe('s2');
    expect(pickedSchool({ text: 'école al amal' }, OFFERED)).toBe('s1');
    expect(pickedSchool({ text: 'مدرسة ابن سينا' }, OFFERED)).toBe('s2');
  });

  it('a number outside the list, a sentence, or nothing offered is no pick', () => {
    expect(pickedSchool({ text: '3' }, OFFERED)).toBeUndefined();
    expect(pickedSchool({ text: 'my son is sick' }, OFFERED)).toBeUndefined();
    expect(pickedSchool({ text: '1' }, [])).toBeUndefined();
  });

  it('a vote on a poll not known yet picks by its place only when its label is that school', () => {
    expect(pickedSchool({ optionIndex: 1, text: 'مدرسة ابن سينا' }, OFFERED)).toBe('s2');
    expect(pickedSchool({ optionIndex: 1, text: '5 Agree' }, OFFERED)).toBeUndefined();
  });

  it("the question's choices are the schools' names", () => {
    expect(schoolChoices(OFFERED)).toEqual([
      { id: 'x.school.aaaa000001', label: 'École Al Amal' },
      { id: 'x.school.bbbb000002', label: 'مدرسة ابن سينا' },
    ]);
  });
});
