/**
 * A meeting of individual appointments, booked in the chat on the simulator: six families race
 * for three times. Every time ends with one family and nobody holds two; the families left out
 * are told the time was just taken, then that every time is gone and where they stand on the
 * waiting list; a family that cancels frees its time, which is offered to the first family
 * waiting, who takes it with one tap. A typed time and "change" work as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { importRoster, waitSettled } from './helpers/api.js';

interface Line { direction: 'in' | 'out'; text: string; choices?: Array<{ id: string; label: string }> }

const FAMILIES = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
const addressOf = (g: string) => `sim-slots-${g}`;
/** Next Tuesday-ish, 17:00 to 17:30 Casablanca time: three 10-minute times. */
const DAY = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);

let app: TestApp;
let eventId: string;

async function chat(g: string): Promise<Line[]> {
  const res = await app.app.inject({ method: 'GET', url: `/v1/simulator/chats/${encodeURIComponent(addressOf(g))}`, headers: auth() });
  return res.json().messages as Line[];
}
const outgoing = async (g: string) => (await chat(g)).filter((m) => m.direction === 'out');

async function send(g: string, body: { text?: string; choice?: string }): Promise<void> {
  const res = await app.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from: addressOf(g), ...body } });
  expect(res.statusCode, res.body).toBe(202);
}

/** Waits until `g` has more than `n` messages from the school, and returns the newest. */
async function nextAfter(g: string, n: number, what: string): Promise<Line> {
  return waitFor(async () => {
    const out = await outgoing(g);
    return out.length > n ? out.at(-1) : undefined;
  }, 15_000, `${g}: ${what}`);
}

async function schedule(): Promise<{ slots: Array<{ index: number; guardianId: string | null; families: Array<{ guardianId: string; children: Array<{ name: string }> }> }>; waiting: Array<{ guardianId: string; offered: { index: number } | null }> }> {
  const res = await app.app.inject({ method: 'GET', url: `/v1/events/${eventId}/slots`, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A family's answer as staff see it on the event page (the follow-up's answers). */
async function answerOf(g: string): Promise<{ answer: string; from: string | null } | undefined> {
  const res = await app.app.inject({ method: 'GET', url: `/v1/events/${eventId}/follow-up`, headers: auth() });
  return (res.json().answers as Array<{ guardianId: string; answer: string; from: string | null }>).find((a) => a.guardianId === g);
}

beforeAll(async () => {
  app = await startTestApp();
  await importRoster(app, {
    classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '6B', grade: 6 }],
    guardians: FAMILIES.map((g, i) => ({ id: g, name: `Parent ${i + 1}`, locale: 'en', channels: { simulator: addressOf(g) } })),
    // Each family has a child in 5A (the meeting's class); the first two also one in 6B, whom 5A's teacher must not hear of.
    children: [
      ...FAMILIES.map((g, i) => ({ id: `c${i + 1}`, name: `Child ${i + 1}`, classId: 'C1', guardianIds: [g] })),
      { id: 'o1', name: 'Sibling 1', classId: 'C2', guardianIds: ['g1'] },
      { id: 'o2', name: 'Sibling 2', classId: 'C2', guardianIds: ['g2'] },
    ],
    teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'], locale: 'en', channels: { simulator: addressOf('t1') } }],
  });
  // The teacher's chat must have written once for the bot to write to it (a window on some platforms).
  await send('t1', { text: 'hello' });
  const res = await app.app.inject({
    method: 'POST', url: '/v1/events', headers: auth(),
    payload: { kind: 'meeting', place: 'Salle 3', audience: { classes: ['C1'] }, respectQuietHours: false, slots: { from: `${DAY}T17:00:00+01:00`, to: `${DAY}T17:30:00+01:00`, minutes: 10, teacherId: 't1', room: 'Salle 3' } },
  });
  expect(res.statusCode, res.body).toBe(202);
  eventId = res.json().eventId;
  await waitSettled(app, eventId);
});

afterAll(async () => app?.close());

describe('meeting times booked in the chat', () => {
  it('lists the times in the invitation, with "none of these"', async () => {
    const [invitation] = await outgoing('g1');
    expect(invitation?.text).toContain('Choose a time for your meeting');
    expect(invitation?.choices?.map((c) => c.id)).toEqual([`t.0.${eventId}`, `t.1.${eventId}`, `t.2.${eventId}`, `x.noslot.${eventId}`]);
    expect(invitation?.choices?.slice(0, 3).map((c) => c.label)).toEqual(['17:00', '17:10', '17:20']);
  });

  it('words it cannot read as a time get the times again, with an example that is one of them, not yes / no / maybe', async () => {
    const seen = (await outgoing('g6')).length;
    await send('g6', { text: 'blue elephant' });
    const again = await nextAfter('g6', seen, 'the times again');
    expect(again.text).toBe('Sorry, we did not understand which time you want.\n\nWhich time suits you? Tap one, or write it like 17:00.');
    expect(again.choices?.map((c) => c.label)).toEqual(['17:00', '17:10', '17:20', 'None of these']);
  });

  it('six families racing for three times: one family a time, nobody two, the others told and waitlisted', async () => {
    let left = [...FAMILIES];
    for (const index of [0, 1, 2]) {
      const seen = new Map(await Promise.all(left.map(async (g) => [g, (await outgoing(g)).length] as const)));
      // Everyone still without a time taps the same one at the same moment.
      await Promise.all(left.map((g) => send(g, { choice: `t.${index}.${eventId}` })));
      const answers = new Map(await Promise.all(left.map(async (g) => [g, await nextAfter(g, seen.get(g)!, `the answer to t.${index}`)] as const)));
      const winners = left.filter((g) => answers.get(g)!.text.startsWith('Your time:'));
      expect(winners, `time ${index}`).toHaveLength(1);
      // With whom and where: the slot's teacher and room.
      expect(answers.get(winners[0]!)!.text).toMatch(/^Your time: .* \(Nadia, Salle 3\)\. To change it/);
      for (const g of left.filter((x) => !winners.includes(x))) {
        const told = answers.get(g)!.text;
        if (index < 2) {
          expect(told).toMatch(/is already taken by another family/);
          expect(answers.get(g)!.choices?.map((c) => c.id)).not.toContain(`t.${index}.${eventId}`);
        } else {
          expect(told).toMatch(/Every time is taken now\. You are number \d on the waiting list/);
        }
      }
      left = left.filter((g) => !winners.includes(g));
    }
    const s = await schedule();
    const holders = s.slots.map((x) => x.guardianId);
    expect(holders.every(Boolean)).toBe(true);
    expect(new Set(holders).size).toBe(3);
    expect(s.slots.every((x) => x.families.length === 1)).toBe(true);
    expect(s.waiting.map((w) => w.guardianId).sort()).toEqual([...left].sort());
    // The teacher heard of each booking, with the family and the child.
    const heard = await waitFor(async () => {
      const lines = (await outgoing('t1')).filter((m) => /booked by/.test(m.text));
      return lines.length === 3 ? lines : undefined;
    }, 10_000, 'the teacher told of three bookings');
    expect(heard[0]?.text).toMatch(/^Meeting “.*”: .*17:00 booked by Parent \d \(Child \d\)\.$/);
    // Only the children the meeting is about: not a brother or sister in another class.
    expect(heard.map((m) => m.text).join('\n')).not.toContain('Sibling');
    expect(s.slots.flatMap((x) => x.families.flatMap((f) => f.children.map((c) => c.name)))).toEqual(expect.not.arrayContaining(['Sibling 1', 'Sibling 2']));
  });

  it('a cancellation offers the freed time to the first family waiting, who takes it with one tap', async () => {
    const before = await schedule();
    const holder = before.slots[1]!.guardianId!;
    const first = before.waiting[0]!.guardianId;
    const seenFirst = (await outgoing(first)).length;
    const seenHolder = (await outgoing(holder)).length;
    await send(holder, { text: 'cancel' });
    expect((await nextAfter(holder, seenHolder, 'the cancellation')).text).toMatch(/^Your time, .*, is cancelled/);
    const offer = await nextAfter(first, seenFirst, 'the offer');
    expect(offer.text).toMatch(/A time has become free/);
    expect(offer.choices?.map((c) => c.id)).toEqual([`t.1.${eventId}`]);
    // Until they take it, they are still waiting on the schedule, with the time offered to them; the
    // family that cancelled counts as a no (no reminder goes to them).
    const offered = await schedule();
    expect(offered.waiting.find((w) => w.guardianId === first)?.offered).toMatchObject({ index: 1 });
    expect(offered.waiting.filter((w) => w.guardianId !== first).every((w) => w.offered === null)).toBe(true);
    expect(await answerOf(holder)).toMatchObject({ answer: 'no' });
    await send(first, { choice: `t.1.${eventId}` });
    expect((await nextAfter(first, seenFirst + 1, 'the booking')).text).toMatch(/^Your time:/);
    const after = await schedule();
    expect(after.slots[1]!.guardianId).toBe(first);
    expect(after.waiting.map((w) => w.guardianId)).not.toContain(first);
    expect(after.slots.flatMap((x) => x.families.map((f) => f.guardianId))).not.toContain(holder);
  });

  it('"change" with every time taken keeps the booking; a typed time books a freed one; a waiting family typing a taken time stays waiting', async () => {
    const holder = (await schedule()).slots[0]!.guardianId!;
    const seen = (await outgoing(holder)).length;
    await send(holder, { text: 'change' });
    expect((await nextAfter(holder, seen, 'no other time')).text).toMatch(/^No other time is free now: you keep .*17:00/);

    const [waiting, next] = (await schedule()).waiting.map((w) => w.guardianId);
    const seenWaiting = (await outgoing(waiting!)).length;
    await send(waiting!, { text: 'at 5.20 pm please' });
    expect((await nextAfter(waiting!, seenWaiting, 'still full')).text).toMatch(/Every time is taken now\. You are number 1 on the waiting list/);

    // The 17:20 family cancels in French; the first waiting family types the time they were offered.
    const third = (await schedule()).slots[2]!.guardianId!;
    const seenThird = (await outgoing(third)).length;
    await send(third, { text: 'annuler svp' });
    await nextAfter(third, seenThird, 'the cancellation');
    const offer = await nextAfter(waiting!, seenWaiting + 1, 'the offer of 17:20');
    expect(offer.choices?.map((c) => c.id)).toEqual([`t.2.${eventId}`]);
    await send(waiting!, { text: '17:20' });
    expect((await nextAfter(waiting!, seenWaiting + 2, 'booked by typing')).text).toMatch(/^Your time:.*17:20/);
    const s = await schedule();
    expect(s.slots[2]!.guardianId).toBe(waiting);
    expect(s.waiting.map((w) => w.guardianId)).toEqual(next ? [next] : []);
    // The typed time is shown to staff as the words it was read from, not as a tap.
    expect(await answerOf(waiting!)).toMatchObject({ answer: 'yes', from: '17:20' });
  });

  it('"cancel" with no time booked says so (nothing goes to the office); "none of these" is a no the teacher hears of', async () => {
    const family = (await schedule()).waiting[0]!.guardianId;
    const seen = (await outgoing(family)).length;
    await send(family, { text: 'cancel' });
    const told = await nextAfter(family, seen, 'nothing to cancel');
    expect(told.text).toMatch(/^You have no time booked for this meeting, so there is nothing to cancel/);
    expect(told.choices?.map((c) => c.label)).toContain('None of these');
    const inbox = (await app.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json() as { items: Array<{ text: string }> };
    expect(inbox.items.map((n) => n.text)).not.toContain('cancel');

    const heardBefore = (await outgoing('t1')).length;
    await send(family, { choice: told.choices!.find((c) => c.label === 'None of these')!.id });
    expect((await nextAfter(family, seen + 1, 'declined')).text).toMatch(/none of these times suits you/i);
    const heard = await nextAfter('t1', heardBefore, 'the teacher told');
    expect(heard.text).toMatch(/^Meeting “.*”: none of the times suits Parent \d \(Child \d\)\./);
    expect((await schedule()).waiting.map((w) => w.guardianId)).not.toContain(family);
    expect(await answerOf(family)).toMatchObject({ answer: 'no' });
  });

  it('takes no hand-set answer: a family answers by booking, so the counts never disagree with the schedule', async () => {
    const family = (await schedule()).slots[0]!.guardianId!;
    const before = await answerOf(family);
    const res = await app.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/answers/g6`, headers: auth(), payload: { answer: 'yes' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'answered_by_booking' });
    expect(await answerOf(family)).toEqual(before);
  });
});
