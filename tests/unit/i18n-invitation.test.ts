import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../src/core/types.js';
import type { EventKind, Locale } from '../../src/core/types.js';
import { renderInvitation } from '../../src/i18n/index.js';
import type { InvitationInput } from '../../src/i18n/index.js';

const FSI = '\u2068';
const PDI = '\u2069';
const RLM = '\u200F';
const NON_LATIN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/;
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const iso = (s: string): string => FSI + s + PDI;

function input(over: Partial<InvitationInput> = {}): InvitationInput {
  return {
    kind: 'meeting',
    locale: 'ar',
    timeZone: 'Africa/Casablanca',
    schoolName: 'مدرسة الأمل',
    startsAt: new Date('2026-09-15T17:00:00Z'),
    place: 'قاعة الاجتماعات',
    childNames: ['سارة'],
    rsvp: true,
    eventId: 'ev42',
    ...over,
  };
}

/** Every isolate opens and closes on its own line (isolates end at a newline) and never nests wrongly. */
function expectBalancedIsolates(text: string): void {
  for (const line of text.split('\n')) {
    let depth = 0;
    for (const ch of line) {
      if (ch === FSI) depth += 1;
      if (ch === PDI) depth -= 1;
      expect(depth, line).toBeGreaterThanOrEqual(0);
    }
    expect(depth, line).toBe(0);
  }
}

describe('Arabic meeting invitation (2026-09-15 17:00Z, Casablanca)', () => {
  const { text, choices } = renderInvitation(
    input({ title: 'اجتماع بداية السنة', vars: { teacher: 'Amina Idrissi' }, details: 'المرجو إحضار دفتر التلميذ.' }),
  );

  it('shows the Moroccan month name and the local time 18:00 (UTC+1)', () => {
    expect(text).toContain('شتنبر');
    expect(text).toContain(iso('18:00'));
    expect(text).toContain(iso('الثلاثاء، 15 شتنبر 2026'));
  });

  it('uses Latin digits only', () => {
    expect(text).not.toMatch(NON_LATIN_DIGITS);
  });

  it('isolates every interpolated value', () => {
    for (const value of [
      'اجتماع بداية السنة',
      'سارة',
      'Amina Idrissi',
      'قاعة الاجتماعات',
      'المرجو إحضار دفتر التلميذ.',
      'مدرسة الأمل',
    ]) {
      expect(text).toContain(iso(value));
    }
    expectBalancedIsolates(text);
  });

  it('starts every line right-to-left', () => {
    for (const line of text.split('\n').filter((l) => l !== '')) {
      expect(line, line).toMatch(/^[\p{Script=Arabic}\u200F]/u);
    }
  });

  it('asks for an answer in the text and carries the choices as data', () => {
    expect(text.split('\n').at(-3)).toBe('المرجو تأكيد حضوركم.');
    expect(choices).toEqual([
      { id: 'r.yes.ev42', label: 'نعم، سأحضر' },
      { id: 'r.no.ev42', label: 'لا، لن أتمكن' },
      { id: 'r.maybe.ev42', label: 'ربما' },
    ]);
    for (const c of choices ?? []) expect(text).not.toContain(c.label);
  });
});

describe('English meeting invitation', () => {
  const { text, choices } = renderInvitation(
    input({ locale: 'en', schoolName: 'Al Amal School', place: 'Room 4', childNames: ['Sara'] }),
  );

  it('shows September and 18:00, with no invisible characters', () => {
    expect(text).toContain('September');
    expect(text).toContain('When: Tuesday, 15 September 2026 at 18:00');
    expect(text).toContain('Where: Room 4');
    expect(text).not.toMatch(BIDI_CONTROLS);
  });

  it('uses the default title and ends the invitation with the RSVP prompt', () => {
    expect(text.split('\n')[0]).toBe('Parent–teacher meeting');
    expect(text).toContain('Please let us know if you can come.\n\nWarm regards, Al Amal School');
    expect(choices?.map((c) => c.id)).toEqual(['r.yes.ev42', 'r.no.ev42', 'r.maybe.ev42']);
    expect(choices?.map((c) => c.label)).toEqual(['Yes, I’ll come', 'No, I can’t come', 'Maybe']);
  });

  it('isolates a child name written in Arabic script, and only that', () => {
    const r = renderInvitation(
      input({ locale: 'en', schoolName: 'Al Amal School', place: 'Room 4', childNames: ['سارة', 'Youssef'] }),
    );
    expect(r.text).toContain(`Dear parent of ${iso('سارة')} and Youssef,`);
    expect(r.text).toContain(`how ${iso('سارة')} and Youssef are doing`);
    expect(r.text.replaceAll(iso('سارة'), '')).not.toMatch(BIDI_CONTROLS);
  });
});

describe('time zone', () => {
  it('shows 17:00 during Ramadan 2026, when Casablanca is UTC+0', () => {
    const at = new Date('2026-03-01T17:00:00Z');
    expect(renderInvitation(input({ startsAt: at })).text).toContain(iso('17:00'));
    expect(renderInvitation(input({ startsAt: at, locale: 'en' })).text).toContain('at 17:00');
  });

  it('leaves the time out for an event at local midnight (a whole day)', () => {
    const { text } = renderInvitation(input({ locale: 'en', startsAt: new Date('2026-09-14T23:00:00Z') }));
    expect(text).toContain('When: Tuesday, 15 September 2026\n');
  });
});

describe('absence notice', () => {
  const absence = (locale: Locale, childNames: string[]): string =>
    renderInvitation(input({ kind: 'absence', locale, childNames, startsAt: undefined, place: undefined, rsvp: false }))
      .text;

  it('names the child', () => {
    expect(absence('en', ['Sara'])).toContain('We missed Sara in class today.');
    expect(absence('ar', ['سارة'])).toContain(`نفتقد ${iso('سارة')} اليوم في القسم.`);
  });

  it('joins two children with «و» / "and", each name isolated in Arabic', () => {
    expect(absence('en', ['Sara', 'Youssef'])).toContain('We missed Sara and Youssef in class today.');
    expect(absence('ar', ['سارة', 'يوسف'])).toContain(`نفتقد ${iso('سارة')} و${iso('يوسف')} اليوم`);
  });

  it('names the day inside the sentence when a date is given, with no "When" line', () => {
    const { text } = renderInvitation(input({ kind: 'absence', locale: 'en', childNames: ['Sara'], rsvp: false }));
    expect(text).toContain('We missed Sara in class on Tuesday, 15 September 2026.');
    expect(text).not.toContain('When:');
  });

  it('says "your child" when no name is given', () => {
    expect(absence('en', [])).toContain('Dear parent,\nWe missed your child in class today.');
  });
});

describe('RSVP', () => {
  it('gives no choices and no prompt when rsvp is false', () => {
    for (const locale of ['ar', 'en'] as const) {
      const r = renderInvitation(input({ locale, rsvp: false }));
      expect(r.choices).toBeUndefined();
      expect(r.text).not.toMatch(/تأكيد حضوركم|let us know if you can come/);
    }
  });
});

describe('text from staff', () => {
  it('keeps a title with { and \' literally', () => {
    const title = "Parents' evening {Term 1} it's '{here}'";
    expect(renderInvitation(input({ locale: 'en', title })).text.split('\n')[0]).toBe(title);
    expect(renderInvitation(input({ locale: 'ar', title })).text).toContain(iso(title));
  });

  it('keeps # in a name used inside a plural branch literally', () => {
    expect(renderInvitation(input({ locale: 'en', childNames: ['Sara #2'] })).text).toContain('Dear parent of Sara #2,');
  });

  it('drops stray bidi controls so isolates stay balanced', () => {
    const { text } = renderInvitation(input({ title: `abc${PDI}${PDI}def\u202E`, place: `${FSI}x` }));
    expect(text).toContain(iso('abcdef'));
    expectBalancedIsolates(text);
  });

  it('isolates each line of multi-line details and keeps each line right-to-left', () => {
    const { text } = renderInvitation(input({ details: 'Bring the booklet\r\nand a pen' }));
    expect(text).toContain(`${RLM}${iso('Bring the booklet')}\n${RLM}${iso('and a pen')}`);
    expectBalancedIsolates(text);
  });
});

describe('missing values', () => {
  it('leaves out the place line entirely when there is no place', () => {
    const ar = renderInvitation(input({ place: undefined })).text;
    const en = renderInvitation(input({ locale: 'en', place: '  ' })).text;
    expect(ar).not.toContain('المكان');
    expect(ar).not.toMatch(/ في\s*[.،]|في$/m);
    expect(en).not.toContain('Where');
  });

  it('leaves out the date line when there is no date, and the teacher sentence without a teacher', () => {
    const ar = renderInvitation(input({ startsAt: undefined })).text;
    const en = renderInvitation(input({ locale: 'en', startsAt: undefined })).text;
    expect(ar).not.toContain('الموعد');
    expect(ar).not.toContain('الأستاذ');
    expect(en).not.toContain('When');
    expect(en).not.toContain('welcome you');
  });

  it('uses a default title per kind', () => {
    expect(renderInvitation(input({ title: undefined })).text.split('\n')[0]).toBe(
      `الموضوع: ${iso('اجتماع أولياء الأمور')}`,
    );
    expect(renderInvitation(input({ locale: 'en', kind: 'good_news' })).text.split('\n')[0]).toBe('Good news');
  });
});

describe('every kind, locale and combination of optional values', () => {
  const optional: Array<Partial<InvitationInput>> = [
    {},
    { startsAt: undefined, place: undefined, childNames: undefined, title: undefined },
    { details: 'Details here.', vars: { teacher: 'Amina', subject: 'Maths', link: 'https://example.ma/x' } },
    { rsvp: false, childNames: ['Sara', 'Youssef', 'Amine'], title: 'Open day' },
  ];

  for (const locale of ['ar', 'en'] as const) {
    for (const kind of EVENT_KINDS as readonly EventKind[]) {
      it(`${locale} ${kind} reads cleanly`, () => {
        for (const over of optional) {
          const { text, choices } = renderInvitation(input({ ...over, locale, kind }));
          expect(text).not.toMatch(/undefined|\{|\}|\n{3}| {2}| [.,:،]|\s$|^\s/);
          expect(text).not.toMatch(/^[ \t]|[ \t]$/m);
          expect(text).not.toMatch(NON_LATIN_DIGITS);
          expect(text).not.toContain(FSI + PDI);
          expectBalancedIsolates(text);
          expect(text.length).toBeLessThan(700);
          expect(choices === undefined).toBe(!(over.rsvp ?? true));
          const lines = text.split('\n');
          lines.forEach((line, i) => {
            if (line.endsWith(':')) expect(lines[i + 1], `after "${line}"`).toMatch(/Details here\./);
          });
        }
      });
    }
  }
});

describe('rendering thousands of guardians of one event', () => {
  const base = { kind: 'meeting' as const, locale: 'en' as const, timeZone: 'Africa/Casablanca', schoolName: 'Al Amal', rsvp: true, eventId: 'evcache1' };

  it('gives each guardian their own children, with the shared lines the same', () => {
    const a = renderInvitation({ ...base, childNames: ['Sara'] }).text;
    const b = renderInvitation({ ...base, childNames: ['Youssef'] }).text;
    expect(a).toContain('Sara');
    expect(a).not.toContain('Youssef');
    expect(b).toContain('Youssef');
    expect(a.split('\n').at(-1)).toBe(b.split('\n').at(-1)); // the signature
  });

  it('never serves a stale message when anything but the children differs', () => {
    expect(renderInvitation({ ...base, place: 'Room 3' }).text).toContain('Room 3');
    expect(renderInvitation({ ...base, place: 'Room 4' }).text).toContain('Room 4');
    expect(renderInvitation({ ...base, startsAt: new Date('2026-12-01T16:00:00Z') }).text).toContain('17:00');
    expect(renderInvitation({ ...base, startsAt: new Date('2026-12-01T17:00:00Z') }).text).toContain('18:00');
    expect(renderInvitation({ ...base, schoolName: 'Ibn Battouta' }).text).toContain('Ibn Battouta');
    expect(renderInvitation({ ...base, rsvp: false }).choices).toBeUndefined();
  });

  it('hands out choices a caller may change without touching the next guardian', () => {
    const first = renderInvitation(base).choices!;
    first[0]!.label = 'changed';
    expect(renderInvitation(base).choices![0]!.label).not.toBe('changed');
  });
});

describe('the text formatted once per number of children', () => {
  const base = { kind: 'meeting' as const, timeZone: 'Africa/Casablanca', schoolName: 'مدرسة الأمل', rsvp: true, eventId: 'evslot1' };

  it('picks the plural form by the count, whatever came before', () => {
    const one = renderInvitation({ ...base, locale: 'ar', childNames: ['سارة'] }).text;
    const two = renderInvitation({ ...base, locale: 'ar', childNames: ['سارة', 'يوسف'] }).text;
    const oneAgain = renderInvitation({ ...base, locale: 'ar', childNames: ['أمين'] }).text;
    expect(one).toContain('أمر التلميذ(ة) \u2068سارة\u2069،');
    expect(two).not.toContain('التلميذ(ة)');
    expect(two).toContain('\u2068سارة\u2069 و\u2068يوسف\u2069');
    expect(oneAgain).toContain('أمر التلميذ(ة) \u2068أمين\u2069،');
    expect(oneAgain).not.toContain('سارة');
  });

  it('puts every name where it belongs, every time it appears, with no placeholder left', () => {
    const text = renderInvitation({ ...base, locale: 'en', childNames: ['Sara', 'Youssef'] }).text;
    expect(text.match(/Sara and Youssef/g)?.length).toBeGreaterThanOrEqual(2); // greeting and body
    expect(text).not.toContain('\uE000');
  });

  it('a private-use character in staff text or a name is dropped, so no name lands in the title', () => {
    const plainText = renderInvitation({ ...base, locale: 'en', childNames: ['Sara'], title: 'Meeting' }).text;
    const withSlot = renderInvitation({ ...base, locale: 'en', childNames: ['Sa\uE000ra'], title: 'Meet\uE000ing' }).text;
    expect(withSlot).toBe(plainText);
    expect(withSlot).not.toContain('\uE000');
  });

  it('a name over two lines (pasted from a sheet) is formatted on its own, each line isolated', () => {
    const text = renderInvitation({ ...base, locale: 'ar', childNames: ['سارة\nبنت أحمد'] }).text;
    expect(text).toContain('\u2068سارة\u2069\n\u200F\u2068بنت أحمد\u2069'); // the second line marked right to left
    expect(text).not.toContain('\uE000');
  });
});
