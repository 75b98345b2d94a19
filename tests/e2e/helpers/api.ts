/** The school's side of an end-to-end test, through the HTTP API only. */
import { expect } from 'vitest';
import type { Delivery, Guardian } from '../../../src/core/types.js';
import { auth, waitFor, type TestApp } from '../../helpers/app.js';

export interface EventView {
  id: string;
  counts: { queued: number; sent: number; delivered: number; failed: number; skipped: number; reasons: Record<string, Record<string, number>> };
  rsvp: { yes: number; no: number; maybe: number; pending: number } | null;
  fanout: { done: number; total: number };
}

export interface JoinLink {
  platform: string;
  accountId: string;
  url: string;
  code: string;
  linked: boolean;
}

export async function importRoster(t: TestApp, roster: object): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().errors).toEqual([]);
}

/**
 * A parent–teacher meeting with RSVP, sent now whatever the school's clock says (quiet hours
 * would otherwise hold it until 08:00 when the suite runs in the evening).
 */
export async function postMeeting(t: TestApp, audience: object): Promise<{ eventId: string; recipients: number }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: auth(),
    payload: { kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', place: 'Salle 3', audience, rsvp: true, respectQuietHours: false },
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json();
}

export async function getEvent(t: TestApp, eventId: string): Promise<EventView> {
  const res = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Every recipient has an outcome (nothing queued) once the fan-out is done. */
export function waitSettled(t: TestApp, eventId: string, timeoutMs = 20_000): Promise<EventView> {
  return waitFor(async () => {
    const e = await getEvent(t, eventId);
    const c = e.counts;
    return e.fanout.done === e.fanout.total && c.queued === 0 && c.sent + c.delivered + c.failed + c.skipped === e.fanout.total ? e : undefined;
  }, timeoutMs, `event ${eventId} to settle`);
}

export async function deliveries(t: TestApp, eventId: string): Promise<Map<string, Delivery>> {
  const res = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/deliveries?limit=1000`, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  const items = res.json().items as Delivery[];
  return new Map(items.map((d) => [d.guardianId, d]));
}

export async function getGuardian(t: TestApp, id: string): Promise<Guardian> {
  const res = await t.app.inject({ method: 'GET', url: `/v1/guardians/${id}`, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function joinLinks(t: TestApp, guardianId: string): Promise<JoinLink[]> {
  const res = await t.app.inject({ method: 'GET', url: `/v1/guardians/${guardianId}/links`, headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().links;
}

export async function joinLink(t: TestApp, guardianId: string, platform: string): Promise<JoinLink> {
  const link = (await joinLinks(t, guardianId)).find((l) => l.platform === platform);
  if (!link) throw new Error(`guardian ${guardianId} has no ${platform} join link`);
  return link;
}

/** Waits until the guardian's chat on `platform` is linked (a join code was used). */
export function waitLinked(t: TestApp, guardianId: string, platform: keyof NonNullable<Guardian['linked']>): Promise<Guardian> {
  return waitFor(async () => {
    const g = await getGuardian(t, guardianId);
    return g.linked?.[platform] ? g : undefined;
  }, 10_000, `${guardianId} to link ${platform}`);
}
