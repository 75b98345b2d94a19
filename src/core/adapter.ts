/**
 * The adapter contract. `src/core` declares it; each `adapters/<platform>/` implements it with
 * the same file set. Adapters import nothing of ours but `src/core`.
 */
import type { ChannelErrorCode } from './errors.js';
import type { FetchedMedia, InboundMedia, MediaKind, MediaRef, UnsupportedKind } from './media.js';
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
  /** The kinds of stored media this channel sends as files (a voice note, a photo…); none when absent. */
  sendsMedia?: readonly MediaKind[];
  /** Above this many choices the buttons give way to a list (WhatsApp's Cloud API: 3 reply buttons). */
  listAbove?: number;
  /**
   * Outside the window the platform takes only approved templates (WhatsApp's Cloud API): the
   * service passes the school's template for the message in `SendContext.template`.
   */
  templatesOutsideWindow?: boolean;
  /**
   * Least time between two messages to one person, in ms (a platform's pair rate): the send
   * path paces each chat by it, and the adapter spaces the parts of one message by it.
   */
  pairIntervalMs?: number;
  /**
   * New people the account may start a conversation with (by template) in any moving 24 hours:
   * a WhatsApp messaging tier. Absent: no such limit.
   */
  uniqueRecipientsPerDay?: number;
  /**
   * Accounts with the same group count their new people together, against one tier (WhatsApp's
   * business portfolio: every number of a portfolio shares its tier). Absent: the account's own.
   */
  tierGroup?: string;
}

/**
 * An approved message template, filled in for one person (the school maps each kind of message
 * and language to one: domain/templates.ts).
 */
export interface TemplateMessage {
  name: string;
  /** The platform's code for the template's language ("ar", "fr", "en_US"). */
  language: string;
  /** The body's parameters, in the template's order: one line each, never empty. */
  parameters: string[];
  /** The payloads of the template's quick-reply buttons, by index (RSVP choice ids). */
  quickReplies?: string[];
}

/** One message as a channel will send it, after planning (splitting, choices). */
export interface PlannedMessage {
  /** The text parts, sent in order; choices go with the last part. */
  parts: string[];
  choices?: Choice[];
  locale: Locale;
  /**
   * The whole message as a poll's question (WhatsApp): a short question with choices goes as
   * one poll, not a text and then a poll repeating it. `parts` is then empty.
   */
  pollQuestion?: string;
}

export interface SendContext {
  /** The chat address on this platform (chat id, PSID, phone JID, simulator address). */
  address: string;
  /**
   * The school the message speaks for ('' for a chat no school knows yet). Platforms need not
   * care; the simulator keeps each school's simulated bot apart by it.
   */
  schoolId: string;
  /** Stable id of this send (event + guardian), for platforms or fakes that dedupe. */
  idempotencyKey: string;
  /**
   * On platforms with a messaging window: whether the school may write freely now (the person
   * wrote within the window; domain/windows.ts decides). Absent on platforms without one.
   */
  withinWindow?: boolean;
  /**
   * The guardian said yes to this event: a platform may allow an update outside its window
   * (Messenger's CONFIRMED_EVENT_UPDATE tag), never anything else.
   */
  confirmedEventUpdate?: boolean;
  /** The file to send with the text, loaded from the media store, on a channel that sends media. */
  media?: MediaRef & { bytes: Buffer };
  /** The school's template for this message, on a platform that needs one outside its window. */
  template?: TemplateMessage;
}

export interface SendResult {
  /** The id replies, votes and receipts will refer to (the last part's, the poll's). */
  platformMessageId: string;
  sentAt: Date;
  /** Set when sending is itself delivery (see Capabilities.sendConfirmsDelivery). */
  deliveredAt?: Date;
  /**
   * The file's own message id, when a file went before the text: a teacher replying to the voice
   * note itself, not to the words under it, answers the same note.
   */
  fileMessageId?: string;
  /** It went out as a template (a conversation the school started: it counts against a tier). */
  asTemplate?: boolean;
}

/** What one account may send today and how it is paced (ChannelAdapter.pacing). */
export interface AccountPacing {
  dailyCap: number;
  minIntervalMs: number;
  /** Extra random wait before each send, up to this. */
  jitterMs: number;
  /** Day n of m of a new number's warm-up, while it lasts. */
  warmUp?: { day: number; days: number };
}

/** A guardian's or teacher's message or action, normalised from any platform. */
export type InboundEvent =
  | (InboundBase & { type: 'text'; text: string })
  | (InboundBase & ChoiceRef & { type: 'choice'; text?: string })
  | (InboundBase & { type: 'join'; payload: string })
  | (InboundBase & { type: 'status'; status: 'delivered' | 'read'; messageIds: string[] })
  /** The platform could not deliver a message it had accepted: `failure.code` says what it means for the parent. */
  | (InboundBase & { type: 'status'; status: 'failed'; messageIds: string[]; failure: { code: ChannelErrorCode; detail: string } })
  | (InboundBase & { type: 'blocked' | 'unblocked' })
  /** A voice note, audio, photo or document, with its caption as `text`. */
  | (InboundBase & { type: 'media'; media: InboundMedia; text?: string })
  /** A sticker, a location, a video…: answered with what the bot can take. */
  | (InboundBase & { type: 'unsupported'; what: UnsupportedKind });

/**
 * Which choice: its id when the platform carries it back (callback data, quick-reply
 * payload), or its position in the message it answers (a poll vote, a typed digit).
 */
export interface ChoiceRef {
  choiceId?: string;
  optionIndex?: number;
}

export interface InboundBase {
  platform: Platform;
  /** The account (bot, page, number) that received it. */
  accountId: string;
  /**
   * The one school it was sent to, when the channel itself says so (the simulator: each
   * school's own simulated bot). Otherwise the schools the account serves are candidates.
   */
  schoolId?: string;
  /** Who wrote: the chat address on that platform. */
  from: string;
  /** The platform's id for this message; the dedupe key (platforms resend). */
  platformMessageId: string;
  /** The platform message id this one answers (a reply, a poll vote), when known. */
  replyTo?: string;
  /** The sender's language as the platform reports it (e.g. Telegram's language_code). */
  languageHint?: string;
  receivedAt: Date;
  /**
   * When the person sent it, as the platform stamps it (Telegram's `date`, Messenger's
   * `timestamp`), when it does. Conversations order messages by it: a webhook that arrives
   * late must not rewind a newer answer.
   */
  sentAt?: Date;
}

/** What a parsed RSVP tap means, once decoded from a choice id. */
export interface RsvpTap {
  answer: RsvpAnswer;
  eventId: string;
}

/** A webhook request as an adapter sees it: no framework types, the raw bytes kept. */
export interface WebhookRequest {
  method: string;
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
}

/** For platforms that push to us over HTTP. Both functions are pure and never throw. */
export interface WebhookHandler {
  /** True when the request really comes from the platform (signature, secret token). */
  verify(req: WebhookRequest): boolean;
  /** A subscription handshake (Messenger's GET): the answer, or undefined when not one. */
  handshake?(req: WebhookRequest): { status: number; body: string } | undefined;
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
  /** Platforms that push over HTTP. */
  webhook?: WebhookHandler;
  /** A link that opens a chat with this account carrying a join code. */
  joinLink?(code: string): string;
  /**
   * Platforms we pull from or hold a client for (Telegram long polling, WhatsApp Web):
   * starts delivering inbound events to `onEvents` until `close()`.
   */
  listen?(onEvents: (events: InboundEvent[]) => Promise<void>): Promise<void>;
  /**
   * Tells the platform an inbound event was received, where it wants to hear it (Telegram's
   * answerCallbackQuery stops the tap's spinner). Called after the event is queued; failures
   * are logged, never retried.
   */
  acknowledge?(event: InboundEvent): Promise<void>;
  /**
   * The bytes of an inbound media file (`InboundMedia.ref`): Telegram's getFile, Messenger's
   * attachment URL. Throws a ChannelError; a `data:` ref never reaches it (core/media.ts).
   */
  fetchMedia?(media: InboundMedia): Promise<FetchedMedia>;
  /** Health for /readyz and /metrics (e.g. a WhatsApp session's state). */
  status?(): { ready: boolean; detail?: string };
  /** An account's own caps and pacing today, for staff to see (a phone number's warm-up). */
  pacing?(now: Date): AccountPacing;
  close?(): Promise<void>;
}

/** Whose count of new people an account's tier is: its group's (a portfolio's), else its own. */
export function tierCounter(adapter: Pick<ChannelAdapter, 'accountId' | 'capabilities'>): string {
  return adapter.capabilities.tierGroup ?? adapter.accountId;
}
