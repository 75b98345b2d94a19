/**
 * A teacher on the school's bot: inviting their own classes step by step (class, kind, when,
 * where, confirm), asking for the status, answering parents' notes, and what is refused.
 */
import { describe, expect, it } from 'vitest';
import { Chat, choiceIds, effectsOf, teacher } from './conversation-builders.js';

const KINDS = ['x.kind.meeting', 'x.kind.school_event', 'x.kind.home_activity', 'x.kind.reminder'];
const chatOf = (locale: 'ar' | 'en' = 'ar', classes?: Array<{ id: string; name: string }>) => new Chat({ sender: teacher(locale, classes) });

/** A teacher with a draft at the "when" step, for class 5A (C1) and the given kind. */
function atWhen(locale: 'ar' | 'en' = 'en', kind = 'meeting'): Chat {
  const chat = chatOf(locale);
  chat.say('invite');
  chat.tap('x.class.0');
  chat.tap(`x.kind.${kind}`);
  return chat;
}

function atConfirm(locale: 'ar' | 'en' = 'en', place?: string): Chat {
  const chat = atWhen(locale);
  chat.say('tomorrow 17:00');
  if (place) chat.say(place);
  else chat.tap('x.skip');
  return chat;
}

const created = (chat: Chat) => effectsOf(chat.last, 'create_event').map((e) => e.request);

describe('inviting a class', () => {
  it.each(['invite', 'دعوة', '/invite', 'da3wa'])('"%s" asks which class, offering only the teacher’s classes', (text) => {
    const chat = chatOf('ar');
    chat.say(text);
    expect(chat.texts).toEqual(['أي قسم تريدون دعوته؟']);
    expect(chat.last.replies[0]?.choices).toEqual([{ id: 'x.class.0', label: '5A' }, { id: 'x.class.1', label: '5B' }]);
  });

  it('with one class, the class question is skipped', () => {
    const chat = chatOf('en', [{ id: 'C7', name: '6B' }]);
    chat.say('invite');
    expect(chat.texts).toEqual(['What kind of invitation?']);
    expect(choiceIds(chat.last.replies[0])).toEqual(KINDS);
    chat.tap('x.kind.home_activity');
    chat.tap('x.send');
    expect(created(chat)[0]?.audience).toEqual({ classes: ['C7'] });
  });

  it('with no class, the teacher is told to ask the staff', () => {
    const chat = chatOf('en', []);
    chat.say('invite');
    expect(chat.texts).toEqual(['No class is linked to your account yet. Please ask the school staff to add your classes.']);
    expect(chat.session?.mode).toEqual({ m: 'idle' });
  });

  it('the class may be typed by its name; another class’s name is asked again', () => {
    const chat = chatOf('en');
    chat.say('invite');
    chat.say('6A');
    expect(chat.texts).toEqual(['Which class do you want to invite?']);
    chat.say('5b');
    expect(chat.texts).toEqual(['What kind of invitation?']);
    expect(chat.last.replies[0]?.choices?.map((c) => c.label)).toEqual(['Meeting', 'School event', 'Home activity', 'Reminder']);
  });

  it('the kind may be typed as its number or its name', () => {
    const chat = chatOf('ar');
    chat.say('دعوة');
    chat.tap('x.class.1');
    chat.say('اجتماع');
    expect(chat.texts[0]).toContain('متى؟');
    const other = chatOf('en');
    other.say('invite');
    other.tap('x.class.0');
    other.say('2');
    expect(other.texts[0]).toContain('When?');
  });

  it('a tap on a button of an earlier step does nothing', () => {
    const chat = atWhen();
    chat.tap('x.class.1');
    expect(chat.last.replies).toEqual([]);
    expect(chat.session?.mode).toMatchObject({ m: 'teacher', draft: { step: 'when', classId: 'C1' } });
  });
});

describe('when and where', () => {
  it('"tomorrow 17:00" is 17:00 in Casablanca tomorrow, then the place is asked with a Skip button', () => {
    const chat = atWhen();
    chat.say('tomorrow 17:00');
    expect(chat.session?.mode).toMatchObject({ draft: { step: 'where', startsAt: '2026-12-02T16:00:00.000Z' } });
    expect(chat.texts).toEqual(['Where will it be? (for example: Room 3) Or tap Skip.']);
    expect(chat.last.replies[0]?.choices).toEqual([{ id: 'x.skip', label: 'Skip' }]);
  });

  it.each([
    ['today 9:00', 'That time has already passed.'],
    ['أمس', 'I did not understand the date.'],
    ['whenever you like', 'I did not understand the date.'],
    ['tomorrow', 'Please add the time, for example: tomorrow 17:00.'],
    ['15/12/2028 17:00', 'That is more than a year ahead.'],
  ])('"%s" is asked again: %s', (text, answer) => {
    const chat = atWhen();
    chat.say(text);
    expect(chat.texts).toEqual([expect.stringContaining(answer)]);
    expect(chat.session?.mode).toMatchObject({ draft: { step: 'when' } });
  });

  it('in Arabic, a date not understood is asked again in Arabic', () => {
    const chat = atWhen('ar');
    chat.say('أمس');
    expect(chat.texts).toEqual(['لم أفهم التاريخ. اكتبوا اليوم والساعة، مثلًا: غدا 17:00، أو 15/12 17:30.']);
  });

  it('the place is taken as typed (spaces tidied), or skipped by word', () => {
    const chat = atWhen();
    chat.say('tomorrow 17:00');
    chat.say('  Room   3,  first floor ');
    expect(chat.session?.mode).toMatchObject({ draft: { step: 'confirm', place: 'Room 3, first floor' } });
    const skipped = atWhen('ar');
    skipped.say('غدا 17:00');
    skipped.say('تخطي');
    expect(skipped.session?.mode).toMatchObject({ draft: { step: 'confirm' } });
    expect(skipped.session?.mode).not.toHaveProperty('draft.place');
  });
});

describe('the confirmation', () => {
  it('shows the kind, class, day, time and place, with Send and Cancel', () => {
    const chat = atConfirm('ar', 'القاعة 3');
    const [text] = chat.texts;
    expect(text).toMatch(/^هل نرسل هذه الدعوة؟\n\nاجتماع أولياء الأمور\nالقسم: 5A\nالموعد: .+، 17:00\nالمكان: القاعة 3$/);
    expect(chat.last.replies[0]?.choices).toEqual([{ id: 'x.send', label: 'إرسال' }, { id: 'x.cancel', label: 'إلغاء' }]);
  });

  it('Send creates the invitation for the class: meeting with RSVP, the time, the place and the teacher’s name', () => {
    const chat = atConfirm('en', 'Room 3');
    chat.tap('x.send');
    expect(created(chat)).toEqual([{
      kind: 'meeting', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: true,
      startsAt: '2026-12-02T16:00:00.000Z', place: 'Room 3', vars: { teacher: 'Nadia' },
    }]);
    expect(chat.session?.mode).toEqual({ m: 'idle' });
    // Sent once: a second tap on Send is an old button.
    chat.tap('x.send');
    expect(chat.last.effects).toEqual([]);
  });

  it.each([['school_event', true], ['reminder', false]] as const)('a %s has rsvp %s', (kind, rsvp) => {
    const chat = atWhen('en', kind);
    chat.say('tomorrow 18:30');
    chat.tap('x.skip');
    chat.tap('x.send');
    expect(created(chat)).toEqual([expect.objectContaining({ kind, rsvp, startsAt: '2026-12-02T17:30:00.000Z' })]);
    expect(created(chat)[0]).not.toHaveProperty('place');
  });

  it('a home activity asks neither when nor where, and has no RSVP', () => {
    const chat = chatOf('en');
    chat.say('invite');
    chat.tap('x.class.1');
    chat.tap('x.kind.home_activity');
    expect(chat.texts[0]).toBe('Send this invitation?\n\nActivity to share at home\nClass: 5B');
    chat.tap('x.send');
    expect(created(chat)).toEqual([{ kind: 'home_activity', audience: { classes: ['C2'] }, rsvp: false, respectQuietHours: true, vars: { teacher: 'Nadia' } }]);
  });

  it('a typed "نعم" sends, a typed "لا" cancels, anything else asks for a tap', () => {
    const yes = atConfirm('ar');
    yes.say('نعم');
    expect(created(yes)).toHaveLength(1);
    const no = atConfirm('ar');
    no.say('لا');
    expect(no.last.effects).toEqual([]);
    expect(no.texts).toEqual(['تم الإلغاء، ولم يُرسل أي شيء.']);
    const unsure = atConfirm('en');
    unsure.say('ok');
    expect(unsure.last.effects).toEqual([]);
    expect(unsure.texts).toEqual(['Tap Send or Cancel.']);
    expect(unsure.session?.mode).toMatchObject({ draft: { step: 'confirm' } });
  });
});

describe('cancelling a draft', () => {
  const steps: Array<[string, (chat: Chat) => void]> = [
    ['class', (c) => c.say('invite')],
    ['kind', (c) => { c.say('invite'); c.tap('x.class.0'); }],
    ['when', (c) => { c.say('invite'); c.tap('x.class.0'); c.tap('x.kind.meeting'); }],
    ['where', (c) => { c.say('invite'); c.tap('x.class.0'); c.tap('x.kind.meeting'); c.say('tomorrow 17:00'); }],
    ['confirm', (c) => { c.say('invite'); c.tap('x.class.0'); c.tap('x.kind.meeting'); c.say('tomorrow 17:00'); c.tap('x.skip'); }],
  ];
  it.each(steps)('at the %s step, by word or by the Cancel button, sends nothing', (_step, reach) => {
    for (const cancel of [(c: Chat) => c.say('cancel'), (c: Chat) => c.say('إلغاء'), (c: Chat) => c.tap('x.cancel')]) {
      const chat = chatOf('en');
      reach(chat);
      cancel(chat);
      expect(chat.texts).toEqual(['Cancelled; nothing was sent.']);
      expect(chat.last.effects).toEqual([]);
      expect(chat.session?.mode).toEqual({ m: 'idle' });
    }
  });
});

describe('other messages from a teacher', () => {
  it.each(['status', 'الحالة'])('"%s" asks for the status of their invitations', (text) => {
    const chat = chatOf('ar');
    chat.say(text);
    expect(chat.last.effects).toEqual([{ type: 'status' }]);
    expect(chat.last.replies).toEqual([]);
  });

  it('"#12 text" answers note 12, in any digits; a reply to the forwarded note answers it too', () => {
    const chat = chatOf('ar');
    chat.say('#12 نعم، لا مشكلة. سأنتظركم على الساعة 19:00');
    expect(chat.last.effects).toEqual([{ type: 'teacher_answer', ref: 12, text: 'نعم، لا مشكلة. سأنتظركم على الساعة 19:00', at: chat.now.toISOString() }]);
    chat.say('#١٢: شكرًا');
    expect(chat.last.effects).toEqual([expect.objectContaining({ ref: 12, text: 'شكرًا' })]);
    chat.say('  وأحضروا دفتر التلميذ  ', { replyToNoteRef: 7 });
    expect(chat.last.effects).toEqual([expect.objectContaining({ type: 'teacher_answer', ref: 7, text: 'وأحضروا دفتر التلميذ' })]);
    expect(chat.last.replies).toEqual([]);
  });

  it('an answer to a note in the middle of a draft leaves the draft where it was', () => {
    const chat = atWhen();
    chat.say('#3 see you tomorrow');
    expect(effectsOf(chat.last, 'teacher_answer')).toHaveLength(1);
    chat.say('tomorrow 17:00');
    expect(chat.session?.mode).toMatchObject({ draft: { step: 'where' } });
  });

  it.each(['STOP', 'إيقاف', 'بركا'])('"%s" is refused politely: a teacher’s chat cannot be switched off here', (text) => {
    const chat = chatOf('ar');
    chat.say(text);
    expect(chat.last.effects).toEqual([]);
    expect(chat.texts).toEqual(['هذه المحادثة مرتبطة بحسابكم كأستاذ(ة)، ولا يمكن إيقافها من هنا. المرجو التواصل مع إدارة المدرسة إن لم تعودوا ترغبون فيها.']);
  });

  it('anything else gets the teacher’s help, with their name', () => {
    const chat = chatOf('en');
    chat.say('Good morning, how does this work?');
    expect(chat.texts).toEqual([expect.stringMatching(/^Hello Nadia\. Write “invite” to invite the parents of your class, “status” to see their answers\./)]);
    expect(chat.last.effects).toEqual([]);
  });

  it('HELP during a draft gives the help and keeps the draft', () => {
    const chat = atWhen();
    chat.say('help');
    expect(chat.texts[0]).toContain('Hello Nadia.');
    expect(chat.session?.mode).toMatchObject({ draft: { step: 'when' } });
  });

  it('a change of language answers in the new language', () => {
    const chat = chatOf('ar');
    chat.say('English');
    expect(chat.last.effects).toEqual([{ type: 'locale', locale: 'en' }]);
    expect(chat.texts).toEqual(['From now on I will write to you in English.']);
  });

  it('a tap with no draft open does nothing', () => {
    const chat = chatOf('en');
    chat.tap('x.send');
    expect(chat.last.effects).toEqual([]);
    expect(chat.last.replies).toEqual([]);
  });
});

describe('a draft left waiting', () => {
  it('is not sent for a time that has passed since: the time is asked again', () => {
    const chat = atConfirm('en');
    chat.wait(2 * 24 * 3600_000);
    chat.tap('x.send');
    expect(created(chat)).toEqual([]);
    expect(chat.texts[0]).toContain('That time has already passed');
    chat.say('tomorrow 18:00');
    chat.tap('x.skip');
    chat.tap('x.send');
    expect(created(chat)).toHaveLength(1);
  });
});
