/**
 * On a Redis Cluster (`npm run test:cluster`; skipped on one server): keys of two slots in one
 * MULTI really fail (so a store that did it would fail the suite, not pass it silently), a whole school story — import, invitation, a tap, a typed note, erasure — causes
 * no CROSSSLOT on any node, and its keys spread over the shards.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { keyNodes } from '../../src/store/redis-clients.js';
import { auth, ON_CLUSTER, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { makeRoster } from '../helpers/roster.js';

/** CROSSSLOT errors every node has answered since it started (INFO errorstats). */
async function crossSlotErrors(t: TestApp): Promise<number> {
  let total = 0;
  for (const node of keyNodes(t.redis)) total += Number(/errorstat_CROSSSLOT:count=(\d+)/.exec(await node.info('errorstats'))?.[1] ?? 0);
  return total;
}

describe.skipIf(!ON_CLUSTER)('on a Redis Cluster', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is a cluster of several masters, where a MULTI over two slots fails loudly', async () => {
    expect(keyNodes(t.redis).length).toBeGreaterThanOrEqual(3);
    // {a} and {b} hash to different slots: the cluster client refuses the MULTI before sending it
    // (a script's keys are checked by the server, and counted in the run's CROSSSLOT check).
    const refused = await t.redis.multi().set(`${t.prefix}:{a}:x`, '1').set(`${t.prefix}:{b}:x`, '1').exec().then(() => 'ran', (err: Error) => err.message);
    expect(refused).toMatch(/same slot/);
  });

  it("a script with a varying number of keys goes to its keys' shard, whatever that number", async () => {
    // Auto-pipelining routes a defined command by its first argument; a count there once sent
    // the fan-out's note of recent invitations (and whatever shared its pipeline) to the wrong shard.
    const { events } = t.runtime.ctx.stores;
    const client = (events as unknown as { redis: Redis }).redis; // the app's own, auto-pipelined
    await Promise.all(Array.from({ length: 24 }, (_, n) => [
      events.noteQueued('s1', `evcount${n}`, Array.from({ length: n + 1 }, (_, g) => `g${g}`), new Date()),
      // A key in the slot a count would be routed by, in the same tick: the same pipeline.
      client.set(`${t.prefix}:{${n + 1}}:probe`, '1'),
    ]).flat());
    const key = createKeys(t.config.REDIS_PREFIX).guardianRecent('s1', 'g0');
    expect(await t.redis.zcard(key)).toBe(10); // the newest 10 of the 24 invitations g0 was sent
  });

  it('a whole school story causes no CROSSSLOT, and its keys spread over the shards', async () => {
    const before = await crossSlotErrors(t);
    const roster = makeRoster(t.prefix, { guardians: 90, perClass: 30 });
    expect((await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster })).statusCode).toBe(200);
    const events: string[] = [];
    for (const classId of ['C1', 'C2', 'C3']) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'meeting', startsAt: '2031-03-14T17:00:00+01:00', place: 'Hall', audience: { classes: [classId] }, rsvp: true, respectQuietHours: false } });
      expect(res.statusCode, res.body).toBe(202);
      events.push(res.json<{ eventId: string }>().eventId);
    }
    const delivered = async (id: string) => (await t.app.inject({ method: 'GET', url: `/v1/events/${id}`, headers: auth() })).json<{ counts: { delivered: number } }>().counts.delivered;
    await waitFor(async () => (await Promise.all(events.map(delivered))).every((n) => n === 30), 20_000, 'the three classes reached');

    const parent = roster.guardians[1]!.channels.simulator;
    const say = (body: object) => t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: parent, ...body } });
    expect((await say({ choice: `r.yes.${events[0]}` })).statusCode).toBe(202);
    await waitFor(async () => (await t.app.inject({ method: 'GET', url: `/v1/events/${events[0]}`, headers: auth() })).json<{ rsvp: { yes: number } }>().rsvp.yes === 1, 15_000, 'the tap counted');
    expect((await say({ text: 'Could the meeting be after 18:00? I work until then.' })).statusCode).toBe(202);
    await waitFor(async () => (await t.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json<{ items: unknown[] }>().items.length === 1, 15_000, 'the note in the inbox');
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/guardians/${roster.guardians[1]!.id}`, headers: auth() })).statusCode).toBe(204);

    expect(await crossSlotErrors(t)).toBe(before);
    const perNode: number[] = [];
    for (const node of keyNodes(t.redis)) {
      let count = 0;
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 1000);
        cursor = next;
        count += keys.length;
      } while (cursor !== '0');
      perNode.push(count);
    }
    expect(perNode.filter((n) => n > 0).length, `keys per shard: ${perNode.join(' / ')}`).toBeGreaterThanOrEqual(2);
  });
});
