/**
 * `POST /v1/events/preview`: the message parents will read, per language of the audience and per
 * channel they will get it on, drawn the way each channel carries its choices (Telegram buttons,
 * Messenger quick replies, the Cloud API's reply buttons or list, the simulator's buttons), with
 * a survey's first question in it. Against the local fakes, which must receive nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-api.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.js';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../fakes/whatsapp-cloud-api.js';
import { createPerson } from '../../src/services/people.js';
import { auth, startTestApp, type TestApp } from '../helpers/app.js';
import { importRoster } from './helpers/api.js';
import { messengerEnv, telegramEnv } from './helpers/channels.js';
import { cloudEnv } from './helpers/cloud.js';

let tg: FakeTelegram;
let graph: FakeGraph;
let cloud: FakeWhatsAppCloud;
let app: TestApp | undefined;

beforeAll(async () => {
  [tg, graph, cloud] = await Promise.all([startFakeTelegram(), startFakeGraph(), startFakeWhatsAppCloud()]);
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => Promise.all([tg?.close(), graph?.close(), cloud?.close()]));

const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: [
    { id: 'gT1', name: 'فاطمة', locale: 'ar', channels: { telegram: '555000001' } },
    { id: 'gT2', name: 'خديجة', locale: 'ar', channels: { telegram: '555000002' } },
    { id: 'gW', name: 'Hassan', locale: 'ar', channels: { whatsapp: '0612000009' } },
    { id: 'gM', name: 'Amina', locale: 'en', channels: { messenger: '7100000000000009' } },
    { id: 'gS', name: 'John', locale: 'en', channels: { simulator: 'sim-preview-john' } },
    { id: 'gF', name: 'Claire', locale: 'fr', channels: { whatsapp: '0612000010' } },
    { id: 'gX', name: 'Nobody', locale: 'fr', channels: {} },
  ],
  children: [
    { id: 'c1', name: 'Yassine', classId: 'C1', guardianIds: ['gT1'] },
    { id: 'c2', name: 'Salma', classId: 'C1', guardianIds: ['gT2', 'gW'] },
    { id: 'c3', name: 'Sara', classId: 'C1', guardianIds: ['gM'] },
    { id: 'c4', name: 'Tom', classId: 'C1', guardianIds: ['gS'] },
    { id: 'c5', name: 'Léa', classId: 'C1', guardianIds: ['gF', 'gX'] },
  ],
};

interface ChannelView { platform: string; kind: string; families: number; parts: string[]; choices: Array<{ id: string; label: string }>; choiceUi: string }
interface PreviewView { families: number; unreachable: number; byLanguage: Array<{ locale: string; families: number; channels: ChannelView[] }> }

async function preview(t: TestApp, payload: object): Promise<PreviewView> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/events/preview', headers: auth(), payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const channelOf = (p: PreviewView, locale: string, kind: string) => p.byLanguage.find((l) => l.locale === locale)?.channels.find((c) => c.kind === kind);

describe('POST /v1/events/preview', () => {
  it('shows each language with its families, each channel with its choices as that channel draws them, and sends nothing', async () => {
    app = await startTestApp({ env: { ...telegramEnv(tg), ...messengerEnv(graph), ...cloudEnv(cloud) } });
    await app.app.inject({ method: 'PATCH', url: '/v1/school', headers: auth(), payload: { name: 'École Al Amal' } });
    await importRoster(app, roster);
    const before = { tg: tg.received.length, graph: graph.requests, cloud: cloud.sent().length };

    const meeting = await preview(app, { kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', place: 'Salle 3', audience: { classes: ['C1'] }, rsvp: true, respectQuietHours: false });
    expect(meeting.families).toBe(7);
    expect(meeting.unreachable).toBe(1);
    expect(meeting.byLanguage.map((l) => [l.locale, l.families])).toEqual([['ar', 3], ['en', 2], ['fr', 2]]);

    const telegram = channelOf(meeting, 'ar', 'telegram')!;
    expect(telegram).toMatchObject({ platform: 'telegram', families: 2, choiceUi: 'buttons' });
    expect(telegram.choices).toHaveLength(3);
    // The first family's first child, the date spelled out in the family's language.
    expect(telegram.parts.join('\n')).toContain('Yassine');
    expect(telegram.parts.join('\n')).toContain('14 دجنبر 2027');
    // Outside the 24 h window the Cloud API takes only the school's template: the preview says so.
    expect(channelOf(meeting, 'ar', 'whatsapp-cloud')).toMatchObject({ platform: 'whatsapp', families: 1, choiceUi: 'buttons', templateOutsideWindow: true });
    expect(telegram).not.toHaveProperty('templateOutsideWindow');
    const messenger = channelOf(meeting, 'en', 'messenger')!;
    expect(messenger).toMatchObject({ families: 1, choiceUi: 'quick_replies' });
    expect(messenger.parts.join('\n')).toContain('Sara');
    expect(messenger.parts.join('\n')).toContain('14 December 2027');
    expect(channelOf(meeting, 'en', 'simulator')).toMatchObject({ families: 1, choiceUi: 'buttons' });
    expect(channelOf(meeting, 'fr', 'whatsapp-cloud')!.parts.join('\n')).toContain('décembre');

    // A survey: its first question ends the message, its six points and Skip as choices —
    // more than the Cloud API's three reply buttons, so a list there.
    const survey = await preview(app, { kind: 'survey', survey: { id: 'involvement' }, audience: { classes: ['C1'] }, respectQuietHours: false });
    const surveyTelegram = channelOf(survey, 'ar', 'telegram')!;
    expect(surveyTelegram.choices.length).toBeGreaterThan(3);
    expect(surveyTelegram.choiceUi).toBe('buttons');
    expect(channelOf(survey, 'ar', 'whatsapp-cloud')).toMatchObject({ choiceUi: 'list' });
    expect(channelOf(survey, 'en', 'messenger')).toMatchObject({ choiceUi: 'quick_replies' });
    const firstQuestion = await firstQuestionText(app, 'en');
    expect(channelOf(survey, 'en', 'messenger')!.parts.join('\n')).toContain(firstQuestion);

    // Nothing stored, nothing sent.
    expect({ tg: tg.received.length, graph: graph.requests, cloud: cloud.sent().length }).toEqual(before);
    const events = await app.app.inject({ method: 'GET', url: '/v1/events', headers: auth() });
    expect(events.json().items).toEqual([]);
  });

  it('limits a teacher to their own classes, as POST /v1/events does', async () => {
    app = await startTestApp();
    await importRoster(app, { ...roster, classes: [...roster.classes, { id: 'C2', name: '6B', grade: 6 }], teachers: [{ id: 't1', name: 'Nadia', classIds: ['C1'], channels: { simulator: 'sim-preview-t1' } }] });
    const { ctx } = app.runtime;
    const teacher = await createPerson(ctx, 's1', { name: 'Nadia', login: 'nadia-preview', role: 'teacher', teacherId: 't1' }, 'test');
    const { token, session } = await ctx.stores.auth.createSession('s1', teacher.id, new Date(), 3600, 3600);
    const headers = { cookie: `sb_session=${token}`, 'x-csrf-token': session.csrf };
    const body = (classes: string[]) => ({ kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', audience: { classes }, rsvp: true });
    const own = await app.app.inject({ method: 'POST', url: '/v1/events/preview', headers, payload: body(['C1']) });
    expect(own.statusCode, own.body).toBe(200);
    const other = await app.app.inject({ method: 'POST', url: '/v1/events/preview', headers, payload: body(['C2']) });
    expect(other.statusCode).toBe(403);
  });

  it('refuses what POST /v1/events refuses: an unknown class, a survey not defined', async () => {
    app = await startTestApp();
    await importRoster(app, roster);
    const unknownClass = await app.app.inject({ method: 'POST', url: '/v1/events/preview', headers: auth(), payload: { kind: 'meeting', startsAt: '2027-12-14T17:00:00+01:00', audience: { classes: ['NOPE'] }, rsvp: true } });
    expect(unknownClass.statusCode).toBe(400);
    expect(unknownClass.json().error.code).toBe('unknown_audience');
    const unknownSurvey = await app.app.inject({ method: 'POST', url: '/v1/events/preview', headers: auth(), payload: { kind: 'survey', survey: { id: 'nope' }, audience: { classes: ['C1'] } } });
    expect(unknownSurvey.statusCode).toBe(400);
    expect(unknownSurvey.json().error.code).toBe('unknown_survey');
  });
});

/** The survey's first question as the API gives it. */
async function firstQuestionText(t: TestApp, locale: 'en'): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/v1/surveys/involvement', headers: auth() });
  expect(res.statusCode, res.body).toBe(200);
  const q = res.json().questions[0];
  return (q.text?.[locale] ?? q.text) as string;
}
