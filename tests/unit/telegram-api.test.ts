import { createServer } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { redactToken } from '../../adapters/telegram/api.js';
import { createTelegramAdapter, mapTelegramError, setTelegramWebhook, telegramAccountSchema, type TelegramAccount } from '../../adapters/telegram/index.js';
import { ChannelError, type ChannelErrorCode } from '../../src/core/index.js';
import { startFakeTelegram, type BotApiError } from '../fakes/telegram-bot-api.js';
import { callbackUpdate, textUpdate } from '../fakes/telegram-updates.js';

const fake = await startFakeTelegram();
afterAll(() => fake.close());
afterEach(() => fake.reset());

const NOW = new Date('2026-11-23T10:00:00Z');
const account = telegramAccountSchema.parse({ id: 'main', token: fake.token, username: 'school_test_bot', webhookSecret: 'tg_secret' });
const adapterFor = (a: TelegramAccount = account, apiRoot = fake.apiRoot, timeoutSeconds?: number) =>
  createTelegramAdapter(a, { apiRoot, now: () => NOW, ...(timeoutSeconds ? { timeoutSeconds } : {}) });

async function sendError(adapter = adapterFor(), address = '5550001', planned = adapter.plan({ text: 'Reminder: meeting on Monday', locale: 'en' })): Promise<ChannelError> {
  const err = await adapter.send(planned, { address, schoolId: 's1', idempotencyKey: 'k' }).then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(err)}`);
  expect(err.message).not.toContain(fake.token);
  expect(err.cause).toBeUndefined();
  return err;
}

describe('sending through the Bot API', () => {
  it('sends every part in order, the keyboard on the last, and names the last message', async () => {
    const adapter = adapterFor();
    const planned = adapter.plan({ text: 'مرحبا. '.repeat(1000), locale: 'ar', choices: [{ id: 'r.yes.ev1', label: 'نعم' }] });
    const result = await adapter.send(planned, { address: '5550002', schoolId: 's1', idempotencyKey: 'k' });
    expect(fake.sentTo('5550002')).toEqual(planned.parts);
    const calls = fake.received.filter((c) => c.method === 'sendMessage' && c.body.chat_id === '5550002');
    expect(calls.map((c) => c.body.reply_markup === undefined)).toEqual([...planned.parts.map(() => true).slice(1), false]);
    expect(calls.every((c) => c.body.parse_mode === undefined)).toBe(true);
    expect(result.platformMessageId).toMatch(/^\d+$/);
    expect(result).toEqual({ platformMessageId: result.platformMessageId, sentAt: NOW, deliveredAt: NOW });
  });
});

describe('mapping Bot API errors', () => {
  const cases: Array<[string, BotApiError, ChannelErrorCode, number | undefined]> = [
    ['429 with retry_after 2', { error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } }, 'rate_limited', 2000],
    ['429 without retry_after', { error_code: 429, description: 'Too Many Requests' }, 'rate_limited', 1000],
    ['403 user deactivated', { error_code: 403, description: 'Forbidden: user is deactivated' }, 'unreachable', undefined],
    ['403 bot can\'t initiate', { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" }, 'unreachable', undefined],
    ['400 PEER_ID_INVALID', { error_code: 400, description: 'Bad Request: PEER_ID_INVALID' }, 'invalid_address', undefined],
    ['400 anything else', { error_code: 400, description: 'Bad Request: message is too long' }, 'permanent', undefined],
    ['404', { error_code: 404, description: 'Not Found' }, 'permanent', undefined],
    ['500', { error_code: 500, description: 'Internal Server Error' }, 'transient', undefined],
    ['502', { error_code: 502, description: 'Bad Gateway' }, 'transient', undefined],
  ];

  it.each(cases)('%s', async (_name, answer, code, retryAfterMs) => {
    fake.failNext(1, answer, 'sendMessage');
    const err = await sendError();
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(code === 'rate_limited' || code === 'transient');
    expect(err.retryAfterMs).toBe(retryAfterMs);
    expect(err.platform).toBe('telegram');
    expect(err.message).toContain(`sendMessage failed: ${answer.error_code}`);
  });

  it('403 from a parent who blocked the bot → unreachable', async () => {
    fake.blockChat('5550003');
    expect((await sendError(adapterFor(), '5550003')).code).toBe('unreachable');
  });

  it('400 chat not found → invalid_address', async () => {
    expect((await sendError(adapterFor(), 'not-a-chat')).code).toBe('invalid_address');
  });

  it('a callback_data Telegram refuses → permanent (plan() would have refused it first)', async () => {
    const err = await sendError(adapterFor(), '5550001', { parts: ['x'], locale: 'en', choices: [{ id: 'x'.repeat(65), label: 'ok' }] });
    expect(err.code).toBe('permanent');
    expect(err.message).toContain('BUTTON_DATA_INVALID');
  });

  it('401 (a wrong token) → auth, and the token is not in the message', async () => {
    const wrong = telegramAccountSchema.parse({ ...account, token: '987654321:AAWrongTokenWrongTokenWrong-xyz' });
    const err = await sendError(adapterFor(wrong));
    expect(err.code).toBe('auth');
    expect(err.message).not.toContain(wrong.token);
  });

  it('the rate limit of the fake: beyond the bucket, 429 with retry_after in whole seconds', async () => {
    fake.enforceRate({ max: 3, perMs: 1000 });
    const adapter = adapterFor();
    for (let i = 0; i < 3; i++) await adapter.send(adapter.plan({ text: `m${i}`, locale: 'en' }), { address: '5550004', schoolId: 's1', idempotencyKey: `k${i}` });
    const err = await sendError(adapter, '5550004');
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(1000);
    expect(fake.count429).toBe(1);
  });

  it('network failure → transient, without the URL (it holds the token)', async () => {
    const closed = await startFakeTelegram();
    await closed.close();
    const err = await sendError(adapterFor(account, closed.apiRoot));
    expect(err.code).toBe('transient');
    expect(err.message).toMatch(/Network request for 'sendMessage' failed!/);
    expect(err.message).not.toContain('127.0.0.1');
  });

  it('a server that never answers → transient after timeoutSeconds', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect((await sendError(adapterFor(account, `http://127.0.0.1:${port}`, 1))).code).toBe('transient');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('redacts anything shaped like a bot token from messages', () => {
    expect(redactToken(`request to http://x/bot${fake.token}/sendMessage failed`)).toBe('request to http://x/bot<token>/sendMessage failed');
    expect(redactToken('Bad Request: chat not found')).toBe('Bad Request: chat not found');
  });

  it('leaves errors that are not the Bot API\'s alone', () => {
    const bug = new TypeError('a bug');
    expect(() => mapTelegramError(bug)).toThrow(bug);
  });
});

describe('acknowledging taps, webhooks, links', () => {
  it('answers the callback query of a tap, without text', async () => {
    const adapter = adapterFor();
    const [tap] = adapter.normaliseInbound(callbackUpdate('r.yes.ev1', 'cq-777'), NOW);
    if (!tap) throw new Error('no event');
    await adapter.acknowledge?.(tap);
    expect(fake.received.filter((c) => c.method === 'answerCallbackQuery').at(-1)?.body).toEqual({ callback_query_id: 'cq-777' });
  });

  it('does nothing for other events, and swallows a too-old query', async () => {
    const adapter = adapterFor();
    const before = fake.received.length;
    for (const e of adapter.normaliseInbound(textUpdate(), NOW)) await adapter.acknowledge?.(e);
    expect(fake.received.length).toBe(before);
    fake.failNext(1, { error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' });
    const [tap] = adapter.normaliseInbound(callbackUpdate(), NOW);
    if (!tap) throw new Error('no event');
    await expect(adapter.acknowledge?.(tap)).resolves.toBeUndefined();
  });

  it('setTelegramWebhook registers the URL, the secret and the update kinds', async () => {
    await setTelegramWebhook(account, { apiRoot: fake.apiRoot }, 'https://school.example.org/webhooks/telegram/main');
    expect(fake.webhook).toEqual({ url: 'https://school.example.org/webhooks/telegram/main', secret_token: 'tg_secret' });
    expect(fake.received.at(-1)?.body.allowed_updates).toEqual(['message', 'callback_query', 'my_chat_member']);
    const polling = telegramAccountSchema.parse({ ...account, webhookSecret: undefined, mode: 'polling' });
    await expect(setTelegramWebhook(polling, { apiRoot: fake.apiRoot }, 'https://x.example')).rejects.toThrow(/no webhookSecret/);
  });

  it('has a webhook verifier only with a secret, a join link, and no listen in webhook mode', () => {
    const adapter = adapterFor();
    const req = (secret: string) => ({ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secret }, query: {}, rawBody: Buffer.from('{}') });
    expect(adapter.webhook?.verify(req('tg_secret'))).toBe(true);
    expect(adapter.webhook?.verify(req('tg_secreT'))).toBe(false);
    expect(adapter.joinLink?.('inv_1')).toBe('https://t.me/school_test_bot?start=inv_1');
    expect(adapter.listen).toBeUndefined();
    expect(adapter.status?.()).toEqual({ ready: true });
    const polling = adapterFor(telegramAccountSchema.parse({ ...account, webhookSecret: undefined, mode: 'polling' }));
    expect(polling.webhook).toBeUndefined();
    expect(polling.listen).toBeTypeOf('function');
  });
});
