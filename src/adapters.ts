/**
 * The one registry of channel adapters. Workers, routes and config iterate this map; adding a
 * platform is one folder under adapters/ and one line here.
 */
import { createSimulatorAdapter, type SimulatorPhones } from '../adapters/simulator/index.js';
import type { Config } from './config.js';
import type { ChannelAdapter, Platform } from './core/index.js';

/** One account on one platform (a bot, a page, a number), bound to some schools or all. */
export interface ChannelAccount {
  adapter: ChannelAdapter;
  schools: '*' | ReadonlySet<string>;
}

export interface AdapterContext {
  config: Config;
  simulatorPhones: SimulatorPhones;
  random: () => number;
  now: () => Date;
}

type AccountsFactory = (ctx: AdapterContext) => ChannelAccount[];

export const adapterFactories = {
  simulator: (ctx) =>
    ctx.config.SIMULATOR_ENABLED
      ? [{ schools: '*', adapter: createSimulatorAdapter('main', ctx.config, { phones: ctx.simulatorPhones, random: ctx.random, now: ctx.now }) }]
      : [],
} satisfies Partial<Record<Platform, AccountsFactory>>;

/** Every configured account, and which one serves a school on a platform. */
export class ChannelDirectory {
  readonly accounts: ChannelAccount[];

  constructor(ctx: AdapterContext) {
    this.accounts = Object.values(adapterFactories).flatMap((factory) => factory(ctx));
  }

  accountFor(schoolId: string, platform: Platform): ChannelAccount | undefined {
    return this.accounts.find((a) => a.adapter.platform === platform && serves(a, schoolId));
  }

  byId(platform: Platform, accountId: string): ChannelAccount | undefined {
    return this.accounts.find((a) => a.adapter.platform === platform && a.adapter.accountId === accountId);
  }

  platformsFor(schoolId: string): Set<Platform> {
    return new Set(this.accounts.filter((a) => serves(a, schoolId)).map((a) => a.adapter.platform));
  }

  async close(): Promise<void> {
    await Promise.all(this.accounts.map((a) => a.adapter.close?.()));
  }
}

function serves(account: ChannelAccount, schoolId: string): boolean {
  return account.schools === '*' || account.schools.has(schoolId);
}
