/**
 * Platform-neutral types shared by every layer. No IO, no dependencies.
 * Names follow the school's words: guardian, class, invitation, reply.
 */

import type { MediaRef } from './media.js';

/** Every chat platform a guardian's address can belong to. */
export const PLATFORMS = ['simulator', 'telegram', 'messenger', 'whatsapp'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const LOCALES = ['ar', 'en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const EVENT_KINDS = [
  'meeting',
  'school_event',
  'home_activity',
  'absence',
  'progress',
  'good_news',
  'reminder',
  'custom',
  'survey',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Kinds that speak about one child: the child's name is filled in per guardian. */
export const CHILD_KINDS: ReadonlySet<EventKind> = new Set(['absence', 'progress', 'good_news']);

export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** "HH:MM" in the school's time zone, 24-hour clock. */
export type ClockTime = string;

export interface QuietHours {
  /** Start of the quiet window, e.g. "21:00". */
  start: ClockTime;
  /** End of the quiet window, e.g. "08:00" (may be earlier than start: the window spans midnight). */
  end: ClockTime;
}

export interface School {
  id: string;
  /**
   * As the school writes it; unset until an admin names the school. Messages never sign with
   * the id in its place: they say "your child's school" (i18n `named`).
   */
  name?: string;
  /** IANA zone; Morocco is +01 except during Ramadan, so never a fixed offset. */
  timeZone: string;
  quietHours: QuietHours;
  defaultLocale: Locale;
  /** When families who said yes are reminded (domain/reminders.ts); unset: the evening before at 18:00 and 2 hours before. */
  reminders?: { eveningBefore: ClockTime | null; hoursBefore: number | null };
}

export interface SchoolClass {
  id: string;
  name: string;
  grade: number;
}

export type ChannelAddresses = Partial<Record<Platform, string>>;

export interface Guardian {
  id: string;
  name: string;
  locale: Locale;
  /** E.164, e.g. +212600000001. */
  phone?: string;
  channels: ChannelAddresses;
  /** Preference order; channels not listed come after, in PLATFORMS order. */
  channelOrder?: Platform[];
  /** ISO time the guardian opted out; kept as consent evidence. */
  optedOutAt?: string;
  /** ISO time the guardian last opted back in (START). */
  optedInAt?: string;
  /** The language the guardian asked for in the chat: a roster import does not override it. */
  localeChosen?: Locale;
  /** Channels a platform told us are unreachable (blocked, not on the platform). */
  unreachable?: Partial<Record<Platform, string>>;
  /** When the guardian linked a chat with a join code: consent to be written to there. */
  linked?: Partial<Record<Platform, string>>;
}

export interface Child {
  id: string;
  name: string;
  classId: string;
  guardianIds: string[];
}

export interface Teacher {
  id: string;
  name: string;
  classIds: string[];
  channels: ChannelAddresses;
  locale?: Locale;
  /**
   * For the title messages give them: "الأستاذة" / "Mme" for a woman, "الأستاذ" / "M." for a
   * man. Unknown (most rosters do not say): the neutral forms, "الأستاذ(ة)", no title in French.
   */
  gender?: 'female' | 'male';
}

export interface Roster {
  classes: SchoolClass[];
  guardians: Guardian[];
  children: Child[];
  teachers: Teacher[];
}

export type Audience =
  | { school: true }
  | { grades: number[] }
  | { classes: string[] }
  | { guardians: string[] }
  | { children: string[] };

export type LocalizedText = Partial<Record<Locale, string>>;

export interface SchoolEvent {
  id: string;
  schoolId: string;
  kind: EventKind;
  title?: LocalizedText;
  details?: LocalizedText;
  /** Free template variables (teacher, subject, …). Child names come from the roster. */
  vars?: Record<string, string>;
  /** ISO instant. */
  startsAt?: string;
  place?: string;
  audience: Audience;
  rsvp: boolean;
  /** ISO instant; absent = now. */
  sendAt?: string;
  respectQuietHours: boolean;
  createdAt: string;
  recipients: number;
  /** Who asked for it: an API key's label, or `teacher:<id>` for a teacher's bot flow. */
  createdBy: string;
  /** A survey sent with this event (kind `survey`), or after it. */
  survey?: EventSurvey;
  /**
   * The survey's questions as they were when the event was created: a school editing the
   * survey later does not move the answers of this sending to other questions.
   */
  surveyDefinition?: SurveyDefinition;
  /** The event this one follows up (a survey sent some hours after a meeting). */
  followUpOf?: string;
  /** A meeting of individual appointments: each family books one of these in the chat (domain/slots.ts). */
  slots?: Slot[];
  /** A reminder of another event (kind `reminder`): to those who said yes, at `when` before it. */
  reminds?: { eventId: string; when: 'evening' | 'before' | 'survey' };
  /** The reminders made for this event, and when they go. */
  reminders?: Array<{ eventId: string; when: 'evening' | 'before' | 'survey'; sendAt: string }>;
}

/** One appointment time of a meeting; `index` is its place in the event's list (choice ids carry it). */
export interface Slot {
  index: number;
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  /** Families it takes (1 for a one-to-one meeting). */
  capacity: number;
  /** The teacher the families meet, when the school plans slots per teacher. */
  teacherId?: string;
  room?: string;
}

/**
 * When a survey goes out with an event: as the event itself (kind `survey`: the first question
 * is in the invitation), right after the guardian's RSVP, or as a follow-up event `afterHours`
 * after the event starts.
 */
export interface EventSurvey {
  id: string;
  send: 'with_event' | 'after_rsvp' | 'after_event';
  afterHours?: number;
}

/** The createdBy of events a teacher created from the bot. */
export function teacherCreator(teacherId: string): string {
  return `teacher:${teacherId}`;
}

export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SKIP_REASONS = ['opted_out', 'no_channel', 'unreachable', 'erased', 'declined'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** One row per guardian and event. */
export interface Delivery {
  guardianId: string;
  status: DeliveryStatus;
  channel?: Platform;
  /** Why it was skipped or failed, or why it waits (quiet_hours_pending, scheduled). */
  reason?: string;
  rsvp?: RsvpAnswer;
  platformMessageId?: string;
  queuedAt?: string;
  /** When a delayed send is due (quiet hours, sendAt). */
  dueAt?: string;
  sentAt?: string;
  deliveredAt?: string;
  /** When the platform said the guardian read it (WhatsApp's read receipt), where it says so. */
  readAt?: string;
  failedAt?: string;
  rsvpAt?: string;
  /** The words a typed answer was read from ("ghadi nji"), for staff to check; absent for a tap. */
  rsvpFrom?: string;
  /** Staff set the answer by hand (who, by id), correcting a reading; a later answer of the guardian's replaces it. */
  rsvpCorrectedBy?: string;
}

/** A choice the guardian can tap; each channel renders it its own way. */
export interface Choice {
  /** ASCII, short: it travels as Telegram callback_data (≤ 64 bytes). */
  id: string;
  label: string;
}

/** A message ready for a channel's planner: text plus structured choices. */
export interface OutboundMessage {
  text: string;
  locale: Locale;
  choices?: Choice[];
  /**
   * A stored voice note, photo or document that goes with the text (a parent's note forwarded to
   * the teacher, the teacher's spoken answer): sent as a file where the channel carries it
   * (Capabilities.sendsMedia), else the text says where to find it.
   */
  media?: MediaRef;
}

// Surveys (DESIGN §8): the definitions an event carries; answers and helpers are in survey.ts.

/** The two 6-point scales of the parent-involvement research the schools use. */
export const SURVEY_SCALES = ['agreement', 'frequency'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];

/** Every scale here runs 1..6. */
export const SCALE_POINTS = 6;

export interface SurveyQuestion {
  /** Stable within the survey: results and the CSV's columns are keyed by it. */
  id: string;
  /** The question in each language the survey is offered in. */
  text: LocalizedText;
  /** The construct it measures ("role_beliefs", "self_efficacy", …). */
  subscale: string;
  /** Overrides the survey's scale for this question. */
  scale?: SurveyScale;
  /** Scored 7 − answer: a question worded against the construct. */
  reverse?: boolean;
}

export interface SurveyDefinition {
  id: string;
  title: LocalizedText;
  /** The default scale of its questions. */
  scale: SurveyScale;
  questions: SurveyQuestion[];
  /** Shipped with the service (not editable, not stored). */
  builtIn?: boolean;
}

/** The facts an approved message template's body may take, by name (domain/templates.ts fills them in). */
export const TEMPLATE_FIELDS = ['school', 'title', 'child', 'date', 'time', 'place', 'details', 'question'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** A school's approved template for one kind of message in one language (a school setting). */
export interface TemplateMapping {
  kind: EventKind;
  locale: Locale;
  /** As approved on the platform. */
  name: string;
  /** The platform's language code of the approved translation; the locale when absent. */
  language?: string | undefined;
  /** The facts, in the order of the template's {{1}}, {{2}}, … */
  parameters: TemplateField[];
  /** Quick-reply buttons Yes, No (and Maybe), in that order. */
  rsvpButtons: boolean;
}

/** Why a child was absent, as the family says it (an absence notice's choices). */
export const ABSENCE_REASONS = ['sick', 'family', 'transport', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];
