/**
 * A teacher's turn on the school's bot: "invite" starts a guided draft (which class — only
 * theirs —, what kind, when, where, confirm), "status" asks how parents answered, and an
 * answer to a forwarded note ("#12 …", or a reply to the forwarded message) goes back to the
 * parent. The event itself is created by the worker through the same path as the API.
 */
import { decodeControlChoice, encodeControlChoice } from '../../core/choice.js';
import type { Choice, EventKind } from '../../core/types.js';
import { formatDate, t } from '../../i18n/index.js';
import { clock, joined, message } from './messages.js';
import type { Turn } from './turn.js';
import type { TeacherDraft, TeacherSender, TurnInput } from './types.js';
import type { CreateEventRequest } from '../event-schema.js';
import { parseNoteAnswer, parseTeacherCommand } from '../reply/intent.js';
import { normaliseReply } from '../reply/normalise.js';
import { parseCommand, parseRsvp } from '../reply/parser.js';
import { parseWhen } from '../reply/when-parser.js';
import { languageOf } from '../reply/language.js';

/** What a teacher invites a class to from the chat; the rest (absence, progress…) name one child. */
export const TEACHER_KINDS = ['meeting', 'school_event', 'home_activity', 'reminder'] as const satisfies readonly EventKind[];
const TIMED: ReadonlySet<EventKind> = new Set(['meeting', 'school_event', 'reminder']);
const WITH_RSVP: ReadonlySet<EventKind> = new Set(['meeting', 'school_event']);
const MAX_PLACE_LENGTH = 200;

export function teacherTurn(turn: Turn, sender: TeacherSender): void {
  const { choiceId, text = '' } = turn.input;
  if (choiceId) return draftTap(turn, sender, choiceId);
  followWrittenLanguage(turn, sender, text);
  const noteAnswer = noteAnswerOf(turn.input);
  const { media } = turn.input;
  if (noteAnswer) return void turn.effect({ type: 'teacher_answer', ref: noteAnswer.ref, text: noteAnswer.text, at: turn.at, ...(media ? { media } : {}) }).done('teacher_answer');
  // A voice note or a photo that answers no note: say how to answer a parent with one.
  if (media || turn.input.mediaRefused) return void turn.reply(message(turn.locale, 'conv.media.teacherHow')).done('teacher_media_unaddressed');
  const command = parseTeacherCommand(text);
  const { mode } = turn.session;
  if (command === 'cancel' && mode.m === 'teacher') return cancel(turn);
  if (command === 'invite') return startDraft(turn, sender);
  if (command === 'status') return void turn.effect({ type: 'status' }).done('status');
  const general = parseCommand(text);
  if (general.kind === 'command' && general.command === 'language' && general.language) {
    turn.locale = general.language;
    return void turn.effect({ type: 'locale', locale: turn.locale }).reply(message(turn.locale, 'conv.language.done')).done('language');
  }
  if (general.kind === 'command' && general.command === 'stop') return void turn.reply(message(turn.locale, 'conv.refuse.teacherStop')).done('refused');
  if (mode.m === 'teacher' && !(general.kind === 'command' && general.command === 'help')) return draftText(turn, sender, mode.draft, text);
  turn.reply(message(turn.locale, 'conv.help.teacher', { name: sender.name })).done('help');
}

/**
 * A teacher whose language nobody chose is answered in the language they first write in
 * ("invite" in English gets English), which is then kept; "Français", "العربية" change it.
 */
function followWrittenLanguage(turn: Turn, sender: TeacherSender, text: string): void {
  if (sender.localeChosen || parseNoteAnswer(text)) return;
  const written = languageOf(text);
  if (!written || written === turn.locale) return;
  turn.locale = written;
  turn.effect({ type: 'locale', locale: written });
}

/** "#12 text", or a reply to the forwarded note's message: an answer for the parent. */
export function noteAnswerOf(input: TurnInput): { ref: number; text: string } | undefined {
  const text = input.text ?? '';
  // A voice note or photo needs no words: a reply to the forwarded note, or "#12" as its caption.
  const quoted = input.replyToNoteRef !== undefined && (text.trim() || input.media) ? { ref: input.replyToNoteRef, text: text.trim() } : undefined;
  const numbered = parseNoteAnswer(text) ?? (input.media ? /^\s*[#＃]\s*(\d{1,7})\s*$/u.exec(text)?.[1] : undefined);
  if (typeof numbered === 'string') return { ref: Number(numbered), text: '' };
  return numbered ?? quoted;
}

function startDraft(turn: Turn, sender: TeacherSender): void {
  if (!sender.classes.length) return void turn.reply(message(turn.locale, 'conv.teacher.noClass')).done('no_class');
  const only = sender.classes.length === 1 ? sender.classes[0] : undefined;
  const draft: TeacherDraft = only ? { step: 'kind', classId: only.id } : { step: 'class' };
  turn.session.mode = { m: 'teacher', draft };
  turn.clearMisses();
  ask(turn, sender, draft);
  turn.done('draft_started');
}

/** Asks for what the draft's step needs. */
function ask(turn: Turn, sender: TeacherSender, draft: TeacherDraft, lead: string[] = []): void {
  const { locale } = turn;
  const choice = (action: string, arg: string | number, label: string): Choice => ({ id: encodeControlChoice(action, arg), label });
  switch (draft.step) {
    case 'class':
      return void turn.reply(joined(locale, [...lead, t(locale, 'conv.teacher.askClass')], sender.classes.map((c, i) => choice('class', i, c.name))));
    case 'kind':
      return void turn.reply(joined(locale, [...lead, t(locale, 'conv.teacher.askKind')], TEACHER_KINDS.map((k) => choice('kind', k, t(locale, `conv.kind.${k}`)))));
    case 'when':
      return void turn.reply(joined(locale, [...lead, t(locale, 'conv.teacher.askWhen')]));
    case 'where':
      return void turn.reply(joined(locale, [...lead, t(locale, 'conv.teacher.askWhere')], [{ id: encodeControlChoice('skip'), label: t(locale, 'conv.teacher.skipChoice') }]));
    case 'confirm':
      return void turn.reply(joined(locale, [...lead, confirmText(turn, sender, draft)], [
        { id: encodeControlChoice('send'), label: t(locale, 'conv.teacher.send') },
        { id: encodeControlChoice('cancel'), label: t(locale, 'conv.teacher.cancel') },
      ]));
  }
}

function confirmText(turn: Turn, sender: TeacherSender, draft: TeacherDraft): string {
  const { locale } = turn;
  const tz = turn.ctx.school.timeZone;
  const at = draft.startsAt ? new Date(draft.startsAt) : undefined;
  return t(locale, 'conv.teacher.confirm', {
    title: t(locale, `title.${draft.kind ?? 'meeting'}`),
    class: sender.classes.find((c) => c.id === draft.classId)?.name ?? draft.classId ?? '',
    hasDate: at ? 'yes' : 'no',
    date: at ? formatDate(at, locale, tz) : '',
    time: at ? clock(at, locale, tz) : '',
    hasPlace: draft.place ? 'yes' : 'no',
    place: draft.place ?? '',
  });
}

function draftTap(turn: Turn, sender: TeacherSender, choiceId: string): void {
  const { mode } = turn.session;
  const control = decodeControlChoice(choiceId);
  if (mode.m !== 'teacher' || !control) return void turn.done('unknown_choice');
  const { draft } = mode;
  if (control.action === 'cancel') return cancel(turn);
  if (control.action === 'send' && draft.step === 'confirm') return send(turn, sender, draft);
  if (control.action === 'class' && draft.step === 'class') return setClass(turn, sender, draft, sender.classes[Number(control.arg)]?.id);
  if (control.action === 'kind' && draft.step === 'kind') return setKind(turn, sender, draft, TEACHER_KINDS.find((k) => k === control.arg));
  if (control.action === 'skip' && draft.step === 'where') return advance(turn, sender, draft, 'confirm');
  turn.done('stale_choice');
}

function draftText(turn: Turn, sender: TeacherSender, draft: TeacherDraft, text: string): void {
  const typed = normaliseReply(text);
  switch (draft.step) {
    case 'class':
      return setClass(turn, sender, draft, sender.classes.find((c, i) => String(i + 1) === typed || normaliseReply(c.name) === typed || normaliseReply(c.id) === typed)?.id);
    case 'kind':
      return setKind(turn, sender, draft, TEACHER_KINDS.find((k, i) => String(i + 1) === typed || normaliseReply(t(turn.locale, `conv.kind.${k}`)) === typed));
    case 'when':
      return setWhen(turn, sender, draft, text);
    case 'where':
      return setPlace(turn, sender, draft, text);
    case 'confirm':
      return confirmReply(turn, sender, draft, text);
  }
}

function setClass(turn: Turn, sender: TeacherSender, draft: TeacherDraft, classId: string | undefined): void {
  // Only the teacher's own classes are offered or matched: another class's id is not found.
  if (!classId) return again(turn, sender, draft);
  advance(turn, sender, { ...draft, classId }, 'kind');
}

function setKind(turn: Turn, sender: TeacherSender, draft: TeacherDraft, kind: EventKind | undefined): void {
  if (!kind) return again(turn, sender, draft);
  advance(turn, sender, { ...draft, kind }, TIMED.has(kind) ? 'when' : 'confirm');
}

function setWhen(turn: Turn, sender: TeacherSender, draft: TeacherDraft, text: string): void {
  const when = parseWhen(text, turn.now, turn.ctx.school.timeZone);
  if (when.kind === 'ok') return advance(turn, sender, { ...draft, startsAt: when.at.toISOString() }, 'where');
  const key = { past: 'whenPast', too_far: 'whenTooFar', no_time: 'whenNoTime', invalid: 'whenInvalid' }[when.kind];
  turn.miss(text);
  turn.reply(message(turn.locale, `conv.teacher.${key}`)).done('draft_ask_again');
}

function setPlace(turn: Turn, sender: TeacherSender, draft: TeacherDraft, text: string): void {
  const skipped = parseCommand(text);
  if (skipped.kind === 'command' && skipped.command === 'skip') return advance(turn, sender, draft, 'confirm');
  const place = text.trim().replace(/\s+/g, ' ').slice(0, MAX_PLACE_LENGTH);
  if (!place) return again(turn, sender, draft);
  advance(turn, sender, { ...draft, place }, 'confirm');
}

/** At the confirmation, "yes"/"نعم" sends and "no"/"لا" cancels, as the buttons do. */
function confirmReply(turn: Turn, sender: TeacherSender, draft: TeacherDraft, text: string): void {
  const meaning = parseRsvp(text);
  if (meaning.kind === 'rsvp' && meaning.confidence === 'sure' && meaning.answer === 'yes') return send(turn, sender, draft);
  if (meaning.kind === 'rsvp' && meaning.answer === 'no') return cancel(turn);
  turn.reply(message(turn.locale, 'conv.teacher.askConfirm')).done('draft_ask_again');
}

function advance(turn: Turn, sender: TeacherSender, draft: TeacherDraft, step: TeacherDraft['step']): void {
  const next = { ...draft, step };
  turn.session.mode = { m: 'teacher', draft: next };
  turn.clearMisses();
  ask(turn, sender, next);
  turn.done('draft_step');
}

function again(turn: Turn, sender: TeacherSender, draft: TeacherDraft): void {
  ask(turn, sender, draft);
  turn.done('draft_ask_again');
}

function cancel(turn: Turn): void {
  turn.session.mode = { m: 'idle' };
  turn.reply(message(turn.locale, 'conv.teacher.cancelled')).done('draft_cancelled');
}

/** The request as staff would POST it; the worker validates it with the same schema and creates it once. */
function send(turn: Turn, sender: TeacherSender, draft: TeacherDraft): void {
  // A draft can wait in the chat for days: a time that has passed since is asked again.
  if (draft.startsAt && Date.parse(draft.startsAt) <= turn.now.getTime()) {
    turn.session.mode = { m: 'teacher', draft: { ...draft, step: 'when' } };
    return void turn.reply(message(turn.locale, 'conv.teacher.whenPast')).done('draft_ask_again');
  }
  const kind = draft.kind ?? 'meeting';
  const request: CreateEventRequest = {
    kind,
    audience: { classes: [draft.classId ?? ''] },
    rsvp: WITH_RSVP.has(kind),
    respectQuietHours: true,
    vars: { teacher: sender.name, ...(sender.gender ? { teacherGender: sender.gender } : {}) },
    ...(draft.startsAt ? { startsAt: draft.startsAt } : {}),
    ...(draft.place ? { place: draft.place } : {}),
  };
  turn.session.mode = { m: 'idle' };
  turn.effect({ type: 'create_event', request }).done('event_requested');
}
