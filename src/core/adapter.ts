/**
 * The adapter contract, first version. `src/core` declares it; each `adapters/<platform>/`
 * implements it with the same file set. Adapters import nothing but `src/core`.
 */
import type { Choice, Locale, Platform, RsvpAnswer } from './types.js';

/** What a platform can do, as data the planner reads before `send` is ever called. */
export interface Capabilities {
  /** Longest text one message may carry, in UTF-16 code units. */
  maxTextLength: number;
  /** How choices are shown: buttons, quick replies, a poll, or typed digits. */
  choiceUi: 'buttons' | 'quick_replies' | 'poll' | 'numbered_text';
  maxChoices: number;
  maxChoiceLabelLength: number;
  /** Byte limit of a choice's callback payload, if the platform has one. */
  callbackDataMaxBytes?: number;
  /** Hours after the guardian's last message during which we may write; undefined = no window. */
  messagingWindowHours?: number;
  /** Default send rate for one account, BullMQ limiter units. */
  rateLimit: { max: number; durationMs: number };
  /** Whether the platform lets us write to someone who never wrote to us. */
  canMessageFirst: boolean;
  /** True when a successful send means the message reached the phone (no later receipt). */
  sendConfirmsDelivery: boolean;
}

/** One message as a channel will send it, after planning (splitting, choices). */
export interface PlannedMessage {
  /** The text parts, sent in order; choices go with the last part. */
  parts: string[];
  choices?: Choice[];
  locale: Locale;
}

export interface SendContext {
  /** The chat address on this platform (chat id, PSID, phone JID, simulator address). */
  address: string;
  /** Stable id of this send (event + guardian), for platforms or fakes that dedupe. */
  idempotencyKey: string;
}

export interface SendResult {
  platformMessageId: string;
  sentAt: Date;
  /** Set when sending is itself delivery (see Capabilities.sendConfirmsDelivery). */
  deliveredAt?: Date;
}

/** A guardian's or teacher's message or action, normalised from any platform. */
export type InboundEvent =
  | InboundBase & { type: 'text'; text: string }
  | InboundBase & { type: 'choice'; choiceId: string; text?: string }
  | InboundBase & { type: 'join'; payload: string }
  | InboundBase & { type: 'status'; status: 'delivered' | 'read'; messageIds: string[] }
  | InboundBase & { type: 'blocked' | 'unblocked' };

export interface InboundBase {
  platform: Platform;
  /** The account (bot, page, number) that received it. */
  accountId: string;
  /** Who wrote: the chat address on that platform. */
  from: string;
  /** The platform's id for this message; the dedupe key (platforms resend). */
  platformMessageId: string;
  receivedAt: Date;
}

/** What a parsed RSVP tap means, once decoded from a choice id. */
export interface RsvpTap {
  answer: RsvpAnswer;
  eventId: string;
}

export interface ChannelAdapter {
  readonly platform: Platform;
  readonly accountId: string;
  readonly capabilities: Capabilities;
  /** Pure: the message as this channel will carry it. */
  plan(message: { text: string; choices?: Choice[]; locale: Locale }): PlannedMessage;
  /** The only IO: sends, or throws a ChannelError subclass. */
  send(planned: PlannedMessage, ctx: SendContext): Promise<SendResult>;
  /** Pure, never throws: turns a platform payload into events; unknown kinds are skipped. */
  normaliseInbound(body: unknown, receivedAt: Date): InboundEvent[];
  close?(): Promise<void>;
}
