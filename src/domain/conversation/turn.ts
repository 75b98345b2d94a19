/**
 * One step's working state: a copy of the session to change, the replies and effects decided
 * so far, and the reader's language. The flows (guardian, survey, teacher) write into it;
 * `step` returns what it holds. Nothing outside it is changed.
 */
import type { Locale, OutboundMessage } from '../../core/types.js';
import type { Effect, EventInfo, Session, StepResult, TurnContext, TurnInput } from './types.js';

export const MISSES_ANSWERED = 4;

export class Turn {
  readonly replies: OutboundMessage[] = [];
  readonly effects: Effect[] = [];
  outcome = 'ignored';
  locale: Locale;
  /** A guardian who said STOP hears back only about STOP, START, HELP and a change of language. */
  allowWhileOptedOut = false;

  constructor(
    readonly session: Session,
    readonly input: TurnInput,
    readonly ctx: TurnContext,
    /** The worker's clock: how old things are ("is the meeting over?"), never what is stored. */
    readonly now: Date,
  ) {
    this.locale = ctx.sender.locale;
  }

  /** The message's own time: answers and RSVPs are stored with it, so order is by when people wrote. */
  get at(): string {
    return this.input.sentAt.toISOString();
  }

  reply(message: OutboundMessage): this {
    this.replies.push(message);
    return this;
  }

  effect(effect: Effect): this {
    this.effects.push(effect);
    return this;
  }

  done(outcome: string): this {
    this.outcome = outcome;
    return this;
  }

  event(id: string | undefined): EventInfo | undefined {
    return id === undefined ? undefined : this.ctx.events[id];
  }

  /**
   * The unknown reply counts as a miss in this mode; its text is kept to pass on if asked.
   * Past MISSES_ANSWERED in a row the bot stops answering them (a parent who keeps typing is
   * not sent the same question over and over), until something is understood.
   */
  miss(text: string): number {
    this.session.misses += 1;
    this.session.missed = [...(this.session.missed ?? []), text].slice(-5);
    return this.session.misses;
  }

  clearMisses(): void {
    this.session.misses = 0;
    delete this.session.missed;
  }

  result(): StepResult {
    if (this.replies.length) this.session.repliedAt = this.now.toISOString();
    return { session: this.session, replies: this.replies, effects: this.effects, outcome: this.outcome };
  }
}
