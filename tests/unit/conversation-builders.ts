/**
 * Builders for unit tests of the conversation engine (`step`): senders, invitations as the
 * worker loads them (EventInfo), contexts, inputs, and a small chat driver that keeps the
 * session between messages and applies the few effects the worker's stores would reflect in
 * the next context (an RSVP becomes the event's `answer`, STOP/START the guardian's
 * `optedOutAt`, a language switch the sender's locale). No Redis, no clock: time is data.
 */
import { step } from '../../src/domain/conversation/step.js';
import type {
  Effect, EventInfo, GuardianSender, Session, StepResult, StrangerSender, TeacherSender, TurnContext, TurnInput,
} from '../../src/domain/conversation/types.js';
import { BUILT_IN_SURVEYS } from '../../src/domain/survey/builtins.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import type { Locale, OutboundMessage } from '../../src/core/types.js';

/** A Tuesday, 11:00 in Casablanca (UTC+1 in December). */
export const NOW = new Date('2026-12-01T10:00:00Z');
export const TZ = 'Africa/Casablanca';
export const SCHOOL = { id: 's1', name: 'Al Amal', timeZone: TZ };
export const MINUTE = 60_000;

export const SURVEYS: Record<string, SurveyDefinition> = Object.fromEntries(BUILT_IN_SURVEYS.map((s) => [s.id, s]));

export function guardian(locale: Locale = 'en', extra: Partial<GuardianSender> = {}): GuardianSender {
  return { kind: 'guardian', id: 'g1', locale, ...extra };
}

export const CLASSES = [{ id: 'C1', name: '5A' }, { id: 'C2', name: '5B' }];

export function teacher(locale: Locale = 'ar', classes = CLASSES, localeChosen = true): TeacherSender {
  return { kind: 'teacher', id: 't1', name: 'Nadia', locale, localeChosen, classes };
}

export function stranger(locale: Locale = 'ar'): StrangerSender {
  return { kind: 'stranger', locale };
}

/** A parent–teacher meeting next week with RSVP, sent by the school staff. */
export function meeting(id = 'm1', extra: Partial<EventInfo> = {}): EventInfo {
  return { id, kind: 'meeting', rsvp: true, startsAt: '2026-12-08T17:00:00+01:00', createdBy: 'staff:k1', ...extra };
}

/** A survey sent as the event itself: its first question is in the invitation. */
export function surveyEvent(id = 'sv1', surveyId = 'event-feedback', extra: Partial<EventInfo> = {}): EventInfo {
  return { id, kind: 'survey', rsvp: false, survey: { id: surveyId, send: 'with_event' }, createdBy: 'staff:k1', ...extra };
}

export interface ContextOptions {
  sender?: TurnContext['sender'];
  events?: EventInfo[];
  /** Invitations sent to the chat, newest first. */
  prompts?: Array<{ eventId: string; at: string }>;
  surveys?: Record<string, SurveyDefinition>;
}

export function context(o: ContextOptions = {}): TurnContext {
  return {
    school: SCHOOL,
    sender: o.sender ?? guardian(),
    prompts: o.prompts ?? [],
    events: Object.fromEntries((o.events ?? []).map((e) => [e.id, e])),
    surveys: o.surveys ?? SURVEYS,
  };
}

/** Inputs carry the platform's own time (stamped), as texts on Telegram, WhatsApp and Messenger do. */
export function textIn(text: string, sentAt = NOW, id = 'in-1'): TurnInput {
  return { id, text, sentAt, stamped: true, channel: 'simulator' };
}

export function tapIn(choiceId: string, sentAt = NOW, id = 'in-1'): TurnInput {
  return { id, choiceId, sentAt, stamped: true, channel: 'simulator' };
}

/** The text without bidi controls (isolation marks and RLM/LRM), as a parent reads it. */
export function plain(message: OutboundMessage | undefined): string {
  return (message?.text ?? '').replace(/[\u2066-\u2069\u200E\u200F]/g, '');
}

export function texts(r: StepResult): string[] {
  return r.replies.map(plain);
}

export function choiceIds(message: OutboundMessage | undefined): string[] {
  return (message?.choices ?? []).map((c) => c.id);
}

export function effectsOf<T extends Effect['type']>(r: StepResult, type: T): Extract<Effect, { type: T }>[] {
  return r.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

export const rsvpIds = (eventId: string): string[] => [`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`];
export const scaleIds = (q: number, eventId: string): string[] => [1, 2, 3, 4, 5, 6].map((v) => `s.${v}.${q}.${eventId}`).concat(`x.skip.${q}`);

/**
 * One chat, message after message. Each message is sent `gapMs` after the previous one and
 * handled at once (`now` = its send time) unless a test moves the clock with `wait`.
 */
export class Chat {
  session: Session | undefined;
  readonly ctx: TurnContext;
  now: Date;
  last!: StepResult;
  lastInput!: TurnInput;
  private seq = 0;

  constructor(o: ContextOptions = {}, readonly gapMs = 5_000) {
    this.ctx = context(o);
    this.now = NOW;
  }

  /** A new invitation reaches the phone now (the worker pushes it to the chat's recent prompts). */
  invite(event: EventInfo): this {
    this.ctx.events[event.id] = { ...event };
    this.ctx.prompts.unshift({ eventId: event.id, at: new Date(this.now.getTime() - 1_000).toISOString() });
    return this;
  }

  wait(ms: number): this {
    this.now = new Date(this.now.getTime() + ms);
    return this;
  }

  say(text: string, extra: Partial<TurnInput> = {}): StepResult {
    return this.send({ text, ...extra });
  }

  tap(choiceId: string, extra: Partial<TurnInput> = {}): StepResult {
    return this.send({ choiceId, ...extra });
  }

  /** The reply texts of the last step, bidi controls stripped. */
  get texts(): string[] {
    return texts(this.last);
  }

  private send(extra: Partial<TurnInput>): StepResult {
    this.wait(this.gapMs);
    this.seq += 1;
    const input: TurnInput = { id: `msg-${this.seq}`, sentAt: this.now, stamped: true, channel: 'simulator', ...extra };
    this.lastInput = input;
    this.last = step(this.session, input, this.now, this.ctx);
    this.session = this.last.session;
    this.apply(this.last.effects);
    return this.last;
  }

  private apply(effects: Effect[]): void {
    const { sender } = this.ctx;
    for (const e of effects) {
      const event = e.type === 'rsvp' ? this.ctx.events[e.eventId] : undefined;
      if (event && e.type === 'rsvp') event.answer = e.answer;
      if (e.type === 'locale') sender.locale = e.locale;
      if (sender.kind !== 'guardian') continue;
      if (e.type === 'opt_out') sender.optedOutAt = e.at;
      if (e.type === 'opt_in') delete sender.optedOutAt;
    }
  }
}
