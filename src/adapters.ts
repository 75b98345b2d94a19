/**
 * The one registry of channel adapters. Workers, routes and config iterate this map; adding a
 * platform is one folder under adapters/ and one line here.
 */
import { createMessengerAdapter } from '../adapters/messenger/index.js';
import { createSimulatorAdapter, type SimulatorPhones } from '../adapters/simulator/index.js';
import { createTelegramAdapter } from '../adapters/telegram/index.js';
import { createWhatsAppWebAdapter, type DailyCounter, type MakePoll, type WhatsAppClient } from '../adapters/whatsapp-web/index.js';
import type { Config } from './config.js';
import type { ChannelAdapter, Platform } from './core/index.js';
import type { ChannelAvailability } from './domain/channel-choice.js';

/** One account on one platform (a bot, a page, a number), bound to some schools or all. */
export interface ChannelAccount {
  adapter: ChannelAdapter;
  schools: '*' | ReadonlySet<string>;
  /** Writes only to guardians who linked the chat themselves (opt-in). */
  needsLink?: boolean;
  /** The process that sends for it: any worker, or the `whatsapp` process holding its session. */
  sender: 'worker' | 'whatsapp';
}

export interface AdapterContext {
  config: Config;
  simulatorPhones: SimulatorPhones;
  random: () => number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Logged-in WhatsApp Web clients, in the `whatsapp` process only. */
  whatsappClients?: ReadonlyMap<string, { client: WhatsAppClient; makePoll: MakePoll }>;
  whatsappDailyCounter: (accountId: string) => DailyCounter;
  onWhatsAppQr?: (accountId: string, qr: string) => void;
  onWhatsAppPairingCode?: (accountId: string, code: string) => void;
}

type AccountsFactory = (ctx: AdapterContext) => ChannelAccount[];

export const adapterFactories = {
  simulator: (ctx): ChannelAccount[] =>
    ctx.config.SIMULATOR_ENABLED
      ? [{ schools: '*', sender: 'worker', adapter: createSimulatorAdapter('main', ctx.config, { phones: ctx.simulatorPhones, random: ctx.random, now: ctx.now }) }]
      : [],
  telegram: (ctx): ChannelAccount[] =>
    ctx.config.TELEGRAM_BOTS.map((bot) => ({
      schools: schoolsOf(bot.schools),
      sender: 'worker',
      adapter: createTelegramAdapter(bot, { apiRoot: ctx.config.TELEGRAM_API_ROOT, now: ctx.now }),
    })),
  messenger: (ctx): ChannelAccount[] =>
    (ctx.config.MESSENGER_PAGES ?? []).map((page) => ({
      schools: schoolsOf(page.schools),
      sender: 'worker',
      adapter: createMessengerAdapter(page, { graphBase: ctx.config.GRAPH_API_BASE, now: ctx.now }),
    })),
  whatsapp: (ctx): ChannelAccount[] =>
    (ctx.config.WHATSAPP_NUMBERS ?? []).map((number) => {
      const session = ctx.whatsappClients?.get(number.id);
      return {
        schools: schoolsOf(number.schools),
        sender: 'whatsapp',
        needsLink: number.optInOnly,
        adapter: createWhatsAppWebAdapter(number, {
          client: session?.client ?? detachedClient,
          makePoll: session?.makePoll ?? (() => undefined),
          dailyCounter: ctx.whatsappDailyCounter(number.id),
          now: ctx.now,
          random: ctx.random,
          sleep: ctx.sleep,
          onQr: (qr) => ctx.onWhatsAppQr?.(number.id, qr),
          onPairingCode: (code) => ctx.onWhatsAppPairingCode?.(number.id, code),
        }),
      };
    }),
} satisfies Record<Platform, AccountsFactory>;

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

function schoolsOf(schools: '*' | string[]): ChannelAccount['schools'] {
  return schools === '*' ? '*' : new Set(schools);
}

/**
 * Outside the `whatsapp` process a WhatsApp account is known (for channel choice and links)
 * but has no session: nothing there ever sends through it.
 */
const detachedClient: WhatsAppClient = {
  on: () => undefined,
  initialize: () => Promise.reject(new Error('the WhatsApp session runs in the whatsapp process')),
  sendMessage: () => Promise.reject(new Error('the WhatsApp session runs in the whatsapp process')),
  getNumberId: () => Promise.reject(new Error('the WhatsApp session runs in the whatsapp process')),
  destroy: () => Promise.resolve(),
};
