import { describe, expect, it } from 'vitest';
import { TELEGRAM_SECRET_HEADER, verifyTelegramWebhook } from '../../adapters/telegram/verify.js';
import type { WebhookRequest } from '../../src/core/index.js';

const SECRET = 'Sch00l-bridge_secret';

function request(headers: Record<string, string | undefined>): WebhookRequest {
  return { method: 'POST', headers, query: {}, rawBody: Buffer.from('{"update_id":1}') };
}

describe('verifying Telegram webhook calls', () => {
  it('accepts the right secret in the lower-case header', () => {
    expect(verifyTelegramWebhook(request({ [TELEGRAM_SECRET_HEADER]: SECRET }), SECRET)).toBe(true);
  });

  it('refuses a wrong secret of the same length', () => {
    expect(verifyTelegramWebhook(request({ [TELEGRAM_SECRET_HEADER]: SECRET.replace('S', 's') }), SECRET)).toBe(false);
  });

  it('refuses a missing or empty header', () => {
    expect(verifyTelegramWebhook(request({}), SECRET)).toBe(false);
    expect(verifyTelegramWebhook(request({ [TELEGRAM_SECRET_HEADER]: undefined }), SECRET)).toBe(false);
    expect(verifyTelegramWebhook(request({ [TELEGRAM_SECRET_HEADER]: '' }), SECRET)).toBe(false);
  });

  it('refuses secrets of other lengths without throwing', () => {
    for (const given of [SECRET.slice(0, -1), `${SECRET}x`, 'x', 'x'.repeat(5000), 'سر']) {
      expect(verifyTelegramWebhook(request({ [TELEGRAM_SECRET_HEADER]: given }), SECRET)).toBe(false);
    }
  });

  it('refuses everything when our own secret is empty', () => {
    expect(verifyTelegramWebhook(request({ [TELEGRAM_SECRET_HEADER]: '' }), '')).toBe(false);
  });

  it('does not read other headers', () => {
    expect(verifyTelegramWebhook(request({ authorization: SECRET }), SECRET)).toBe(false);
  });
});
