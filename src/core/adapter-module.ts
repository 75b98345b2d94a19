/**
 * What one adapter folder gives the service (DESIGN §4): its configuration, its accounts, the
 * secrets its webhooks carry, what rosters call its platform and how they write addresses,
 * start-up work, and a process of its own when it holds sessions. `src/adapters.ts` lists the
 * modules; config, logging, webhooks, start-up and the runtime iterate that list, so nothing
 * else in the service names a platform. Two modules may serve one platform (a parent's WhatsApp
 * number is one address whichever kind of account the school connects).
 */
import type { z } from 'zod';
import type { ChannelAdapter } from './adapter.js';
import type { MediaKind } from './media.js';
import type { Platform } from './types.js';

/** One account (a bot, a page, a number) and the schools it serves. */
export interface ChannelAccount {
  /** Its module's kind (the registry sets it). */
  kind: string;
  adapter: ChannelAdapter;
  schools: '*' | ReadonlySet<string>;
  /** Writes only to guardians who linked the chat themselves (opt-in). */
  needsLink?: boolean;
  /**
   * The process that holds its session and alone sends for it: the role its module's `process`
   * names. Absent: any worker sends for it.
   */
  heldBy?: string;
}

/** One line of a simulated chat's transcript. */
export interface TranscriptMessage {
  id: string;
  direction: 'out' | 'in';
  text: string;
  choices?: Array<{ id: string; label: string }>;
  /** The choice a parent tapped. */
  choice?: string;
  /** A file that went with it: played or shown from the media store (`GET /v1/simulator/media/:id`). */
  media?: { id?: string; kind: MediaKind; contentType: string; fileName?: string };
  at: string;
}

/** Where simulated phones keep their chats: one per school's simulated bot and address. */
export interface TranscriptStore {
  deliver(schoolId: string, address: string, messages: TranscriptMessage[]): Promise<void>;
}

/** Sends of one account per day, for daily caps. */
export interface DailyCounter {
  /** Adds one and returns the new count for `day` (YYYY-MM-DD, UTC). */
  increment(day: string): Promise<number>;
}

/** What the service gives a module to build its accounts with. */
export interface AccountDeps {
  now: () => Date;
  /** Uniform in [0, 1); injected so tests are deterministic. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  transcripts: TranscriptStore;
  dailyCounter(accountId: string): DailyCounter;
  /** The sessions this process opened with the module's `process.open`, by account id. */
  sessions?: ReadonlyMap<string, unknown>;
  /**
   * The terminal of the process that holds the sessions, for what staff must see and no log may
   * hold (a login QR code, a pairing code). Absent elsewhere.
   */
  print?: (text: string) => void;
}

/** How rosters write a platform's addresses. */
export interface RosterRule {
  /** The names a roster may give the platform (lower case; the platform's own name is always one). */
  names: readonly string[];
  /** The address as the platform names the chat; undefined when `raw` cannot be one. Default: as written. */
  address?(raw: string): string | undefined;
  /** What an address is called, and how a right one is written, for error messages. */
  noun: string;
  example: string;
}

/** How rosters write each platform's addresses, as the modules say. */
export type RosterRules = Partial<Record<Platform, RosterRule>>;

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AdapterModule<Config = Record<string, unknown>> {
  /** The account kind: its folder's name, and its webhooks' path (`/webhooks/<kind>[/<account>]`). */
  kind: string;
  platform: Platform;
  /** Its environment variables (a zod object), composed into the service's configuration. */
  config: z.ZodObject;
  /** Its accounts, from the parsed configuration. */
  accounts(config: Config, deps: AccountDeps): Array<Omit<ChannelAccount, 'kind'>>;
  /** Request headers that carry its secrets: never logged; one present marks a request that tried to sign. */
  secretHeaders: readonly string[];
  roster: RosterRule;
  /** At the API's start-up, e.g. telling the platform where our webhooks are. */
  startUp?(config: Config, publicUrl: string | undefined, log: Logger): Promise<void>;
  /** A process of its own that holds the accounts' sessions (a phone's WhatsApp Web). */
  process?: {
    /** Its ROLE value (`npm run <role>`). */
    role: string;
    /** The accounts the process holds: the one its configuration names, or all. */
    holds(config: Config): string[];
    /** Opens the sessions of the accounts it holds, by account id; `print` reaches the terminal only. */
    open(config: Config, print: (text: string) => void): Promise<ReadonlyMap<string, unknown>>;
  };
}
