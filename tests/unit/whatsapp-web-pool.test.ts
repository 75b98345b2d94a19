/**
 * The pieces that keep WhatsApp Web numbers alive, pure: a new number's warm-up caps, the
 * circuit breaker, and the sticky, even spread of parents over a pool of numbers.
 */
import { describe, expect, it } from 'vitest';
import { createBreaker, MAX_COOLDOWN_MS } from '../../adapters/whatsapp-web/breaker.js';
import { whatsappAccountSchema } from '../../adapters/whatsapp-web/index.js';
import { dailyCapOn, DEFAULT_WARM_UP_CAPS } from '../../adapters/whatsapp-web/pacing.js';
import { ChannelDirectory } from '../../src/adapters.js';
import { loadConfig } from '../../src/config.js';
import { testEnv, uniquePrefix } from '../helpers/app.js';

const number = (extra: object = {}) => whatsappAccountSchema.parse({ id: 'wa', number: '212522000000', ...extra });

describe('warm-up', () => {
  it('a warm number has its daily cap; a new one follows the curve for two weeks, never above the cap', () => {
    expect(dailyCapOn(number(), new Date('2026-12-06T10:00:00Z'))).toEqual({ cap: 200 });
    const fresh = number({ warmUpFrom: '2026-12-01' });
    expect(dailyCapOn(fresh, new Date('2026-12-01T09:00:00Z'))).toEqual({ cap: 20, warmUpDay: 1, warmUpDays: 14 });
    expect(dailyCapOn(fresh, new Date('2026-12-06T23:59:00Z'))).toEqual({ cap: DEFAULT_WARM_UP_CAPS[5], warmUpDay: 6, warmUpDays: 14 });
    expect(dailyCapOn(fresh, new Date('2026-12-15T00:00:00Z'))).toEqual({ cap: 200 });
    expect(dailyCapOn(number({ warmUpFrom: '2026-12-01', dailyCap: 50 }), new Date('2026-12-12T00:00:00Z')).cap).toBe(50);
    expect(dailyCapOn(number({ warmUpFrom: '2026-12-01', warmUpCaps: [5, 10] }), new Date('2026-12-02T12:00:00Z'))).toEqual({ cap: 10, warmUpDay: 2, warmUpDays: 2 });
    // A start date in the future (a clock set wrong) keeps the first day's cap.
    expect(dailyCapOn(fresh, new Date('2026-11-20T00:00:00Z')).cap).toBe(20);
  });

  it('refuses a warm-up date that is not a date', () => {
    expect(() => number({ warmUpFrom: '06/12/2026' })).toThrow();
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, rests, lets one trial through, closes on success, rests twice as long after a failed trial', () => {
    let t = 0;
    const b = createBreaker({ threshold: 3, cooldownMs: 1000, now: () => new Date(t) });
    b.failure('one');
    b.failure('two');
    expect(b.waitMs()).toBe(0);
    b.failure('three');
    expect(b.state()).toMatchObject({ open: true, failures: 3, lastError: 'three' });
    expect(b.waitMs()).toBe(1000);
    t = 1000;
    expect(b.waitMs()).toBe(0); // the trial
    expect(b.waitMs()).toBeGreaterThan(0); // others wait for its outcome
    b.failure('trial failed');
    expect(b.waitMs()).toBe(2000);
    t = 3000;
    expect(b.waitMs()).toBe(0);
    b.success();
    expect(b.state()).toEqual({ open: false, failures: 0 });
    expect(b.waitMs()).toBe(0);
  });

  it('never rests longer than an hour', () => {
    let t = 0;
    const b = createBreaker({ threshold: 1, cooldownMs: 1_000_000, now: () => new Date(t) });
    b.failure('x');
    for (let i = 0; i < 10; i++) {
      t += b.waitMs();
      expect(b.waitMs()).toBe(0);
      b.failure('x');
    }
    expect(b.waitMs()).toBe(MAX_COOLDOWN_MS);
  });
});

describe('a pool of numbers', () => {
  const directory = (ids: string[]) => {
    const numbers = ids.map((id, i) => ({ id, number: `21252200000${i}`, schools: '*' }));
    const config = loadConfig(testEnv(uniquePrefix(), { WHATSAPP_NUMBERS: JSON.stringify(numbers) }));
    return new ChannelDirectory(config as never, { now: () => new Date(), random: Math.random, sleep: async () => {}, transcripts: { deliver: async () => {} }, dailyCounter: () => ({ increment: async () => 1 }) });
  };
  const addresses = Array.from({ length: 1000 }, (_, i) => `2126${String(40_000_000 + i)}@c.us`);

  it('spreads parents evenly, the same parent always to the same number', () => {
    const d = directory(['n1', 'n2', 'n3', 'n4', 'n5']);
    const counts = new Map<string, number>();
    for (const a of addresses) {
      const id = d.accountFor('s1', 'whatsapp', a)?.adapter.accountId ?? '';
      expect(d.accountFor('s1', 'whatsapp', a)?.adapter.accountId).toBe(id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    for (const n of counts.values()) expect(n).toBeGreaterThan(150);
  });

  it('a number added takes parents only for itself; a number removed gives away only its own', () => {
    const five = directory(['n1', 'n2', 'n3', 'n4', 'n5']);
    const six = directory(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    const four = directory(['n1', 'n2', 'n3', 'n4']);
    for (const a of addresses) {
      const was = five.accountFor('s1', 'whatsapp', a)?.adapter.accountId;
      const added = six.accountFor('s1', 'whatsapp', a)?.adapter.accountId;
      if (added !== was) expect(added).toBe('n6');
      const removed = four.accountFor('s1', 'whatsapp', a)?.adapter.accountId;
      if (was !== 'n5') expect(removed).toBe(was);
    }
  });

  it('writes join links only for the number a parent will hear from', () => {
    const d = directory(['n1', 'n2', 'n3']);
    const a = addresses[7]!;
    const mine = d.accountFor('s1', 'whatsapp', a)!;
    for (const account of d.accounts.filter((x) => x.adapter.platform === 'whatsapp')) expect(d.writesTo('s1', account, a)).toBe(account === mine);
  });
});
