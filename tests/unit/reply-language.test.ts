import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/domain/reply/language.js';
import { Chat, teacher } from './conversation-builders.js';

describe('languageOf: the language a message is written in', () => {
  it.each([
    ['invite', 'en'], ['I want to invite the parents of 5A', 'en'], ['status please', 'en'],
    ['inviter', 'fr'], ['Je veux inviter les parents de la classe', 'fr'], ['réunion demain à 17h', 'fr'],
    ['دعوة', 'ar'], ['بغيت نصيفط دعوة للآباء', 'ar'], ['السلام عليكم', 'ar'],
  ] as const)('%s → %s', (text, locale) => {
    expect(languageOf(text)).toBe(locale);
  });

  it.each(['17:00', '5', '👍', 'ok', 'salam wakha'])('%s → cannot tell', (text) => {
    expect(languageOf(text)).toBeUndefined();
  });
});

describe('a teacher whose language nobody chose', () => {
  it('is answered in the language they write in, which is stored for them', () => {
    const chat = new Chat({ sender: teacher('ar', undefined, false) });
    const { effects, replies } = chat.say('invite');
    expect(effects).toContainEqual({ type: 'locale', locale: 'en' });
    expect(replies[0]?.locale).toBe('en');
    expect(chat.say('Je veux inviter la classe').replies[0]?.locale).toBe('fr');
  });

  it('keeps the language a teacher chose (or the roster gave), whatever they write in', () => {
    const { effects, replies } = new Chat({ sender: teacher('ar', undefined, true) }).say('invite');
    expect(effects.filter((e) => e.type === 'locale')).toEqual([]);
    expect(replies[0]?.locale).toBe('ar');
  });
});
