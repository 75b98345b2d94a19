/**
 * The Cloud API adapter's send and media download, over real HTTP against the local fake Cloud
 * API (tests/fakes/whatsapp-cloud-api.ts), which refuses what Meta refuses.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createWhatsAppCloudAdapter, mapCloudError, whatsappCloudAccountSchema, type WhatsAppCloudAccount } from '../../adapters/whatsapp-cloud/index.js';
import type { Choice, Locale, SendContext, TemplateMessage } from '../../src/core/index.js';
import { ChannelError, channelErrorInfo, PermanentError, RateLimitedError, TransientError } from '../../src/core/index.js';
import { questionChoices } from '../../src/domain/conversation/messages.js';
import { startFakeWhatsAppCloud, type SentCloudMessage } from '../fakes/whatsapp-cloud-api.js';

const fake = await startFakeWhatsAppCloud();
afterAll(() => fake.close());

const NOW = new Date('2026-11-23T10:00:00Z');
const NUMBER = '106540352242922';
const TOKEN = 'EAAGunitCloudToken0123456789abcdef';
const PARENT = '212600000001';
const ADDRESS = `${PARENT}@c.us`;
fake.addNumber({ phoneNumberId: NUMBER, accessToken: TOKEN });
fake.approveTemplate({ name: 'school_meeting', language: 'fr', bodyParameters: 2, quickReplies: 3 });

const account = whatsappCloudAccountSchema.parse({ id: 'casa', phoneNumberId: NUMBER, accessToken: TOKEN, appSecret: 'unit-app-secret-0123456', verifyToken: 'unit-verify' });

/** Every wait the adapter asked for, in order; no real time passes. */
const waits: number[] = [];
const sleep = async (ms: number) => void waits.push(ms);
const cloudAdapter = (a: WhatsAppCloudAccount = account, graphBase = fake.base, extra: { fetch?: typeof fetch } = {}) =>
  createWhatsAppCloudAdapter(a, { graphBase, now: () => NOW, sleep, ...extra });
const adapter = cloudAdapter();

beforeEach(() => {
  fake.reset();
  waits.length = 0;
});

const inWindow: SendContext = { address: ADDRESS, schoolId: 's1', idempotencyKey: 'k', withinWindow: true };
const outside: SendContext = { ...inWindow, withinWindow: false };
const wrote = () => fake.userWrote(NUMBER, PARENT);
const plan = (text: string, choices?: Choice[], locale: Locale = 'fr') => adapter.plan({ text, locale, ...(choices ? { choices } : {}) });
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const meetingTemplate: TemplateMessage = {
  name: 'school_meeting',
  language: 'fr',
  parameters: ['Sara', 'mardi 13 octobre 2026'],
  quickReplies: ['r.yes.ev1', 'r.no.ev1', 'r.maybe.ev1'],
};
const rsvp: Choice[] = [
  { id: 'r.yes.ev1', label: 'Oui' },
  { id: 'r.no.ev1', label: 'Non' },
  { id: 'r.maybe.ev1', label: 'Peut-être' },
];
const chars = (s: string) => [...s].length;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The title is the label's start, cut where a grapheme ends (never inside an emoji or a letter and its mark). */
function expectCutOnGrapheme(label: string, title: string): void {
  expect(label.startsWith(title)).toBe(true);
  const ends = new Set([0, ...[...graphemes.segment(label)].map((s) => s.index + s.segment.length)]);
  expect(ends.has(title.length)).toBe(true);
}

function interactive(m: SentCloudMessage | undefined) {
  if (m?.body.type !== 'interactive') throw new Error(`expected an interactive message, got ${m?.body.type}`);
  return m.body.interactive;
}

function buttonsOf(m: SentCloudMessage | undefined) {
  const i = interactive(m);
  if (i.type !== 'button') throw new Error(`expected reply buttons, got ${i.type}`);
  return i.action.buttons;
}

function listOf(m: SentCloudMessage | undefined) {
  const i = interactive(m);
  if (i.type !== 'list') throw new Error(`expected a list, got ${i.type}`);
  return i.action;
}

function texts(sent: SentCloudMessage[]): string[] {
  return sent.map((m) => (m.body.type === 'text' ? m.body.text.body : m.body.type === 'interactive' ? m.body.interactive.body.text : `[${m.body.type}]`));
}

describe('inside the 24-hour window', () => {
  it('sends a text in the Cloud API’s shape, to the number of a roster address, and names the message', async () => {
    wrote();
    const result = await adapter.send(plan('Réunion lundi à 17 h.'), inWindow);
    const sent = fake.sent(PARENT);
    expect(sent.map((m) => m.body)).toEqual([{ messaging_product: 'whatsapp', recipient_type: 'individual', to: PARENT, type: 'text', text: { body: 'Réunion lundi à 17 h.', preview_url: false } }]);
    expect(result).toEqual({ platformMessageId: sent[0]?.id, sentAt: NOW });
    expect(waits).toEqual([]);
  });

  it.each([PARENT, `+${PARENT}`])('takes the bare number %s as an address too', async (address) => {
    wrote();
    await adapter.send(plan('Bonjour'), { ...inWindow, address });
    expect(fake.sent(PARENT)).toHaveLength(1);
  });

  it('shows up to three choices as reply buttons with their ids', async () => {
    wrote();
    await adapter.send(plan('Serez-vous présents ?', rsvp), inWindow);
    expect(interactive(fake.sent(PARENT)[0])).toEqual({
      type: 'button',
      body: { text: 'Serez-vous présents ?' },
      action: { buttons: rsvp.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.label } })) },
    });
  });

  it('cuts long button titles to 20 characters on grapheme boundaries', async () => {
    wrote();
    const choices = [
      { id: 'r.yes.ev1', label: 'نعم، سأحضر بكل سرور إن شاء الله' },
      { id: 'r.no.ev1', label: `${'a'.repeat(19)}e\u0301 (accent)` },
      { id: 'r.maybe.ev1', label: 'Peut-être bien 👨‍👩‍👧 en famille' },
    ];
    await adapter.send(plan('هل ستحضرون؟', choices, 'ar'), inWindow);
    const titles = buttonsOf(fake.sent(PARENT)[0]).map((b) => b.reply.title);
    expect(titles).toHaveLength(3);
    choices.forEach((c, i) => {
      const title = titles[i] ?? '';
      expect(chars(title)).toBeGreaterThan(0);
      expect(chars(title)).toBeLessThanOrEqual(20);
      expectCutOnGrapheme(c.label, title);
    });
    // Not 'a…ae' without its accent, and not half a family.
    expect(titles[1]).toBe('a'.repeat(19));
    expect(titles[2]).toBe('Peut-être bien');
  });

  it('keeps button titles unique when two labels cut alike (Meta refuses repeated titles)', async () => {
    wrote();
    const choices = [
      { id: 'r.yes.ev1', label: 'Oui, je serai présent avec mon fils' },
      { id: 'r.yes2.ev1', label: 'Oui, je serai présent avec ma fille' },
      { id: 'r.no.ev1', label: 'Non' },
    ];
    const result = await adapter.send(plan('Serez-vous présents ?', choices), inWindow);
    expect(result.platformMessageId).toBeTruthy();
    const buttons = buttonsOf(fake.sent(PARENT)[0]);
    const titles = buttons.map((b) => b.reply.title);
    expect(new Set(titles).size).toBe(3);
    for (const t of titles) expect(chars(t)).toBeLessThanOrEqual(20);
    expect(buttons.map((b) => b.reply.id)).toEqual(['r.yes.ev1', 'r.yes2.ev1', 'r.no.ev1']);
  });

  it.each([
    ['ar', 'اختر'],
    ['en', 'Choose'],
    ['fr', 'Choisir'],
  ] as const)('shows a survey question’s six points and Skip as one list, its button in %s', async (locale, button) => {
    wrote();
    const survey = { id: 'sv1', title: { [locale]: 'Q' }, scale: 'frequency' as const, questions: [{ id: 'q1', text: { [locale]: 'Q1' }, subscale: 'role' }] };
    const choices = questionChoices(survey, 0, 'ev2', locale);
    expect(choices).toHaveLength(7);
    await adapter.send(plan('Question 1 sur 1', choices, locale), inWindow);
    const list = listOf(fake.sent(PARENT)[0]);
    expect(list.button).toBe(button);
    const rows = list.sections.flatMap((s) => s.rows);
    expect(rows.length).toBeLessThanOrEqual(10);
    expect(rows.map((r) => r.id)).toEqual(choices.map((c) => c.id));
    rows.forEach((r, i) => {
      expect(chars(r.title)).toBeGreaterThan(0);
      expect(chars(r.title)).toBeLessThanOrEqual(24);
      expectCutOnGrapheme(choices[i]?.label ?? '', r.title);
    });
  });

  it('sends a long text with choices in order: plain parts ≤ 4096, the part with the choices ≤ 1024, spaced by the pair interval', async () => {
    wrote();
    const paragraph = (n: number) => `Paragraphe ${n}. ${'Les parents sont invités à la réunion du trimestre. '.repeat(12)}`;
    const text = Array.from({ length: 14 }, (_, i) => paragraph(i + 1)).join('\n\n');
    expect(text.length).toBeGreaterThan(8000);
    const planned = plan(text, rsvp);
    const result = await adapter.send(planned, inWindow);
    const sent = fake.sent(PARENT);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(texts(sent)).toEqual(planned.parts);
    expect(sent.map((m) => m.type)).toEqual([...Array<string>(sent.length - 1).fill('text'), 'interactive']);
    for (const m of sent.slice(0, -1)) expect(m.body.type === 'text' && chars(m.body.text.body)).toBeLessThanOrEqual(4096);
    expect(chars(interactive(sent.at(-1)).body.text)).toBeLessThanOrEqual(1024);
    // Nothing lost: every paragraph arrives, in order.
    expect(texts(sent).join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
    expect(waits).toEqual(Array<number>(sent.length - 1).fill(6000));
    expect(result.platformMessageId).toBe(sent.at(-1)?.id);
  });

  it('spaces the parts so that a number enforcing the pair rate accepts them all', async () => {
    const PACED = '106540352240001';
    fake.addNumber({ phoneNumberId: PACED, accessToken: TOKEN, pairIntervalMs: 40 });
    fake.userWrote(PACED, PARENT);
    const realWaits: number[] = [];
    const paced = createWhatsAppCloudAdapter(
      { ...account, phoneNumberId: PACED, pairIntervalMs: 60 },
      { graphBase: fake.base, now: () => NOW, sleep: (ms) => new Promise((r) => setTimeout(() => r(void realWaits.push(ms)), ms)) },
    );
    const text = `${'Premier paragraphe assez long. '.repeat(40)}\n\n${'Deuxième paragraphe. '.repeat(20)}`;
    const planned = paced.plan({ text, locale: 'fr', choices: rsvp });
    expect(planned.parts.length).toBeGreaterThanOrEqual(2);
    await paced.send(planned, inWindow);
    expect(fake.stats.pairRateHits).toBe(0);
    expect(fake.sent(PARENT)).toHaveLength(planned.parts.length);
    expect(realWaits).toEqual(Array<number>(planned.parts.length - 1).fill(60));
  });
});

describe('outside the 24-hour window', () => {
  it('sends the school’s template with its body parameters and a quick-reply payload per button', async () => {
    const result = await adapter.send(plan('Réunion mardi', rsvp), { ...outside, template: meetingTemplate });
    const sent = fake.sent(PARENT);
    expect(sent.map((m) => m.body)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: PARENT,
        type: 'template',
        template: {
          name: 'school_meeting',
          language: { policy: 'deterministic', code: 'fr' },
          components: [
            { type: 'body', parameters: [{ type: 'text', text: 'Sara' }, { type: 'text', text: 'mardi 13 octobre 2026' }] },
            { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'r.yes.ev1' }] },
            { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'r.no.ev1' }] },
            { type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: 'r.maybe.ev1' }] },
          ],
        },
      },
    ]);
    expect(result).toEqual({ platformMessageId: sent[0]?.id, sentAt: NOW, asTemplate: true });
  });

  it('sends the template alone: no file, no free-form part', async () => {
    const media = { id: 'note1', kind: 'voice' as const, contentType: 'audio/ogg', size: 4, bytes: Buffer.from('OggS') };
    const long = plan(`${'Un long message. '.repeat(400)}`, rsvp);
    expect(long.parts.length).toBeGreaterThan(1);
    const result = await adapter.send(long, { ...outside, template: meetingTemplate, media });
    expect(fake.sent().map((m) => m.type)).toEqual(['template']);
    expect(result).not.toHaveProperty('fileMessageId');
  });

  it('treats an unknown window as closed', async () => {
    const { withinWindow: _unknown, ...noWindow } = inWindow;
    expect(await adapter.send(plan('Bonjour'), { ...noWindow, template: meetingTemplate })).toMatchObject({ asTemplate: true });
  });

  it('refuses without a template, sending nothing', async () => {
    const err = await failure(adapter.send(plan('Bonjour'), outside));
    expect(err).toBeInstanceOf(PermanentError);
    expect(channelErrorInfo(err)?.code).toBe('no_template');
    expect(fake.stats.requests).toBe(0);
  });
});

describe('when the platform’s window had closed though ours was open (131047)', () => {
  it('resends at once as the template', async () => {
    const result = await adapter.send(plan('Serez-vous présents ?', rsvp), { ...inWindow, template: meetingTemplate });
    expect(fake.stats.nonTemplateFirstContacts).toBe(1);
    expect(fake.sent().map((m) => m.type)).toEqual(['template']);
    expect(result).toEqual({ platformMessageId: fake.sent()[0]?.id, sentAt: NOW, asTemplate: true });
    expect(waits).toEqual([]);
  });

  it('resends as the template when the file was refused too', async () => {
    const media = { id: 'note1', kind: 'voice' as const, contentType: 'audio/ogg', size: 4, bytes: Buffer.from('OggS') };
    const result = await adapter.send(plan('Écoutez le message'), { ...inWindow, template: meetingTemplate, media });
    expect(fake.sent().map((m) => m.type)).toEqual(['template']);
    expect(result).toMatchObject({ asTemplate: true });
    expect(result).not.toHaveProperty('fileMessageId');
  });

  it('without a template fails as no_template: the school has none for a platform that wants one', async () => {
    const err = await failure(adapter.send(plan('Bonjour'), inWindow));
    expect(err).toBeInstanceOf(PermanentError);
    expect(channelErrorInfo(err)?.code).toBe('no_template');
    expect(fake.sent()).toEqual([]);
    expect(fake.stats.requests).toBe(1);
  });
});

describe('errors', () => {
  it('turns 130429 into a rate-limited error with a pause', async () => {
    wrote();
    fake.failNext(NUMBER, { code: 130429 });
    const err = await failure(adapter.send(plan('Bonjour'), inWindow));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(channelErrorInfo(err)?.code).toBe('rate_limited');
    expect(channelErrorInfo(err)?.retryAfterMs).toBeGreaterThan(0);
  });

  it('turns the number’s real throughput limit into a rate-limited error', async () => {
    const SLOW = '106540352240002';
    fake.addNumber({ phoneNumberId: SLOW, accessToken: TOKEN, maxPerSecond: 1 });
    fake.userWrote(SLOW, PARENT);
    const slow = cloudAdapter({ ...account, phoneNumberId: SLOW, maxPerSecond: 1 });
    await slow.send(plan('un'), inWindow);
    const err = await failure(slow.send(plan('deux'), inWindow));
    expect(channelErrorInfo(err)).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(fake.stats.overLimit).toBe(1);
  });

  it('turns 131026 into unreachable, not retried', async () => {
    wrote();
    fake.undeliverable(PARENT);
    const err = await failure(adapter.send(plan('Bonjour'), inWindow));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err).toMatchObject({ code: 'unreachable', retryable: false });
  });

  it('turns a bad token (190) into auth', async () => {
    wrote();
    const wrong = cloudAdapter({ ...account, accessToken: 'EAAGwrongButLongEnough0123456789' });
    const err = await failure(wrong.send(plan('Bonjour'), inWindow));
    expect(channelErrorInfo(err)?.code).toBe('auth');
    expect(JSON.stringify(describeError(err))).not.toContain('EAAGwrong');
  });

  it('waits the pair interval once on 131056 and succeeds when the second try is taken', async () => {
    wrote();
    fake.failNext(NUMBER, { code: 131056 });
    const result = await adapter.send(plan('Bonjour'), inWindow);
    expect(waits).toEqual([6000]);
    expect(fake.stats.requests).toBe(2);
    expect(result.platformMessageId).toBe(fake.sent(PARENT)[0]?.id);
  });

  it('waits at least a second on 131056 even when the account spaces nothing', async () => {
    wrote();
    fake.failNext(NUMBER, { code: 131056 });
    await cloudAdapter({ ...account, pairIntervalMs: 0 }).send(plan('Bonjour'), inWindow);
    expect(waits).toEqual([1000]);
  });

  it('gives up after a second 131056 with a transient error, leaving the retry to the job', async () => {
    wrote();
    fake.failNext(NUMBER, { code: 131056 });
    fake.failNext(NUMBER, { code: 131056 });
    const err = await failure(adapter.send(plan('Bonjour'), inWindow));
    expect(err).toBeInstanceOf(TransientError);
    expect(channelErrorInfo(err)?.code).toBe('transient');
    expect(waits).toEqual([6000]);
    expect(fake.stats.requests).toBe(2);
    expect(fake.sent()).toEqual([]);
  });

  it.each([
    ['131000 (HTTP 500)', { code: 131000 }],
    ['a plain HTTP 503', { code: 1200, status: 503 }],
    ['HTTP 500 with code 2', { code: 2, status: 500 }],
  ])('turns %s into transient', async (_name, fail) => {
    wrote();
    fake.failNext(NUMBER, fail);
    expect(channelErrorInfo(await failure(adapter.send(plan('Bonjour'), inWindow)))?.code).toBe('transient');
  });

  it('turns a template the number has not had approved (132001) into no_template', async () => {
    const err = await failure(adapter.send(plan('Bonjour'), { ...outside, template: { ...meetingTemplate, name: 'school_meeting_v9' } }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(channelErrorInfo(err)?.code).toBe('no_template');
  });

  it('turns a template given other parameters (132000) into no_template', async () => {
    const err = await failure(adapter.send(plan('Bonjour'), { ...outside, template: { ...meetingTemplate, parameters: ['Sara'] } }));
    expect(channelErrorInfo(err)?.code).toBe('no_template');
  });

  it('turns a network failure into a transient error that hides the URL and token', async () => {
    const refused = cloudAdapter(account, `http://127.0.0.1:${await closedPort()}/v25.0`);
    const err = await failure(refused.send(plan('Bonjour'), inWindow));
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toHaveProperty('message', expect.stringMatching(/ECONNREFUSED/));
    const shown = JSON.stringify(describeError(err));
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain('127.0.0.1');
    expect(shown).not.toContain(PARENT);
  });

  it('turns a timeout into a transient error', async () => {
    const hanging = createWhatsAppCloudAdapter(account, { graphBase: fake.base, now: () => NOW, sleep, timeoutMs: 50, fetch: hangUntilAborted });
    const err = await failure(hanging.send(plan('Bonjour'), inWindow));
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toHaveProperty('message', expect.stringContaining('no answer within 50 ms'));
  });

  it('never puts the access token or the parent’s number in an error message or cause', async () => {
    const echo = `token ${TOKEN} for +${PARENT} (${PARENT}) via ${NUMBER}`;
    const fails = [{ code: 130429 }, { code: 131000 }, { code: 131026 }, { code: 190 }, { code: 100 }, { code: 131056 }, { code: 132001 }];
    for (const fail of fails) {
      fake.reset();
      wrote();
      fake.failNext(NUMBER, { ...fail, message: `(#${fail.code}) ${echo}`, details: echo });
      fake.failNext(NUMBER, { ...fail, message: `(#${fail.code}) ${echo}`, details: echo });
      const err = await failure(adapter.send(plan('Bonjour'), inWindow));
      expect(err).toBeInstanceOf(ChannelError);
      const shown = JSON.stringify(describeError(err));
      expect(shown, `code ${fail.code}`).not.toContain(TOKEN);
      expect(shown, `code ${fail.code}`).not.toContain(PARENT);
      expect(shown, `code ${fail.code}`).toContain(String(fail.code));
    }
  });

  it('maps answers that are not Graph errors by their HTTP status', () => {
    expect(mapCloudError(502, undefined)).toMatchObject({ code: 'transient' });
    expect(mapCloudError(429, 'slow down')).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(mapCloudError(200, { messaging_product: 'whatsapp' })).toMatchObject({ code: 'permanent' });
    expect(mapCloudError(400, { error: { code: 131021, message: 'Recipient cannot be sender' } })).toMatchObject({ code: 'invalid_address' });
    expect(mapCloudError(400, { error: { code: 131049 } })).toMatchObject({ code: 'tier_limit' });
    expect(mapCloudError(400, { error: { code: 131047 } })).toMatchObject({ code: 'outside_window' });
  });

  it.each(['abc', '123@lid', `${PARENT}@lid`, `${PARENT}@g.us`, '2126', ''])('refuses the address %j as invalid_address, without calling the API', async (address) => {
    wrote();
    const err = await failure(adapter.send(plan('Bonjour'), { ...inWindow, address }));
    expect(channelErrorInfo(err)?.code).toBe('invalid_address');
    expect(fake.stats.requests).toBe(0);
  });
});

describe('files', () => {
  const bytes = (s: string) => Buffer.from(s);

  it('uploads a voice note, sends it by its media id, then the text', async () => {
    wrote();
    const voice = bytes('OggS\u0000voice-note');
    const result = await adapter.send(plan('Message de la maîtresse'), { ...inWindow, media: { id: 'note1', kind: 'voice', contentType: 'audio/ogg', size: voice.length, bytes: voice } });
    const sent = fake.sent(PARENT);
    expect(sent.map((m) => m.type)).toEqual(['audio', 'text']);
    const audio = sent[0]?.body.type === 'audio' ? sent[0].body.audio : undefined;
    expect(audio).toEqual({ id: expect.any(String) });
    const uploaded = fake.media(audio?.id ?? '');
    expect(uploaded?.bytes.equals(voice)).toBe(true);
    expect(uploaded?.mimeType).toBe('audio/ogg');
    expect(result).toEqual({ platformMessageId: sent[1]?.id, fileMessageId: sent[0]?.id, sentAt: NOW });
    expect(waits).toEqual([6000]);
  });

  it('sends a photo as an image', async () => {
    wrote();
    const photo = bytes('\u00ff\u00d8\u00ffphoto');
    await adapter.send(plan('La sortie'), { ...inWindow, media: { id: 'p1', kind: 'photo', contentType: 'image/jpeg', size: photo.length, bytes: photo } });
    const [first] = fake.sent(PARENT);
    expect(first?.body).toMatchObject({ type: 'image', image: { id: expect.any(String) } });
    expect(first?.body.type === 'image' && fake.media(first.body.image.id ?? '')?.bytes.equals(photo)).toBe(true);
  });

  it('sends a document with its file name', async () => {
    wrote();
    const pdf = bytes('%PDF-1.7 bulletin');
    await adapter.send(plan('Le bulletin du trimestre'), { ...inWindow, media: { id: 'd1', kind: 'document', contentType: 'application/pdf', size: pdf.length, fileName: 'bulletin-T1.pdf', bytes: pdf } });
    const [first] = fake.sent(PARENT);
    expect(first?.body).toMatchObject({ type: 'document', document: { id: expect.any(String), filename: 'bulletin-T1.pdf' } });
    expect(first?.body.type === 'document' && fake.media(first.body.document.id ?? '')?.mimeType).toBe('application/pdf');
  });

  it('sends nothing when the upload is refused', async () => {
    wrote();
    const odd = bytes('not a supported file');
    const err = await failure(adapter.send(plan('Voir la pièce jointe'), { ...inWindow, media: { id: 'x1', kind: 'document', contentType: 'application/zip', size: odd.length, bytes: odd } }));
    expect(err).toBeInstanceOf(ChannelError);
    expect(fake.sent()).toEqual([]);
  });
});

describe('fetchMedia', () => {
  it('downloads a parent’s voice note by its media id, with the base content type', async () => {
    const note = Buffer.from('OggS\u0000\u0001parent-voice');
    const ref = fake.storeMedia(note, 'audio/ogg; codecs=opus');
    const file = await adapter.fetchMedia?.({ kind: 'voice', ref, contentType: 'audio/ogg; codecs=opus' });
    expect(file?.bytes.equals(note)).toBe(true);
    expect(file?.contentType).toBe('audio/ogg');
  });

  it('keeps a document’s file name', async () => {
    const ref = fake.storeMedia(Buffer.from('%PDF-1.4'), 'application/pdf');
    expect(await adapter.fetchMedia?.({ kind: 'document', ref, contentType: 'application/pdf', fileName: 'certificat.pdf' })).toMatchObject({ contentType: 'application/pdf', fileName: 'certificat.pdf' });
  });

  it('fails with a channel error for a media id Meta does not know', async () => {
    const err = await failure(adapter.fetchMedia?.({ kind: 'voice', ref: '1999999999999999', contentType: 'audio/ogg' }) ?? Promise.resolve());
    expect(err).toBeInstanceOf(ChannelError);
    expect(channelErrorInfo(err)?.code).toBeDefined();
  });

  it('refuses a ref that is not a media id without asking', async () => {
    const calls: string[] = [];
    const watched = cloudAdapter(account, fake.base, { fetch: (url, init) => (calls.push(String(url)), fetch(url, init)) });
    const err = await failure(watched.fetchMedia?.({ kind: 'voice', ref: '../../me/accounts', contentType: 'audio/ogg' }) ?? Promise.resolve());
    expect(channelErrorInfo(err)?.code).toBe('permanent');
    expect(calls).toEqual([]);
  });

  it('fails as auth with a wrong token', async () => {
    const ref = fake.storeMedia(Buffer.from('OggS'), 'audio/ogg');
    const wrong = cloudAdapter({ ...account, accessToken: 'EAAGwrongButLongEnough0123456789' });
    expect(channelErrorInfo(await failure(wrong.fetchMedia?.({ kind: 'voice', ref }) ?? Promise.resolve()))?.code).toBe('auth');
  });

  it('sends the token only as a Bearer header, never in a URL or a body', async () => {
    const calls: Array<{ url: string; authorization: string | null; body: string }> = [];
    const watched = cloudAdapter(account, fake.base, {
      fetch: (url, init) => {
        const body = typeof init?.body === 'string' ? init.body : '';
        calls.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization'), body });
        return fetch(url, init);
      },
    });
    wrote();
    const ref = fake.storeMedia(Buffer.from('OggS'), 'audio/ogg');
    await watched.fetchMedia?.({ kind: 'voice', ref });
    const voice = Buffer.from('OggS-out');
    await watched.send(plan('Bonjour'), { ...inWindow, media: { id: 'n1', kind: 'voice', contentType: 'audio/ogg', size: voice.length, bytes: voice } });
    // Metadata, download, upload, the file, the text.
    expect(calls).toHaveLength(5);
    expect(calls.some((c) => c.url.startsWith(`${fake.origin}/media-download/`))).toBe(true);
    for (const c of calls) {
      expect(c.authorization).toBe(`Bearer ${TOKEN}`);
      expect(c.url).not.toContain(TOKEN);
      expect(c.body).not.toContain(TOKEN);
    }
  });
});

/** What a logger would print: message, stack and cause. */
function describeError(err: unknown): unknown {
  return err instanceof Error ? { message: err.message, stack: err.stack, cause: err.cause } : err;
}

/** A port nothing listens on: connecting is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fetch that never answers until the adapter's timeout aborts it. */
function hangUntilAborted(_url: string | URL | Request, init?: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
}
