/**
 * What starting a channel needs beyond the registry: WhatsApp Web sessions (a browser, a QR
 * code to scan) for the `whatsapp` process, and Telegram webhooks registered at start-up.
 */
import qrcode from 'qrcode-terminal';
import { setTelegramWebhook } from '../adapters/telegram/index.js';
import { createRealClient, type MakePoll, type WhatsAppClient } from '../adapters/whatsapp-web/index.js';
import type { Config } from './config.js';
import type { Logger } from './queue/context.js';

/** One logged-in browser session per configured number (whatsapp-web.js loads only here). */
export async function openWhatsAppSessions(config: Config): Promise<Map<string, { client: WhatsAppClient; makePoll: MakePoll }>> {
  const sessions = new Map<string, { client: WhatsAppClient; makePoll: MakePoll }>();
  for (const number of heldWhatsAppNumbers(config)) {
    sessions.set(number.id, await createRealClient(number, config));
  }
  return sessions;
}

/** The numbers this process holds: WHATSAPP_ACCOUNT's, or all (an unknown id is an error). */
export function heldWhatsAppNumbers(config: Config): NonNullable<Config['WHATSAPP_NUMBERS']> {
  const all = config.WHATSAPP_NUMBERS ?? [];
  if (!config.WHATSAPP_ACCOUNT) return all;
  const one = all.filter((n) => n.id === config.WHATSAPP_ACCOUNT);
  if (!one.length) throw new Error(`WHATSAPP_ACCOUNT '${config.WHATSAPP_ACCOUNT}' is not in WHATSAPP_NUMBERS`);
  return one;
}

/** The QR code goes to the terminal, never to the logs (it is a login credential). */
export function printWhatsAppQr(accountId: string, qr: string): void {
  console.log(`\nWhatsApp number '${accountId}': scan this code with the school's phone (WhatsApp → Linked devices → Link a device):`);
  qrcode.generate(qr, { small: true });
}

export function printWhatsAppPairingCode(accountId: string, code: string): void {
  console.log(`\nWhatsApp number '${accountId}': on the school's phone, Linked devices → Link with phone number, enter ${code}`);
}

/** Webhook-mode bots are told where to post; without PUBLIC_URL the school must do it by hand. */
export async function registerTelegramWebhooks(config: Config, log: Logger): Promise<void> {
  for (const bot of config.TELEGRAM_BOTS.filter((b) => b.mode === 'webhook')) {
    if (!config.PUBLIC_URL) {
      log.warn({ accountId: bot.id }, 'Telegram bot in webhook mode but PUBLIC_URL is not set: set it, or use mode "polling"');
      continue;
    }
    const url = `${config.PUBLIC_URL.replace(/\/$/, '')}/webhooks/telegram/${bot.id}`;
    try {
      await setTelegramWebhook(bot, { apiRoot: config.TELEGRAM_API_ROOT }, url);
      log.info({ accountId: bot.id }, 'Telegram webhook registered');
    } catch (err) {
      log.error({ accountId: bot.id, err: (err as Error).message }, 'could not register the Telegram webhook; will keep serving');
    }
  }
}
