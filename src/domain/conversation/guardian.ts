/**
 * A guardian's turn: commands first (they work in any state), then what the bot waits for —
 * an RSVP, a survey answer — and otherwise a note for the teacher. When unsure the bot asks
 * again, kindly, with the choices; after two misses it offers to pass the message on.
 */
import { decodeControlChoice, decodeRsvpChoice, decodeSurveyChoice } from '../../core/choice.js';
import { MEDIA_MAX_BYTES } from '../../core/media.js';
import type { RsvpAnswer } from '../../core/types.js';
import { schoolValues, t } from '../../i18n/index.js';
import { joined, message, relayChoice, rsvpChoices, rsvpValues } from './messages.js';
import { currentQuestion, findRun, isDone, resumeRun, runSurvey, skip, startAfterRsvp, stopRun, surveyTap, surveyText } from './survey.js';
import { askRsvp, hasStarted, openRsvpEvent } from './rsvp.js';
import { askSlots, bookedSlotEvent, hasSlots, openSlotEvent, slotTap, slotText } from './slots.js';
import { absenceFile, absenceTap, absenceText } from './absence.js';
import { MISSES_ANSWERED, type Turn } from './turn.js';
import type { EventInfo, GuardianSender } from './types.js';
import { isCourtesyOnly, looksLikeMessage, parseTeacherCommand } from '../reply/intent.js';
import { parseRating, readRsvp, type ReplyMeaning } from '../reply/parser.js';
import { understandRsvp } from '../reply/understand.js';

/** A "thank you" within this long of the bot's last answer is the end of a conversation, not a new one. */
const COURTESY_QUIET_MS = 15 * 60_000;

export function guardianTurn(turn: Turn, sender: GuardianSender): void {
  const { choiceId, text = '' } = turn.input;
  if (choiceId) return guardianTap(turn, choiceId);
  if (absenceFile(turn)) return;
  if (turn.input.media || turn.input.mediaRefused) return guardianMedia(turn);
  // Commands work in any state, said alone or in a sentence ("please stop sending me these messages").
  const command = readRsvp(text).meaning;
  if (command.kind === 'command' && command.command !== 'skip') return guardianCommand(turn, sender, command);
  if (parseTeacherCommand(text) === 'invite' && !looksLikeMessage(text)) return void turn.reply(message(turn.locale, 'conv.refuse.invite')).done('refused');
  if (meetingTimeText(turn, text)) return;
  if (absenceText(turn, text)) return;
  const quoted = turn.event(turn.input.replyToEventId);
  if (quoted && quotedText(turn, quoted, text)) return;
  const { mode } = turn.session;
  const run = mode.m === 'survey' ? findRun(turn, mode.eventId) : undefined;
  if (run) return surveyText(turn, run, text);
  const event = mode.m === 'rsvp' ? turn.event(mode.eventId) : undefined;
  if (event) return rsvpText(turn, event, text);
  idleText(turn, text);
}

/**
 * A reply that quotes an invitation is about that one, whatever the bot asked last: an answer
 * to it counts for it, a message is a note about it. Anything else goes the usual way.
 */
function quotedText(turn: Turn, event: EventInfo, text: string): boolean {
  const said = understandRsvp(text);
  if (said.kind === 'answer' && event.rsvp && !hasStarted(turn, event)) {
    if (said.alsoNote) passNote(turn, event.id, text);
    recordRsvp(turn, event, said.answer, said.confidence, said.from, said.alsoNote);
    return true;
  }
  if (said.kind === 'note') {
    passNote(turn, event.id, text);
    askCurrent(turn, [passedText(turn, event)]);
    return true;
  }
  return false;
}

/**
 * Words about a meeting with appointment times: the one being booked, the one quoted, the newest
 * not booked yet, or the one in view (to change or cancel a time). True when they were.
 */
function meetingTimeText(turn: Turn, text: string): boolean {
  const { mode } = turn.session;
  const asked = mode.m === 'slot' ? turn.event(mode.eventId) : undefined;
  if (hasSlots(asked)) return slotText(turn, asked, text, true);
  const quoted = turn.event(turn.input.replyToEventId);
  const topic = turn.event(turn.session.topicEventId);
  const target = hasSlots(quoted) ? quoted : (openSlotEvent(turn) ?? (hasSlots(topic) ? topic : undefined));
  if (target) return slotText(turn, target, text, false);
  // «إلغاء» as the booking's confirmation taught, with a survey's question waiting since.
  const booked = bookedSlotEvent(turn, text);
  if (!booked) return false;
  const before = mode;
  const handled = slotText(turn, booked, text, false);
  // A cancelled time leaves the survey where it was: its question is still on screen.
  if (before.m === 'survey' && turn.session.mode.m === 'idle') turn.session.mode = before;
  return handled;
}

function guardianTap(turn: Turn, choiceId: string): void {
  if (slotTap(turn, choiceId) || absenceTap(turn, choiceId)) return;
  const rsvp = decodeRsvpChoice(choiceId);
  const rsvpEvent = turn.event(rsvp?.eventId);
  if (rsvp && rsvpEvent?.rsvp && hasStarted(turn, rsvpEvent)) return void turn.reply(message(turn.locale, 'conv.rsvp.past')).done('rsvp_past');
  if (rsvp) return rsvpEvent?.rsvp ? recordRsvp(turn, rsvpEvent, rsvp.answer, 'sure') : void turn.done('not_an_invitation');
  const answer = decodeSurveyChoice(choiceId);
  if (answer) return surveyTap(turn, answer.eventId, answer.questionIndex, answer.value);
  const control = decodeControlChoice(choiceId);
  const { mode } = turn.session;
  const run = mode.m === 'survey' ? findRun(turn, mode.eventId) : undefined;
  const survey = run && runSurvey(turn, run);
  if (control?.action === 'skip' && run && survey) {
    // An old Skip (or the second tap of a double tap) names a question already behind.
    if (control.arg !== undefined && control.arg !== String(run.q)) return void turn.done('stale_choice');
    return skip(turn, run, survey);
  }
  if (control?.action === 'relay') return passMissed(turn);
  turn.done('unknown_choice');
}

function guardianCommand(turn: Turn, sender: GuardianSender, command: Extract<ReplyMeaning, { kind: 'command' }>): void {
  const { session } = turn;
  turn.allowWhileOptedOut = true;
  const run = session.mode.m === 'survey' ? findRun(turn, session.mode.eventId) : undefined;
  if (command.command === 'stop' && run && !sender.optedOutAt) return stopRun(turn, run);
  if (command.command === 'stop') {
    session.mode = { m: 'idle' };
    turn.effect({ type: 'opt_out', at: turn.at }).reply(message(turn.locale, 'conv.stop.done', schoolValues(turn.ctx.school.name)));
    return void turn.done('opted_out');
  }
  if (command.command === 'start') {
    if (sender.optedOutAt) turn.effect({ type: 'opt_in', at: turn.at });
    turn.reply(message(turn.locale, sender.optedOutAt ? 'conv.start.done' : 'conv.start.already', schoolValues(turn.ctx.school.name)));
    return void turn.done('opted_in');
  }
  if (command.command === 'language' && command.language) {
    turn.locale = command.language;
    turn.effect({ type: 'locale', locale: turn.locale }).reply(message(turn.locale, 'conv.language.done'));
    turn.done('language');
  } else {
    turn.reply(message(turn.locale, 'conv.help.guardian', schoolValues(turn.ctx.school.name))).done('help');
  }
  if (!sender.optedOutAt) askCurrent(turn);
}

/** What the bot waits for, asked again (after help or a change of language). */
function askCurrent(turn: Turn, lead: string[] = []): void {
  const { mode } = turn.session;
  const run = mode.m === 'survey' ? findRun(turn, mode.eventId) : undefined;
  if (run) return currentQuestion(turn, run, lead);
  const meeting = mode.m === 'slot' ? turn.event(mode.eventId) : undefined;
  if (hasSlots(meeting)) return askSlots(turn, meeting, lead, mode.m === 'slot' ? mode.page : 1);
  const event = mode.m === 'rsvp' ? turn.event(mode.eventId) : undefined;
  if (event) askRsvp(turn, event, lead);
  else if (lead.length) turn.reply(joined(turn.locale, lead));
}

function rsvpText(turn: Turn, event: EventInfo, text: string): void {
  const said = understandRsvp(text);
  // About the newest invitation (a notice sent after this one, maybe), else this one.
  const about = turn.event(turn.session.topicEventId) ?? event;
  if (said.kind === 'answer') {
    // "wakha ghadi nji, wach n9der njib khoh?": the answer is recorded, the question goes to the teacher.
    if (said.alsoNote) passNote(turn, about.id, text);
    return recordRsvp(turn, event, said.answer, said.confidence, said.from, said.alsoNote);
  }
  // "Thanks", "salam": the invitation is on screen with its choices; nothing to pass on or re-ask.
  if (said.kind === 'courtesy') return void turn.done('courtesy');
  if (said.kind === 'note') {
    passNote(turn, about.id, text);
    return askCurrent(turn, [passedText(turn, about)]);
  }
  const values = rsvpValues(event, turn.locale, turn.ctx.school.timeZone);
  const misses = turn.miss(text);
  if (misses > MISSES_ANSWERED) return void turn.done('rsvp_not_understood_quiet');
  // A meeting of appointments: the times again (with "none of these"), not yes / no / maybe.
  if (hasSlots(event) && event.times.some((s) => s.free)) return void askSlots(turn, event, [t(turn.locale, 'conv.slot.notUnderstood')]);
  if (misses >= 2) {
    const offer = t(turn.locale, 'conv.rsvp.offer', { toTeacher: toTeacher(event) });
    turn.reply(joined(turn.locale, [offer], [...rsvpChoices(turn.locale, event.id), relayChoice(turn.locale)]));
  } else {
    turn.reply(message(turn.locale, 'conv.rsvp.askAgain', values, rsvpChoices(turn.locale, event.id)));
  }
  turn.done('rsvp_ask_again');
}

/**
 * An answer to an invitation (a tap, or words). A change of mind says so; a likely reading
 * ("ok", 👍) offers the choices to correct it. Then the survey that follows the RSVP, or the
 * survey this invitation interrupted.
 */
export function recordRsvp(turn: Turn, event: EventInfo, answer: RsvpAnswer, confidence: 'sure' | 'likely', from?: string, notePassed = false): void {
  const { session } = turn;
  // A meeting of appointments is answered with a time: "yes" asks which.
  if (hasSlots(event) && answer !== 'no') return askSlots(turn, event);
  turn.effect({ type: 'rsvp', eventId: event.id, answer, at: turn.at, ...(from ? { from } : {}) }).done(`rsvp_${answer}`);
  turn.clearMisses();
  session.topicEventId = event.id;
  const { mode } = session;
  if (mode.m === 'rsvp' && mode.eventId === event.id) session.mode = { m: 'idle' };
  const changed = event.answer !== undefined && event.answer !== answer;
  let lead = [changed ? t(turn.locale, 'conv.rsvp.updated') : '', t(turn.locale, `rsvp.thanks.${answer}`), notePassed ? t(turn.locale, 'conv.relay.questionPassed', { toTeacher: toTeacher(event) }) : ''].filter(Boolean);
  if (confidence === 'likely') {
    turn.reply(joined(turn.locale, [...lead, t(turn.locale, 'conv.rsvp.correct')], rsvpChoices(turn.locale, event.id)));
    lead = [];
  }
  if (startAfterRsvp(turn, event, lead)) return;
  // The answer was to an older invitation's button: the one asked now is still waiting.
  const waiting = session.mode.m === 'rsvp' ? turn.event(session.mode.eventId) : undefined;
  if (waiting) return askRsvp(turn, waiting, lead);
  if (resumeRun(turn, lead)) return;
  if (lead.length) turn.reply(joined(turn.locale, lead));
}

/**
 * Nothing asked: a change of mind on the invitation in view, a digit for an unfinished survey,
 * courtesy (answered only when the conversation is not already going), or a note.
 */
function idleText(turn: Turn, text: string): void {
  const event = turn.event(turn.session.topicEventId);
  const said = understandRsvp(text);
  const meaning: ReplyMeaning = said.kind === 'answer' ? { kind: 'rsvp', answer: said.answer, confidence: said.confidence } : { kind: 'unknown' };
  // A bare number answers the last list shown, and with nothing asked that list is unknown.
  const number = parseRating(text).kind === 'rating';
  // The invitation in view, or else the newest one still waiting for an answer.
  const target = event?.rsvp && !hasStarted(turn, event) ? event : openRsvpEvent(turn);
  if (target && !number && said.kind === 'answer' && (said.confidence === 'sure' || target.answer === undefined)) {
    if (said.alsoNote) passNote(turn, target.id, text);
    return recordRsvp(turn, target, said.answer, said.confidence, said.from, said.alsoNote);
  }
  const run = turn.session.runs.at(-1);
  if (run && !looksLikeMessage(text)) {
    turn.session.mode = { m: 'survey', eventId: run.eventId };
    return surveyText(turn, run, text);
  }
  // A digit or a word of agreement with nothing asked is not a message for the teacher; a
  // sentence is ("we will be late for the meeting"), even with an answer in it.
  const shortAnswer = meaning.kind === 'rsvp' && !(said.kind === 'answer' && said.alsoNote) && !looksLikeMessage(text);
  if (isCourtesyOnly(text) || shortAnswer || number) return courtesy(turn, event);
  // Nothing asked and nothing quoted: the event in view is only the last the school sent.
  passNote(turn, event?.id, text, true);
  // Several messages in a row are one conversation: "passed on" once, not after each of them.
  const acked = turn.session.notedAt ? Date.parse(turn.session.notedAt) : -Infinity;
  if (turn.now.getTime() - acked >= COURTESY_QUIET_MS) turn.reply(message(turn.locale, 'conv.relay.passed', { toTeacher: toTeacher(event) }));
  turn.session.notedAt = turn.now.toISOString();
}

/** Answered only when the conversation is not already going: "this survey is done", or a greeting. */
function courtesy(turn: Turn, event: EventInfo | undefined): void {
  const last = turn.session.repliedAt ? Date.parse(turn.session.repliedAt) : 0;
  if (turn.now.getTime() - last < COURTESY_QUIET_MS) return void turn.done('courtesy');
  if (event && isDone(turn, event.id)) return void turn.reply(message(turn.locale, 'conv.survey.done')).done('survey_done');
  turn.reply(message(turn.locale, 'conv.help.greeting', schoolValues(turn.ctx.school.name))).done('greeting');
}

function passNote(turn: Turn, eventId: string | undefined, text: string, guessed = false): void {
  const { media } = turn.input;
  turn.effect({ type: 'note', ...(eventId ? { eventId, ...(guessed ? { guessed: true as const } : {}) } : {}), text, at: turn.at, ...(media ? { media } : {}) }).done('note');
  turn.clearMisses();
}

/**
 * A voice note, a photo of a doctor's note, a PDF: kept like a note (the inbox, the teacher), with
 * its caption as the text; what is asked stays asked. A sticker, a location, a file too big or of
 * another kind gets a kind answer saying what the bot can take.
 */
function guardianMedia(turn: Turn): void {
  const { mode, topicEventId } = turn.session;
  const about = turn.event(mode.m === 'rsvp' || mode.m === 'survey' ? mode.eventId : topicEventId) ?? turn.event(topicEventId);
  const refused = turn.input.mediaRefused;
  if (refused) {
    const key = refused === 'too_big' ? 'conv.media.tooBig' : refused === 'type' ? 'conv.media.badType' : refused === 'unavailable' ? 'conv.media.unavailable' : 'conv.media.unsupported';
    turn.reply(message(turn.locale, key, { toTeacher: toTeacher(about), maxMb: turn.input.mediaLimitMb ?? MEDIA_MAX_MB }));
    return void turn.done(`media_${refused}`);
  }
  passNote(turn, about?.id, turn.input.text ?? '');
  askCurrent(turn, [passedText(turn, about)]);
}

/** What conv.media.tooBig names when the service did not say (MEDIA_MAX_BYTES's default). */
const MEDIA_MAX_MB = Math.round(MEDIA_MAX_BYTES / 1024 / 1024);

/** The parent tapped "pass my message on" after the bot twice did not understand. */
function passMissed(turn: Turn): void {
  const { mode } = turn.session;
  const event = turn.event(mode.m === 'rsvp' ? mode.eventId : turn.session.topicEventId);
  const missed = turn.session.missed ?? [];
  if (!missed.length) return void turn.reply(message(turn.locale, 'conv.relay.nothing', { toTeacher: toTeacher(event) })).done('nothing_to_pass');
  passNote(turn, event?.id, missed.join('\n'));
  askCurrent(turn, [passedText(turn, event)]);
}

function passedText(turn: Turn, event: EventInfo | undefined): string {
  return t(turn.locale, 'conv.relay.passed', { toTeacher: toTeacher(event) });
}

function toTeacher(event: EventInfo | undefined): 'yes' | 'no' {
  return event?.createdBy.startsWith('teacher:') ? 'yes' : 'no';
}
