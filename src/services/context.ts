/** What the use cases share: stores, channels, queues, metrics, clock, logger. */
import type { MediaStore } from '../store/media-store.js';
import type { ChannelDirectory } from '../adapters.js';
import type { Config } from '../config.js';
import type { Queues } from '../queue/queues.js';
import type { AttemptLimiter } from '../store/attempt-limiter.js';
import type { DedupeStore } from '../store/dedupe-store.js';
import type { EventStore } from '../store/event-store.js';
import type { IdempotencyStore } from '../store/idempotency-store.js';
import type { RosterStore } from '../store/roster-store.js';
import type { ChatStore } from '../store/chat-store.js';
import type { PacerStore } from '../store/pacer-store.js';
import type { SlotStore } from '../store/slot-store.js';
import type { AbsenceStore } from '../store/absence-store.js';
import type { SchoolStore } from '../store/school-store.js';
import type { SessionStore } from '../store/session-store.js';
import type { SimulatorStore } from '../store/simulator-store.js';
import type { StreamSlotStore } from '../store/stream-slots.js';
import type { NoteStore } from '../store/note-store.js';
import type { SurveyStore } from '../store/survey-store.js';
import type { ApiKeyStore } from '../store/api-key-store.js';
import type { AuditStore } from '../store/audit-store.js';
import type { AuthStore } from '../store/auth-store.js';
import type { PeopleStore } from '../store/people-store.js';
import type { AttemptScope } from './attempt-rules.js';
import type { Metrics } from './metrics.js';

/** The structural logger we need (pino fits). Never pass phone numbers, names or tokens. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Stores {
  schools: SchoolStore;
  roster: RosterStore;
  events: EventStore;
  idempotency: IdempotencyStore;
  dedupe: DedupeStore;
  /** Failures per (scope, key): wrong API keys per address; later sign-in codes and passwords. */
  attempts: AttemptLimiter<AttemptScope>;
  /** Places of live progress streams per caller (STREAMS_PER_CALLER). */
  streams: StreamSlotStore;
  simulator: SimulatorStore;
  sessions: SessionStore;
  chats: ChatStore;
  pacer: PacerStore;
  /** Meetings' appointment bookings and waiting lists. */
  slots: SlotStore;
  /** Absences per child and day, with the families' reasons. */
  absences: AbsenceStore;
  surveys: SurveyStore;
  notes: NoteStore;
  people: PeopleStore;
  auth: AuthStore;
  apiKeys: ApiKeyStore;
  audit: AuditStore;
  /** Parents' and teachers' voice notes, photos and documents (on disk by default; media-store.ts). */
  media: MediaStore;
}

export type { Queues } from '../queue/queues.js';

export interface PipelineContext {
  config: Config;
  stores: Stores;
  channels: ChannelDirectory;
  queues: Queues;
  metrics: Metrics;
  log: Logger;
  now: () => Date;
}
