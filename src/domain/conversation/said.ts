/**
 * What the bot says outside a conversation step, in one place with what it says inside one
 * (messages.ts): the services gather the facts, these pure functions put them in words, in the
 * reader's language. A join code's welcome, "which school?", a note forwarded to a teacher and
 * the answer that comes back, a teacher's status and invitation, a sign-in code.
 */
import type { MediaRef } from '../../core/media.js';
import type { Choice, Locale, OutboundMessage } from '../../core/types.js';
import { formatList, schoolValues, t } from '../../i18n/index.js';
import { joined, message } from './messages.js';

/** A join code that is not valid (or was used): in both languages, since nobody is known yet. */
export function joinInvalid(locale: Locale): OutboundMessage {
  return message(locale, 'join.invalid');
}

/** A chat linked: a family's to the school's messages, a staff member's to their sign-in codes. */
export function joinWelcome(locale: Locale, who: 'family' | 'staff', name: string, school: string | undefined): OutboundMessage {
  return message(locale, who === 'staff' ? 'join.welcomeStaff' : 'join.welcome', { name, ...schoolValues(school) });
}

export function whichSchool(locale: Locale, choices: Choice[]): OutboundMessage {
  return message(locale, 'conv.school.which', {}, choices);
}

export function writeForSchool(locale: Locale, school: string | undefined): OutboundMessage {
  return message(locale, 'conv.school.go', schoolValues(school));
}

export function signInCode(locale: Locale, school: string | undefined, code: string, minutes: number): OutboundMessage {
  return message(locale, 'signin.code', { ...schoolValues(school), code, minutes });
}

/** A one-time sign-in link an admin had the bot send to the person's own chat. */
export function signInLink(locale: Locale, school: string | undefined, url: string, hours: number): OutboundMessage {
  return message(locale, 'signin.link', { ...schoolValues(school), url, hours });
}

export interface NoteFacts {
  ref: number;
  children: string[];
  classes: string[];
  /** The invitation it is about, in the teacher's language ('' when none). */
  title: string;
  text: string;
}

/** A parent's note as the teacher reads it, with its number to answer by; nobody's number in it. */
/**
 * A file that goes with a forwarded note or an answer: named in the text ("🎤 Voice note"),
 * sent as the file where the channel carries it, else the text says it waits in the console.
 */
export interface MediaFacts {
  ref: MediaRef;
  /** The recipient's channel sends this kind of file. */
  carried: boolean;
}

function withMedia(locale: Locale, text: string, media: MediaFacts | undefined): string {
  if (!media) return text;
  const label = t(locale, `conv.media.${media.ref.kind}`);
  return [text, media.carried ? label : `${label} ${t(locale, 'conv.media.inConsole')}`].filter((s) => s.trim() !== '').join('\n');
}

function carrying(m: OutboundMessage, media: MediaFacts | undefined): OutboundMessage {
  return media?.carried ? { ...m, media: media.ref } : m;
}

export function noteForTeacher(locale: Locale, note: NoteFacts, media?: MediaFacts): OutboundMessage {
  return carrying(message(locale, 'conv.teacher.note', {
    ref: String(note.ref),
    children: note.children.length ? formatList(note.children, locale) : '—',
    hasClass: note.classes.length ? 'yes' : 'no',
    class: note.classes.join(', '),
    hasTitle: note.title ? 'yes' : 'no',
    title: note.title,
    text: withMedia(locale, note.text, media),
  }), media);
}

/** An answer to a parent's note: a teacher's (by name) or the school's. */
export function answerForParent(locale: Locale, answer: { by: 'staff' | 'teacher'; teacherName?: string; teacherGender?: 'female' | 'male'; title: string; text: string }, media?: MediaFacts): OutboundMessage {
  const key = answer.by === 'teacher' ? 'conv.relay.fromTeacher' : 'conv.relay.fromSchool';
  const teacher: Record<string, string> = { teacher: answer.teacherName ?? '' };
  if (answer.by === 'teacher') teacher.teacherGender = answer.teacherGender ?? 'unknown';
  return carrying(message(locale, key, { ...teacher, hasTitle: answer.title ? 'yes' : 'no', title: answer.title, text: withMedia(locale, answer.text, media) }), media);
}

/** What the teacher hears back after answering a note: sent, or why not. */
export function teacherAnswerOutcome(locale: Locale, outcome: 'sent' | 'opted_out' | 'not_reached' | { unknownRef: number }): OutboundMessage {
  if (typeof outcome === 'object') return message(locale, 'conv.teacher.unknownRef', { ref: String(outcome.unknownRef) });
  if (outcome === 'sent') return message(locale, 'conv.teacher.answerSent');
  return message(locale, outcome === 'opted_out' ? 'conv.teacher.answerUndelivered' : 'conv.teacher.answerNotReached');
}

/** A teacher's invitation from the bot: sent to how many families of which class, or why not. */
export function teacherInvitation(locale: Locale, outcome: { sent: number; className: string } | { failed: 'no_class' | 'empty_class' | string }): OutboundMessage {
  if ('sent' in outcome) return message(locale, 'conv.teacher.sent', { count: outcome.sent, class: outcome.className });
  const reason = outcome.failed === 'no_class' ? t(locale, 'conv.teacher.noClass') : outcome.failed === 'empty_class' ? t(locale, 'conv.teacher.emptyClass') : outcome.failed;
  return message(locale, 'conv.teacher.failed', { reason });
}

export interface EventStatusFacts {
  title: string;
  className: string;
  /** The event's date in the school's clock, spelled out ('' when it has none). */
  date: string;
  reached: number;
  total: number;
  /** The answers, for an invitation that asked. */
  rsvp?: { yes: number; no: number; maybe: number; pending: number };
}

/** "status": how the parents answered the teacher's latest invitations. */
export function teacherStatus(locale: Locale, events: EventStatusFacts[]): OutboundMessage {
  if (!events.length) return joined(locale, [t(locale, 'conv.teacher.noEvents')]);
  return joined(locale, events.map((e) => t(locale, e.rsvp ? 'conv.teacher.status' : 'conv.teacher.statusNoRsvp', {
    title: e.title, class: e.className, hasDate: e.date ? 'yes' : 'no', date: e.date, reached: e.reached, total: e.total, ...(e.rsvp ?? {}),
  })));
}
