/**
 * The contract every channel adapter passes (DESIGN §4). Each adapter's test calls
 * `describeAdapterContract` with a harness: how to build it, how to read what a phone got,
 * how to make the platform fail, and a few real (anonymised) inbound payloads.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelAdapter, InboundEvent } from '../../src/core/index.js';
import { channelErrorInfo } from '../../src/core/index.js';

export type Failure = 'rate_limited' | 'blocked' | 'transient';

export interface AdapterHarness {
  /** A fresh adapter; `fail` makes its platform answer every send with that failure. */
  create(opts?: { fail?: Failure }): Promise<ChannelAdapter> | ChannelAdapter;
  /** A chat address the platform accepts. */
  address: string;
  /** The texts the platform received for an address, oldest first. */
  received(address: string): Promise<string[]>;
  /** Inbound payloads as the platform sends them, each with what it must normalise to. */
  inbound: Array<{ body: unknown; expect: Array<Partial<InboundEvent>> }>;
  close?(): Promise<void>;
}

const ARABIC = 'السيد(ة) ولي(ة) أمر التلميذ(ة) ⁨سارة⁩، يسعدنا دعوتكم لحضور اجتماع أولياء الأمور. ';

export function describeAdapterContract(name: string, harness: () => AdapterHarness): void {
  describe(`adapter contract: ${name}`, () => {
    it('declares its limits as data', async () => {
      const { capabilities: c } = await harness().create();
      expect(c.maxTextLength).toBeGreaterThan(100);
      expect(c.maxChoices).toBeGreaterThanOrEqual(3);
      expect(c.maxChoiceLabelLength).toBeGreaterThan(0);
      expect(c.rateLimit.durationMs).toBeGreaterThan(0);
    });

    it('plans a long Arabic message into parts within the limit, choices within theirs', async () => {
      const adapter = await harness().create();
      const { maxTextLength, maxChoiceLabelLength, callbackDataMaxBytes } = adapter.capabilities;
      const text = ARABIC.repeat(Math.ceil((maxTextLength * 2.5) / ARABIC.length));
      const choices = [
        { id: 'r.yes.ev1', label: 'نعم، سأحضر بكل سرور إن شاء الله' },
        { id: 'r.no.ev1', label: 'لا' },
        { id: 'r.maybe.ev1', label: 'ربما' },
      ];
      const planned = adapter.plan({ text, choices, locale: 'ar' });
      expect(planned.parts.length).toBeGreaterThanOrEqual(3);
      for (const part of planned.parts) expect(part.length).toBeLessThanOrEqual(maxTextLength);
      expect(planned.parts.join(' ').replace(/\s+/g, '')).toContain(ARABIC.replace(/\s+/g, '').slice(0, 40));
      expect(planned.choices).toHaveLength(3);
      for (const c of planned.choices ?? []) {
        expect([...c.label].length).toBeLessThanOrEqual(maxChoiceLabelLength);
        if (callbackDataMaxBytes) expect(Buffer.byteLength(c.id)).toBeLessThanOrEqual(callbackDataMaxBytes);
      }
    });

    it('sends: the phone receives the text, and the result names the message', async () => {
      const h = harness();
      const adapter = await h.create();
      const result = await adapter.send(adapter.plan({ text: 'Dear parent, see you on Monday.', locale: 'en' }), { address: h.address, schoolId: 's1', idempotencyKey: 'k1' });
      expect(result.platformMessageId).toBeTruthy();
      expect(result.sentAt).toBeInstanceOf(Date);
      expect(await h.received(h.address)).toContain('Dear parent, see you on Monday.');
      await h.close?.();
    });

    it.each([
      ['rate_limited', 'rate_limited'],
      ['blocked', 'unreachable'],
      ['transient', 'transient'],
    ] as const)('turns a %s answer into a typed error (%s)', async (failure, code) => {
      const h = harness();
      const adapter = await h.create({ fail: failure });
      const err = await adapter.send(adapter.plan({ text: 'x'.repeat(10), locale: 'en' }), { address: h.address, schoolId: 's1', idempotencyKey: 'k2' }).then(() => undefined, (e: unknown) => e);
      expect(channelErrorInfo(err)?.code).toBe(code);
      if (code === 'rate_limited') expect(channelErrorInfo(err)?.retryAfterMs).toBeGreaterThan(0);
      await h.close?.();
    });

    it('normalises real inbound payloads, each with the platform message id', async () => {
      const h = harness();
      const adapter = await h.create();
      for (const sample of h.inbound) {
        const events = adapter.normaliseInbound(sample.body, new Date('2026-11-23T10:00:00Z'));
        expect(events).toHaveLength(sample.expect.length);
        sample.expect.forEach((e, i) => expect(events[i]).toMatchObject(e));
        for (const e of events) expect(e.platformMessageId).toBeTruthy();
      }
    });

    it('never throws on garbage, and skips what it does not know', async () => {
      const adapter = await harness().create();
      for (const body of [null, undefined, 42, 'text', [], {}, { unknown: true }, { from: 5 }, [{ a: 1 }]]) {
        expect(() => adapter.normaliseInbound(body, new Date())).not.toThrow();
        expect(adapter.normaliseInbound(body, new Date())).toEqual([]);
      }
    });
  });
}
