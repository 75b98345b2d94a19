import { describe, expect, it } from 'vitest';
import { tierCounter } from '../../src/core/index.js';
import { createWhatsAppCloudAdapter, DAILY_TIERS, WHATSAPP_CLOUD_CAPABILITIES, whatsappCloudCapabilities, whatsappCloudConfigSchema } from '../../adapters/whatsapp-cloud/index.js';

const number = {
  id: 'casa',
  phoneNumberId: '106540352242922',
  accessToken: 'EAAGfakeCloudToken0123456789',
  appSecret: '0123456789abcdef',
  verifyToken: 'verify-me',
};
const env = (numbers: unknown) => ({ WHATSAPP_CLOUD_NUMBERS: JSON.stringify(numbers) });

function problems(input: Record<string, string>): string[] {
  const result = whatsappCloudConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('WhatsApp Cloud API configuration', () => {
  it('has no number when WHATSAPP_CLOUD_NUMBERS is unset, and the v25.0 Graph API by default', () => {
    expect(whatsappCloudConfigSchema.parse({})).toEqual({ GRAPH_API_BASE: 'https://graph.facebook.com/v25.0' });
  });

  it('reads numbers from a JSON array with Meta’s defaults: 80 mps, the 250 tier, one message every 6 s to a parent', () => {
    const config = whatsappCloudConfigSchema.parse(env([number]));
    expect(config.WHATSAPP_CLOUD_NUMBERS).toEqual([{ ...number, schools: '*', maxPerSecond: 80, dailyTier: 250, pairIntervalMs: 6000 }]);
  });

  it('keeps what an account sets: a coexistence number’s 20 mps, a raised tier, a shorter pair interval, its schools', () => {
    const config = whatsappCloudConfigSchema.parse(env([{ ...number, number: '212522000000', maxPerSecond: 20, dailyTier: 'unlimited', pairIntervalMs: 0, schools: ['s1'] }]));
    expect(config.WHATSAPP_CLOUD_NUMBERS?.[0]).toMatchObject({ number: '212522000000', maxPerSecond: 20, dailyTier: 'unlimited', pairIntervalMs: 0, schools: ['s1'] });
  });

  it.each([500, '1000', 0, 'lots'])('refuses a dailyTier of %j, naming the tiers it takes', (dailyTier) => {
    expect(problems(env([{ ...number, dailyTier }]))).toEqual([`WHATSAPP_CLOUD_NUMBERS.0.dailyTier: one of ${DAILY_TIERS.join(', ')}`]);
  });

  it('refuses two numbers with one account id', () => {
    expect(problems(env([number, { ...number, phoneNumberId: '106540352242923' }]))).toEqual([expect.stringMatching(/^WHATSAPP_CLOUD_NUMBERS\.1\.id: duplicate account id/)]);
  });

  it.each([
    ['the number itself as the phone number id', { phoneNumberId: '+212522000000' }, 'phoneNumberId'],
    ['a number with a plus sign for join links', { number: '+212522000000' }, 'number'],
    ['a short access token', { accessToken: 'short' }, 'accessToken'],
    ['a short app secret', { appSecret: 'short' }, 'appSecret'],
    ['no verify token', { verifyToken: undefined }, 'verifyToken'],
    ['0 messages a second', { maxPerSecond: 0 }, 'maxPerSecond'],
    ['more than Meta’s 1,000 mps', { maxPerSecond: 1001 }, 'maxPerSecond'],
    ['a pair interval over a minute', { pairIntervalMs: 60_001 }, 'pairIntervalMs'],
  ])('refuses %s', (_name, change, field) => {
    expect(problems(env([{ ...number, ...change }]))).toEqual([expect.stringMatching(new RegExp(`^WHATSAPP_CLOUD_NUMBERS\\.0\\.${field}: `))]);
  });

  it('takes numbers of one business portfolio sharing one tier, and refuses them giving it two', () => {
    const second = { ...number, id: 'rabat', phoneNumberId: '106540352242923' };
    expect(problems(env([{ ...number, portfolio: 'bm-42', dailyTier: 1000 }, { ...second, portfolio: 'bm-42', dailyTier: 1000 }]))).toEqual([]);
    expect(problems(env([{ ...number, portfolio: 'bm-42', dailyTier: 1000 }, { ...second, portfolio: 'bm-42' }])))
      .toEqual(["WHATSAPP_CLOUD_NUMBERS.1.dailyTier: the numbers of portfolio 'bm-42' share one tier: give them the same dailyTier"]);
    // Two portfolios may have their own tiers.
    expect(problems(env([{ ...number, portfolio: 'bm-42', dailyTier: 1000 }, { ...second, portfolio: 'bm-43' }]))).toEqual([]);
    expect(problems(env([{ ...number, portfolio: 'bm 42' }]))).toEqual([expect.stringMatching(/^WHATSAPP_CLOUD_NUMBERS\.0\.portfolio: /)]);
  });

  it('refuses a value that is not a JSON array', () => {
    expect(problems({ WHATSAPP_CLOUD_NUMBERS: '{id: casa}' })).toEqual([expect.stringContaining('must be a JSON array')]);
  });
});

describe('WhatsApp Cloud API capabilities', () => {
  it('count a portfolio’s new people together: the numbers of one portfolio share a tier counter, a number without one counts alone', () => {
    const make = (id: string, portfolio?: string) => createWhatsAppCloudAdapter({ ...number, id, schools: '*', maxPerSecond: 80, dailyTier: 1000, pairIntervalMs: 0, ...(portfolio ? { portfolio } : {}) }, { graphBase: 'http://127.0.0.1:9', now: () => new Date(), sleep: async () => {} });
    expect([make('a', 'bm-42'), make('b', 'bm-42'), make('c')].map(tierCounter)).toEqual(['portfolio:bm-42', 'portfolio:bm-42', 'c']);
  });

  it('take the number’s own pair interval and tier', () => {
    const caps = whatsappCloudCapabilities({ maxPerSecond: 20, pairIntervalMs: 3000, dailyTier: 1000 });
    expect(caps).toEqual({ ...WHATSAPP_CLOUD_CAPABILITIES, rateLimit: caps.rateLimit, pairIntervalMs: 3000, uniqueRecipientsPerDay: 1000 });
  });

  it.each([1, 20, 80, 1000])('plan at most the number’s own %i messages a second, and not much less', (maxPerSecond) => {
    const { rateLimit } = whatsappCloudCapabilities({ maxPerSecond, pairIntervalMs: 6000, dailyTier: 250 });
    expect(rateLimit.durationMs).toBe(1000);
    // Above it Meta answers 130429; far below it a coexistence or upgraded number is wasted.
    expect(rateLimit.max).toBeLessThanOrEqual(maxPerSecond);
    expect(rateLimit.max).toBeGreaterThanOrEqual(Math.max(1, Math.floor(maxPerSecond * 0.9)));
  });

  it('have no daily limit of new people on the unlimited tier', () => {
    const caps = whatsappCloudCapabilities({ maxPerSecond: 80, pairIntervalMs: 6000, dailyTier: 'unlimited' });
    expect(caps).not.toHaveProperty('uniqueRecipientsPerDay');
  });

  it('say what the Cloud API is: a 24-hour window, templates outside it, receipts later, files sent', () => {
    const caps = whatsappCloudCapabilities({ maxPerSecond: 80, pairIntervalMs: 6000, dailyTier: 250 });
    expect(caps).toMatchObject({
      maxTextLength: 4096,
      maxChoices: 10,
      maxChoiceLabelLength: 72,
      messagingWindowHours: 24,
      templatesOutsideWindow: true,
      canMessageFirst: true,
      sendConfirmsDelivery: false,
      uniqueRecipientsPerDay: 250,
    });
    expect(caps.sendsMedia).toEqual(expect.arrayContaining(['voice', 'photo', 'document']));
  });

  it('give an adapter of the number, with a wa.me join link only when the number is known', () => {
    const account = whatsappCloudConfigSchema.parse(env([{ ...number, number: '212522000000', dailyTier: 10_000 }])).WHATSAPP_CLOUD_NUMBERS?.[0];
    if (!account) throw new Error('no account parsed');
    const opts = { graphBase: 'http://127.0.0.1:1/v25.0', now: () => new Date(), sleep: async () => undefined };
    const adapter = createWhatsAppCloudAdapter(account, opts);
    expect(adapter).toMatchObject({ platform: 'whatsapp', accountId: 'casa' });
    expect(adapter.capabilities.uniqueRecipientsPerDay).toBe(10_000);
    expect(adapter.joinLink?.('abc123XY')).toBe('https://wa.me/212522000000?text=JOIN%20abc123XY');
    const { number: _none, ...withoutNumber } = account;
    expect(createWhatsAppCloudAdapter(withoutNumber, opts).joinLink).toBeUndefined();
  });
});
