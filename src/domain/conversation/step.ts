/**
 * The conversation engine (DESIGN §3 inbound, step 2): pure.
 *
 *   step(session, inbound, now, context) → { session', replies, effects }
 *
 * The worker loads the session and the context, calls `step`, writes the session back with
 * compare-and-set, then applies the effects and sends the replies. Calling `step` again with
 * the same inputs gives the same result, so a conflict is resolved by loading and stepping
 * again.
 *
 * Order of messages: every message is handled once (its id joins `handled`); a message sent
 * well before the newest one already applied (`lastAt`) is late. A late message never moves
 * the conversation: its RSVP or survey tap is stored with its own time (the stores keep the
 * newest), STOP and START still count (by their time), a real message is still passed on, and
 * nothing else happens.
 */
import { decodeRsvpChoice, decodeSurveyChoice } from '../../core/choice.js';
import { schoolValues } from '../../i18n/index.js';
import { message } from './messages.js';
import { guardianTurn } from './guardian.js';
import { isOpenRsvp } from './rsvp.js';
import { findRun, isDone, openRun, surveyOf } from './survey.js';
import { noteAnswerOf, teacherTurn } from './teacher.js';
import { Turn } from './turn.js';
import { HANDLED_MAX, newSession, type Session, type StepResult, type TurnContext, type TurnInput } from './types.js';
import { looksLikeMessage } from '../reply/intent.js';
import { parseCommand } from '../reply/parser.js';

/**
 * Platforms stamp messages to the second, and one parent's burst reaches the workers in any
 * order: only a message older than the newest applied by more than this is late.
 */
export const LATE_TOLERANCE_MS = 2_000;
const STRANGER_QUIET_MS = 24 * 3600_000;

export function step(session: Session | undefined, input: TurnInput, now: Date, ctx: TurnContext): StepResult {
  const s: Session = structuredClone(session ?? newSession());
  s.v += 1;
  s.handled = [...s.handled, input.id].slice(-HANDLED_MAX);
  const turn = new Turn(s, input, ctx, now);
  if (isLate(session, input)) {
    lateTurn(turn);
    return turn.result();
  }
  if (input.stamped && (!s.lastAt || input.sentAt.getTime() > Date.parse(s.lastAt))) s.lastAt = input.sentAt.toISOString();
  const { sender } = ctx;
  if (sender.kind === 'teacher') teacherTurn(turn, sender);
  else if (sender.kind === 'stranger') strangerTurn(turn);
  else {
    takeInPrompts(turn);
    guardianTurn(turn, sender);
    if (sender.optedOutAt && !turn.allowWhileOptedOut) turn.replies.length = 0;
  }
  return turn.result();
}

/** True when the message id was already handled: the worker replays its outbox instead. */
export function alreadyHandled(session: Session | undefined, causeId: string): boolean {
  return session?.handled.includes(causeId) ?? false;
}

function isLate(session: Session | undefined, input: TurnInput): boolean {
  return input.stamped === true && session?.lastAt !== undefined && input.sentAt.getTime() < Date.parse(session.lastAt) - LATE_TOLERANCE_MS;
}

/**
 * Invitations sent since the session last looked: the newest is the topic of any note that
 * follows; the newest of them that asks something decides what the bot waits for — a survey's
 * question (the first was in the invitation), or an RSVP not given yet. A notice that asks
 * nothing (good news, an absence) does not hide a meeting sent just before it. A survey they
 * interrupt stays open and resumes later.
 */
function takeInPrompts(turn: Turn): void {
  const { session, ctx } = turn;
  const since = session.promptAt ? Date.parse(session.promptAt) : -Infinity;
  const fresh = ctx.prompts.filter((p) => Date.parse(p.at) > since && ctx.events[p.eventId]);
  const newest = fresh[0];
  if (!newest) return;
  session.promptAt = newest.at;
  session.topicEventId = newest.eventId;
  turn.clearMisses();
  for (const { eventId } of fresh) {
    const event = ctx.events[eventId];
    const survey = surveyOf(turn, event);
    if (event?.kind === 'survey' && survey && !isDone(turn, event.id)) return void openRun(turn, event.id, survey, findRun(turn, event.id)?.q ?? event.progress?.next ?? 0);
    if (isOpenRsvp(turn, event)) return void (session.mode = { m: 'rsvp', eventId: event.id });
  }
}

/** See the module comment: effects that carry their own time, and consent, but no new state. */
function lateTurn(turn: Turn): void {
  turn.done('late');
  const { input, ctx } = turn;
  if (ctx.sender.kind === 'teacher') return lateTeacher(turn);
  if (ctx.sender.kind !== 'guardian') return;
  if (input.choiceId) return lateTap(turn, input.choiceId);
  const text = input.text ?? '';
  const command = parseCommand(text);
  if (command.kind === 'command' && command.command === 'stop') {
    turn.effect({ type: 'opt_out', at: turn.at }).reply(message(turn.locale, 'conv.stop.done', schoolValues(ctx.school.name)));
  } else if (command.kind === 'command' && command.command === 'start') {
    turn.effect({ type: 'opt_in', at: turn.at });
  } else if (input.media || looksLikeMessage(text)) {
    // A voice note or photo overtaken by a quicker message (its download takes time) is still kept.
    turn.effect({ type: 'note', ...(turn.session.topicEventId ? { eventId: turn.session.topicEventId } : {}), text, at: turn.at, ...(input.media ? { media: input.media } : {}) });
  }
}

/** A teacher's answer to a note still goes to the parent; a draft's step cannot be taken late. */
function lateTeacher(turn: Turn): void {
  const answer = noteAnswerOf(turn.input);
  const { media } = turn.input;
  if (answer) turn.effect({ type: 'teacher_answer', ref: answer.ref, text: answer.text, at: turn.at, ...(media ? { media } : {}) });
}

function lateTap(turn: Turn, choiceId: string): void {
  const rsvp = decodeRsvpChoice(choiceId);
  if (rsvp && turn.event(rsvp.eventId)?.rsvp) turn.effect({ type: 'rsvp', eventId: rsvp.eventId, answer: rsvp.answer, at: turn.at });
  const answer = decodeSurveyChoice(choiceId);
  const survey = answer && surveyOf(turn, turn.event(answer.eventId));
  const question = answer && survey?.questions[answer.questionIndex];
  if (answer && survey && question) {
    turn.effect({ type: 'answer', eventId: answer.eventId, surveyId: survey.id, questionId: question.id, value: answer.value, at: turn.at });
  }
}

/**
 * A chat the roster does not know (never linked, or erased) is told how to link, at most daily;
 * a tap on an old button from such a chat gets nothing.
 */
function strangerTurn(turn: Turn): void {
  const { session, now } = turn;
  if (turn.input.choiceId) return void turn.done('stranger_tap');
  const last = session.strangerAt ? Date.parse(session.strangerAt) : -Infinity;
  if (now.getTime() - last < STRANGER_QUIET_MS) return void turn.done('stranger_quiet');
  session.strangerAt = now.toISOString();
  turn.reply(message(turn.locale, 'conv.help.stranger')).done('stranger');
}
