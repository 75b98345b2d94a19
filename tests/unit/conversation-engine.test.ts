/**
 * The conversation engine as a pure function: what one step does to the session (nothing to
 * its input, the same answer twice, one version and one handled id per message), how new
 * invitations decide what the bot waits for, and chats the roster does not know.
 */
import { describe, expect, it } from 'vitest';
import { alreadyHandled, step } from '../../src/domain/conversation/step.js';
import { HANDLED_MAX, newSession, type Session } from '../../src/domain/conversation/types.js';
import {
  Chat, MINUTE, NOW, choiceIds, context, effectsOf, meeting, plain, rsvpIds, scaleIds, stranger, surveyEvent, tapIn, textIn, texts,
} from './conversation-builders.js';

const at = (msAfterNow: number): Date => new Date(NOW.getTime() + msAfterNow);

describe('step is pure', () => {
  const ctx = () => context({ events: [meeting()], prompts: [{ eventId: 'm1', at: at(-60_000).toISOString() }] });
  const session = (): Session => ({ ...newSession(), v: 7, handled: ['old-1'], lastAt: at(-30_000).toISOString() });

  it('does not change the session, the input or the context it is given', () => {
    const s = session();
    const c = ctx();
    const input = textIn('yes');
    const before = structuredClone({ s, c, input });
    const r = step(s, input, NOW, c);
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'rsvp', answer: 'yes' }));
    expect({ s, c, input }).toEqual(before);
    expect(r.session).not.toBe(s);
  });

  it('gives the same result for the same inputs', () => {
    const a = step(session(), textIn('maybe'), NOW, ctx());
    const b = step(session(), textIn('maybe'), NOW, ctx());
    expect(b).toEqual(a);
  });

  it('bumps the version by one and remembers the message id, for a first message too', () => {
    const first = step(undefined, textIn('hello', NOW, 'a'), NOW, context());
    expect(first.session.v).toBe(1);
    expect(first.session.handled).toEqual(['a']);
    expect(alreadyHandled(first.session, 'a')).toBe(true);
    expect(alreadyHandled(first.session, 'b')).toBe(false);
    const second = step(first.session, textIn('hello', at(1000), 'b'), at(1000), context());
    expect(second.session.v).toBe(2);
    expect(second.session.handled).toEqual(['a', 'b']);
  });

  it(`keeps only the newest ${HANDLED_MAX} handled ids`, () => {
    const s: Session = { ...newSession(), handled: Array.from({ length: HANDLED_MAX }, (_, i) => `h${i}`) };
    const r = step(s, textIn('hello', NOW, 'new'), NOW, context());
    expect(r.session.handled).toHaveLength(HANDLED_MAX);
    expect(r.session.handled.at(-1)).toBe('new');
    expect(r.session.handled).not.toContain('h0');
    expect(r.session.handled[0]).toBe('h1');
  });

  it('stores answers with the message’s own time, not the worker’s clock', () => {
    const sentAt = at(-90_000);
    const r = step(undefined, tapIn('r.no.m1', sentAt), NOW, ctx());
    expect(r.effects).toContainEqual({ type: 'rsvp', eventId: 'm1', answer: 'no', at: sentAt.toISOString() });
    expect(r.session.lastAt).toBe(sentAt.toISOString());
  });
});

describe('taking in invitations', () => {
  it('a new invitation with RSVP makes the bot wait for the answer: a bare "1" is yes', () => {
    const chat = new Chat().invite(meeting());
    chat.say('1');
    expect(chat.last.effects).toContainEqual(expect.objectContaining({ type: 'rsvp', eventId: 'm1', answer: 'yes' }));
    expect(chat.texts).toEqual(['Thank you! We look forward to seeing you.']);
  });

  it('an invitation already answered (on another channel, or by tap) is not asked again: a sentence becomes a note about it', () => {
    const chat = new Chat().invite(meeting('m1', { answer: 'yes' }));
    chat.say('Will there be a translator at the meeting?');
    expect(chat.session?.mode).toEqual({ m: 'idle' });
    expect(chat.last.effects).toEqual([expect.objectContaining({ type: 'note', eventId: 'm1', text: 'Will there be a translator at the meeting?' })]);
    expect(chat.texts[0]).toContain('passed on to the school');
    expect(chat.last.replies[0]?.choices).toBeUndefined();
  });

  it('a survey invitation opens the survey at question 1: "5" answers it and question 2 follows', () => {
    const chat = new Chat().invite(surveyEvent());
    chat.say('5');
    expect(chat.last.effects).toEqual([expect.objectContaining({ type: 'answer', eventId: 'sv1', questionId: 'useful', value: 5 })]);
    expect(chat.texts[0]).toContain('Question 2 of 3');
    expect(choiceIds(chat.last.replies[0])).toEqual(scaleIds(1, 'sv1'));
  });

  it('an invitation is taken in once: after its RSVP, the same prompt in the list does not ask again', () => {
    const chat = new Chat().invite(meeting());
    chat.say('no');
    chat.say('hmm');
    expect(chat.session?.mode).toEqual({ m: 'idle' });
    expect(effectsOf(chat.last, 'rsvp')).toEqual([]);
    expect(chat.texts.join(' ')).not.toContain('Can you come');
  });

  it('a prompt older than the newest one taken in is not taken again', () => {
    const s: Session = { ...newSession(), promptAt: at(-60_000).toISOString() };
    const ctx = context({ events: [meeting()], prompts: [{ eventId: 'm1', at: at(-120_000).toISOString() }] });
    const r = step(s, textIn('hmm'), NOW, ctx);
    expect(r.session.mode).toEqual({ m: 'idle' });
    expect(r.session.promptAt).toBe(at(-60_000).toISOString());
    expect(r.effects.filter((e) => e.type === 'rsvp')).toEqual([]);
  });

  it('of two new invitations the newest decides what is asked', () => {
    const ctx = context({
      events: [meeting('m1'), meeting('m2', { title: { en: 'Open day' } })],
      prompts: [{ eventId: 'm2', at: at(-10_000).toISOString() }, { eventId: 'm1', at: at(-20_000).toISOString() }],
    });
    const r = step(undefined, textIn('yes'), NOW, ctx);
    expect(r.effects).toEqual([expect.objectContaining({ type: 'rsvp', eventId: 'm2', answer: 'yes' })]);
  });

  it('an invitation with RSVP interrupting a survey: the RSVP question first, the survey after', () => {
    const chat = new Chat().invite(surveyEvent());
    chat.say('4');
    chat.invite(meeting());
    chat.say('3');
    expect(chat.last.effects).toEqual([expect.objectContaining({ type: 'rsvp', eventId: 'm1', answer: 'maybe' })]);
    expect(chat.texts[0]).toContain('Thank you. We hope you can make it.');
    expect(chat.texts[0]).toContain('Let us continue the survey “Your feedback on the event”.');
    expect(chat.texts[0]).toContain('Question 2 of 3');
  });
});

describe('a chat the roster does not know', () => {
  const ctx = (locale: 'ar' | 'en' = 'ar') => context({ sender: stranger(locale) });

  it('is told in both languages how to link, then nothing for 24 hours, then once more', () => {
    const first = step(undefined, textIn('دعوة'), NOW, ctx());
    expect(texts(first)).toHaveLength(1);
    expect(texts(first)[0]).toContain('هذه المحادثة غير مرتبطة بأي مدرسة بعد');
    expect(texts(first)[0]).toContain('This chat is not linked to a school yet.');
    expect(first.effects).toEqual([]);
    const later = new Date(NOW.getTime() + 23 * 60 * MINUTE);
    const quiet = step(first.session, textIn('hello?', later, 'b'), later, ctx());
    expect(quiet.replies).toEqual([]);
    const nextDay = new Date(NOW.getTime() + 24 * 60 * MINUTE);
    const again = step(quiet.session, textIn('hello?', nextDay, 'c'), nextDay, ctx());
    expect(texts(again)[0]).toContain('not linked to a school');
  });

  it('reads the English text first for an English phone', () => {
    const r = step(undefined, textIn('hi'), NOW, ctx('en'));
    expect(plain(r.replies[0]).startsWith('This chat is not linked')).toBe(true);
  });

  it('gets nothing for a tap on an old button, and no effect is produced', () => {
    const r = step(undefined, tapIn(rsvpIds('m1')[0] as string), NOW, ctx());
    expect(r.replies).toEqual([]);
    expect(r.effects).toEqual([]);
  });

  it('never reaches a guardian’s flow: "stop" from a stranger opts nobody out', () => {
    const r = step(undefined, textIn('STOP'), NOW, ctx());
    expect(r.effects).toEqual([]);
  });
});
