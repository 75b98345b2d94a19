import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { telegramAccountSchema, telegramConfigSchema } from '../../adapters/telegram/config.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const bot = { id: 'main', token: TOKEN, username: 'school_test_bot', webhookSecret: 'abc_DEF-123' };
const env = (bots: unknown) => ({ TELEGRAM_BOTS: JSON.stringify(bots) });

function problems(input: Record<string, string>): string[] {
  const result = telegramConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('Telegram configuration', () => {
  it('has no bots and the public Bot API when nothing is set', () => {
    expect(telegramConfigSchema.parse({})).toEqual({ TELEGRAM_BOTS: [], TELEGRAM_API_ROOT: 'https://api.telegram.org' });
  });

  it('reads a bot with its defaults: webhook mode, every school', () => {
    expect(telegramConfigSchema.parse(env([bot])).TELEGRAM_BOTS).toEqual([{ ...bot, mode: 'webhook', schools: '*' }]);
  });

  it('drops a trailing slash from the API root (grammY throws on it)', () => {
    expect(telegramConfigSchema.parse({ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }).TELEGRAM_API_ROOT).toBe('http://127.0.0.1:8081');
    expect(problems({ TELEGRAM_API_ROOT: 'ftp://example.org' })).toHaveLength(1);
  });

  it('requires a webhook secret in webhook mode, not in polling mode', () => {
    const { webhookSecret: _none, ...noSecret } = bot;
    expect(problems(env([noSecret]))).toEqual([expect.stringMatching(/^TELEGRAM_BOTS\.0\.webhookSecret: is required in webhook mode/)]);
    expect(problems(env([{ ...noSecret, mode: 'polling' }]))).toEqual([]);
  });

  it('names what is wrong with a bot, without echoing its token', () => {
    const badToken = 'not-a-token-but-secret';
    const found = problems(env([{ ...bot, token: badToken, username: '@school_bot', webhookSecret: 'has space' }]));
    expect(found).toEqual([
      expect.stringMatching(/^TELEGRAM_BOTS\.0\.token: must look like/),
      expect.stringMatching(/^TELEGRAM_BOTS\.0\.username: /),
      expect.stringMatching(/^TELEGRAM_BOTS\.0\.webhookSecret: /),
    ]);
    expect(found.join('\n')).not.toContain(badToken);
  });

  it('refuses bad JSON and duplicate account ids', () => {
    expect(problems({ TELEGRAM_BOTS: '[{' })).toEqual([expect.stringMatching(/JSON array/)]);
    expect(problems(env([bot, bot]))).toEqual([expect.stringMatching(/duplicate account id 'main'/)]);
  });

  it('composes into the service schema by shape', () => {
    const service = z.object({ PORT: z.coerce.number().default(3000) }).extend(telegramConfigSchema.shape);
    expect(service.parse(env([{ ...bot, schools: ['s1'] }])).TELEGRAM_BOTS[0]?.schools).toEqual(['s1']);
  });

  it('parses one account on its own', () => {
    expect(telegramAccountSchema.safeParse({ ...bot, mode: 'polling', webhookSecret: undefined }).success).toBe(true);
  });
});
