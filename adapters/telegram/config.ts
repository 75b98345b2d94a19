/**
 * Telegram bots, one JSON array item per bot (DESIGN §4), e.g.
 * TELEGRAM_BOTS='[{"id":"main","token":"123456:AA…","username":"school_bot","webhookSecret":"s3cr3t"}]'.
 */
import { z } from 'zod';
import { accountId, accountMaxPerSecond, accountSchools, jsonArrayEnv } from '../../src/core/index.js';

export const telegramAccountSchema = z
  .object({
    id: accountId,
    /** From @BotFather: "<bot id>:<secret>". Never logged. */
    token: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AA… (from @BotFather)'),
    /** The bot's username without "@", for t.me join links. */
    username: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'the bot username without @ (5–32 letters, digits, _)'),
    schools: accountSchools,
    /**
     * Sent by Telegram in X-Telegram-Bot-Api-Secret-Token on every webhook call; the same
     * alphabet and length setWebhook accepts (PLATFORMS §1.6).
     */
    webhookSecret: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'A-Z, a-z, 0-9, _ and - only (1–256)').optional(),
    /** 'webhook' (Telegram pushes to us) or 'polling' (we long-poll getUpdates; one process per bot). */
    mode: z.enum(['webhook', 'polling']).default('webhook'),
    /** Messages per second for this bot (default 25, under Telegram's "about 30"). */
    maxPerSecond: accountMaxPerSecond,
  })
  .refine((a) => a.mode === 'polling' || a.webhookSecret !== undefined, {
    path: ['webhookSecret'],
    message: "is required in webhook mode (or set \"mode\":\"polling\"): without it anyone could post fake updates",
  });

export type TelegramAccount = z.output<typeof telegramAccountSchema>;

export const telegramConfigSchema = z.object({
  /**
   * A JSON array of bots; unset means no Telegram bot. zod 4's `.default()` returns its value
   * as the output without parsing it, so `[]` here needs no JSON string and no preprocess.
   */
  TELEGRAM_BOTS: jsonArrayEnv(telegramAccountSchema).default([]),
  /**
   * The Bot API server; a local fake in tests, a self-hosted telegram-bot-api if you run one.
   * A trailing "/" is removed because grammY throws on it.
   */
  TELEGRAM_API_ROOT: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://api.telegram.org'),
});

export type TelegramConfig = z.output<typeof telegramConfigSchema>;
