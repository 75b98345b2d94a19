/**
 * A school nobody has named yet never signs with its id: parents read "your child's school" in
 * their language, staff "your school"; named, the school signs with its name. (The store and
 * the API: tests/integration/console-additions.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { School, SchoolEvent } from '../../src/core/types.js';
import * as said from '../../src/domain/conversation/said.js';
import { composeInvitation } from '../../src/domain/invitation.js';
import { fillTemplate, templateMappingSchema } from '../../src/domain/templates.js';
import { schoolView } from '../../src/routes/schools.js';

const strip = (s: string) => s.replace(/[\u2066-\u2069\u200E\u200F]/g, '');
const unnamed: School = { id: 'school-1', timeZone: 'Africa/Casablanca', quietHours: { start: '21:00', end: '08:00' }, defaultLocale: 'ar' };
const named: School = { ...unnamed, name: 'مدرسة الأمل' };
const event: SchoolEvent = {
  id: 'ev1', schoolId: 'school-1', kind: 'meeting', startsAt: '2027-01-12T16:00:00Z', audience: { school: true }, rsvp: true,
  respectQuietHours: true, createdAt: '2027-01-01T08:00:00Z', recipients: 1, createdBy: 'key:office',
};

describe('an invitation from a school with no name', () => {
  it.each([
    ['ar', 'مع أطيب التحيات، مدرسة طفلكم'],
    ['en', 'Warm regards, your child’s school'],
    ['fr', 'Bien cordialement, l’école de votre enfant'],
  ] as const)('signs in %s as the child’s school, never with the id', (locale, signature) => {
    const text = strip(composeInvitation(event, unnamed, { locale }, ['Sara']).text);
    expect(text.split('\n').at(-1)).toBe(signature);
    expect(text).not.toContain('school-1');
  });

  it('signs with the name once the school has one', () => {
    expect(strip(composeInvitation(event, named, { locale: 'en' }, ['Sara']).text).split('\n').at(-1)).toBe('Warm regards, مدرسة الأمل');
  });

  it('fills a WhatsApp template’s school parameter with the same words', () => {
    const mapping = templateMappingSchema.parse({ kind: 'meeting', locale: 'fr', name: 'school_meeting', parameters: ['school'] });
    expect(fillTemplate(mapping, { event, school: unnamed, locale: 'fr', childNames: [] }, undefined).parameters).toEqual(['l’école de votre enfant']);
  });
});

describe('the bot’s other messages from a school with no name', () => {
  it('welcomes a family to “your child’s school” and staff to “your school”', () => {
    expect(strip(said.joinWelcome('en', 'family', 'Amina', undefined).text)).toContain('linked to your family at your child’s school.');
    expect(strip(said.joinWelcome('en', 'staff', 'Samira', undefined).text)).toContain('linked to your account at your school:');
    expect(strip(said.joinWelcome('fr', 'family', 'Amina', undefined).text)).toContain('auprès de l’école de votre enfant.');
    expect(strip(said.joinWelcome('fr', 'family', 'Amina', 'Al Amal').text)).toContain('auprès de l’établissement Al Amal.');
    expect(strip(said.joinWelcome('ar', 'family', 'أمينة', undefined).text)).toContain('لدى مدرسة طفلكم');
  });

  it('sends a sign-in code “for the school’s console”, not for an id or the app', () => {
    const text = strip(said.signInCode('en', undefined, '123456', 10).text);
    expect(text).toContain('Your sign-in code for the school’s console: 123456');
    expect(strip(said.signInCode('ar', 'مدرسة الأمل', '123456', 10).text)).toContain('رمز الدخول الخاص بك إلى مدرسة الأمل');
  });
});

describe('the school as the API shows it', () => {
  it('answers GET /v1/school with a name as before (the id while unset) and named: false', () => {
    expect(schoolView(unnamed)).toMatchObject({ id: 'school-1', name: 'school-1', named: false });
    expect(schoolView(named)).toMatchObject({ name: 'مدرسة الأمل', named: true });
  });
});
