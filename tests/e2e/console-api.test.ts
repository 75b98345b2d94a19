/**
 * The server side of the console, without a browser: the pages and their security headers, the
 * live stream of an event's counts (and that an open stream never holds up app.close()), the
 * follow-up list, join-link QR codes, the school's offsets, and the banner `npm start` prints.
 */
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBanner } from '../../src/demo.js';
import { offsetTransitions } from '../../src/routes/school-clock.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { createPerson } from '../../src/services/people.js';
import { auth, KEY_S1, KEY_S2, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster, postMeeting, waitSettled } from './helpers/api.js';
import { serve } from './helpers/browser.js';
import { telegramEnv } from './helpers/channels.js';
import { consoleRoster } from './helpers/console-fixtures.js';

let tg: FakeTelegram;
let t: TestApp;
let base: string;

beforeAll(async () => {
  tg = await startFakeTelegram();
  t = await startTestApp({ env: telegramEnv(tg, 'webhook') });
  await importRoster(t, consoleRoster(t.prefix));
  base = await serve(t);
});

afterAll(async () => {
  await t?.close();
  await tg?.close();
});

/**
 * Opens an event's stream with node:http on a connection of its own (fetch's pool may open a
 * spare connection that would keep the server's close waiting for its header timeout), and
 * reads events until `until` says stop. `close()` hangs up, as a browser leaving the page.
 */
function openStream(url: string, until: (events: StreamEvent[]) => boolean): Promise<{ events: StreamEvent[]; status: number; type: string; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: auth(), agent: false }, (res) => {
      const events: StreamEvent[] = [];
      const done = () => resolve({ events, status: res.statusCode ?? 0, type: String(res.headers['content-type']), close: () => req.destroy() });
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as StreamEvent['data'] });
        }
        if (until(events)) done();
      });
      res.on('end', done);
      if (res.statusCode !== 200) res.resume();
    });
    req.on('error', reject);
  });
}

interface StreamEvent {
  event: string;
  data: { counts: { queued: number; delivered: number }; rsvp: { yes: number } | null; fanout: { done: number; total: number } };
}

describe('console pages', () => {
  it('serves /console and /simulator without a key, with a strict Content-Security-Policy', async () => {
    for (const url of ['/console', '/simulator']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      // No inline code: every script has a src, no element carries an event attribute.
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=/);
    }
    // The page's script is its bundle (tests/integration/console-assets.test.ts says more).
    const page = await t.app.inject({ method: 'GET', url: '/console' });
    const src = /<script type="module" src="(\/console\/assets\/console-[0-9a-f]{16}\.js)">/.exec(page.body)?.[1];
    const js = await t.app.inject({ method: 'GET', url: String(src) });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    const again = await t.app.inject({ method: 'GET', url: '/console', headers: { 'if-none-match': String(page.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('serves no server code and no page under the asset path', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/console/static-files.ts' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/console/console.html' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/console/../routes/console.ts' })).statusCode).toBe(404);
  });

  it('prints the simulator first, then the console, each with its own one-time sign-in link', () => {
    const links = { simulator: 'http://127.0.0.1:3000/simulator#signin=tok-sim', console: 'http://127.0.0.1:3000/console#signin=tok-con' };
    const banner = demoBanner('http://127.0.0.1:3000', 'demo-key-123', links, new Date('2026-12-01T10:00:00Z'), 'Africa/Casablanca');
    const lines = banner.split('\n').filter((l) => l.includes('http://'));
    expect(lines[0]).toContain(links.simulator);
    expect(lines[1]).toContain(links.console);
    // The key is for integrations (curl), never in a page's link.
    expect(lines.slice(0, 2).join('\n')).not.toContain('demo-key-123');
  });
});

describe('event stream', () => {
  it('needs the key', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/events/evaaaaaaaaaa/stream' })).statusCode).toBe(401);
  });

  it('sends the counts at once and again whenever they change, until the client goes away', async () => {
    const { eventId } = await postMeeting(t, { classes: ['C1'] });
    const settled = (events: StreamEvent[]) => events.some((e) => e.data.fanout.done === 4 && e.data.counts.queued === 0);
    const stream = await openStream(`${base}/v1/events/${eventId}/stream`, settled);
    expect(stream.status).toBe(200);
    expect(stream.type).toContain('text/event-stream');
    expect(stream.events.length).toBeGreaterThanOrEqual(1);
    expect(new Set(stream.events.map((e) => JSON.stringify(e.data))).size).toBe(stream.events.length); // changes only
    stream.close();
  });

  it('does not hold up app.close() while a stream is open', async () => {
    const other = await startTestApp();
    const url = await serve(other);
    await importRoster(other, consoleRoster(other.prefix));
    const { eventId } = await postMeeting(other, { classes: ['C1'] });
    await openStream(`${url}/v1/events/${eventId}/stream`, (events) => events.length > 0);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('follow-up list', () => {
  it('lists, per class, who was not reached (with the reason) and who has not answered', async () => {
    const { eventId } = await postMeeting(t, { classes: ['C1', 'C2'] });
    await waitSettled(t, eventId);
    const res = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/follow-up`, headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { classes: Array<{ className: string; guardians: Array<{ guardianId: string; why: string; reason: string | null; phone: string | null; reachedAt: string | null }> }> };
    expect(body.classes.map((c) => c.className)).toEqual(['5A', '6B']);
    const c1 = Object.fromEntries(body.classes[0]!.guardians.map((g) => [g.guardianId, [g.why, g.reason]]));
    expect(c1).toEqual({ gA: ['no_answer', null], gB: ['no_answer', null], gC: ['not_reached', 'unreachable'], gD: ['not_reached', 'no_channel'] });
    expect(body.classes[0]!.guardians.find((g) => g.guardianId === 'gD')?.phone).toBe('+212600000104');
    // When each family was reached, so staff can tell "just sent" from "saw it yesterday".
    const at = Object.fromEntries(body.classes[0]!.guardians.map((g) => [g.guardianId, g.reachedAt]));
    expect(Date.now() - Date.parse(at.gA!)).toBeLessThan(60_000);
    expect(at.gC).toBeNull();
  });

  it("is refused for another school's key", async () => {
    const { eventId } = await postMeeting(t, { classes: ['C1'] });
    const res = await t.app.inject({ method: 'GET', url: `/v1/events/${eventId}/follow-up`, headers: auth('test-key-school-two-0002') });
    expect(res.statusCode).toBe(403);
  });
});

describe('join-link QR codes', () => {
  it("draws the guardian's Telegram join link as SVG, the same code as the links list", async () => {
    const links = (await t.app.inject({ method: 'GET', url: '/v1/guardians/gA/links', headers: auth() })).json() as { links: Array<{ platform: string; code: string }> };
    expect(links.links.map((l) => l.platform)).toContain('telegram');
    const res = await t.app.inject({ method: 'GET', url: '/v1/guardians/gA/links/qr.svg?platform=telegram', headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.body).toMatch(/^<svg [^>]*viewBox/);
    expect(res.body).not.toContain('<script');
    const again = (await t.app.inject({ method: 'GET', url: '/v1/guardians/gA/links', headers: auth() })).json() as typeof links;
    expect(again.links.find((l) => l.platform === 'telegram')?.code).toBe(links.links.find((l) => l.platform === 'telegram')?.code);
  });

  it('is a 404 for a platform without join links, or an unknown guardian; a 401 without the key', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/guardians/gA/links/qr.svg?platform=simulator', headers: auth() })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/guardians/nobody/links/qr.svg?platform=telegram', headers: auth() })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/guardians/gA/links/qr.svg?platform=telegram' })).statusCode).toBe(401);
  });

  it("draws a person's join link (where their sign-in codes will come) for admins only", async () => {
    const person = await createPerson(t.runtime.ctx, 's1', { name: 'Youssef Amrani', login: `youssef-${t.prefix}`, role: 'staff' }, 'test');
    const links = (await t.app.inject({ method: 'GET', url: `/v1/people/${person.id}/links`, headers: auth() })).json() as { links: Array<{ platform: string; url: string }> };
    expect(links.links.map((l) => l.platform)).toEqual(['telegram']);
    const res = await t.app.inject({ method: 'GET', url: `/v1/people/${person.id}/links/qr.svg?platform=telegram`, headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.body).toMatch(/^<svg [^>]*viewBox/);
    expect((await t.app.inject({ method: 'GET', url: '/v1/people/p000000000000/links/qr.svg?platform=telegram', headers: auth() })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/v1/people/${person.id}/links/qr.svg?platform=telegram`, headers: auth(KEY_S2) })).statusCode).toBe(404);
    const staffKey = (await t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: auth(), payload: { name: 'staff tool', role: 'staff' } })).json() as { key: string };
    expect((await t.app.inject({ method: 'GET', url: `/v1/people/${person.id}/links/qr.svg?platform=telegram`, headers: auth(staffKey.key) })).statusCode).toBe(403);
  });
});

describe("the school's offsets", () => {
  it('finds Casablanca at UTC+1 with the Ramadan hour at UTC+0, to the minute', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = Date.parse('2027-01-01T00:00:00Z');
    const table = offsetTransitions('Africa/Casablanca', from, to);
    expect(table[0]).toEqual({ at: from, offsetMinutes: 60 });
    expect(table.map((x) => x.offsetMinutes)).toEqual([60, 0, 60]);
    // Around Ramadan 2026 (tz database): back to +01 on 22 March 2026 at 02:00 UTC.
    expect(new Date(table[2]!.at).toISOString()).toBe('2026-03-22T02:00:00.000Z');
  });

  it('is served to the console with the key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/school/offsets', headers: { authorization: `Bearer ${KEY_S1}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ timeZone: 'Africa/Casablanca' });
  });
});
