/**
 * Erasing a guardian (DELETE /v1/guardians/:id), as the school and the parent would check it:
 * the parent is gone from the roster, the children, the chats, the delivery rows and every
 * byte in Redis, while the event's counts still say how many were reached and answered.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, keysUnder, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

interface EventView {
  recipients: number;
  counts: Record<string, unknown>;
  rsvp: { yes: number; no: number; maybe: number; pending: number } | null;
  fanout: { done: number; total: number };
}
interface DeliveryView {
  total: number;
  items: Array<{ guardianId: string; status: string; rsvp?: string }>;
}
interface TranscriptView {
  messages: Array<{ direction: string; text: string; choices?: Array<{ id: string; label: string }> }>;
}

/** The guardian to erase: a name and phone distinctive enough to find anywhere in Redis. */
const ERASED = { id: 'g-erase', name: 'Zubayda Qorvashi-Lemrabet', localPhone: '0677712345', e164: '+212677712345', nationalDigits: '677712345' };

describe('DELETE /v1/guardians/:id erases the guardian everywhere and keeps the counts', () => {
  let t: TestApp;
  let eventId: string;
  let address: string;
  let before: EventView;

  const inject = (opts: InjectOptions) => t.app.inject(opts);
  const getJson = async <T>(url: string): Promise<T> => {
    const res = await inject({ method: 'GET', url, headers: auth() });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    t = await startTestApp();
    address = `sim-${t.prefix}-erase`;
    const roster = {
      classes: [{ id: 'C1', name: 'Class 1', grade: 3 }],
      guardians: [
        { id: ERASED.id, name: ERASED.name, locale: 'en', phone: ERASED.localPhone, channels: { simulator: address } },
        { id: 'g-co', name: 'Co Parent', locale: 'ar', phone: '0677700001', channels: { simulator: `sim-${t.prefix}-co` } },
        { id: 'g-other', name: 'Other Parent', locale: 'en', phone: '0677700002', channels: { simulator: `sim-${t.prefix}-other` } },
      ],
      children: [
        { id: 'c-shared', name: 'Shared Child', classId: 'C1', guardianIds: [ERASED.id, 'g-co'] },
        { id: 'c-other', name: 'Other Child', classId: 'C1', guardianIds: ['g-other'] },
      ],
    };
    const imported = await inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
    expect(imported.statusCode, imported.body).toBe(200);

    const created = await inject({
      method: 'POST', url: '/v1/events', headers: auth(),
      payload: { kind: 'meeting', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: false, title: { en: 'Parents evening', ar: 'لقاء الأولياء' } },
    });
    expect(created.statusCode, created.body).toBe(202);
    eventId = (created.json() as { eventId: string }).eventId;
    expect((created.json() as { recipients: number }).recipients).toBe(3);

    await waitFor(async () => (await getJson<EventView>(`/v1/events/${eventId}`)).counts.delivered === 3, 15_000, 'three deliveries');

    // The parent taps "yes" on the invitation in their chat.
    const transcript = await getJson<TranscriptView>(`/v1/simulator/chats/${encodeURIComponent(address)}`);
    const yes = transcript.messages.flatMap((m) => m.choices ?? []).find((c) => c.id.startsWith('r.yes.'));
    expect(yes, 'the invitation offers a yes choice').toBeDefined();
    const tap = await inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: address, choice: yes?.id } });
    expect(tap.statusCode, tap.body).toBe(202);
    before = await waitFor(async () => {
      const view = await getJson<EventView>(`/v1/events/${eventId}`);
      return view.rsvp?.yes === 1 ? view : undefined;
    }, 15_000, 'the RSVP to count');
    const rows = await getJson<DeliveryView>(`/v1/events/${eventId}/deliveries`);
    expect(rows.items.find((r) => r.guardianId === ERASED.id)).toMatchObject({ status: 'delivered', rsvp: 'yes' });

    const erased = await inject({ method: 'DELETE', url: `/v1/guardians/${ERASED.id}`, headers: auth() });
    expect(erased.statusCode, erased.body).toBe(204);
    expect(erased.body).toBe('');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('GET /v1/guardians/:id → 404', async () => {
    const res = await inject({ method: 'GET', url: `/v1/guardians/${ERASED.id}`, headers: auth() });
    expect(res.statusCode).toBe(404);
    expect((res.json() as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('the guardian is not listed in /v1/guardians, by class either', async () => {
    const all = await getJson<{ total: number; items: Array<{ id: string }> }>('/v1/guardians');
    expect(all.items.map((g) => g.id)).toEqual(['g-co', 'g-other']);
    expect(all.total).toBe(2);
    const inClass = await getJson<{ items: Array<{ id: string }> }>('/v1/guardians?classId=C1');
    expect(inClass.items.map((g) => g.id)).not.toContain(ERASED.id);
  });

  it("the child keeps its other guardian and loses the erased one", async () => {
    const children = await getJson<{ items: Array<{ id: string; guardianIds: string[] }> }>('/v1/children');
    expect(children.items.find((c) => c.id === 'c-shared')?.guardianIds).toEqual(['g-co']);
    expect(children.items.find((c) => c.id === 'c-other')?.guardianIds).toEqual(['g-other']);
  });

  it('the roster counts one guardian fewer and the same children', async () => {
    expect(await getJson('/v1/roster')).toEqual({ classes: 1, guardians: 2, children: 2, teachers: 0 });
  });

  it('their simulated chat is empty and no longer listed', async () => {
    expect(await t.runtime.ctx.stores.simulator.transcript('s1', address)).toEqual([]);
    // The address belongs to nobody now: the school's key no longer reads it.
    const res = await inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(address)}`, headers: auth() });
    expect(res.statusCode).toBe(404);
    const chats = await getJson<{ items: string[] }>('/v1/simulator/chats');
    expect(chats.items).not.toContain(address);
    expect(chats.items).toHaveLength(2);
  });

  it('the deliveries list has no row for them (with and without a status filter)', async () => {
    const rows = await getJson<DeliveryView>(`/v1/events/${eventId}/deliveries`);
    expect(rows.items.map((r) => r.guardianId).sort()).toEqual(['g-co', 'g-other']);
    const delivered = await getJson<DeliveryView>(`/v1/events/${eventId}/deliveries?status=delivered`);
    expect(delivered.items.map((r) => r.guardianId).sort()).toEqual(['g-co', 'g-other']);
  });

  it("the event's counts are unchanged: 3 delivered, 1 yes", async () => {
    const after = await getJson<EventView>(`/v1/events/${eventId}`);
    expect(after.counts).toEqual(before.counts);
    expect(after.rsvp).toEqual(before.rsvp);
    expect(after.counts.delivered).toBe(3);
    expect(after.rsvp?.yes).toBe(1);
    expect(after.recipients).toBe(3);
  });

  it("their phone number and name appear nowhere in Redis under the service's prefix", async () => {
    const values = await dumpPrefix(t);
    expect(values.length).toBeGreaterThan(10); // the scan did find the service's keys
    const needles = [ERASED.e164, ERASED.nationalDigits, ERASED.name, 'Zubayda', 'Qorvashi'];
    const found = values.flatMap(({ key, text }) => needles.filter((n) => text.includes(n) || key.includes(n)).map((n) => `${n} in ${key}`));
    expect(found).toEqual([]);
    // The other guardians are still there: the scan reads what it should.
    expect(values.some(({ text }) => text.includes('+212677700001'))).toBe(true);
  });

  it('a second DELETE → 404', async () => {
    const res = await inject({ method: 'DELETE', url: `/v1/guardians/${ERASED.id}`, headers: auth() });
    expect(res.statusCode).toBe(404);
    expect((res.json() as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('a tap from their old chat address afterwards changes no count', async () => {
    const choice = `r.no.${eventId}`;
    const res = await inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: address, choice } });
    expect(res.statusCode).toBeLessThan(500);
    // Give the inbound worker time to (not) record it.
    await new Promise((r) => setTimeout(r, 300));
    const after = await getJson<EventView>(`/v1/events/${eventId}`);
    expect(after.rsvp).toEqual(before.rsvp);
  });

  it('a new event to the same class no longer counts them', async () => {
    const created = await inject({
      method: 'POST', url: '/v1/events', headers: auth(),
      payload: { kind: 'reminder', audience: { classes: ['C1'] }, respectQuietHours: false },
    });
    expect(created.statusCode, created.body).toBe(202);
    const { eventId: second, recipients } = created.json() as { eventId: string; recipients: number };
    expect(recipients).toBe(2);
    await waitFor(async () => (await getJson<EventView>(`/v1/events/${second}`)).counts.delivered === 2, 15_000, 'two deliveries');
    const rows = await getJson<DeliveryView>(`/v1/events/${second}/deliveries`);
    expect(rows.total).toBe(2);
    expect(rows.items.map((r) => r.guardianId).sort()).toEqual(['g-co', 'g-other']);
    // Nothing was sent to the erased parent's chat.
    const transcript = await t.runtime.ctx.stores.simulator.transcript('s1', address);
    expect(transcript.filter((m) => m.direction === 'out')).toEqual([]);
  });

  it('naming them in an audience is now an unknown id', async () => {
    const res = await inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'reminder', audience: { guardians: [ERASED.id] }, respectQuietHours: false } });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string; details: unknown } }).error).toMatchObject({ code: 'unknown_audience', details: { ids: [ERASED.id] } });
  });
});

/** Every key under the test's prefix with its value as text, whatever the Redis type. */
async function dumpPrefix(t: TestApp): Promise<Array<{ key: string; text: string }>> {
  const out: Array<{ key: string; text: string }> = [];
  for (const key of await keysUnder(t.redis, `${t.prefix}:*`)) {
    const type = await t.redis.type(key);
    let value: unknown;
    if (type === 'string') value = await t.redis.get(key);
    else if (type === 'hash') value = await t.redis.hgetall(key);
    else if (type === 'list') value = await t.redis.lrange(key, 0, -1);
    else if (type === 'set') value = await t.redis.smembers(key);
    else if (type === 'zset') value = await t.redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'stream') value = await t.redis.xrange(key, '-', '+');
    else value = `(${type})`;
    // Raw text, not JSON-escaped, so non-ASCII and quoted values are matched as stored.
    out.push({ key, text: flatten(value) });
  }
  return out;
}

function flatten(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join('\n');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}\n${flatten(v)}`).join('\n');
  return String(value);
}
