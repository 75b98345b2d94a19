import { describe, expect, it } from 'vitest';
import type { Choice, School, SchoolEvent, SurveyDefinition } from '../../src/core/types.js';
import { fillTemplate, templateFor, templateMappingSchema, templateMappingsSchema, type InvitationFacts, type TemplateMapping } from '../../src/domain/templates.js';

/** What Meta refuses in a template's text parameter (132018), and what an isolate looks like. */
const NOT_ONE_LINE = /[\r\n\t]| {5,}/;
const ISOLATES = /[\u2066-\u2069]/;

const school: School = { id: 's1', name: 'Lycée Ibn Battouta', timeZone: 'Africa/Casablanca', quietHours: { start: '21:00', end: '08:00' }, defaultLocale: 'ar' };

/** 23:30 UTC on Monday 12 October 2026 is 00:30 on Tuesday 13 October in Casablanca (UTC+1). */
const STARTS_AT = '2026-10-12T23:30:00Z';

function event(over: Partial<SchoolEvent> = {}): SchoolEvent {
  return {
    id: 'ev1',
    schoolId: 's1',
    kind: 'meeting',
    title: { ar: 'اجتماع الفصل', fr: 'Réunion de classe', en: 'Class meeting' },
    details: { fr: 'Apportez le carnet.' },
    startsAt: STARTS_AT,
    place: 'Salle 4',
    audience: { school: true },
    rsvp: true,
    respectQuietHours: true,
    createdAt: '2026-10-01T08:00:00Z',
    recipients: 10,
    createdBy: 'key:office',
    ...over,
  };
}

const facts = (over: Partial<InvitationFacts> = {}): InvitationFacts => ({ event: event(), school, locale: 'fr', childNames: ['Sara'], ...over });
const mapping = (over: Partial<TemplateMapping> = {}): TemplateMapping => templateMappingSchema.parse({ kind: 'meeting', locale: 'fr', name: 'school_meeting', ...over });
const rsvp: Choice[] = [
  { id: 'r.yes.ev1', label: 'Oui' },
  { id: 'r.no.ev1', label: 'Non' },
  { id: 'r.maybe.ev1', label: 'Peut-être' },
];

describe('template mappings', () => {
  it('read one mapping with its defaults: no parameters, no quick replies', () => {
    expect(templateMappingSchema.parse({ kind: 'meeting', locale: 'ar', name: 'school_meeting_v2' })).toEqual({ kind: 'meeting', locale: 'ar', name: 'school_meeting_v2', parameters: [], rsvpButtons: false });
  });

  it('take one template per kind and language', () => {
    const list = [
      { kind: 'meeting', locale: 'ar', name: 'meeting_ar' },
      { kind: 'meeting', locale: 'fr', name: 'meeting_fr', language: 'fr' },
      { kind: 'reminder', locale: 'ar', name: 'reminder_ar', language: 'en_US' },
    ];
    expect(templateMappingsSchema.safeParse(list).success).toBe(true);
  });

  it('refuse two templates for one kind in one language, naming the second', () => {
    const result = templateMappingsSchema.safeParse([
      { kind: 'meeting', locale: 'ar', name: 'meeting_ar' },
      { kind: 'meeting', locale: 'ar', name: 'meeting_ar_v2' },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [1, 'locale'], message: 'two templates for meeting in ar' })]);
  });

  it.each(['School_Meeting', 'school meeting', 'réunion', 'meeting-ar', ''])('refuse the template name %j (Meta’s names are lower case, digits and _)', (name) => {
    expect(templateMappingsSchema.safeParse([{ kind: 'meeting', locale: 'ar', name }]).success).toBe(false);
  });

  it.each([
    ['an unknown fact', { parameters: ['teacher'] }],
    ['an unknown kind', { kind: 'party' }],
    ['a locale we do not speak', { locale: 'de' }],
    ['a language code that is not one', { language: 'french' }],
    ['more than ten parameters', { parameters: Array.from({ length: 11 }, () => 'school') }],
  ])('refuse %s', (_name, over) => {
    expect(templateMappingsSchema.safeParse([{ kind: 'meeting', locale: 'ar', name: 'meeting_ar', ...over }]).success).toBe(false);
  });
});

describe('templateFor', () => {
  const list = [mapping({ kind: 'meeting', locale: 'fr', name: 'meeting_fr' }), mapping({ kind: 'meeting', locale: 'ar', name: 'meeting_ar' }), mapping({ kind: 'reminder', locale: 'fr', name: 'reminder_fr' })];

  it('finds the template of the kind in the guardian’s language', () => {
    expect(templateFor(list, 'meeting', 'ar')?.name).toBe('meeting_ar');
    expect(templateFor(list, 'reminder', 'fr')?.name).toBe('reminder_fr');
  });

  it('has none for another language or kind: no template is better than one in the wrong language', () => {
    expect(templateFor(list, 'meeting', 'en')).toBeUndefined();
    expect(templateFor(list, 'reminder', 'ar')).toBeUndefined();
    expect(templateFor(list, 'survey', 'fr')).toBeUndefined();
    expect(templateFor([], 'meeting', 'fr')).toBeUndefined();
  });
});

describe('fillTemplate', () => {
  it('gives the template’s name, the locale as its language, and the facts in the mapping’s order', () => {
    const m = mapping({ parameters: ['child', 'title', 'place', 'school'] });
    expect(fillTemplate(m, facts(), undefined)).toEqual({ name: 'school_meeting', language: 'fr', parameters: ['Sara', 'Réunion de classe', 'Salle 4', 'Lycée Ibn Battouta'] });
    const reversed = mapping({ parameters: ['school', 'place', 'title', 'child'] });
    expect(fillTemplate(reversed, facts(), undefined).parameters).toEqual(['Lycée Ibn Battouta', 'Salle 4', 'Réunion de classe', 'Sara']);
  });

  it('uses the approved translation’s own language code when the mapping gives one', () => {
    expect(fillTemplate(mapping({ locale: 'en', language: 'en_US' }), facts({ locale: 'en' }), undefined).language).toBe('en_US');
  });

  it('writes the date and time in the school’s time zone and the guardian’s language', () => {
    const m = mapping({ parameters: ['date', 'time'] });
    const [enDate, enTime] = fillTemplate(m, facts({ locale: 'en' }), undefined).parameters;
    // In UTC it would still be Monday the 12th at 23:30.
    expect(enDate).toMatch(/^Tuesday,? 13 October 2026$/);
    expect(enTime).toBe('00:30');
    expect(fillTemplate(m, facts({ locale: 'fr' }), undefined).parameters).toEqual(['mardi 13 octobre 2026', '00:30']);
    const [arDate, arTime] = fillTemplate(m, facts({ locale: 'ar' }), undefined).parameters;
    expect(arDate).toContain('الثلاثاء');
    expect(arDate).toContain('13');
    expect(arDate).toContain('2026');
    expect(arTime).toBe('00:30');
  });

  it('follows the school’s zone, not a fixed offset', () => {
    const m = mapping({ parameters: ['time'] });
    const inMadrid = fillTemplate(m, facts({ school: { ...school, timeZone: 'Europe/Madrid' } }), undefined).parameters;
    expect(inMadrid).toEqual(['01:30']);
  });

  it('uses the title in the guardian’s language, else the kind’s own title', () => {
    const m = mapping({ parameters: ['title'] });
    expect(fillTemplate(m, facts({ locale: 'ar' }), undefined).parameters).toEqual(['اجتماع الفصل']);
    const untitled = facts({ event: event({ title: { fr: 'Réunion' } }), locale: 'en' });
    expect(fillTemplate(m, untitled, undefined).parameters).toEqual(['Parent–teacher meeting']);
  });

  it('names every child of the guardian in one list', () => {
    const m = mapping({ parameters: ['child'] });
    expect(fillTemplate(m, facts({ childNames: ['Sara', 'Youssef'] }), undefined).parameters).toEqual(['Sara et Youssef']);
  });

  it('turns multi-line details into one line Meta takes (no new line, tab or five spaces)', () => {
    const details = { fr: 'Ordre du jour :\n- notes du trimestre\r\n- sortie\n\n\tApportez le carnet.      Merci.  ' };
    const [line] = fillTemplate(mapping({ parameters: ['details'] }), facts({ event: event({ details }) }), undefined).parameters;
    expect(line).not.toMatch(NOT_ONE_LINE);
    expect(line).not.toMatch(/ {2,}/);
    expect(line).toBe('Ordre du jour : — - notes du trimestre — - sortie — Apportez le carnet. Merci.');
  });

  it('keeps a survey’s question, written on two lines, on one', () => {
    const survey: SurveyDefinition = {
      id: 'sv1',
      title: { fr: 'Questionnaire' },
      scale: 'agreement',
      questions: [{ id: 'q1', text: { fr: 'Je parle de l’école\navec mon enfant.', ar: 'أتحدث مع طفلي عن المدرسة.' }, subscale: 'role' }],
    };
    const m = mapping({ kind: 'survey', parameters: ['question'] });
    const [fr] = fillTemplate(m, facts({ event: event({ kind: 'survey' }), survey }), undefined).parameters;
    expect(fr).toContain('Question 1 sur 1');
    expect(fr).toContain('avec mon enfant.');
    expect(fr).not.toMatch(NOT_ONE_LINE);
    const [ar] = fillTemplate({ ...m, locale: 'ar' }, facts({ event: event({ kind: 'survey' }), survey, locale: 'ar' }), undefined).parameters;
    expect(ar).toContain('أتحدث مع طفلي عن المدرسة.');
    expect(ar).not.toMatch(NOT_ONE_LINE);
    expect(ar).not.toMatch(ISOLATES);
  });

  it('writes — for every fact the invitation lacks, never an empty parameter', () => {
    const bare = facts({ event: event({ startsAt: undefined, place: undefined, details: undefined }), childNames: [] });
    const m = mapping({ parameters: ['date', 'time', 'place', 'details', 'child', 'question'] });
    expect(fillTemplate(m, bare, undefined).parameters).toEqual(['—', '—', '—', '—', '—', '—']);
    const blank = facts({ event: event({ place: '   ', details: { fr: '\n\t\n' } }) });
    expect(fillTemplate(mapping({ parameters: ['place', 'details'] }), blank, undefined).parameters).toEqual(['—', '—']);
  });

  it('leaves out bidi isolates, ours or typed by staff', () => {
    const arabic = facts({
      locale: 'ar',
      childNames: ['\u2068Sara\u2069', 'يوسف'],
      event: event({ title: { ar: 'اجتماع \u2066مع\u2069 الأستاذ' }, place: '\u2067القاعة 4\u2069', details: { ar: 'الرجاء \u2068إحضار\u2069 الدفتر' } }),
    });
    const params = fillTemplate(mapping({ locale: 'ar', parameters: ['title', 'child', 'place', 'details', 'date', 'school'] }), arabic, undefined).parameters;
    for (const p of params) expect(p).not.toMatch(ISOLATES);
    expect(params.slice(0, 4)).toEqual(['اجتماع مع الأستاذ', 'Sara ويوسف', 'القاعة 4', 'الرجاء إحضار الدفتر']);
  });

  it('keeps a long fact within one parameter’s length, cut on a whole character', () => {
    const details = { fr: `${'Très long. '.repeat(40)}😀😀😀` };
    const [line] = fillTemplate(mapping({ parameters: ['details'] }), facts({ event: event({ details }) }), undefined).parameters;
    expect(line?.length).toBeGreaterThan(100);
    expect(line?.length).toBeLessThanOrEqual(300);
    const emojis = { fr: `x${'😀'.repeat(200)}` };
    const [cut] = fillTemplate(mapping({ parameters: ['details'] }), facts({ event: event({ details: emojis }) }), undefined).parameters;
    expect(cut?.length).toBeLessThanOrEqual(300);
    // No lone half of a surrogate pair: it would reach the parent as a broken character.
    expect(cut).toMatch(/^x(?:😀)+$/u);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('gives the RSVP choice ids as quick-reply payloads, in order, only when the template has the buttons', () => {
    expect(fillTemplate(mapping({ rsvpButtons: true }), facts(), rsvp).quickReplies).toEqual(['r.yes.ev1', 'r.no.ev1', 'r.maybe.ev1']);
    expect(fillTemplate(mapping({ rsvpButtons: false }), facts(), rsvp)).not.toHaveProperty('quickReplies');
    expect(fillTemplate(mapping({ rsvpButtons: true }), facts(), undefined)).not.toHaveProperty('quickReplies');
    expect(fillTemplate(mapping({ rsvpButtons: true }), facts(), [])).not.toHaveProperty('quickReplies');
  });
});
