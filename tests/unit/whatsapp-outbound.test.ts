import { describe, expect, it } from 'vitest';
import { WHATSAPP_WEB_CAPABILITIES } from '../../adapters/whatsapp-web/capabilities.js';
import { planNumberedText, planWhatsAppMessage, POLL_FALLBACK_QUESTION, pollQuestion } from '../../adapters/whatsapp-web/outbound.js';

const caps = WHATSAPP_WEB_CAPABILITIES;
const RSVP = [
  { id: 'r.yes.ev1', label: '  Yes, I will come ' },
  { id: 'r.no.ev1', label: 'No' },
  { id: 'r.maybe.ev1', label: 'Maybe' },
];

describe('whatsapp-web planning', () => {
  it('keeps choices in order as poll options: trimmed, ids kept', () => {
    const planned = planWhatsAppMessage(caps, { text: `${'Meeting on Monday. '.repeat(20)}Will you come?`, choices: RSVP, locale: 'en' });
    expect(planned.parts).toEqual([`${'Meeting on Monday. '.repeat(20)}Will you come?`]);
    expect(planned.choices).toEqual([
      { id: 'r.yes.ev1', label: 'Yes, I will come' },
      { id: 'r.no.ev1', label: 'No' },
      { id: 'r.maybe.ev1', label: 'Maybe' },
    ]);
  });

  it('makes poll options unique, non-empty, within 100 characters and at most 12', () => {
    const many = Array.from({ length: 15 }, (_, i) => ({ id: `c${i}`, label: i < 2 ? 'Same' : i === 2 ? '   ' : `${'ب'.repeat(120)}${i}` }));
    const planned = planWhatsAppMessage(caps, { text: 'اختر', choices: many, locale: 'ar' });
    const labels = planned.choices?.map((c) => c.label) ?? [];
    expect(labels).toHaveLength(12);
    expect(labels.slice(0, 3)).toEqual(['Same', 'Same (2)', '3']);
    expect(new Set(labels).size).toBe(12);
    for (const l of labels) expect([...l].length).toBeLessThanOrEqual(100);
  });

  it('sends a short question with choices as the poll alone, its text the poll\'s question', () => {
    const text = 'السؤال 2 من 8\nأعرف كيف أساعد طفلي على النجاح في المدرسة.';
    expect(planWhatsAppMessage(caps, { text, choices: RSVP, locale: 'ar' })).toEqual({ parts: [], choices: expect.any(Array), locale: 'ar', pollQuestion: text });
    for (const letter of [`${'x'.repeat(250)}?`, 'Parent–teacher meeting\n\nDear parent,\nWill you come?']) {
      expect(planWhatsAppMessage(caps, { text: letter, choices: RSVP, locale: 'en' })).toMatchObject({ parts: [letter] });
    }
  });

  it('has no choices when the message has none (no poll is sent)', () => {
    expect(planWhatsAppMessage(caps, { text: 'Good news!', locale: 'en' })).toEqual({ parts: ['Good news!'], locale: 'en' });
  });

  it('splits a long Arabic invitation within 4096 characters and keeps the choices for the poll', () => {
    const sentence = 'يسعدنا دعوتكم لحضور اجتماع أولياء الأمور يوم الاثنين على الساعة الخامسة مساء. ';
    const planned = planWhatsAppMessage(caps, { text: sentence.repeat(150), choices: RSVP, locale: 'ar' });
    expect(planned.parts.length).toBeGreaterThanOrEqual(3);
    for (const p of planned.parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(planned.choices).toHaveLength(3);
  });
});

describe('the poll question', () => {
  it('repeats the text’s last question, English or Arabic', () => {
    expect(pollQuestion(['Meeting on Monday at 17:00. Will you come? Thank you.'])).toBe('Will you come?');
    expect(pollQuestion(['الاجتماع يوم الاثنين.\nهل ستحضرون؟'])).toBe('هل ستحضرون؟');
  });

  it('takes the last sentence when nothing is asked, from the last part only', () => {
    expect(pollQuestion(['First part. Ignored?', 'Please answer below.'])).toBe('Please answer below.');
  });

  it('falls back to a neutral arrow when the sentence is longer than 255 characters or missing', () => {
    expect(pollQuestion([`${'x'.repeat(300)}?`])).toBe(POLL_FALLBACK_QUESTION);
    expect(pollQuestion([])).toBe(POLL_FALLBACK_QUESTION);
  });
});

describe('numbered-text fallback', () => {
  it('appends "1. Yes" lines and carries no choices, so no poll is sent', () => {
    const planned = planNumberedText(caps, { text: 'Will you come?', choices: RSVP, locale: 'en' });
    expect(planned.parts).toEqual(['Will you come?\n\n1. Yes, I will come\n2. No\n3. Maybe']);
    expect(planned.choices).toBeUndefined();
  });

  it('numbers Arabic labels the same way and leaves a message without choices alone', () => {
    const ar = planNumberedText(caps, { text: 'هل ستحضرون؟', choices: [{ id: 'a', label: 'نعم' }, { id: 'b', label: 'لا' }], locale: 'ar' });
    expect(ar.parts[0]).toBe('هل ستحضرون؟\n\n1. نعم\n2. لا');
    expect(planNumberedText(caps, { text: 'Hello', locale: 'en' }).parts).toEqual(['Hello']);
  });
});
