/**
 * A whatsapp-web adapter wired to the fake client, with everything a unit test wants to look at:
 * the sleeps it asked for, the counter, QR codes and pairing codes shown, inbound events, logs.
 */
import type { z } from 'zod';
import { createWhatsAppWebAdapter, whatsappAccountSchema } from '../../adapters/whatsapp-web/index.js';
import type { InboundEvent } from '../../src/core/index.js';
import { FakeWhatsAppClient, fakeDailyCounter, fakeMakeMedia, fakeMakePoll } from './whatsapp-client.js';

export const GUARDIAN = '212600000001@c.us';

export interface WhatsAppSetup {
  account?: Partial<z.input<typeof whatsappAccountSchema>>;
  /** The daily counter's value before the test's first send. */
  counterStart?: number;
  now?: () => Date;
  random?: () => number;
  /** Called after each sleep is recorded; resolves at once unless the test holds it. */
  sleep?: (ms: number) => Promise<void>;
}

export function setUpWhatsApp(opts: WhatsAppSetup = {}) {
  const client = new FakeWhatsAppClient();
  const counter = fakeDailyCounter(opts.counterStart ?? 0);
  const account = whatsappAccountSchema.parse({ id: 'main', number: '212522000000', ...opts.account });
  const seen = { sleeps: [] as number[], qrs: [] as string[], codes: [] as string[], logs: [] as string[], events: [] as InboundEvent[] };
  const adapter = createWhatsAppWebAdapter(account, {
    client,
    makePoll: fakeMakePoll,
    makeMedia: fakeMakeMedia,
    dailyCounter: counter,
    now: opts.now ?? (() => new Date('2026-11-23T10:00:00Z')),
    random: opts.random ?? (() => 0),
    sleep: async (ms) => {
      seen.sleeps.push(ms);
      await opts.sleep?.(ms);
    },
    onQr: (qr) => seen.qrs.push(qr),
    onPairingCode: (code) => seen.codes.push(code),
    log: (msg) => seen.logs.push(msg),
  });
  const listen = async (onEvents?: (events: InboundEvent[]) => Promise<void>) =>
    adapter.listen?.(onEvents ?? (async (events) => void seen.events.push(...events)));
  return { client, counter, account, adapter, listen, ...seen };
}

/** Lets queued promise callbacks (the adapter's async event handlers) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A WhatsApp Web adapter over the fake client, already listening. */
export async function readyWhatsApp(opts: Parameters<typeof setUpWhatsApp>[0] = {}) {
  const wa = setUpWhatsApp(opts);
  await wa.listen();
  return wa;
}

/** What a promise rejected with (undefined when it resolved). */
export const failureOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);
