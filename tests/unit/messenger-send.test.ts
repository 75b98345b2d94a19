import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMessengerAdapter, mapGraphError } from '../../adapters/messenger/index.js';
import type { SendContext } from '../../src/core/index.js';
import { channelErrorInfo, ChannelError } from '../../src/core/index.js';
import { FAKE_PAGE_TOKEN, startFakeGraph } from '../fakes/graph-api.js';
import { UNIT_MESSENGER_ACCOUNT, UNIT_NOW, unitMessengerAdapter } from './messenger-unit.js';

const graph = await startFakeGraph();
afterAll(() => graph.close());
beforeEach(() => graph.reset());

const NOW = UNIT_NOW;
const PSID = '6100000000001';
const account = UNIT_MESSENGER_ACCOUNT;
const adapter = unitMessengerAdapter(graph.base);
const inWindow: SendContext = { address: PSID, schoolId: 's1', idempotencyKey: 'k', withinWindow: true };
const text = (t: string) => adapter.plan({ text: t, locale: 'en' });
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('messenger send through the Graph API', () => {
  it('sends each part in order and returns the last message id', async () => {
    const planned = { parts: ['first', 'second'], choices: [{ id: 'r.yes.ev1', label: 'نعم' }], locale: 'ar' as const };
    const result = await adapter.send(planned, inWindow);
    expect(graph.sentTo(PSID)).toEqual(['first', 'second']);
    expect(result).toEqual({ platformMessageId: graph.received[1]?.messageId, sentAt: NOW });
    expect(graph.received[1]).toMatchObject({ pageId: account.pageId, body: { messaging_type: 'RESPONSE', message: { quick_replies: [{ title: 'نعم', payload: 'r.yes.ev1' }] } } });
  });

  it('tags an update to an accepted event outside the window', async () => {
    await adapter.send(text('The meeting moved to 17:00.'), { address: PSID, schoolId: 's1', idempotencyKey: 'k', confirmedEventUpdate: true });
    expect(graph.received[0]?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' });
  });

  it('refuses outside the window without calling the API', async () => {
    const err = await failure(adapter.send(text('Hello'), { address: PSID, schoolId: 's1', idempotencyKey: 'k', withinWindow: false }));
    expect(channelErrorInfo(err)?.code).toBe('outside_window');
    expect(graph.requests).toBe(0);
  });

  it('rejects an address that is not a PSID without calling the API', async () => {
    const err = await failure(adapter.send(text('Hello'), { ...inWindow, address: '+212600000001' }));
    expect(channelErrorInfo(err)?.code).toBe('invalid_address');
    expect(graph.requests).toBe(0);
  });

  it('answers the fake’s rate limit with a rate-limited error', async () => {
    graph.enforceRate({ max: 1, perMs: 60_000 });
    await adapter.send(text('one'), inWindow);
    const err = await failure(adapter.send(text('two'), inWindow));
    // The fake answers 613, the Send API's per-second limit: a short pause, not a minute.
    expect(channelErrorInfo(err)).toEqual({ code: 'rate_limited', retryAfterMs: 5_000 });
    expect(graph.count429).toBeGreaterThan(0);
  });

  it('pauses a minute for the hourly application limit (code 4)', async () => {
    graph.failNext(1, { code: 4, message: 'Application request limit reached' });
    const err = await failure(adapter.send(text('three'), inWindow));
    expect(channelErrorInfo(err)).toEqual({ code: 'rate_limited', retryAfterMs: 60_000 });
  });

  it.each([
    ['613 rate limit', { code: 613 }, 'rate_limited'],
    ['80006 Messenger rate limit', { code: 80006 }, 'rate_limited'],
    ['10/2018278 outside window', { code: 10, subcode: 2018278 }, 'outside_window'],
    ['10/1893063 page restricted', { code: 10, subcode: 1893063 }, 'permanent'],
    ['100/2018001 no matching user', { code: 100, subcode: 2018001 }, 'invalid_address'],
    ['2 unexpected error', { code: 2 }, 'transient'],
    ['HTTP 503', { status: 503, code: 1200 }, 'transient'],
    ['100 invalid parameter', { code: 100 }, 'permanent'],
  ] as const)('maps %s', async (_name, fail, code) => {
    graph.failNext(1, fail);
    expect(channelErrorInfo(await failure(adapter.send(text('Hello'), inWindow)))?.code).toBe(code);
  });

  it('maps 551 (messages turned off) to unreachable', async () => {
    graph.blockPsid(PSID);
    expect(channelErrorInfo(await failure(adapter.send(text('Hello'), inWindow)))?.code).toBe('unreachable');
  });

  it('maps a wrong token (190) to auth, and never shows the token', async () => {
    const wrong = createMessengerAdapter({ ...account, accessToken: 'EAAGwrongButLongEnough0123456789' }, { graphBase: graph.base, now: () => NOW });
    const err = await failure(wrong.send(text('Hello'), inWindow));
    expect(channelErrorInfo(err)?.code).toBe('auth');
    expect(JSON.stringify(describeError(err))).not.toContain('EAAGwrong');
  });

  it('maps an answer that is not JSON by its HTTP status', () => {
    expect(() => mapGraphError(502, undefined)).toThrow(expect.objectContaining({ code: 'transient' }));
    expect(() => mapGraphError(200, { ok: true })).toThrow(expect.objectContaining({ code: 'permanent' }));
    expect(() => mapGraphError(429, 'slow down')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
  });

  it('turns network failures and timeouts into transient errors that hide the URL', async () => {
    const refused = createMessengerAdapter(account, { graphBase: `http://127.0.0.1:${await closedPort()}/v25.0`, now: () => NOW });
    const hanging = createMessengerAdapter(account, { graphBase: graph.base, now: () => NOW, timeoutMs: 50, fetch: hangUntilAborted });
    for (const a of [refused, hanging]) {
      const err = await failure(a.send(text('Hello'), inWindow));
      expect(channelErrorInfo(err)?.code).toBe('transient');
      expect(err).toHaveProperty('message', expect.stringMatching(/ECONNREFUSED|no answer within 50 ms/));
      expect(JSON.stringify(describeError(err))).not.toContain(FAKE_PAGE_TOKEN);
    }
  });

  it('never puts the access token in any error message or cause', async () => {
    for (const fail of [{ code: 613 }, { code: 2 }, { code: 190 }, { code: 100, message: `echo ${FAKE_PAGE_TOKEN}` }]) {
      graph.failNext(1, fail);
      const err = await failure(adapter.send(text('Hello'), inWindow));
      expect(err).toBeInstanceOf(ChannelError);
      expect(JSON.stringify(describeError(err))).not.toContain(FAKE_PAGE_TOKEN);
    }
  });
});

/** What a logger would print: message, stack and cause. */
function describeError(err: unknown): unknown {
  return err instanceof Error ? { message: err.message, stack: err.stack, cause: err.cause } : err;
}

/** A port nothing listens on: connecting is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fetch that never answers until the adapter's timeout aborts it. */
function hangUntilAborted(_url: string | URL | Request, init?: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
}
