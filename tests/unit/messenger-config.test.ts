import { describe, expect, it } from 'vitest';
import { createMessengerAdapter, messengerConfigSchema } from '../../adapters/messenger/index.js';

const page = {
  id: 'lycee',
  pageId: '104857600123456',
  pageName: 'LyceeIbnBattouta',
  accessToken: 'EAAGfakePageAccessToken0123',
  appSecret: '0123456789abcdef',
  verifyToken: 'verify-me',
};

describe('messenger configuration', () => {
  it('has no Page when MESSENGER_PAGES is unset, and the v25.0 Graph API by default', () => {
    expect(messengerConfigSchema.parse({})).toEqual({ GRAPH_API_BASE: 'https://graph.facebook.com/v25.0' });
  });

  it('reads Pages from a JSON array, serving every school by default', () => {
    const config = messengerConfigSchema.parse({ MESSENGER_PAGES: JSON.stringify([page, { ...page, id: 'other', schools: ['s1'] }]) });
    expect(config.MESSENGER_PAGES?.map((p) => p.schools)).toEqual(['*', ['s1']]);
  });

  it.each([
    ['a non-numeric page id', [{ ...page, pageId: 'lycee' }]],
    ['a short access token', [{ ...page, accessToken: 'short' }]],
    ['a short app secret', [{ ...page, appSecret: 'short' }]],
    ['a duplicate account id', [page, page]],
  ])('refuses %s', (_name, pages) => {
    expect(messengerConfigSchema.safeParse({ MESSENGER_PAGES: JSON.stringify(pages) }).success).toBe(false);
  });

  it('builds an adapter whose join link opens the Page with the code', () => {
    const adapter = createMessengerAdapter({ ...page, schools: '*' }, { graphBase: 'http://127.0.0.1:1/v25.0', now: () => new Date() });
    expect(adapter.platform).toBe('messenger');
    expect(adapter.joinLink?.('abc123XY')).toBe('https://m.me/LyceeIbnBattouta?ref=abc123XY');
    expect(adapter.webhook?.handshake).toBeTypeOf('function');
  });
});
