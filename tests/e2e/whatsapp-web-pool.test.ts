/**
 * A pool of WhatsApp Web numbers for one school, against fake whatsapp-web.js clients: each
 * parent always hears from the same number and a send spreads over the pool; a number whose
 * sends keep failing pauses (health says why) and its parents go to their next channel; after
 * its rest one send is tried, and when it goes through the number is back for its parents.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeMakeMedia, fakeMakePoll, FakeWhatsAppClient } from '../fakes/whatsapp-client.js';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { deliveries, importRoster, postMeeting, waitSettled } from './helpers/api.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Each number sends one call a second (text, then poll): a few families keep the test short. */
const FAMILIES = 8;
const waOf = (i: number) => `2126130000${String(i).padStart(2, '0')}`;

function poolEnv(): Record<string, string> {
  const number = (id: string, n: string) => ({ id, number: n, schools: '*', minIntervalMs: 1000, jitterMs: 0, optInOnly: false, breakerFailures: 2, breakerCooldownMs: 1500 });
  return { WHATSAPP_NUMBERS: JSON.stringify([number('wa1', '212522000011'), number('wa2', '212522000012')]), OUTBOUND_ATTEMPTS: '3' };
}

async function start(clients: Record<'wa1' | 'wa2', FakeWhatsAppClient>): Promise<TestApp> {
  const sessions = new Map(Object.entries(clients).map(([id, client]) => [id, { client, makePoll: fakeMakePoll, makeMedia: fakeMakeMedia }]));
  const t = await startTestApp({ env: poolEnv(), whatsappClients: sessions, sleep: async () => {} });
  await importRoster(t, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }],
    guardians: Array.from({ length: FAMILIES }, (_, i) => ({
      id: `g${i + 1}`, name: `Parent ${i + 1}`, locale: 'en',
      channels: { whatsapp: waOf(i + 1), simulator: `sim-pool-g${i + 1}` }, channelOrder: ['whatsapp', 'simulator'],
    })),
    children: Array.from({ length: FAMILIES }, (_, i) => ({ id: `c${i + 1}`, name: `Child ${i + 1}`, classId: 'C1', guardianIds: [`g${i + 1}`] })),
  });
  return t;
}

/** Which number each parent heard from (chat id → client id). */
function heardFrom(clients: Record<string, FakeWhatsAppClient>): Map<string, string> {
  const by = new Map<string, string>();
  for (const [id, c] of Object.entries(clients)) for (const s of c.sent) by.set(s.chatId, id);
  return by;
}

describe('a pool of WhatsApp Web numbers', () => {
  it('spreads a send over the numbers, and each parent hears every message from the same one', async () => {
    const clients = { wa1: new FakeWhatsAppClient(), wa2: new FakeWhatsAppClient() };
    app = await start(clients);
    const first = await postMeeting(app, { classes: ['C1'] });
    await waitSettled(app, first.eventId, 60_000);
    const before = heardFrom(clients);
    expect(before.size).toBe(FAMILIES);
    const counts = [...before.values()].reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
    expect(counts.get('wa1')).toBeGreaterThanOrEqual(2);
    expect(counts.get('wa2')).toBeGreaterThanOrEqual(2);
    // No parent got two copies, and no parent heard from both numbers.
    for (const c of Object.values(clients)) expect(new Set(c.sent.map((s) => s.chatId)).size).toBe(c.sent.filter((s) => s.poll).length);

    clients.wa1.sent.length = 0;
    clients.wa2.sent.length = 0;
    const second = await postMeeting(app, { classes: ['C1'] });
    await waitSettled(app, second.eventId, 60_000);
    expect(heardFrom(clients)).toEqual(before);
  }, 90_000);

  it('pauses a number whose sends keep failing, sends its parents by their next channel, says why, and takes it back after its rest', async () => {
    const clients = { wa1: new FakeWhatsAppClient(), wa2: new FakeWhatsAppClient() };
    app = await start(clients);
    clients.wa1.failNext(50);
    const first = await postMeeting(app, { classes: ['C1'] });
    await waitSettled(app, first.eventId, 60_000);
    const rows = await deliveries(app, first.eventId);
    const viaWa2 = [...rows.values()].filter((d) => d.channel === 'whatsapp');
    const moved = [...rows.values()].filter((d) => d.channel === 'simulator');
    expect(viaWa2.length + moved.length).toBe(FAMILIES);
    expect(moved.length).toBeGreaterThanOrEqual(2);
    expect([...rows.values()].every((d) => d.status === 'sent' || d.status === 'delivered')).toBe(true);
    // Nobody the paused number was meant for heard from the other number instead.
    expect(clients.wa2.sent.length).toBe(viaWa2.length * 2);
    const health = await waitFor(async () => {
      const res = await app!.app.inject({ method: 'GET', url: '/readyz' });
      return (res.json().channels as Array<{ accountId: string; ready: boolean; detail: string }>).find((c) => c.accountId === 'wa1' && !c.ready);
    }, 10_000, 'wa1 paused on /readyz');
    expect(health.detail).toMatch(/paused/);

    // The phone works again: after its rest one send is tried, and the number is back.
    await new Promise((r) => setTimeout(r, 1600));
    clients.wa1.recover();
    const heldBy = new Set(moved.map((d) => `${waOf(Number(d.guardianId.slice(1)))}@c.us`));
    const second = await postMeeting(app, { classes: ['C1'] });
    await waitSettled(app, second.eventId, 60_000);
    const again = await deliveries(app, second.eventId);
    const back = [...again.values()].filter((d) => heldBy.has(`${waOf(Number(d.guardianId.slice(1)))}@c.us`));
    expect(back.filter((d) => d.channel === 'whatsapp').length).toBeGreaterThanOrEqual(1);
    expect(new Set(clients.wa1.sent.map((s) => s.chatId)).size).toBeGreaterThanOrEqual(1);
    for (const s of clients.wa1.sent) expect(heldBy.has(s.chatId)).toBe(true);
  }, 90_000);
});
