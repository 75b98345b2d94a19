import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookRequest } from '../../src/core/index.js';

/** setWebhook's `secret_token` comes back in this header on every update (PLATFORMS §1.6). */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * True when the request carries our webhook secret. Pure and never throws. Both sides are
 * hashed to 32 bytes first: timingSafeEqual needs equal lengths, and comparing digests means
 * neither a length check nor the comparison tells a caller how long the secret is.
 */
export function verifyTelegramWebhook(req: WebhookRequest, secret: string): boolean {
  try {
    const given = req.headers[TELEGRAM_SECRET_HEADER];
    if (typeof given !== 'string' || given === '' || secret === '') return false;
    return timingSafeEqual(sha256(given), sha256(secret));
  } catch {
    return false;
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
