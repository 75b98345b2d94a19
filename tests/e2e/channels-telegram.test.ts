/**
 * Telegram end to end against the local fake Bot API: a 429 is waited out (retry_after) without
 * spending an attempt, a 403 (blocked) moves the invitation to the guardian's next channel and
 * keeps later ones off Telegram, and join links (polling mode, START with the code) link a chat
 * once, welcoming the guardian in their own language.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-api.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { startUpdate } from '../fakes/telegram-updates.js';
import { FakeWhatsAppClient } from '../fakes/whatsapp-client.js';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { deliveries, getGuardian, importRoster, joinLinks, postMeeting, waitLinked, waitSettled } from './helpers/api.js';
import { BOT, messengerEnv, PAGE, telegramEnv, WA, whatsappEnv, whatsappSessions } from './helpers/channels.js';
import { timeCalls, watchJobs, type TimedCall } from './helpers/observe.js';
import { inChat } from './helpers/webhooks.js';

let tg: FakeTelegram;
let graph: FakeGraph;
let calls: TimedCall[];
let app: TestApp | undefined;

beforeAll(async () => {
  [tg, graph] = await Promise.all([startFakeTelegram(), startFakeGraph()]);
  calls = timeCalls(tg);
});

beforeEach(() => tg.reset());

afterEach(async () => {
  await app?.close();
  app = undefined;
});

afterAll(async () => {
  await Promise.all([tg?.close(), graph?.close()]);
});

const sendsTo = (chatId: string) => calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === chatId);

function oneGuardian(guardian: object) {
  return { classes: [{ id: 'C1', name: '5A', grade: 5 }], guardians: [guardian], children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: [(guardian as { id: string }).id] }], teachers: [] };
}

describe('Telegram 429', () => {
  it('waits retry_after (2 s), then delivers exactly once, and the rate limit spends no attempt', async () => {
    // One attempt only: had the 429 spent it, the invitation would have failed.
    app = await startTestApp({ env: { ...telegramEnv(tg), OUTBOUND_ATTEMPTS: '1' } });
    const chat = '5560001';
    await importRoster(app, oneGuardian({ id: 'g1', name: 'Amina', locale: 'en', channels: { telegram: chat } }));
    tg.failNext(1, { error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } }, 'sendMessage');

    const queue = app.runtime.ctx.queues.outbound('telegram', BOT.id);
    const { eventId } = await postMeeting(app, { guardians: ['g1'] });
    const watch = watchJobs(queue, (data) => (data as { eventId?: string }).eventId === eventId);
    const settled = await waitSettled(app, eventId);
    await watch.stop();

    expect(settled.counts).toMatchObject({ delivered: 1, failed: 0, queued: 0 });
    expect(tg.sentTo(chat)).toHaveLength(1);
    const sends = sendsTo(chat);
    expect(sends).toHaveLength(2); // the 429, then the one that went through
    const gapMs = sends[1]!.at - sends[0]!.at;
    expect(gapMs).toBeGreaterThanOrEqual(1800);
    expect(gapMs).toBeLessThan(6000);
    // BullMQ held the job back in the queue after the 429 with no attempt counted.
    expect(watch.seenWaitingAfterStart).toBeGreaterThan(0);
    expect(watch.maxAttemptsMade).toBe(0);
    expect((await queue.getJobCounts('failed')).failed).toBe(0);
    expect((await deliveries(app, eventId)).get('g1')).toMatchObject({ channel: 'telegram', status: 'delivered' });
  });
});

describe('Telegram 403 (the parent blocked the bot)', () => {
  it('delivers on the next channel, marks Telegram unreachable, and sends the next event straight to the simulator', async () => {
    app = await startTestApp({ env: telegramEnv(tg) });
    const chat = '5560002';
    const sim = 'sim-e2e-blocked-g1';
    tg.blockChat(chat);
    await importRoster(app, oneGuardian({ id: 'g1', name: 'Amina', locale: 'en', channels: { telegram: chat, simulator: sim }, channelOrder: ['telegram', 'simulator'] }));

    const first = await postMeeting(app, { guardians: ['g1'] });
    const settled = await waitSettled(app, first.eventId);
    expect(settled.counts).toMatchObject({ delivered: 1, failed: 0, skipped: 0 });
    expect((await deliveries(app, first.eventId)).get('g1')).toMatchObject({ channel: 'simulator', status: 'delivered' });
    expect(sendsTo(chat)).toHaveLength(1); // the 403
    expect(tg.sentTo(chat)).toEqual([]);
    const guardian = await getGuardian(app, 'g1');
    expect(Date.parse(guardian.unreachable?.telegram ?? '')).toBeGreaterThan(0);
    expect(guardian.unreachable?.simulator).toBeUndefined();

    const second = await postMeeting(app, { guardians: ['g1'] });
    await waitSettled(app, second.eventId);
    expect((await deliveries(app, second.eventId)).get('g1')).toMatchObject({ channel: 'simulator', status: 'delivered' });
    expect(sendsTo(chat)).toHaveLength(1); // Telegram was not tried again
    expect(await app.runtime.ctx.stores.simulator.transcript('s1', sim)).toHaveLength(2);
  });
});

describe('join links', () => {
  it('lists one link per channel; START with the code links the chat once and welcomes the guardian in their language; a used or unknown code links nothing', async () => {
    app = await startTestApp({
      env: { ...telegramEnv(tg, 'polling'), ...messengerEnv(graph), ...whatsappEnv() },
      whatsappClients: whatsappSessions(new FakeWhatsAppClient()),
      sleep: async () => {},
    });
    await importRoster(app, {
      classes: [{ id: 'C1', name: '5A', grade: 5 }],
      guardians: [
        { id: 'gA', name: 'فاطمة', locale: 'ar', channels: { simulator: 'sim-e2e-join-gA' } },
        { id: 'gE', name: 'John', locale: 'en', channels: { simulator: 'sim-e2e-join-gE' } },
      ],
      children: [{ id: 'c1', name: 'Sara', classId: 'C1', guardianIds: ['gA', 'gE'] }],
      teachers: [],
    });

    const links = await joinLinks(app, 'gA');
    const by = Object.fromEntries(links.map((l) => [l.platform, l]));
    expect(Object.keys(by).sort()).toEqual(['messenger', 'telegram', 'whatsapp']);
    expect(by.telegram!.url).toBe(`https://t.me/${BOT.username}?start=${by.telegram!.code}`);
    expect(by.messenger!.url).toBe(`https://m.me/${PAGE.pageName}?ref=${by.messenger!.code}`);
    expect(by.whatsapp!.url).toBe(`https://wa.me/${WA.number}?text=JOIN%20${by.whatsapp!.code}`);
    expect(new Set(links.map((l) => l.code)).size).toBe(3); // a code per platform
    for (const l of links) expect(l.linked).toBe(false);
    // Asking again gives the same, still unused, codes.
    expect((await joinLinks(app, 'gA')).map((l) => l.url)).toEqual(links.map((l) => l.url));

    // The Arabic guardian presses START in a Telegram app set to English: the welcome is still Arabic.
    const code = by.telegram!.code;
    tg.queueUpdate(inChat(startUpdate(code, 812300001), 5560010, 'en'));
    const linked = await waitLinked(app, 'gA', 'telegram');
    expect(linked.channels.telegram).toBe('5560010');
    const welcomeAr = t('ar', 'join.welcome', { name: 'فاطمة', school: '', named: 'no' });
    await waitFor(async () => tg.sentTo('5560010').length > 0, 10_000, 'the welcome');
    expect(tg.sentTo('5560010')).toEqual([welcomeAr]);
    expect(welcomeAr).toMatch(/^مرحبًا بكم/);
    expect((await joinLinks(app, 'gA')).find((l) => l.platform === 'telegram')?.linked).toBe(true);

    // The English guardian gets an English welcome.
    const codeE = (await joinLinks(app, 'gE')).find((l) => l.platform === 'telegram')!.code;
    tg.queueUpdate(inChat(startUpdate(codeE, 812300002), 5560013, 'ar'));
    await waitLinked(app, 'gE', 'telegram');
    await waitFor(async () => tg.sentTo('5560013').length > 0, 10_000, 'the English welcome');
    expect(tg.sentTo('5560013')).toEqual([t('en', 'join.welcome', { name: 'John', school: '', named: 'no' })]);

    // The same code from another chat, and a code nobody was given: a polite refusal, nothing linked.
    tg.queueUpdate(inChat(startUpdate(code, 812300003), 5560011, 'en'));
    tg.queueUpdate(inChat(startUpdate('zzzzzzzzzz', 812300004), 5560012, 'ar'));
    await waitFor(async () => tg.sentTo('5560011').length > 0 && tg.sentTo('5560012').length > 0, 10_000, 'the refusals');
    expect(tg.sentTo('5560011')).toEqual([t('en', 'join.invalid')]);
    expect(tg.sentTo('5560011')[0]).toContain('not valid or was already used');
    expect(tg.sentTo('5560012')).toEqual([t('ar', 'join.invalid')]);
    expect(tg.sentTo('5560012')[0]).toContain('غير صالح');
    const roster = app.runtime.ctx.stores.roster;
    expect(await roster.ownersOf('telegram', '5560011')).toEqual([]);
    expect(await roster.ownersOf('telegram', '5560012')).toEqual([]);
    expect(await roster.ownersOf('telegram', '5560010')).toEqual([{ schoolId: 's1', kind: 'guardian', id: 'gA' }]);
    const after = await getGuardian(app, 'gA');
    expect(after.channels.telegram).toBe('5560010');
    expect(after.linked?.telegram).toBe(linked.linked?.telegram);
    expect(tg.sentTo('5560010')).toHaveLength(1); // the first chat got nothing more
  });
});
