/**
 * Channel accounts for end-to-end tests: the env that points the real adapters at the local
 * fakes (Telegram Bot API, Graph API) and the fake WhatsApp Web session handed to the runtime.
 */
import type { FakeGraph } from '../../fakes/graph-api.js';
import { FAKE_PAGE_TOKEN } from '../../fakes/graph-api.js';
import type { FakeTelegram } from '../../fakes/telegram-bot-api.js';
import { fakeMakeMedia, fakeMakePoll, type FakeWhatsAppClient } from '../../fakes/whatsapp-client.js';
import type { TestAppOptions } from '../../helpers/app.js';

export const BOT = { id: 'main', username: 'school_test_bot', webhookSecret: 'e2e-telegram-secret_0123456789' } as const;

export const PAGE = {
  id: 'page',
  pageId: '104800000000001',
  pageName: 'AlAmalSchool',
  appSecret: 'e2e-meta-app-secret-0123456789abcdef',
  verifyToken: 'e2e-verify-token-42',
} as const;

export const WA = { id: 'wa', number: '212522000000' } as const;

export function telegramEnv(fake: FakeTelegram, mode: 'webhook' | 'polling' = 'webhook'): Record<string, string> {
  const bot = { id: BOT.id, token: fake.token, username: BOT.username, schools: '*', mode, ...(mode === 'webhook' ? { webhookSecret: BOT.webhookSecret } : {}) };
  return { TELEGRAM_BOTS: JSON.stringify([bot]), TELEGRAM_API_ROOT: fake.apiRoot };
}

export function messengerEnv(graph: FakeGraph): Record<string, string> {
  const page = { ...PAGE, accessToken: FAKE_PAGE_TOKEN, schools: '*' };
  return { MESSENGER_PAGES: JSON.stringify([page]), GRAPH_API_BASE: graph.base };
}

/** One opt-in number paced at 1 send/s without jitter (the test's sleep resolves at once). */
export function whatsappEnv(): Record<string, string> {
  const number = { id: WA.id, number: WA.number, schools: '*', minIntervalMs: 1000, jitterMs: 0, optInOnly: true };
  return { WHATSAPP_NUMBERS: JSON.stringify([number]) };
}

/** The runtime's WhatsApp sessions: the fake client stands in for whatsapp-web.js. */
export function whatsappSessions(client: FakeWhatsAppClient): NonNullable<TestAppOptions['whatsappClients']> {
  return new Map([[WA.id, { client, makePoll: fakeMakePoll, makeMedia: fakeMakeMedia }]]);
}

/** The join code inside a link from `GET /v1/guardians/:id/links`, read the way each app reads it. */
export function codeFromLink(url: string): string {
  const u = new URL(url);
  const code = u.searchParams.get('start') ?? u.searchParams.get('ref') ?? /^JOIN (\S+)$/.exec(u.searchParams.get('text') ?? '')?.[1];
  if (!code) throw new Error(`no join code in ${url}`);
  return code;
}
