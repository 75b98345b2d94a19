import { afterEach, describe, expect, it } from 'vitest';
import { FakeWhatsAppClient, fakeMakePoll } from '../fakes/whatsapp-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const numbers = JSON.stringify([
  { id: 'north', number: '212600000101', minIntervalMs: 1000, jitterMs: 0 },
  { id: 'south', number: '212600000102', minIntervalMs: 1000, jitterMs: 0 },
]);

describe('one process per WhatsApp number', () => {
  it('opens only the session of the number it was given, and reports it ready', async () => {
    const north = new FakeWhatsAppClient();
    const south = new FakeWhatsAppClient();
    t = await startTestApp({
      workers: false,
      env: { WHATSAPP_NUMBERS: numbers, WHATSAPP_ACCOUNT: 'north' },
      whatsappClients: new Map([['north', { client: north, makePoll: fakeMakePoll }], ['south', { client: south, makePoll: fakeMakePoll }]]),
    });
    await t.runtime.startWorkers('whatsapp');
    expect(north.initializeCalls).toBe(1);
    expect(south.initializeCalls).toBe(0);
    const ready = (await t.app.inject({ method: 'GET', url: '/readyz' })).json();
    expect(ready.channels).toEqual(expect.arrayContaining([
      expect.objectContaining({ platform: 'whatsapp', accountId: 'north', ready: true }),
      expect.objectContaining({ platform: 'whatsapp', accountId: 'south', ready: false }),
    ]));
  });
});
