/**
 * The one registry of channel adapters: the only list of platforms outside src/core. Config,
 * logging, webhooks, start-up and the runtime iterate it; adding a platform (or a second kind of
 * account for one) is one folder under adapters/ and one line here.
 */
import type { z } from 'zod';
import { adapterModule as messenger } from '../adapters/messenger/index.js';
import { adapterModule as simulator } from '../adapters/simulator/index.js';
import { adapterModule as telegram } from '../adapters/telegram/index.js';
import { adapterModule as whatsappWeb } from '../adapters/whatsapp-web/index.js';
import type { AccountDeps, AdapterModule, ChannelAccount, Logger, Platform, RosterRules } from './core/index.js';
import type { ChannelAvailability } from './domain/channel-choice.js';

export type { ChannelAccount } from './core/index.js';

/** In the order channels are offered where nothing else decides. */
export const ADAPTER_MODULES = [simulator, telegram, messenger, whatsappWeb] as const;

type Modules = typeof ADAPTER_MODULES;
type ConfigOf<M> = M extends AdapterModule<infer C> ? C : never;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every module's configuration, parsed. */
export type AdapterConfig = Intersect<ConfigOf<Modules[number]>>;

/** Every module's environment variables, in one object schema (config.ts composes it with its own). */
export const adapterConfigShape: z.ZodRawShape = Object.assign({}, ...ADAPTER_MODULES.map((m) => m.config.shape));

/** Request headers that carry a platform's secret: never logged. */
export const SECRET_HEADERS: readonly string[] = [...new Set(ADAPTER_MODULES.flatMap((m) => m.secretHeaders))];

/** The ROLE values of modules that hold sessions in a process of their own (`npm run <role>`). */
export const PROCESS_ROLES: readonly string[] = ADAPTER_MODULES.flatMap((m) => (m.process ? [m.process.role] : []));

/** How rosters write each platform's addresses (the first module of a platform says). */
export const ROSTER_RULES: RosterRules = Object.fromEntries([...ADAPTER_MODULES].reverse().map((m) => [m.platform, m.roster]));

/** The module whose webhooks are at `/webhooks/<kind>`. */
export function moduleOfKind(kind: string): AdapterModule | undefined {
  return (ADAPTER_MODULES as readonly AdapterModule[]).find((m) => m.kind === kind);
}

/** Each module's start-up work (the API process): registering webhooks and the like. */
export async function startUpChannels(config: AdapterConfig, publicUrl: string | undefined, log: Logger): Promise<void> {
  for (const m of ADAPTER_MODULES as readonly AdapterModule<AdapterConfig>[]) await m.startUp?.(config, publicUrl, log);
}

/** The sessions a process of `role` holds, opened (the browser of a school's phone). */
export async function openSessions(config: AdapterConfig, role: string, print: (text: string) => void): Promise<ReadonlyMap<string, unknown>> {
  const sessions = new Map<string, unknown>();
  for (const m of ADAPTER_MODULES as readonly AdapterModule<AdapterConfig>[]) {
    if (!m.process || (role !== 'all' && role !== m.process.role)) continue;
    for (const [id, session] of await m.process.open(config, print)) sessions.set(`${m.kind}:${id}`, session);
  }
  return sessions;
}

/** The accounts a process of `role` holds sessions for (`<kind>:<account id>`). */
export function heldAccounts(config: AdapterConfig, role: string): Set<string> {
  return new Set((ADAPTER_MODULES as readonly AdapterModule<AdapterConfig>[]).flatMap((m) =>
    m.process && (role === 'all' || role === m.process.role) ? m.process.holds(config).map((id) => `${m.kind}:${id}`) : []));
}

/** Every configured account, and which one serves a school on a platform. */
export class ChannelDirectory {
  readonly accounts: ChannelAccount[];

  constructor(config: AdapterConfig, deps: AccountDeps) {
    this.accounts = (ADAPTER_MODULES as readonly AdapterModule<AdapterConfig>[]).flatMap((m) => {
      const sessions = new Map([...(deps.sessions ?? new Map<string, unknown>())].flatMap(([key, s]) => (key.startsWith(`${m.kind}:`) ? [[key.slice(m.kind.length + 1), s]] : [])));
      // A daily cap counts per account kind and id: two kinds may use the same account id.
      return m.accounts(config, { ...deps, sessions, dailyCounter: (id) => deps.dailyCounter(`${m.kind}:${id}`) }).map((a) => ({ ...a, kind: m.kind }));
    });
  }

  accountFor(schoolId: string, platform: Platform): ChannelAccount | undefined {
    return this.accounts.find((a) => a.adapter.platform === platform && serves(a, schoolId));
  }

  byId(platform: Platform, accountId: string): ChannelAccount | undefined {
    return this.accounts.find((a) => a.adapter.platform === platform && a.adapter.accountId === accountId);
  }

  /** Whether a message on this account may be about this school (DESIGN §10). */
  serves(platform: Platform, accountId: string, schoolId: string): boolean {
    const account = this.byId(platform, accountId);
    return account !== undefined && serves(account, schoolId);
  }

  /** The accounts of a platform that serve a school. */
  accountsOf(schoolId: string, platform: Platform): ChannelAccount[] {
    return this.accounts.filter((a) => a.adapter.platform === platform && serves(a, schoolId));
  }

  /** What the school can reach guardians on, for channel choice. */
  availabilityFor(schoolId: string): ChannelAvailability {
    const mine = this.accounts.filter((a) => serves(a, schoolId));
    return {
      available: new Set(mine.map((a) => a.adapter.platform)),
      needsLink: new Set(mine.filter((a) => a.needsLink).map((a) => a.adapter.platform)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.accounts.map((a) => a.adapter.close?.()));
  }
}

function serves(account: ChannelAccount, schoolId: string): boolean {
  return account.schools === '*' || account.schools.has(schoolId);
}
