import { describe, expect, it, vi } from 'vitest';
import { whatsappConfigSchema } from '../../adapters/whatsapp-web/index.js';
import { channelErrorInfo } from '../../src/core/index.js';
import { GUARDIAN, settle, setUpWhatsApp } from '../fakes/whatsapp-adapter.js';

/** Loading the real library would pull in Puppeteer: these tests prove nothing does. */
const realLibrary = vi.hoisted(() => ({ loaded: false }));
vi.mock('whatsapp-web.js', () => {
  realLibrary.loaded = true;
  return {};
});

/** A sleep the test releases by hand, to look at the adapter while it waits. */
function heldSleep() {
  const waiting: Array<() => void> = [];
  return { waiting, sleep: () => new Promise<void>((resolve) => waiting.push(resolve)), release: () => waiting.shift()?.() };
}

describe('whatsapp-web session', () => {
  it('logs in on listen(): initialize once, ready once the client says so', async () => {
    const wa = setUpWhatsApp();
    wa.client.autoReady = false;
    expect(wa.adapter.status?.()).toEqual({ ready: false, detail: 'not started' });
    await wa.listen();
    expect(wa.client.initializeCalls).toBe(1);
    expect(wa.adapter.status?.().ready).toBe(false);
    wa.client.ready();
    expect(wa.adapter.status?.()).toEqual({ ready: true, detail: 'ready' });
    await expect(wa.listen()).rejects.toThrow(/already listening/);
  });

  it('hands QR codes and pairing codes to the service, and never logs them', async () => {
    const wa = setUpWhatsApp();
    wa.client.autoReady = false;
    await wa.listen();
    wa.client.emitQr('2@qr-secret');
    expect(wa.adapter.status?.().detail).toMatch(/QR/);
    wa.client.emitCode('ABCD1234');
    expect(wa.qrs).toEqual(['2@qr-secret']);
    expect(wa.codes).toEqual(['ABCD1234']);
    expect(wa.logs.join('\n')).not.toMatch(/qr-secret|ABCD1234/);
  });

  it('rejects listen() when the browser cannot start, and says why in status', async () => {
    const wa = setUpWhatsApp();
    wa.client.failInitialize(1);
    await expect(wa.listen()).rejects.toThrow(/Failed to launch/);
    expect(wa.adapter.status?.()).toEqual({ ready: false, detail: 'could not start (Failed to launch the browser process!)' });
  });

  it('reconnects after a disconnect: backoff, destroy, initialize, ready again', async () => {
    const wa = setUpWhatsApp({ random: () => 0 });
    await wa.listen();
    wa.client.emitDisconnected('NAVIGATION');
    expect(wa.adapter.status?.()).toEqual({ ready: false, detail: 'disconnected (NAVIGATION), reconnecting' });
    await settle();
    expect(wa.sleeps).toEqual([1000]);
    expect(wa.client.destroyCalls).toBe(1);
    expect(wa.client.initializeCalls).toBe(2);
    expect(wa.adapter.status?.().ready).toBe(true);
  });

  it('doubles the wait while restarts fail, and starts over from 2 s once ready', async () => {
    const wa = setUpWhatsApp({ random: () => 1 });
    await wa.listen();
    wa.client.failInitialize(3);
    wa.client.emitDisconnected('CONFLICT');
    await settle();
    expect(wa.sleeps).toEqual([2000, 4000, 8000, 16_000]);
    expect(wa.client.initializeCalls).toBe(5);
    wa.client.emitDisconnected('TIMEOUT');
    await settle();
    expect(wa.sleeps.at(-1)).toBe(2000);
  });

  it('stays down after LOGOUT (a new QR scan is needed): the number is paused, its parents go to their next channel', async () => {
    const wa = setUpWhatsApp();
    await wa.listen();
    wa.client.emitDisconnected('LOGOUT');
    await settle();
    expect(wa.client.initializeCalls).toBe(1);
    expect(wa.client.destroyCalls).toBe(0);
    expect(wa.adapter.status?.()).toEqual({ ready: false, detail: "disconnected (LOGOUT): scan a new QR code on the school's phone" });
    const err = await wa.adapter.send(wa.adapter.plan({ text: 'hi', locale: 'en' }), { address: GUARDIAN, schoolId: 's1', idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(channelErrorInfo(err)).toEqual({ code: 'paused', retryAfterMs: 30_000 });
    expect(wa.client.sent).toEqual([]);
  });

  it('stays down after an authentication failure, and after a ban', async () => {
    for (const fail of [(wa: ReturnType<typeof setUpWhatsApp>) => wa.client.emitAuthFailure('restore failed'), (wa: ReturnType<typeof setUpWhatsApp>) => wa.client.emitDisconnected('TOS_BLOCK')]) {
      const wa = setUpWhatsApp();
      await wa.listen();
      fail(wa);
      await settle();
      expect(wa.client.initializeCalls).toBe(1);
      expect(wa.adapter.status?.().ready).toBe(false);
      expect(wa.adapter.status?.().detail).toMatch(/scan a new QR code/);
    }
  });

  it('close() destroys the client and stops a reconnect that is waiting', async () => {
    const held = heldSleep();
    const wa = setUpWhatsApp({ sleep: held.sleep });
    await wa.listen();
    wa.client.emitDisconnected('NAVIGATION');
    await settle();
    expect(held.waiting).toHaveLength(1);
    await wa.adapter.close?.();
    expect(wa.client.destroyCalls).toBe(1);
    held.release();
    await settle();
    expect(wa.client.initializeCalls).toBe(1);
    expect(wa.client.destroyCalls).toBe(1);
    wa.client.emitDisconnected('NAVIGATION');
    await settle();
    expect(held.waiting).toHaveLength(0);
    expect(wa.adapter.status?.()).toEqual({ ready: false, detail: 'closed' });
  });

  it('never loads whatsapp-web.js itself', () => {
    expect(realLibrary.loaded).toBe(false);
  });
});

describe('whatsapp-web account and links', () => {
  it('builds a wa.me join link to the school’s number', () => {
    const wa = setUpWhatsApp({ account: { number: '212522123456' } });
    expect(wa.adapter.joinLink?.('abc123XY')).toBe('https://wa.me/212522123456?text=JOIN%20abc123XY');
    expect(wa.adapter.platform).toBe('whatsapp');
    expect(wa.adapter.webhook).toBeUndefined();
  });

  it('parses WHATSAPP_NUMBERS with slow, opt-in-only defaults', () => {
    const cfg = whatsappConfigSchema.parse({ WHATSAPP_NUMBERS: '[{"id":"casa-1","number":"212522123456","schools":["s1"]}]' });
    expect(cfg).toEqual({
      WHATSAPP_NUMBERS: [
        { id: 'casa-1', number: '212522123456', schools: ['s1'], minIntervalMs: 4000, jitterMs: 3000, dailyCap: 200, optInOnly: true, pairWithPhone: false, breakerFailures: 5, breakerCooldownMs: 300_000 },
      ],
      WHATSAPP_DATA_DIR: '.data/whatsapp',
      CHROME_PATH: '/usr/bin/chromium',
    });
    expect(whatsappConfigSchema.parse({}).WHATSAPP_NUMBERS).toBeUndefined();
  });

  it('names the bad field of a bad account', () => {
    const bad = whatsappConfigSchema.safeParse({ WHATSAPP_NUMBERS: '[{"id":"a","number":"+212 6 00"},{"id":"b","number":"212600000001","minIntervalMs":10}]' });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['WHATSAPP_NUMBERS.0.number', 'WHATSAPP_NUMBERS.1.minIntervalMs']);
  });
});
