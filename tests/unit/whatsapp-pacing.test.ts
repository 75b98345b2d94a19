import { describe, expect, it } from 'vitest';
import { decideDailyCap, jitterDelayMs, msUntilNextUtcMidnight, reconnectDelayMs, utcDay } from '../../adapters/whatsapp-web/pacing.js';
import { channelErrorInfo, RateLimitedError } from '../../src/core/index.js';
import { GUARDIAN, setUpWhatsApp } from '../fakes/whatsapp-adapter.js';

const invitation = { text: `${'The parent–teacher meeting is on Monday at 17:00 in Room 3. '.repeat(5)}Will you come?`, choices: [{ id: 'r.yes.e1', label: 'Yes' }, { id: 'r.no.e1', label: 'No' }], locale: 'en' as const };

describe('pacing decisions (pure)', () => {
  it('jitters within [0, jitterMs)', () => {
    for (const r of [0, 0.25, 0.5, 0.999999]) {
      const ms = jitterDelayMs(3000, () => r);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(3000);
    }
    expect(jitterDelayMs(3000, () => 0.5)).toBe(1500);
    expect(jitterDelayMs(0, () => 0.9)).toBe(0);
  });

  it('keys the day in UTC and counts the time to the next UTC midnight', () => {
    expect(utcDay(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-23');
    expect(utcDay(new Date('2026-11-24T00:30:00+01:00'))).toBe('2026-11-23');
    expect(msUntilNextUtcMidnight(new Date('2026-11-23T23:59:59Z'))).toBe(1000);
    expect(msUntilNextUtcMidnight(new Date('2026-11-24T00:00:00Z'))).toBe(86_400_000);
  });

  it('allows up to the cap, then waits for the next UTC midnight', () => {
    const now = new Date('2026-11-23T18:00:00Z');
    expect(decideDailyCap(200, 200, now)).toEqual({ allowed: true });
    expect(decideDailyCap(201, 200, now)).toEqual({ allowed: false, retryAfterMs: 6 * 3_600_000 });
  });

  it('backs off reconnects from 2 s doubling to 5 min, jittered between half and all', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(1000);
    expect(reconnectDelayMs(0, () => 1)).toBe(2000);
    expect(reconnectDelayMs(1, () => 1)).toBe(4000);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(12_000);
    expect(reconnectDelayMs(20, () => 1)).toBe(300_000);
    expect(reconnectDelayMs(1000, () => 0)).toBe(150_000);
  });
});

describe('pacing a send', () => {
  it('sleeps a jittered delay once before the first message of a send', async () => {
    const wa = setUpWhatsApp({ account: { jitterMs: 3000 }, random: () => 0.5 });
    await wa.listen();
    await wa.adapter.send(wa.adapter.plan(invitation), { address: GUARDIAN, schoolId: 's1', idempotencyKey: 'e1:g1' });
    expect(wa.sleeps).toEqual([1500]);
    expect(wa.client.sent).toHaveLength(2);
  });

  it('counts a multi-part send with a poll once against the daily cap, under the UTC date', async () => {
    const wa = setUpWhatsApp({ now: () => new Date('2026-11-23T23:30:00Z') });
    await wa.listen();
    const long = { ...invitation, text: 'Dear parent, the meeting is on Monday. '.repeat(300) };
    await wa.adapter.send(wa.adapter.plan(long), { address: GUARDIAN, schoolId: 's1', idempotencyKey: 'e1:g1' });
    expect(wa.client.sent.length).toBeGreaterThanOrEqual(4);
    expect(wa.counter.calls).toEqual(['2026-11-23']);
  });

  it('refuses a send over the daily cap with a retry at the next UTC midnight, sending nothing', async () => {
    const wa = setUpWhatsApp({ account: { dailyCap: 200 }, counterStart: 200, now: () => new Date('2026-11-23T22:00:00Z') });
    await wa.listen();
    const err = await wa.adapter.send(wa.adapter.plan(invitation), { address: GUARDIAN, schoolId: 's1', idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(channelErrorInfo(err)).toEqual({ code: 'rate_limited', retryAfterMs: 2 * 3_600_000 });
    expect(wa.client.sent).toEqual([]);
    expect(wa.client.numberIdCalls).toEqual([]);
  });

  it('declares one send per minIntervalMs as the queue limiter', () => {
    const wa = setUpWhatsApp({ account: { minIntervalMs: 7000 } });
    expect(wa.adapter.capabilities.rateLimit).toEqual({ max: 1, durationMs: 7000 });
    expect(wa.adapter.capabilities.choiceUi).toBe('poll');
    expect(wa.adapter.capabilities.sendConfirmsDelivery).toBe(false);
  });
});
