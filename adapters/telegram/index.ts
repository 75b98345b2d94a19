/**
 * Telegram through grammY's Api client: one adapter per bot. Webhook mode (Telegram posts
 * updates to us; call `setTelegramWebhook` at start-up) or polling mode (`listen` long-polls
 * getUpdates; one process per bot, or Telegram answers 409).
 */
import { withAccountRate, type AdapterModule, type ChannelAdapter, type FetchedMedia, type InboundEvent, type InboundMedia } from '../../src/core/index.js';
import { createTelegramApi, createTelegramPoller, type TelegramApi, type TelegramApiOptions } from './api.js';
import { TELEGRAM_CAPABILITIES } from './capabilities.js';
import { telegramConfigSchema, type TelegramAccount, type TelegramConfig } from './config.js';
import { callbackQueryKey, normaliseTelegramUpdate, telegramContentType } from './inbound.js';
import { planTelegramMessage, telegramJoinLink, toSendMessageBodies } from './outbound.js';
import { TELEGRAM_SECRET_HEADER, verifyTelegramWebhook } from './verify.js';

export { telegramAccountSchema, telegramConfigSchema, type TelegramAccount, type TelegramConfig } from './config.js';
export { TELEGRAM_CAPABILITIES } from './capabilities.js';
export { mapTelegramError, TELEGRAM_ALLOWED_UPDATES, TELEGRAM_FILE_MAX_BYTES, type TelegramApiOptions } from './api.js';
export { TELEGRAM_SECRET_HEADER, verifyTelegramWebhook } from './verify.js';

export interface TelegramAdapterOptions extends TelegramApiOptions {
  now: () => Date;
}

export function createTelegramAdapter(account: TelegramAccount, opts: TelegramAdapterOptions): ChannelAdapter {
  const api = createTelegramApi(account.token, opts);
  const normaliseInbound = (body: unknown, receivedAt: Date) => normaliseTelegramUpdate(body, account.id, receivedAt);
  const poller = account.mode === 'polling' ? createTelegramPoller({ api, normalise: normaliseInbound, now: opts.now, random: Math.random }) : undefined;
  const secret = account.webhookSecret;
  return {
    platform: 'telegram',
    accountId: account.id,
    capabilities: withAccountRate(TELEGRAM_CAPABILITIES, account.maxPerSecond),
    plan: planTelegramMessage,
    async send(planned, ctx) {
      // The file first, as a phone shows a voice note above the words about it.
      const fileMessageId = ctx.media ? await api.sendFile(ctx.address, ctx.media) : undefined;
      const platformMessageId = await api.sendMessages(toSendMessageBodies(planned, ctx.address));
      const sentAt = opts.now();
      // Bots get no delivery receipts: accepted is the last news (see TELEGRAM_CAPABILITIES).
      return { platformMessageId, sentAt, deliveredAt: sentAt, ...(fileMessageId ? { fileMessageId } : {}) };
    },
    normaliseInbound,
    ...(secret === undefined ? {} : { webhook: { verify: (req) => verifyTelegramWebhook(req, secret) } }),
    joinLink: (code) => telegramJoinLink(account.username, code),
    acknowledge: (event) => answerTap(api, account.id, event),
    fetchMedia: (media) => fetchTelegramMedia(api, media),
    ...(poller && {
      // Resolves once polling has started; events flow until close(). `onEvents` should log its
      // own failures: a batch it throws on is fetched again after a backoff.
      listen: async (onEvents: (events: InboundEvent[]) => Promise<void>) => poller.start(onEvents),
    }),
    status: () => (poller?.stoppedWith ? { ready: false, detail: poller.stoppedWith } : { ready: true }),
    close: async () => poller?.stop(),
  };
}

/**
 * Stops the spinner on the parent's button. No text: the conversation's reply says the rest.
 * Errors are swallowed: a query older than a few minutes can no longer be answered, and the tap
 * itself was already recorded.
 */
async function answerTap(api: TelegramApi, accountId: string, event: InboundEvent): Promise<void> {
  const prefix = callbackQueryKey(accountId, '');
  if (event.type !== 'choice' || !event.platformMessageId.startsWith(prefix)) return;
  await api.answerCallbackQuery(event.platformMessageId.slice(prefix.length)).catch(() => undefined);
}

/** A parent's file by its file_id; the name is the one the message gave (the file server's is made up). */
async function fetchTelegramMedia(api: TelegramApi, media: InboundMedia): Promise<FetchedMedia> {
  const { bytes, filePath } = await api.downloadFile(media.ref);
  return { bytes, contentType: telegramContentType(media.contentType, filePath), ...(media.fileName ? { fileName: media.fileName } : {}) };
}

/**
 * Points the bot's webhook at `url` with the account's secret and the update kinds we handle.
 * The service calls it at start-up for each bot in webhook mode. Throws a ChannelError.
 */
export async function setTelegramWebhook(account: TelegramAccount, opts: TelegramApiOptions, url: string): Promise<void> {
  if (account.webhookSecret === undefined) throw new Error(`Telegram bot '${account.id}' has no webhookSecret`);
  await createTelegramApi(account.token, opts).setWebhook(url, account.webhookSecret);
}

/**
 * Telegram as the service sees it (core/adapter-module.ts): one account per bot; webhook-mode
 * bots are told their URL at start-up (with PUBLIC_URL; without it the school does it by hand).
 */
export const adapterModule: AdapterModule<TelegramConfig> = {
  kind: 'telegram',
  platform: 'telegram',
  config: telegramConfigSchema,
  accounts: (config, deps) =>
    config.TELEGRAM_BOTS.map((bot) => ({
      schools: bot.schools === '*' ? '*' : new Set(bot.schools),
      adapter: createTelegramAdapter(bot, { apiRoot: config.TELEGRAM_API_ROOT, now: deps.now }),
    })),
  secretHeaders: [TELEGRAM_SECRET_HEADER],
  roster: { names: ['telegram', 'tg'], noun: 'Telegram chat id', example: '123456789' },
  async startUp(config, publicUrl, log) {
    for (const bot of config.TELEGRAM_BOTS.filter((b) => b.mode === 'webhook')) {
      if (!publicUrl) {
        log.warn({ accountId: bot.id }, 'Telegram bot in webhook mode but PUBLIC_URL is not set: set it, or use mode "polling"');
        continue;
      }
      try {
        await setTelegramWebhook(bot, { apiRoot: config.TELEGRAM_API_ROOT }, `${publicUrl.replace(/\/$/, '')}/webhooks/telegram/${bot.id}`);
        log.info({ accountId: bot.id }, 'Telegram webhook registered');
      } catch (err) {
        log.error({ accountId: bot.id, err: (err as Error).message }, 'could not register the Telegram webhook; will keep serving');
      }
    }
  },
};
