/**
 * A woman teacher is not given a man's title. The roster may say a teacher's gender; the
 * messages that name a teacher then say "الأستاذة" / "Mme" / "Ms" (or "الأستاذ" / "M." / "Mr"),
 * and without it the neutral forms ("الأستاذ(ة)", the name alone), with no verb that takes a side.
 */
import { describe, expect, it } from 'vitest';
import * as said from '../../src/domain/conversation/said.js';
import { renderInvitation, type InvitationInput } from '../../src/i18n/index.js';

const strip = (s: string) => s.replace(/[\u2066-\u2069\u200E\u200F]/g, '');
const meeting = (locale: InvitationInput['locale'], teacherGender?: string): string => strip(renderInvitation({
  kind: 'meeting', locale, timeZone: 'Africa/Casablanca', schoolName: 'Al Amal', rsvp: true, eventId: 'ev1', childNames: ['Sara'],
  vars: { teacher: 'نادية بناني', ...(teacherGender ? { teacherGender } : {}) },
}).text);
const answer = (locale: 'ar' | 'fr' | 'en', teacherGender?: 'female' | 'male') =>
  strip(said.answerForParent(locale, { by: 'teacher', teacherName: 'Nadia Bennani', ...(teacherGender ? { teacherGender } : {}), title: '', text: 'OK' }).text);

describe("a teacher's title in an invitation", () => {
  it('gives a woman the feminine title and verb in Arabic, "Mme" in French', () => {
    expect(meeting('ar', 'female')).toContain('ستكون في استقبالكم الأستاذة نادية بناني');
    expect(meeting('fr', 'female')).toContain('Mme نادية بناني vous accueillera');
    expect(meeting('en', 'female')).toContain('Ms نادية بناني will be there');
  });

  it('gives a man the masculine ones', () => {
    expect(meeting('ar', 'male')).toContain('سيكون في استقبالكم الأستاذ نادية بناني');
    expect(meeting('fr', 'male')).toContain('M. نادية بناني vous accueillera');
  });

  it('stays neutral when the roster does not say (or says something else)', () => {
    for (const gender of [undefined, 'x']) {
      const ar = meeting('ar', gender);
      expect(ar).toContain('وفي استقبالكم الأستاذ(ة) نادية بناني');
      expect(ar).not.toMatch(/سيكون|ستكون/);
      expect(meeting('fr', gender)).toContain('. نادية بناني vous accueillera');
    }
  });
});

describe("a teacher's answer to a parent", () => {
  it('says who answered with the right title, or neutrally', () => {
    expect(answer('ar', 'female')).toMatch(/^ردّت الأستاذة Nadia Bennani على رسالتكم/);
    expect(answer('ar', 'male')).toMatch(/^ردّ الأستاذ Nadia Bennani على رسالتكم/);
    expect(answer('ar')).toMatch(/^وصلكم ردّ الأستاذ\(ة\) Nadia Bennani على رسالتكم/);
    expect(answer('fr', 'female')).toMatch(/^L’enseignante de votre enfant, Mme Nadia Bennani, a répondu/);
    expect(answer('fr')).toMatch(/^L’enseignant\(e\) de votre enfant, Nadia Bennani, a répondu/);
    expect(answer('en', 'male')).toMatch(/^Your child’s teacher, Mr Nadia Bennani, answered/);
  });
});
