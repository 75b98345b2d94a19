/**
 * The one registry of channel adapters: the only list of platforms outside src/core. Config,
 * logging, webhooks, start-up and the runtime iterate it; adding a platform (or a second kind of
 * account for one) is one folder under adapters/ and one line here.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { adapterModule as messenger } from '../adapters/messenger/index.js';
import { adapterModule as simulator } from '../adapters/simulator/index.js';
import { adapterModule as telegram } from '../adapters/telegram/index.js';
import { adapterModule as whatsappCloud } from '../adapters/whatsapp-cloud/index.js';
import { adapterModule as whatsappWeb } from '../adapters/whatsapp-web/index.js';
import type { AccountDeps, AdapterModule, ChannelAccount, Logger, Platform, RosterRules } from './core/index.js';
import type { ChannelAvailability } from './domain/channel-choice.js';

export type { ChannelAccount } from './core/index.js';

/**
 * In the order channels are offered where nothing else decides. A school with both kinds of
 * WhatsApp account sends through the Cloud API first (its numbers are not banned for volume).
 */
export const ADAPTER_MODULES = [simulator, telegram, messenger, whatsappCloud, whatsappWeb] as const;

type Modules = typeof ADAPTER_MODULES;
type ConfigOf<M> = M extends AdapterModule<infer C> ? C : never;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every module's configuration, parsed. */
export type AdapterConfig = Intersect<ConfigOf<Modules[number]>>;

/** The account that writes to an address, for one school and platform (ChannelDirectory.accountPicker). */
export type AccountPicker = (address: string | undefined) => ChannelAccount | undefined;

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
    // Queues, windows and receipts know an account by platform and id: two kinds of one platform
    // (a WhatsApp Web phone and a Cloud API number) must not share an id.
    const seen = new Map<string, string>();
    for (const a of this.accounts) {
      const key = `${a.adapter.platform}:${a.adapter.accountId}`;
      const other = seen.get(key);
      if (other) throw new Error(`two ${a.adapter.platform} accounts are called '${a.adapter.accountId}' (${other} and ${a.kind}): give each its own id`);
      seen.set(key, a.kind);
    }
  }

  /**
   * The account that writes to this address for the school. The first kind registered for the
   * platform serves (a Cloud API number before WhatsApp Web phones); several accounts of that
   * kind are a pool, and each address has its own among them, always the same while the pool
   * is (rendezvous hashing: adding a number moves only the parents it takes over, removing one
   * only its own). Without an address, the pool's first.
   */
  accountFor(schoolId: string, platform: Platform, address?: string): ChannelAccount | undefined {
    const first = this.accounts.find((a) => a.adapter.platform === platform && serves(a, schoolId));
    if (!first || address === undefined) return first;
    const pool = this.poolOf(schoolId, first);
    return pool.length === 1 ? first : stickyPick(pool, address);
  }

  /** `accountFor` one school and platform, its pool worked out once: a fan-out picks for thousands of addresses. */
  accountPicker(schoolId: string, platform: Platform): AccountPicker {
    const first = this.accountFor(schoolId, platform);
    if (!first) return () => undefined;
    const pool = this.poolOf(schoolId, first);
    return (address) => (address === undefined || pool.length === 1 ? first : stickyPick(pool, address));
  }

  /** Whether `account` is the one of its pool that writes to this address (always, outside a pool): join links name only it. */
  writesTo(schoolId: string, account: ChannelAccount, address: string): boolean {
    const pool = this.poolOf(schoolId, account);
    return pool.length <= 1 || stickyPick(pool, address) === account;
  }

  /** The accounts of the same kind and platform serving the school. */
  private poolOf(schoolId: string, account: ChannelAccount): ChannelAccount[] {
    return this.accounts.filter((a) => a.kind === account.kind && a.adapter.platform === account.adapter.platform && serves(a, schoolId));
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
    const platforms = new Set(mine.map((a) => a.adapter.platform));
    // The kind that serves a platform decides (a Cloud API number writes first; phones behind it ask for a link).
    const serving = [...platforms].map((p) => this.accountFor(schoolId, p)).filter((a): a is ChannelAccount => a !== undefined);
    return { available: platforms, needsLink: new Set(serving.filter((a) => a.needsLink).map((a) => a.adapter.platform)) };
  }

  async close(): Promise<void> {
    await Promise.all(this.accounts.map((a) => a.adapter.close?.()));
  }
}

/** The pool account with the highest hash of (account, address): stable, and spread evenly. */
function stickyPick(pool: readonly ChannelAccount[], address: string): ChannelAccount | undefined {
  let best: ChannelAccount | undefined;
  let bestScore = -1n;
  for (const account of pool) {
    const score = createHash('sha256').update(`${account.adapter.accountId}\u0000${address}`).digest().readBigUInt64BE(0);
    if (score > bestScore) {
      best = account;
      bestScore = score;
    }
  }
  return best;
}

function serves(account: ChannelAccount, schoolId: string): boolean {
  return account.schools === '*' || account.schools.has(schoolId);
}
