import { sameSecret, type WebhookRequest } from '../../src/core/index.js';

/** setWebhook's `secret_token` comes back in this header on every update (PLATFORMS §1.6). */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** True when the request carries our webhook secret (compared in constant time). Pure and never throws. */
export function verifyTelegramWebhook(req: WebhookRequest, secret: string): boolean {
  try {
    return sameSecret(req.headers[TELEGRAM_SECRET_HEADER], secret);
  } catch {
    return false;
  }
}
