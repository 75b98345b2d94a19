/**
 * WhatsApp through the official Cloud API, end to end against the local fake Graph server (it
 * enforces 80 messages a second and refuses free-form first contacts with 131047, as Meta does):
 * a meeting invitation reaches a parent who never wrote as the school's approved template, a tap
 * on its quick reply and a typed answer both count, statuses land on the rows, a survey goes as a
 * list inside the window, a used-up tier sends families to their next channel (or makes them
 * wait), a refused token stops the account without losing anyone, and forged webhooks are refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../fakes/whatsapp-cloud-api.js';
import { cloudListReply, cloudMedia, cloudStatus, cloudStatusError, cloudTemplateButton, cloudText } from '../fakes/whatsapp-cloud-webhook.js';
import { tierCounter } from '../../src/core/index.js';
import { auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { deliveries, getEvent, importRoster, postMeeting, waitSettled } from './helpers/api.js';
import { CLOUD, cloudEnv, postCloud } from './helpers/cloud.js';

let fake: FakeWhatsAppCloud;
let app: TestApp | undefined;

beforeAll(async () => {
  fake = await startFakeWhatsAppCloud();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  fake.reset();
});
afterAll(async () => fake?.close());

/** Parents' numbers as the roster writes them, and as the Cloud API names them. */
const AMINA = '212612000001';
const OMAR = '212612000002';

const MEETING_TEMPLATE = { kind: 'meeting', locale: 'en', name: 'meeting_invitation', parameters: ['school', 'child', 'date', 'time', 'place'], rsvpButtons: true };

async function putTemplates(t: TestApp, templates: object[]): Promise<void> {
  const res = await t.app.inject({ method: 'PUT', url: '/v1/school/whatsapp-templates', headers: auth(), payload: { templates } });
  expect(res.statusCode, res.body).toBe(200);
}

async function fromParent(t: TestApp, body: ReturnType<typeof cloudText>, waId: string): Promise<void> {
  fake.userWrote(CLOUD.phoneNumberId, waId);
  const res = await postCloud(t, body);
  expect(res.statusCode, res.body).toBe(200);
}

const rowOf = async (t: TestApp, eventId: string, guardianId: string) => (await deliveries(t, eventId)).get(guardianId);

describe('WhatsApp Cloud API', () => {
  it('invites a parent who never wrote with the approved template; a quick-reply tap and statuses land on the row; a parent with no template in their language goes to their next channel', async () => {
    fake.approveTemplate({ name: 'meeting_invitation', language: 'en', bodyParameters: 5, quickReplies: 3 });
    app = await startTestApp({ env: cloudEnv(fake) });
    await app.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: 'École Al Amal' } });
    await putTemplates(app, [MEETING_TEMPLATE]);
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [
        { id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: '0612000001' } },
        { id: 'g2', name: 'Omar', locale: 'ar', channels: { whatsapp: '+212 6 12 00 00 02', simulator: 'sim-cloud-g2' }, channelOrder: ['whatsapp', 'simulator'] },
      ],
      children: [
        { id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] },
        { id: 'c2', name: 'Yassine', classId: 'C1', guardianIds: ['g2'] },
      ],
    });
    const { eventId } = await postMeeting(app, { classes: ['C1'] });
    await waitSettled(app, eventId);

    // Amina never wrote: the invitation went as the template, its facts in order, one line each.
    const [invitation, ...more] = fake.sent(AMINA);
    expect(more).toEqual([]);
    expect(invitation?.type).toBe('template');
    const template = (invitation!.body as { template: { name: string; language: { code: string }; components: Array<{ type: string; parameters: Array<{ text?: string; payload?: string }> }> } }).template;
    expect(template).toMatchObject({ name: 'meeting_invitation', language: { code: 'en' } });
    const params = template.components.find((c) => c.type === 'body')!.parameters.map((p) => p.text);
    expect(params[0]).toBe('École Al Amal');
    expect(params[1]).toBe('Sara');
    expect(params[2]).toBe('Tuesday, 14 December 2027');
    expect(params[3]).toBe('17:00');
    expect(params[4]).toBe('Salle 3');
    const payloads = template.components.filter((c) => c.type === 'button').map((c) => c.parameters[0]?.payload);
    expect(payloads).toEqual([`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`]);
    expect(fake.stats.nonTemplateFirstContacts).toBe(0);

    // Omar reads Arabic and the school has no Arabic template: his next channel, WhatsApp kept as his.
    expect(fake.sent(OMAR)).toEqual([]);
    const omar = await rowOf(app, eventId, 'g2');
    expect(omar).toMatchObject({ channel: 'simulator', status: 'delivered' });
    expect((await app.app.inject({ method: 'GET', url: '/v1/guardians/g2', headers: auth() })).json().unreachable ?? {}).toEqual({});

    // Meta reports delivered, then read.
    for (const status of ['delivered', 'read'] as const) {
      const res = await postCloud(app, cloudStatus({ phoneNumberId: CLOUD.phoneNumberId, messageId: invitation!.id, status, recipientId: AMINA, timestamp: new Date() }));
      expect(res.statusCode).toBe(200);
    }
    const read = await waitFor(async () => {
      const row = await rowOf(app!, eventId, 'g1');
      return row?.readAt ? row : undefined;
    }, 10_000, 'the read receipt on the row');
    expect(read).toMatchObject({ status: 'delivered', channel: 'whatsapp' });
    expect(read.deliveredAt).toBeTruthy();

    // Amina taps "Yes" under the template: her answer counts, and the thanks goes free-form (she wrote).
    await fromParent(app, cloudTemplateButton({ phoneNumberId: CLOUD.phoneNumberId, from: AMINA, payload: `r.yes.${eventId}`, text: 'Yes', contextId: invitation!.id }), AMINA);
    await waitFor(async () => (await getEvent(app!, eventId)).rsvp?.yes === 1, 10_000, 'the yes counted');
    const thanks = await waitFor(async () => fake.sent(AMINA)[1], 10_000, 'the thanks');
    expect(thanks.type).not.toBe('template');
    expect(fake.stats.nonTemplateFirstContacts).toBe(0);
  });

  it('reads a typed answer in a sentence, and sends a survey inside the window as a list whose row tap answers the question', async () => {
    app = await startTestApp({ env: cloudEnv(fake) });
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [{ id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: '0612000001' } }],
      children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }],
    });
    // Amina writes first: the window is open, so no template is needed.
    await fromParent(app, cloudText({ phoneNumberId: CLOUD.phoneNumberId, from: AMINA, text: 'Salam' }), AMINA);
    await waitFor(async () => fake.sent(AMINA)[0], 10_000, 'the answer to her hello');

    const { eventId } = await postMeeting(app, { classes: ['C1'] });
    await waitSettled(app, eventId);
    const invitation = fake.sent(AMINA).at(-1)!;
    expect(invitation.type).toBe('interactive');
    const buttons = (invitation.body as { interactive: { type: string; action: { buttons: Array<{ reply: { id: string; title: string } }> } } }).interactive;
    expect(buttons.type).toBe('button');
    expect(buttons.action.buttons.map((b) => b.reply.id)).toEqual([`r.yes.${eventId}`, `r.no.${eventId}`, `r.maybe.${eventId}`]);

    await fromParent(app, cloudText({ phoneNumberId: CLOUD.phoneNumberId, from: AMINA, text: "sorry I can't come, I work late that day", contextId: invitation.id }), AMINA);
    await waitFor(async () => (await getEvent(app!, eventId)).rsvp?.no === 1, 10_000, 'the typed no counted');
    expect((await rowOf(app, eventId, 'g1'))?.rsvpFrom).toMatch(/can't come/);

    const before = fake.sent(AMINA).length;
    const res = await app.app.inject({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'survey', survey: { id: 'involvement' }, audience: { guardians: ['g1'] }, respectQuietHours: false } });
    expect(res.statusCode, res.body).toBe(202);
    const surveyId = res.json().eventId as string;
    const q1 = await waitFor(async () => fake.sent(AMINA).slice(before).find((m) => m.type === 'interactive'), 10_000, 'the first question');
    const list = (q1.body as { interactive: { type: string; action: { button: string; sections: Array<{ rows: Array<{ id: string; title: string }> }> } } }).interactive;
    expect(list.type).toBe('list');
    expect(list.action.button).toBe('Choose');
    const rows = list.action.sections.flatMap((s) => s.rows);
    expect(rows.slice(0, 6).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6].map((v) => `s.${v}.0.${surveyId}`));
    expect(rows).toHaveLength(7);
    for (const r of rows) expect(r.title.length).toBeLessThanOrEqual(24);

    await fromParent(app, cloudListReply({ phoneNumberId: CLOUD.phoneNumberId, from: AMINA, rowId: `s.5.0.${surveyId}`, title: rows[4]!.title, contextId: q1.id }), AMINA);
    const answer = await waitFor(async () => {
      const r = await app!.runtime.ctx.stores.surveys.response('s1', 'involvement', surveyId, 'g1');
      return r?.answers.role_part ? r : undefined;
    }, 10_000, 'the list answer stored');
    expect(answer.answers.role_part).toMatchObject({ v: 5, ch: 'whatsapp' });
    const q2 = await waitFor(async () => fake.sent(AMINA).slice(before).filter((m) => m.type === 'interactive')[1], 10_000, 'the second question');
    expect(JSON.stringify(q2.body)).toContain(`s.1.1.${surveyId}`);
    expect(fake.stats.nonTemplateFirstContacts).toBe(0);
  });

  it('when the tier of new people is used up, says so before sending; families with another channel take it, the others wait on their row', async () => {
    fake.approveTemplate({ name: 'meeting_invitation', language: 'en', bodyParameters: 5, quickReplies: 3 });
    app = await startTestApp({ env: cloudEnv(fake) });
    await putTemplates(app, [MEETING_TEMPLATE]);
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [
        { id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: '0612000001', simulator: 'sim-cloud-g1' }, channelOrder: ['whatsapp', 'simulator'] },
        { id: 'g3', name: 'Sara', locale: 'en', channels: { whatsapp: '0612000003' } },
      ],
      children: [
        { id: 'c1', name: 'Ali', classId: 'C1', guardianIds: ['g1'] },
        { id: 'c3', name: 'Hind', classId: 'C1', guardianIds: ['g3'] },
      ],
    });
    // 250 other parents were invited by template in the last 24 hours: the tier (250) is used up.
    for (let i = 0; i < 250; i++) await app.runtime.ctx.stores.pacer.takeNewRecipient('whatsapp', CLOUD.id, `2126990${String(i).padStart(5, '0')}@c.us`, 250);

    const reach = await app.app.inject({ method: 'POST', url: '/v1/events/reach', headers: auth(), payload: { audience: { classes: ['C1'] }, kind: 'meeting' } });
    expect(reach.statusCode, reach.body).toBe(200);
    expect(reach.json()).toMatchObject({ families: 2, channels: { whatsapp: 2 }, tiers: [{ accountId: CLOUD.id, tier: 250, used: 250, needed: 2, today: 0, elsewhere: 1, waiting: 1 }] });

    const { eventId } = await postMeeting(app, { classes: ['C1'] });
    const rows = await waitFor(async () => {
      const all = await deliveries(app!, eventId);
      return all.get('g1')?.status === 'delivered' && all.get('g3')?.reason === 'tier_limit' ? all : undefined;
    }, 15_000, 'one family moved, one waiting');
    expect(rows.get('g1')).toMatchObject({ channel: 'simulator' });
    expect(rows.get('g3')).toMatchObject({ status: 'queued', channel: 'whatsapp', reason: 'tier_limit' });
    expect(Date.parse(rows.get('g3')!.dueAt!)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(fake.sent()).toEqual([]);

    const numbers = (await app.app.inject({ method: 'GET', url: '/v1/school/whatsapp-templates', headers: auth() })).json().numbers;
    expect(numbers).toEqual([expect.objectContaining({ accountId: CLOUD.id, tier: 250, used: 250, remaining: 0 })]);
  });

  it('numbers of one business portfolio share its tier: new people another number started count here too', async () => {
    fake.approveTemplate({ name: 'meeting_invitation', language: 'en', bodyParameters: 5, quickReplies: 3 });
    // This school's number and another school's, both in portfolio bm-42 with its 250 tier.
    const other = { id: 'cloud-other', phoneNumberId: '109000000000009', accessToken: 'EAAGe2eOtherSystemUserToken012345', appSecret: 'e2e-other-app-secret-0123456789ab', verifyToken: 'e2e-other-verify', schools: ['s9'], portfolio: 'bm-42', pairIntervalMs: 0 };
    const env = cloudEnv(fake, { portfolio: 'bm-42', schools: ['s1'] });
    env.WHATSAPP_CLOUD_NUMBERS = JSON.stringify([...JSON.parse(env.WHATSAPP_CLOUD_NUMBERS!), other]);
    app = await startTestApp({ env });
    await putTemplates(app, [MEETING_TEMPLATE]);
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [
        { id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: '0612000001' } },
        { id: 'g3', name: 'Sara', locale: 'en', channels: { whatsapp: '0612000003' } },
      ],
      children: [
        { id: 'c1', name: 'Ali', classId: 'C1', guardianIds: ['g1'] },
        { id: 'c3', name: 'Hind', classId: 'C1', guardianIds: ['g3'] },
      ],
    });
    // The other school's number started 249 conversations in the last 24 hours, counted as its sends count them.
    const otherAccount = app.runtime.ctx.channels.accounts.find((a) => a.adapter.accountId === other.id)!;
    for (let i = 0; i < 249; i++) await app.runtime.ctx.stores.pacer.takeNewRecipient('whatsapp', tierCounter(otherAccount.adapter), `2126990${String(i).padStart(5, '0')}@c.us`, 250);

    const reach = await app.app.inject({ method: 'POST', url: '/v1/events/reach', headers: auth(), payload: { audience: { classes: ['C1'] }, kind: 'meeting' } });
    expect(reach.json()).toMatchObject({ families: 2, tiers: [{ accountId: CLOUD.id, tier: 250, used: 249, needed: 2, today: 1, waiting: 1 }] });
    const { eventId } = await postMeeting(app, { classes: ['C1'] });
    const rows = await waitFor(async () => {
      const all = await deliveries(app!, eventId);
      return [...all.values()].filter((r) => r.reason === 'tier_limit').length === 1 && [...all.values()].some((r) => r.status === 'sent' || r.status === 'delivered') ? all : undefined;
    }, 15_000, 'one family reached, one waiting for the portfolio’s tier');
    expect([...rows.values()].map((r) => r.status).sort()).toEqual(['queued', 'sent']);
    expect(fake.sent()).toHaveLength(1);
    const numbers = (await app.app.inject({ method: 'GET', url: '/v1/school/whatsapp-templates', headers: auth() })).json().numbers;
    expect(numbers).toEqual([expect.objectContaining({ accountId: CLOUD.id, tier: 250, used: 250, remaining: 0, tierShared: 'bm-42' })]);
  });

  it('a refused token stops the account (shown on /readyz) and keeps the invitation queued; a failed status moves a family to their next channel', async () => {
    fake.approveTemplate({ name: 'meeting_invitation', language: 'en', bodyParameters: 5, quickReplies: 3 });
    app = await startTestApp({ env: cloudEnv(fake) });
    await putTemplates(app, [MEETING_TEMPLATE]);
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '5B', grade: 5 }],
      guardians: [
        { id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: '0612000001', simulator: 'sim-cloud-g1' }, channelOrder: ['whatsapp', 'simulator'] },
        { id: 'g3', name: 'Sara', locale: 'en', channels: { whatsapp: '0612000003' } },
      ],
      children: [
        { id: 'c1', name: 'Ali', classId: 'C1', guardianIds: ['g1'] },
        { id: 'c3', name: 'Hind', classId: 'C2', guardianIds: ['g3'] },
      ],
    });
    // The platform accepts Amina's invitation, then reports it undeliverable (131026).
    const first = await postMeeting(app, { classes: ['C1'] });
    await waitSettled(app, first.eventId);
    const sent = fake.sent(AMINA)[0]!;
    await postCloud(app, cloudStatus({ phoneNumberId: CLOUD.phoneNumberId, messageId: sent.id, status: 'failed', recipientId: AMINA, errors: [cloudStatusError(131026)] }));
    const moved = await waitFor(async () => {
      const row = await rowOf(app!, first.eventId, 'g1');
      return row?.channel === 'simulator' && row.status === 'delivered' ? row : undefined;
    }, 10_000, 'the next channel after the failed status');
    expect(moved.status).toBe('delivered');
    expect((await app.app.inject({ method: 'GET', url: '/v1/guardians/g1', headers: auth() })).json().unreachable).toHaveProperty('whatsapp');

    // The token is revoked: the account stops, the invitation waits.
    fake.failNext(CLOUD.phoneNumberId, { status: 401, code: 190, message: 'Error validating access token: Session has expired' });
    const second = await postMeeting(app, { classes: ['C2'] });
    const health = await waitFor(async () => {
      const res = await app!.app.inject({ method: 'GET', url: '/readyz' });
      const channels = res.json().channels as Array<{ accountId: string; ready: boolean; detail: string }>;
      return channels.find((c) => c.accountId === CLOUD.id && !c.ready);
    }, 10_000, 'the refused account on /readyz');
    expect(health.detail).toMatch(/190/);
    expect(health.detail).not.toContain(CLOUD.accessToken);
    expect(await rowOf(app, second.eventId, 'g3')).toMatchObject({ status: 'queued', channel: 'whatsapp' });
  });

  it("keeps a parent's voice note from the Cloud API in the school's inbox, the bytes fetched with the token", async () => {
    app = await startTestApp({ env: cloudEnv(fake) });
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [{ id: 'g1', name: 'Amina', locale: 'en', channels: { whatsapp: '0612000001' } }],
      children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['g1'] }],
    });
    const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(700, 3)]);
    const mediaId = fake.storeMedia(OGG, 'audio/ogg; codecs=opus');
    await fromParent(app, cloudMedia({ phoneNumberId: CLOUD.phoneNumberId, from: AMINA, kind: 'voice', mediaId }), AMINA);
    const note = await waitFor(async () => {
      const items = (await app!.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items as Array<{ media: { url: string; kind: string } | null }>;
      return items.find((i) => i.media);
    }, 15_000, 'the voice note in the inbox');
    expect(note.media).toMatchObject({ kind: 'voice' });
    const file = await app.app.inject({ method: 'GET', url: note.media!.url, headers: auth() });
    expect(file.rawPayload.equals(OGG)).toBe(true);
  });

  it('answers the subscription handshake, and refuses a forged or unsigned webhook with nothing queued', async () => {
    app = await startTestApp({ env: cloudEnv(fake) });
    const hello = await app.app.inject({ method: 'GET', url: `/webhooks/whatsapp-cloud/${CLOUD.id}`, query: { 'hub.mode': 'subscribe', 'hub.verify_token': CLOUD.verifyToken, 'hub.challenge': '1158201444' } });
    expect(hello.statusCode).toBe(200);
    expect(hello.body).toBe('1158201444');
    const wrong = await app.app.inject({ method: 'GET', url: `/webhooks/whatsapp-cloud/${CLOUD.id}`, query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' } });
    expect(wrong.statusCode).toBe(403);

    const body = cloudText({ phoneNumberId: CLOUD.phoneNumberId, from: AMINA, text: 'STOP' });
    const forged = await postCloud(app, body, { signature: `sha256=${'0'.repeat(64)}` });
    expect(forged.statusCode).toBe(403);
    const unsigned = await postCloud(app, body, { signature: null });
    expect(unsigned.statusCode).toBe(401);
    const counts = await app.runtime.ctx.queues.inbound.getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(fake.sent()).toEqual([]);
  });
});
