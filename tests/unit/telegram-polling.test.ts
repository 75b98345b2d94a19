import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollRetryDelayMs } from '../../adapters/telegram/api.js';
import { createTelegramAdapter, telegramAccountSchema } from '../../adapters/telegram/index.js';
import type { ChannelAdapter, InboundEvent } from '../../src/core/index.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { callbackUpdate, chatMemberUpdate, textUpdate } from '../fakes/telegram-updates.js';

let fake: FakeTelegram;
let adapter: ChannelAdapter;

beforeEach(async () => {
  fake = await startFakeTelegram({ longPollCapMs: 200 });
  const account = telegramAccountSchema.parse({ id: 'poll', token: fake.token, username: 'school_test_bot', mode: 'polling' });
  adapter = createTelegramAdapter(account, { apiRoot: fake.apiRoot, now: () => new Date('2026-11-23T10:00:00Z') });
});

afterEach(async () => {
  await adapter.close?.();
  await fake.close();
});

function collect(): { events: InboundEvent[]; onEvents: (batch: InboundEvent[]) => Promise<void> } {
  const events: InboundEvent[] = [];
  return { events, onEvents: async (batch) => void events.push(...batch) };
}

const getUpdatesCalls = () => fake.received.filter((c) => c.method === 'getUpdates');

describe('long polling', () => {
  it('delivers queued updates once, in order, and asks with the documented parameters', async () => {
    fake.queueUpdate(textUpdate('نعم', 1));
    fake.queueUpdate(callbackUpdate('r.yes.ev1', 'q1', 2));
    const { events, onEvents } = collect();
    await adapter.listen?.(onEvents);
    await vi.waitFor(() => expect(events).toHaveLength(2));
    fake.queueUpdate(chatMemberUpdate('kicked', 3));
    await vi.waitFor(() => expect(events).toHaveLength(3));
    // A few more empty polls: nothing is delivered twice.
    const calls = getUpdatesCalls().length;
    await vi.waitFor(() => expect(getUpdatesCalls().length).toBeGreaterThan(calls + 1));
    expect(events.map((e) => e.type)).toEqual(['text', 'choice', 'blocked']);
    expect(events.map((e) => e.platformMessageId)).toEqual(['u:poll:1', 'cq:poll:q1', 'u:poll:3']);
    expect(getUpdatesCalls()[0]?.body).toEqual({ timeout: 25, allowed_updates: ['message', 'callback_query', 'my_chat_member'] });
    expect(getUpdatesCalls().at(-1)?.body.offset).toBe(4);
  });

  it('moves past updates it cannot read without delivering them', async () => {
    fake.queueUpdate({ update_id: 10, message: 'garbage' });
    fake.queueUpdate(textUpdate('hello', 11));
    const { events, onEvents } = collect();
    await adapter.listen?.(onEvents);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await vi.waitFor(() => expect(getUpdatesCalls().at(-1)?.body.offset).toBe(12));
  });

  it('stops on close(), aborting the pending long poll', async () => {
    const { onEvents } = collect();
    await adapter.listen?.(onEvents);
    await vi.waitFor(() => expect(getUpdatesCalls().length).toBeGreaterThan(0));
    const started = Date.now();
    await adapter.close?.();
    expect(Date.now() - started).toBeLessThan(150);
    const calls = getUpdatesCalls().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(getUpdatesCalls().length).toBe(calls);
    expect(adapter.status?.()).toEqual({ ready: true });
  });

  it('fetches a batch again when onEvents fails on it', async () => {
    fake.queueUpdate(textUpdate('نعم', 20));
    let attempts = 0;
    const events: InboundEvent[] = [];
    await adapter.listen?.(async (batch) => {
      if (++attempts === 1) throw new Error('redis is down');
      events.push(...batch);
    });
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 3000 });
    expect(attempts).toBe(2);
    expect(events[0]?.platformMessageId).toBe('u:poll:20');
  });

  it('backs off after a 5xx and carries on', async () => {
    fake.failNext(1, { error_code: 502, description: 'Bad Gateway' }, 'getUpdates');
    fake.queueUpdate(textUpdate('salam', 30));
    const { events, onEvents } = collect();
    await adapter.listen?.(onEvents);
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 3000 });
    expect(adapter.status?.()).toEqual({ ready: true });
  });

  it('stops with a clear status on 409 Conflict (a webhook is set)', async () => {
    await fetch(`${fake.apiRoot}/bot${fake.token}/setWebhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://x.example/hook' }) });
    const { onEvents } = collect();
    await adapter.listen?.(onEvents);
    await vi.waitFor(() => expect(adapter.status?.().ready).toBe(false));
    expect(adapter.status?.().detail).toMatch(/polling stopped: .*409 Conflict: can't use getUpdates method while webhook is active/);
    expect(adapter.status?.().detail).not.toContain(fake.token);
    expect(getUpdatesCalls()).toHaveLength(1);
  });

  it('refuses to listen twice', async () => {
    const { onEvents } = collect();
    await adapter.listen?.(onEvents);
    await expect(adapter.listen?.(onEvents)).rejects.toThrow(/already polling/);
  });
});

describe('poll retry delay', () => {
  it('starts at 1 s, doubles to 30 s, jittered within [half, all]', () => {
    expect(pollRetryDelayMs(0, () => 0)).toBe(500);
    expect(pollRetryDelayMs(0, () => 0.999999)).toBe(1000);
    expect(pollRetryDelayMs(1, () => 0.999999)).toBe(2000);
    expect(pollRetryDelayMs(4, () => 0.999999)).toBe(16000);
    expect(pollRetryDelayMs(5, () => 0.999999)).toBe(30000);
    expect(pollRetryDelayMs(500, () => 0)).toBe(15000);
  });
});
