/**
 * Two schools, one parent's phone (DESIGN §10), on the simulator: school B writes to a parent,
 * then school A imports a guardian of its own with the same chat address. Before, the last
 * import took the address: A read B's conversation (B's absence notice naming B's pupil, the
 * parent's note, B's answer) while B got 403 on its own parent, the parent's next message to B's
 * bot landed in A's inbox, and A erasing its guardian wiped B's transcript and cut the parent off
 * from both schools. Each step of that is played here and must do no harm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptMessage } from '../../adapters/simulator/index.js';
import { auth, KEY_S1, KEY_S2, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { plain } from './helpers/chat.js';

const KEYS = { s1: KEY_S1, s2: KEY_S2 } as const;
type School = keyof typeof KEYS;

describe('two schools, one parent address, on the simulator', () => {
  let t: TestApp;
  let X: string;
  let meetingB: string;

  const api = async (school: School, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: auth(KEYS[school]), ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? (res.json() as Record<string, unknown>) : {} };
  };
  const say = async (school: School, body: object) => {
    const res = await api(school, 'POST', '/v1/simulator/inbound', { from: X, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  };
  const transcript = async (school: School): Promise<TranscriptMessage[]> => t.runtime.ctx.stores.simulator.transcript(school, X);
  const inbox = async (school: School) => ((await api(school, 'GET', '/v1/inbox')).body.items as Array<{ id: string; text: string }>);
  const rsvp = async (school: School, eventId: string) => (await api(school, 'GET', `/v1/events/${eventId}`)).body.rsvp as Record<string, number>;
  const waitOut = (school: School, n: number, what: string) =>
    waitFor(async () => {
      const out = (await transcript(school)).filter((m) => m.direction === 'out');
      return out.length >= n ? out : undefined;
    }, 15_000, what);

  beforeAll(async () => {
    t = await startTestApp();
    X = `sim-${t.prefix}-shared-parent`;
    expect((await api('s1', 'PATCH', '/v1/school', { name: 'École Al Amal' })).status).toBe(200);
    expect((await api('s2', 'PATCH', '/v1/school', { name: 'Collège Ibn Sina' })).status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('B imports its guardian, tells them their son was absent, and answers their note', async () => {
    const rosterB = {
      classes: [{ id: 'B5', name: '5B', grade: 5 }],
      guardians: [{ id: 'gB', name: 'Rachid B', locale: 'en', channels: { simulator: X } }],
      children: [{ id: 'cB', name: 'Youssef', classId: 'B5', guardianIds: ['gB'] }],
    };
    expect((await api('s2', 'POST', '/v1/roster/import', rosterB)).status).toBe(200);
    expect((await api('s2', 'POST', '/v1/events', { kind: 'absence', audience: { children: ['cB'] }, respectQuietHours: false })).status).toBe(202);
    const [absence] = await waitOut('s2', 1, "B's absence notice");
    expect(absence?.text).toContain('Youssef');
    await say('s2', { text: 'He has a fever. Will he need a note from the doctor?' });
    const [note] = await waitFor(async () => ((await inbox('s2')).length ? inbox('s2') : undefined), 15_000, "the note in B's inbox");
    expect((await api('s2', 'POST', `/v1/inbox/${note?.id}/reply`, { text: 'Yes please, bring it on Monday.' })).status).toBe(202);
    const out = await waitOut('s2', 3, "B's answer");
    expect(out.map((m) => m.text).join('\n')).toContain('bring it on Monday');
  });

  it('A imports a guardian of its own with the same address: both schools know it, neither reads the other', async () => {
    const rosterA = {
      classes: [{ id: 'A3', name: '3A', grade: 3 }],
      guardians: [{ id: 'gA', name: 'Rachid A', locale: 'en', channels: { simulator: X } }],
      children: [{ id: 'cA', name: 'Salma', classId: 'A3', guardianIds: ['gA'] }],
    };
    expect((await api('s1', 'POST', '/v1/roster/import', rosterA)).status).toBe(200);
    expect(await t.runtime.ctx.stores.roster.ownersOf('simulator', X)).toEqual([
      { schoolId: 's1', kind: 'guardian', id: 'gA' },
      { schoolId: 's2', kind: 'guardian', id: 'gB' },
    ]);
    // A reads its own (empty) chat with the parent, never B's.
    const a = await api('s1', 'GET', `/v1/simulator/chats/${encodeURIComponent(X)}`);
    expect(a.status).toBe(200);
    expect(a.body.messages).toEqual([]);
    // B still reads its whole conversation.
    const b = await api('s2', 'GET', `/v1/simulator/chats/${encodeURIComponent(X)}`);
    expect(b.status).toBe(200);
    const texts = (b.body.messages as TranscriptMessage[]).map((m) => m.text).join('\n');
    expect(texts).toContain('Youssef');
    expect(texts).toContain('He has a fever');
    expect(texts).toContain('bring it on Monday');
    expect(await inbox('s1')).toEqual([]);
  });

  it("the parent's next message to B's bot reaches B's inbox, not A's", async () => {
    await say('s2', { text: 'Thank you, he will bring the note on Monday.' });
    await waitFor(async () => ((await inbox('s2')).length === 2 ? true : undefined), 15_000, "the second note in B's inbox");
    expect(await inbox('s1')).toEqual([]);
  });

  it("RSVPs go to the school whose invitation they answer", async () => {
    const b = await api('s2', 'POST', '/v1/events', { kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', audience: { guardians: ['gB'] }, rsvp: true, respectQuietHours: false });
    meetingB = b.body.eventId as string;
    const invitation = (await waitOut('s2', 4, "B's meeting")).at(-1) as TranscriptMessage;
    const yes = invitation.choices?.find((c) => c.id.startsWith('r.yes.'));
    expect(yes).toBeDefined();
    await say('s2', { choice: yes?.id });
    await waitFor(async () => ((await rsvp('s2', meetingB)).yes === 1 ? true : undefined), 15_000, "B's yes");

    const a = await api('s1', 'POST', '/v1/events', { kind: 'meeting', startsAt: '2027-12-15T17:00:00+01:00', audience: { guardians: ['gA'] }, rsvp: true, respectQuietHours: false });
    await waitOut('s1', 1, "A's meeting");
    await say('s1', { text: 'no' });
    await waitFor(async () => ((await rsvp('s1', a.body.eventId as string)).no === 1 ? true : undefined), 15_000, "A's no");
    expect(await rsvp('s2', meetingB)).toMatchObject({ yes: 1, no: 0 });
  });

  it("A erases its guardian: B's transcript, links and conversation stay, and the parent still reaches B", async () => {
    const before = await transcript('s2');
    expect((await api('s1', 'DELETE', '/v1/guardians/gA')).status).toBe(204);
    expect(await transcript('s2')).toEqual(before);
    expect(await transcript('s1')).toEqual([]);
    expect((await api('s1', 'GET', `/v1/simulator/chats/${encodeURIComponent(X)}`)).status).toBe(404);
    expect(await t.runtime.ctx.stores.roster.ownersOf('simulator', X)).toEqual([{ schoolId: 's2', kind: 'guardian', id: 'gB' }]);

    // B's conversation goes on where it was: a change of mind updates B's RSVP.
    await say('s2', { text: 'no' });
    await waitFor(async () => ((await rsvp('s2', meetingB)).no === 1 ? true : undefined), 15_000, "B's changed answer");
    const last = (await waitOut('s2', before.filter((m) => m.direction === 'out').length + 1, "B's acknowledgement")).at(-1);
    expect(plain(last as TranscriptMessage)).toMatch(/updated/i);
    await say('s2', { text: 'Can I come at 5 instead of 4?' });
    await waitFor(async () => ((await inbox('s2')).length === 3 ? true : undefined), 15_000, "the third note in B's inbox");
  });
});
