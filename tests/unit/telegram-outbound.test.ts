import { describe, expect, it } from 'vitest';
import { TELEGRAM_CAPABILITIES } from '../../adapters/telegram/capabilities.js';
import { inlineKeyboard, planTelegramMessage, telegramJoinLink, toSendMessageBodies } from '../../adapters/telegram/outbound.js';

const RSVP = [
  { id: 'r.yes.ev_7Hq2', label: 'نعم، سأحضر' },
  { id: 'r.no.ev_7Hq2', label: 'لا' },
  { id: 'r.maybe.ev_7Hq2', label: 'ربما' },
];

// About 90 characters of Arabic with a bidi-isolated name, repeated past three messages.
const SENTENCE = 'السيد(ة) ولي(ة) أمر التلميذ(ة) ⁨سارة⁩، نذكركم بموعد اجتماع أولياء الأمور يوم الاثنين. ';

describe('planning a Telegram message', () => {
  it('splits long Arabic text into parts of at most 4096 characters, losing nothing', () => {
    const text = SENTENCE.repeat(150);
    const planned = planTelegramMessage({ text, locale: 'ar' });
    expect(planned.parts.length).toBeGreaterThanOrEqual(Math.ceil(text.trim().length / 4096));
    for (const part of planned.parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(planned.parts.join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });

  it('keeps a short message whole', () => {
    expect(planTelegramMessage({ text: 'Dear parent, see you on Monday.', locale: 'en' }).parts).toEqual(['Dear parent, see you on Monday.']);
  });

  it('cuts labels to 40 characters, counting an emoji or an Arabic letter as one', () => {
    const label = '👍'.repeat(45);
    const [choice] = planTelegramMessage({ text: 'x', locale: 'ar', choices: [{ id: 'r.yes.e1', label }] }).choices ?? [];
    expect([...(choice?.label ?? '')]).toHaveLength(TELEGRAM_CAPABILITIES.maxChoiceLabelLength);
    expect(choice?.label).toBe('👍'.repeat(40));
    const arabic = planTelegramMessage({ text: 'x', locale: 'ar', choices: [{ id: 'c', label: 'ن'.repeat(41) }] }).choices?.[0]?.label;
    expect(arabic).toBe('ن'.repeat(40));
  });

  it('keeps at most 8 choices', () => {
    const choices = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, label: `${i}` }));
    expect(planTelegramMessage({ text: 'x', locale: 'en', choices }).choices).toHaveLength(8);
  });

  it('refuses a choice id over 64 bytes, counting bytes not characters', () => {
    expect(() => planTelegramMessage({ text: 'x', locale: 'en', choices: [{ id: 'a'.repeat(64), label: 'ok' }] })).not.toThrow();
    expect(() => planTelegramMessage({ text: 'x', locale: 'en', choices: [{ id: 'a'.repeat(65), label: 'ok' }] })).toThrow(/65 bytes.*1–64/);
    // 33 Arabic letters are 33 characters but 66 bytes.
    expect(() => planTelegramMessage({ text: 'x', locale: 'ar', choices: [{ id: 'ن'.repeat(33), label: 'ok' }] })).toThrow(/66 bytes/);
  });

  it('refuses what Telegram would reject: blank text, an empty label, an empty id', () => {
    expect(() => planTelegramMessage({ text: '  \n ', locale: 'en' })).toThrow(/empty/);
    expect(() => planTelegramMessage({ text: 'x', locale: 'en', choices: [{ id: 'c', label: '  ' }] })).toThrow(/empty label/);
    expect(() => planTelegramMessage({ text: 'x', locale: 'en', choices: [{ id: '', label: 'ok' }] })).toThrow(/0 bytes/);
  });
});

describe('sendMessage bodies', () => {
  it('puts the keyboard on the last part only, one button per row, callback_data = choice id', () => {
    const planned = planTelegramMessage({ text: SENTENCE.repeat(60), locale: 'ar', choices: RSVP });
    const bodies = toSendMessageBodies(planned, '5550001');
    expect(bodies.length).toBe(planned.parts.length);
    expect(bodies.length).toBeGreaterThan(1);
    bodies.slice(0, -1).forEach((b) => expect(b.reply_markup).toBeUndefined());
    expect(bodies.at(-1)?.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'نعم، سأحضر', callback_data: 'r.yes.ev_7Hq2' }],
        [{ text: 'لا', callback_data: 'r.no.ev_7Hq2' }],
        [{ text: 'ربما', callback_data: 'r.maybe.ev_7Hq2' }],
      ],
    });
    for (const b of bodies) expect(b).toMatchObject({ chat_id: '5550001' });
  });

  it('sends plain text: no parse_mode, so names need no escaping', () => {
    const [body] = toSendMessageBodies(planTelegramMessage({ text: 'Ali <3 & Sara_M *', locale: 'en' }), '1');
    expect(body).toEqual({ chat_id: '1', text: 'Ali <3 & Sara_M *' });
  });

  it('has no keyboard when there are no choices', () => {
    expect(inlineKeyboard([])).toEqual({ inline_keyboard: [] });
    expect(toSendMessageBodies({ parts: ['a'], locale: 'en', choices: [] }, '1')[0]?.reply_markup).toBeUndefined();
  });
});

describe('join links', () => {
  it('opens the bot with a start payload', () => {
    expect(telegramJoinLink('school_test_bot', 'inv_Q2xh-x')).toBe('https://t.me/school_test_bot?start=inv_Q2xh-x');
  });

  it('refuses codes Telegram would not pass on', () => {
    for (const code of ['', 'a b', 'a'.repeat(65), 'كود', 'a+b']) expect(() => telegramJoinLink('b', code)).toThrow(/1–64/);
  });
});
