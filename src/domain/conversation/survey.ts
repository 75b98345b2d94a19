/**
 * A survey in the chat: one question at a time with its six labelled points (and Skip) as
 * choices. An answer moves to the next question; an invalid one is asked again; "skip" skips;
 * "stop" ends the survey and keeps what was answered; a survey interrupted by another
 * invitation resumes after it; a tap on an earlier question's button corrects that answer.
 */
import { scaleOf, type SurveyDefinition } from '../../core/survey.js';
import { t } from '../../i18n/index.js';
import { joined, pick, questionMessage, questionText, questionChoices } from './messages.js';
import { MISSES_ANSWERED, type Turn } from './turn.js';
import { askOpenRsvp } from './rsvp.js';
import type { EventInfo, SurveyRun } from './types.js';
import { understandRating } from '../reply/understand.js';

/** Completed or stopped surveys remembered per chat, so a late tap corrects instead of restarting. */
const DONE_MAX = 10;

/** The survey an event carries (kind `survey`, or attached after the RSVP), as it was sent. */
export function surveyOf(turn: Turn, event: EventInfo | undefined): SurveyDefinition | undefined {
  if (!event?.survey) return undefined;
  return event.surveyDefinition ?? turn.ctx.surveys[event.survey.id];
}

/** The survey a run answers: its sending's copy, else the survey by id. */
export function runSurvey(turn: Turn, run: SurveyRun): SurveyDefinition | undefined {
  return surveyOf(turn, turn.event(run.eventId)) ?? turn.ctx.surveys[run.surveyId];
}

export function findRun(turn: Turn, eventId: string): SurveyRun | undefined {
  return turn.session.runs.find((r) => r.eventId === eventId);
}

/** Completed or stopped: in this session, or in the stored answers (the session may have expired). */
export function isDone(turn: Turn, eventId: string): boolean {
  return (turn.session.done ?? []).includes(eventId) || turn.event(eventId)?.progress?.finished === true;
}

/** Opens a run (its first question is being asked now, or was in the invitation) and makes it current. */
export function openRun(turn: Turn, eventId: string, survey: SurveyDefinition, q = 0): SurveyRun {
  const existing = findRun(turn, eventId);
  const run = existing ?? { eventId, surveyId: survey.id, q };
  turn.session.runs = [...turn.session.runs.filter((r) => r !== run), run];
  turn.session.mode = { m: 'survey', eventId };
  return run;
}

/** Asks the current question again (after help, a language change, a note). */
export function currentQuestion(turn: Turn, run: SurveyRun, lead: string[] = []): void {
  const survey = runSurvey(turn, run);
  if (survey) turn.reply(questionMessage(survey, run.q, run.eventId, turn.locale, lead));
}

/** A typed reply while a survey question is asked. */
export function surveyText(turn: Turn, run: SurveyRun, text: string): void {
  const survey = runSurvey(turn, run);
  if (!survey) return endRun(turn, run, 'stopped');
  const question = survey.questions[run.q];
  // "strongly agree", "je mettrais 4", "une fois par mois": the question's own scale decides.
  const said = understandRating(text, question ? scaleOf(survey, question) : survey.scale);
  if (said.kind === 'answer') return answer(turn, run, survey, run.q, said.answer);
  if (said.kind === 'command' && said.command === 'skip') return skip(turn, run, survey);
  // "Thanks", "salam": the question is on screen with its choices; nothing to pass on or re-ask.
  if (said.kind === 'courtesy') return void turn.done('courtesy');
  if (said.kind === 'note') {
    // Words that answer no question of the survey are seldom about it ("will the bus run tomorrow?"): written after it.
    turn.effect({ type: 'note', eventId: run.eventId, guessed: true, text, at: turn.at });
    const toTeacher = turn.event(run.eventId)?.createdBy.startsWith('teacher:') ? 'yes' : 'no';
    turn.reply(questionMessage(survey, run.q, run.eventId, turn.locale, [t(turn.locale, 'conv.relay.passed', { toTeacher })]));
    return void turn.done('note');
  }
  if (turn.miss(text) > MISSES_ANSWERED) return void turn.done('survey_not_understood_quiet');
  turn.reply(joined(turn.locale, [t(turn.locale, 'conv.survey.askAgain'), questionText(survey, run.q, turn.locale)], questionChoices(survey, run.q, run.eventId, turn.locale)));
  turn.done('survey_ask_again');
}

/** A tap on a question's button: the current question, an earlier one (a correction), or a survey started elsewhere. */
export function surveyTap(turn: Turn, eventId: string, q: number, value: number): void {
  const survey = surveyOf(turn, turn.event(eventId));
  if (!survey || !survey.questions[q]) return void turn.done('unknown_choice');
  const run = findRun(turn, eventId);
  if (run?.q === q) return answer(turn, run, survey, q, value);
  if (run && q > run.q) {
    run.q = q; // a later question's button: carry on after it
    return answer(turn, run, survey, q, value);
  }
  storeAnswer(turn, survey, eventId, q, value);
  const n = q + 1;
  if (run && q < run.q) return void turn.reply(questionMessage(survey, run.q, eventId, turn.locale, [t(turn.locale, 'conv.survey.updated', { n })])).done('survey_corrected');
  if (isDone(turn, eventId)) return void turn.reply(joined(turn.locale, [t(turn.locale, 'conv.survey.updated', { n })])).done('survey_corrected');
  // A run this session never saw (expired, or a button of a later question): carry on from there.
  next(turn, openRun(turn, eventId, survey, q), survey);
}

export function skip(turn: Turn, run: SurveyRun, survey: SurveyDefinition): void {
  const question = survey.questions[run.q];
  if (question) turn.effect({ type: 'skip', eventId: run.eventId, surveyId: survey.id, questionId: question.id, at: turn.at });
  turn.done('survey_skip');
  next(turn, run, survey);
}

/** "stop" during a survey ends the survey (answers kept) and says how to stop everything. */
export function stopRun(turn: Turn, run: SurveyRun): void {
  endRun(turn, run, 'stopped');
  turn.reply(joined(turn.locale, [t(turn.locale, 'conv.survey.stopped')]));
  turn.done('survey_stopped');
}

/** After an RSVP or another interruption: the newest unfinished survey, asked again. */
export function resumeRun(turn: Turn, lead: string[]): boolean {
  const run = turn.session.runs.at(-1);
  const survey = run && runSurvey(turn, run);
  if (!run || !survey) return false;
  turn.session.mode = { m: 'survey', eventId: run.eventId };
  const title = pick(survey.title, turn.locale) ?? '';
  turn.reply(questionMessage(survey, run.q, run.eventId, turn.locale, [...lead, t(turn.locale, 'conv.survey.resume', { title })]));
  return true;
}

/** The survey attached to an event after its RSVP: intro and first question. */
export function startAfterRsvp(turn: Turn, event: EventInfo, lead: string[]): boolean {
  const survey = surveyOf(turn, event);
  if (!survey || event.survey?.send !== 'after_rsvp' || findRun(turn, event.id) || isDone(turn, event.id)) return false;
  openRun(turn, event.id, survey, event.progress?.next ?? 0);
  const title = pick(survey.title, turn.locale) ?? '';
  turn.reply(questionMessage(survey, event.progress?.next ?? 0, event.id, turn.locale, [...lead, t(turn.locale, 'conv.survey.intro', { title })]));
  return true;
}

function answer(turn: Turn, run: SurveyRun, survey: SurveyDefinition, q: number, value: number): void {
  storeAnswer(turn, survey, run.eventId, q, value);
  turn.done('survey_answer');
  next(turn, run, survey);
}

function storeAnswer(turn: Turn, survey: SurveyDefinition, eventId: string, q: number, value: number): void {
  const question = survey.questions[q];
  if (question) turn.effect({ type: 'answer', eventId, surveyId: survey.id, questionId: question.id, value, at: turn.at });
}

/**
 * The next question, and the session waits for its answer (a tap may have answered a survey an
 * invitation had interrupted). At the end: thanks, then what is still open — an invitation not
 * answered, another unfinished survey.
 */
function next(turn: Turn, run: SurveyRun, survey: SurveyDefinition): void {
  turn.clearMisses();
  run.q += 1;
  if (run.q < survey.questions.length) {
    turn.session.mode = { m: 'survey', eventId: run.eventId };
    return currentQuestion(turn, run);
  }
  endRun(turn, run, 'completed');
  const lead = t(turn.locale, 'conv.survey.thanks');
  if (!askOpenRsvp(turn, [lead]) && !resumeRun(turn, [lead])) turn.reply(joined(turn.locale, [lead]));
  turn.done('survey_completed');
}

function endRun(turn: Turn, run: SurveyRun, how: 'completed' | 'stopped'): void {
  turn.effect({ type: 'survey_end', eventId: run.eventId, surveyId: run.surveyId, how, at: turn.at });
  const s = turn.session;
  s.runs = s.runs.filter((r) => r !== run);
  s.done = [...(s.done ?? []).filter((e) => e !== run.eventId), run.eventId].slice(-DONE_MAX);
  if (s.mode.m === 'survey' && s.mode.eventId === run.eventId) s.mode = { m: 'idle' };
  s.topicEventId = run.eventId;
}
