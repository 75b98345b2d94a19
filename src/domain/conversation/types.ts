/**
 * The conversation engine's data: the session of one chat, what one message brings, what the
 * worker loads around it, and what a step decides. Plain JSON-able data throughout: the
 * session is stored as it is, effects and replies go into the chat's outbox.
 */
import type { AbsenceReason, EventSurvey, EventKind, Locale, LocalizedText, OutboundMessage, Platform, RsvpAnswer } from '../../core/types.js';
import type { MediaRef } from '../../core/media.js';
import type { SurveyDefinition } from '../../core/survey.js';
import type { CreateEventRequest } from '../event-schema.js';

/** What the bot is waiting for in this chat. */
export type Mode =
  | { m: 'idle' }
  | { m: 'rsvp'; eventId: string }
  | { m: 'survey'; eventId: string }
  | { m: 'teacher'; draft: TeacherDraft }
  /** Choosing a meeting time: the page of times shown (a bare digit picks on it). */
  | { m: 'slot'; eventId: string; page: number }
  /** The family tapped "other reason" for an absence: their next words are the reason. */
  | { m: 'absence'; eventId: string };

/** A survey being answered: which sending, which question is asked now. */
export interface SurveyRun {
  eventId: string;
  surveyId: string;
  /** Index of the question asked now. */
  q: number;
}

export interface TeacherDraft {
  step: 'class' | 'kind' | 'when' | 'where' | 'confirm';
  classId?: string;
  kind?: EventKind;
  startsAt?: string;
  place?: string;
}

export interface Session {
  /** Bumped by every write; a write must name the version it read (compare-and-set). */
  v: number;
  /** Send time of the newest message applied: a message much older than this is late. */
  lastAt?: string;
  /** Messages handled (cause ids), oldest first, at most HANDLED_MAX. */
  handled: string[];
  mode: Mode;
  /** Replies in a row the bot did not understand in this mode, and their texts. */
  misses: number;
  missed?: string[];
  /** Surveys started and not finished, newest last: an interrupted one resumes. */
  runs: SurveyRun[];
  /** Sendings (event ids) of surveys completed or stopped here, newest last. */
  done?: string[];
  /** Send time of the newest invitation this session has taken in. */
  promptAt?: string;
  /** The invitation a free-text note is about, when no mode says so. */
  topicEventId?: string;
  /** When the bot last answered this chat (a "thanks" right after needs no answer). */
  repliedAt?: string;
  /** When the bot last said a note was passed on (once for several notes in a row). */
  notedAt?: string;
  /** When a chat the roster does not know last got the "not linked" answer. */
  strangerAt?: string;
  /** Replies numbered so far (the worker numbers them, so they reach the phone in order). */
  outSeq?: number;
}

export const HANDLED_MAX = 40;

/** One inbound message, as the engine sees it. */
export interface TurnInput {
  /** The cause id: a hash of the platform's message id. */
  id: string;
  text?: string;
  /** A tapped choice (a poll vote is already turned into its choice id). */
  choiceId?: string;
  /** When the person sent it (the platform's timestamp), else when it arrived. */
  sentAt: Date;
  /**
   * True when `sentAt` is the platform's own stamp. Only stamped messages are ever late, and
   * only they move the session's clock: a tap timed by its arrival (some platforms' taps carry no
   * time) after a webhook backlog must not make the text sent before it look late.
   */
  stamped?: boolean;
  channel: Platform;
  /** The note a teacher answers by replying to its forwarded message, when the platform says so. */
  replyToNoteRef?: number;
  /** The invitation a guardian's message quotes (a reply to it), when the platform says so. */
  replyToEventId?: string;
  /** A voice note, photo or document that came with the message (its caption is `text`), kept in the media store. */
  media?: MediaRef;
  /** A file that could not be kept: too big, of a type not taken, or a sticker, a location… */
  mediaRefused?: 'too_big' | 'type' | 'unsupported' | 'unavailable';
  /** The size cap, in MB, that a file too big went over (MEDIA_MAX_BYTES). */
  mediaLimitMb?: number;
}

/** An invitation, with this guardian's answer to it. */
export interface EventInfo {
  id: string;
  kind: EventKind;
  title?: LocalizedText;
  startsAt?: string;
  rsvp: boolean;
  survey?: EventSurvey;
  createdBy: string;
  /** This guardian's RSVP, when given. */
  answer?: RsvpAnswer;
  /** How far the guardian got in the event's survey, from the stored answers (sessions expire). */
  progress?: { next: number; finished: boolean };
  /** The event's survey as it was sent (SchoolEvent.surveyDefinition), when the event keeps it. */
  surveyDefinition?: SurveyDefinition;
  /** A meeting of appointments: its times, each free or not when the message came. */
  times?: Array<{ index: number; startsAt: string; free: boolean }>;
  /** The time this guardian booked, by index. */
  booked?: number;
  /** An absence notice: whether the family already gave the reason. */
  absenceAnswered?: boolean;
  place?: string;
}

export interface GuardianSender {
  kind: 'guardian';
  id: string;
  locale: Locale;
  optedOutAt?: string;
}

export interface TeacherSender {
  kind: 'teacher';
  id: string;
  name: string;
  locale: Locale;
  /** The teacher (or the school's roster) chose it; until then it follows the language they write in. */
  localeChosen: boolean;
  classes: Array<{ id: string; name: string }>;
  /** From the roster, for the title parents read ("الأستاذة"); unknown: the neutral form. */
  gender?: 'female' | 'male';
}

export interface StrangerSender {
  kind: 'stranger';
  /** From the platform's language hint. */
  locale: Locale;
}

export interface TurnContext {
  /** `name` unset: the school has not been named yet (messages say "your child’s school"). */
  school: { id: string; name?: string; timeZone: string };
  sender: GuardianSender | TeacherSender | StrangerSender;
  /** Invitations recently sent to this chat, newest first (only those that still exist). */
  prompts: Array<{ eventId: string; at: string }>;
  /** Every event the prompts, the session or the message refer to. */
  events: Record<string, EventInfo>;
  /** Surveys by id, for events that keep no copy of theirs and for the session's runs. */
  surveys: Record<string, SurveyDefinition>;
}

/** What carrying out a step means beyond the session; each is idempotent. */
export type Effect =
  | { type: 'rsvp'; eventId: string; answer: RsvpAnswer; at: string; from?: string }
  | { type: 'answer'; eventId: string; surveyId: string; questionId: string; value: number; at: string }
  | { type: 'skip'; eventId: string; surveyId: string; questionId: string; at: string }
  | { type: 'survey_end'; eventId: string; surveyId: string; how: 'completed' | 'stopped'; at: string }
  /** `guessed`: eventId is only the last thing the school sent, not what the parent answered or quoted. */
  | { type: 'note'; eventId?: string; guessed?: true; text: string; at: string; media?: MediaRef }
  | { type: 'teacher_answer'; ref: number; text: string; at: string; media?: MediaRef }
  | { type: 'opt_out'; at: string }
  | { type: 'opt_in'; at: string }
  | { type: 'locale'; locale: Locale }
  | { type: 'create_event'; request: CreateEventRequest }
  | { type: 'status' }
  /** Book a meeting time (a change when the family had another): the outcome is told after. `from`: the words it was read from, when typed. */
  | { type: 'book'; eventId: string; index: number; at: string; from?: string }
  /**
   * Give a booked time back ("cancel"; told "nothing to cancel" when there was none), or
   * `declined`: none of the times suits the family (the answer becomes no, the teacher is told).
   */
  | { type: 'unbook'; eventId: string; at: string; declined?: true; from?: string }
  /** Why the children an absence notice named were absent: a reason, words, a certificate's photo. */
  | { type: 'absence_reason'; eventId: string; at: string; reason?: AbsenceReason; text?: string; media?: MediaRef };

export interface StepResult {
  session: Session;
  /** Messages to the sender, in order. */
  replies: OutboundMessage[];
  effects: Effect[];
  /** A short word for logs and metrics ("rsvp_yes", "survey_answer", "note", "late"). */
  outcome: string;
}

export function newSession(): Session {
  return { v: 0, handled: [], mode: { m: 'idle' }, misses: 0, runs: [] };
}
