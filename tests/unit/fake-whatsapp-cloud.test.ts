/**
 * The fake WhatsApp Cloud API itself, over real HTTP: if it does not refuse what Meta refuses,
 * tests of the adapter against it prove nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsAppCloud } from '../fakes/whatsapp-cloud-api.js';
import { cloudMedia, cloudStatusError, cloudText, cloudWebhook, cloudButtonReply, signedCloudPost, type CloudWebhookBody } from '../fakes/whatsapp-cloud-webhook.js';

let clock = new Date('2026-11-23T10:00:00Z');
const fake = await startFakeWhatsAppCloud({ now: () => clock });
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  clock = new Date('2026-11-23T10:00:00Z');
});

const NUMBER = '106540352242922';
const TOKEN = 'EAAGfakeCloudToken0123456789';
const PARENT = '212600000001';
fake.addNumber({ phoneNumberId: NUMBER, accessToken: TOKEN });
fake.approveTemplate({ name: 'school_invitation', language: 'ar', bodyParameters: 2, quickReplies: 2 });

interface GraphAnswer {
  status: number;
  json: {
    messages?: Array<{ id: string }>;
    contacts?: Array<{ input: string; wa_id: string }>;
    error?: { code: number; type: string; message: string; error_subcode?: number; error_data?: { details: string }; fbtrace_id: string };
  };
}

async function post(body: unknown, o: { number?: string; token?: string | null } = {}): Promise<GraphAnswer> {
  const token = o.token === undefined ? TOKEN : o.token;
  const res = await fetch(`${fake.base}/${o.number ?? NUMBER}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as GraphAnswer['json'] };
}

const text = (to: string, body = 'Reminder: meeting on Monday') => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
const buttons = (to: string, titles: string[]) => ({
  messaging_product: 'whatsapp',
  to,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'هل ستحضرون؟' }, action: { buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: `RSVP_${i}:inv_1`, title } })) } },
});
const template = (to: string, params: string[], o: { name?: string; language?: string; button?: string } = {}) => ({
  messaging_product: 'whatsapp',
  to,
  type: 'template',
  template: {
    name: o.name ?? 'school_invitation',
    language: { policy: 'deterministic', code: o.language ?? 'ar' },
    components: [
      { type: 'body', parameters: params.map((p) => ({ type: 'text', text: p })) },
      { type: 'button', sub_type: 'quick_reply', index: o.button ?? '0', parameters: [{ type: 'payload', payload: 'RSVP_YES:inv_1' }] },
    ],
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('messages: body and token', () => {
  it('accepts a text inside the window, answers like Meta and records it', async () => {
    fake.userWrote(NUMBER, PARENT);
    const answer = await post(text(PARENT, 'مرحبا'));
    expect(answer.status).toBe(200);
    expect(answer.json.contacts).toEqual([{ input: PARENT, wa_id: PARENT }]);
    const id = answer.json.messages?.[0]?.id;
    expect(id).toMatch(/^wamid\.HBgM/);
    expect(fake.sent(PARENT)).toEqual([{ id, phoneNumberId: NUMBER, to: PARENT, type: 'text', body: text(PARENT, 'مرحبا'), at: clock }]);
    expect(fake.stats.accepted).toBe(1);
  });

  it('refuses a bad or missing token with 401 / 190 and no error_data', async () => {
    for (const token of ['EAAGwrong', null]) {
      const answer = await post(text(PARENT), { token });
      expect(answer.status).toBe(401);
      expect(answer.json.error).toMatchObject({ code: 190, type: 'OAuthException' });
      expect(answer.json.error?.fbtrace_id).toBeTruthy();
      expect(answer.json.error?.error_data).toBeUndefined();
    }
  });

  it('refuses an unknown phone number id with 100 / 33', async () => {
    const answer = await post(text(PARENT), { number: '999999999' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it.each([
    ['4 reply buttons', buttons(PARENT, ['a', 'b', 'c', 'd']), 'interactive.action.buttons'],
    ['a 21-character button title', buttons(PARENT, ['x'.repeat(21)]), 'interactive.action.buttons[0].reply.title'],
    ['two buttons with one title', buttons(PARENT, ['نعم', 'نعم']), 'interactive.action.buttons[1].reply.title'],
    ['a short `to`', text('2126'), 'to'],
    ['no messaging_product', { ...text(PARENT), messaging_product: undefined }, 'messaging_product'],
    ['a caption on audio', { messaging_product: 'whatsapp', to: PARENT, type: 'audio', audio: { id: '1', caption: 'no' } }, 'audio'],
    ['an empty text', text(PARENT, ''), 'text.body'],
  ])('refuses %s with 400 / 100 naming the path', async (_what, body, path) => {
    fake.userWrote(NUMBER, PARENT);
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter', error_data: { messaging_product: 'whatsapp' } });
    expect(answer.json.error?.error_data?.details).toContain(`Param ${path}`);
    expect(fake.sent()).toEqual([]);
  });

  it('takes a text with no `type`, as Meta does (it defaults to text)', async () => {
    fake.userWrote(NUMBER, PARENT);
    expect((await post({ messaging_product: 'whatsapp', to: PARENT, text: { body: 'hi' } })).status).toBe(200);
    expect(fake.sent(PARENT)[0]?.type).toBe('text');
  });

  it('counts an emoji button title as one character and takes 3 buttons of 20', async () => {
    fake.userWrote(NUMBER, PARENT);
    expect((await post(buttons(PARENT, ['👍'.repeat(20), 'y'.repeat(20), 'نعم']))).status).toBe(200);
  });

  it('takes a list of 10 rows and refuses 11 across sections', async () => {
    fake.userWrote(NUMBER, PARENT);
    const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `row_${from + i}`, title: `Option ${from + i}` }));
    const list = (sections: object[]) => ({ messaging_product: 'whatsapp', to: PARENT, type: 'interactive', interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Choose', sections } } });
    expect((await post(list([{ title: 'A', rows: rows(5) }, { title: 'B', rows: rows(5, 5) }]))).status).toBe(200);
    const tooMany = await post(list([{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5, 6) }]));
    expect(tooMany.json.error?.error_data?.details).toContain('Param interactive.action.sections');
  });
});

describe('messages: Meta rules', () => {
  it('refuses a text to a parent who never wrote with 131047, and after 24 h', async () => {
    const never = await post(text(PARENT));
    expect(never.status).toBe(400);
    expect(never.json.error).toMatchObject({ code: 131047, error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } });
    fake.userWrote(NUMBER, PARENT, new Date(clock.getTime() - 24 * 3600_000 + 1000));
    expect((await post(text(PARENT))).status).toBe(200);
    clock = new Date(clock.getTime() + 1000);
    expect((await post(text(PARENT))).json.error?.code).toBe(131047);
    expect(fake.stats.nonTemplateFirstContacts).toBe(2);
  });

  it('accepts an approved template outside the window', async () => {
    const answer = await post(template(PARENT, ['أحمد', 'الاثنين'], { button: '1' }));
    expect(answer.status).toBe(200);
    expect(fake.sent(PARENT).map((m) => m.type)).toEqual(['template']);
  });

  it.each([
    ['too few body parameters', template(PARENT, ['أحمد']), 132000],
    ['a quick reply the template lacks', template(PARENT, ['أحمد', 'الاثنين'], { button: '2' }), 132000],
    ['an unknown template', template(PARENT, ['a', 'b'], { name: 'nope' }), 132001],
    ['an unknown language', template(PARENT, ['a', 'b'], { language: 'en' }), 132001],
    ['a new line in a parameter', template(PARENT, ['أحمد\nسارة', 'الاثنين']), 132018],
  ])('refuses %s', async (_what, body, code) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error?.code).toBe(code);
    expect(fake.sent()).toEqual([]);
  });

  it('refuses an undeliverable wa_id with 131026, even in the window', async () => {
    fake.userWrote(NUMBER, PARENT);
    fake.undeliverable(PARENT);
    expect((await post(text(PARENT))).json.error).toMatchObject({ code: 131026, message: '(#131026) Message undeliverable' });
  });

  it('answers queued failures first, in order, one per send', async () => {
    fake.userWrote(NUMBER, PARENT);
    fake.failNext(NUMBER, { code: 131000 });
    fake.failNext(NUMBER, { code: 80007, details: 'WABA limit' });
    const first = await post(text(PARENT));
    const second = await post(text(PARENT));
    expect([first.status, first.json.error?.code]).toEqual([500, 131000]);
    expect([second.status, second.json.error?.code, second.json.error?.error_data?.details]).toEqual([400, 80007, 'WABA limit']);
    expect((await post(text(PARENT))).status).toBe(200);
  });

  it('refuses more than maxPerSecond in a second with 130429, and accepts again a second later', async () => {
    fake.addNumber({ phoneNumberId: '200', accessToken: 'EAAGslow', maxPerSecond: 5 });
    const parents = Array.from({ length: 6 }, (_, i) => `21260000010${i}`);
    for (const p of parents) fake.userWrote('200', p);
    const answers = await Promise.all(parents.map((p) => post(text(p), { number: '200', token: 'EAAGslow' })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const refused = answers.find((a) => a.status !== 200);
    expect(refused?.json.error).toMatchObject({ code: 130429, error_data: { details: 'Cloud API message throughput has been reached' } });
    expect(fake.stats.overLimit).toBe(1);
    await sleep(1010);
    expect((await post(text(parents[0] ?? ''), { number: '200', token: 'EAAGslow' })).status).toBe(200);
    expect(fake.stats.maxInAnySecond['200']).toBe(5);
  });

  it('refuses a second message to one parent within pairIntervalMs with 131056', async () => {
    fake.addNumber({ phoneNumberId: '300', accessToken: 'EAAGpair', pairIntervalMs: 150 });
    fake.userWrote('300', PARENT);
    fake.userWrote('300', '212600000002');
    const send = (to: string) => post(text(to), { number: '300', token: 'EAAGpair' });
    expect((await send(PARENT)).status).toBe(200);
    expect((await send(PARENT)).json.error?.code).toBe(131056);
    expect((await send('212600000002')).status).toBe(200);
    await sleep(160);
    expect((await send(PARENT)).status).toBe(200);
    expect(fake.stats.pairRateHits).toBe(1);
  });
});

describe('media', () => {
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('uploads, describes and serves a file with the token, and refuses without it', async () => {
    const bytes = Buffer.from('OggS fake voice note');
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', 'audio/ogg');
    form.append('file', new Blob([bytes], { type: 'audio/ogg' }), 'voice.ogg');
    const up = await fetch(`${fake.base}/${NUMBER}/media`, { method: 'POST', headers: auth, body: form });
    const { id } = (await up.json()) as { id: string };
    expect(up.status).toBe(200);
    expect(fake.media(id)?.bytes).toEqual(bytes);

    const info = (await (await fetch(`${fake.base}/${id}`, { headers: auth })).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'audio/ogg', file_size: bytes.length, id, url: `${fake.origin}/media-download/${id}` });
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);

    const file = await fetch(String(info.url), { headers: auth });
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'audio/ogg']);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);
    expect((await fetch(String(info.url))).status).toBe(401);
    expect((await fetch(`${fake.base}/${id}`)).status).toBe(401);
  });

  it('serves a stored inbound file and answers 404 / 100 for an unknown id', async () => {
    const id = fake.storeMedia(Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg');
    expect((await fetch(`${fake.base}/${id}`, { headers: auth })).status).toBe(200);
    const missing = await fetch(`${fake.base}/42`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as GraphAnswer['json']).error?.code).toBe(100);
  });

  it('refuses an upload of an unsupported type', async () => {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', 'application/x-msdownload');
    form.append('file', new Blob([Buffer.from('MZ')]), 'x.exe');
    const up = await fetch(`${fake.base}/${NUMBER}/media`, { method: 'POST', headers: auth, body: form });
    expect(up.status).toBe(400);
  });
});

describe('status webhooks', () => {
  const SECRET = 'cloud_app_secret';
  const received: Array<{ raw: Buffer; headers: IncomingHttpHeaders }> = [];
  let receiver: Server;
  let url = '';

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), headers: req.headers });
        res.writeHead(req.url === '/refuse' ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    fake.addNumber({ phoneNumberId: '400', accessToken: 'EAAGhook', webhook: { url: `${url}/hook`, appSecret: SECRET, statuses: ['sent', 'delivered', 'read'] } });
    fake.addNumber({ phoneNumberId: '401', accessToken: 'EAAGdown', webhook: { url: `${url}/refuse`, appSecret: SECRET } });
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
  afterEach(() => void (received.length = 0));

  const verified = (r: { raw: Buffer; headers: IncomingHttpHeaders }) => {
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`);
    const got = Buffer.from(String(r.headers['x-hub-signature-256']));
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
  const bodyAt = (i: number) => JSON.parse(received[i]?.raw.toString('utf8') ?? '{}') as CloudWebhookBody;
  const statusAt = (i: number) => bodyAt(i).entry?.[0]?.changes[0]?.value.statuses?.[0];

  it('posts sent, delivered, read in order, signed over the raw bytes, in Meta’s shape', async () => {
    fake.userWrote('400', PARENT);
    const answer = await post(text(PARENT, 'نعم'), { number: '400', token: 'EAAGhook' });
    const id = answer.json.messages?.[0]?.id;
    await fake.flushWebhooks();
    expect(received).toHaveLength(3);
    expect(received.every(verified)).toBe(true);
    expect(received.map((_, i) => statusAt(i)?.status)).toEqual(['sent', 'delivered', 'read']);
    expect(bodyAt(0)).toMatchObject({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '400' } } }] }] });
    expect(statusAt(0)).toMatchObject({ id, recipient_id: PARENT, timestamp: String(clock.getTime() / 1000) });
    expect(fake.stats.webhooksSent).toBe(3);
  });

  it('posts a failed status on demand, and one for a media id it does not know', async () => {
    const answer = await post(template(PARENT, ['a', 'b']), { number: '400', token: 'EAAGhook' });
    await fake.flushWebhooks();
    received.length = 0;
    await fake.emitStatus('400', answer.json.messages?.[0]?.id ?? '', 'failed', [cloudStatusError(131026)]);
    expect(statusAt(0)).toMatchObject({ status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] });
    fake.userWrote('400', PARENT);
    await post({ messaging_product: 'whatsapp', to: PARENT, type: 'image', image: { id: '123' } }, { number: '400', token: 'EAAGhook' });
    await fake.flushWebhooks();
    expect(statusAt(1)).toMatchObject({ status: 'failed', errors: [{ code: 131053 }] });
  });

  it('counts a refused webhook POST instead of throwing', async () => {
    fake.userWrote('401', PARENT);
    expect((await post(text(PARENT), { number: '401', token: 'EAAGdown' })).status).toBe(200);
    await fake.flushWebhooks();
    expect(fake.stats.webhookErrors).toBe(2);
    expect(fake.webhookFailures[0]).toContain('answered 500');
  });
});

describe('webhook builders', () => {
  it('builds an inbound text with a string timestamp and signs it like Meta', () => {
    const body = cloudText({ phoneNumberId: NUMBER, from: PARENT, text: 'نعم', name: 'Amina', contextId: 'wamid.HBgMours' });
    const message = body.entry[0]?.changes[0]?.value.messages?.[0];
    expect(message).toMatchObject({ from: PARENT, type: 'text', text: { body: 'نعم' }, timestamp: '1764000000', context: { id: 'wamid.HBgMours' } });
    expect(body.entry[0]?.changes[0]?.value.contacts).toEqual([{ profile: { name: 'Amina' }, wa_id: PARENT }]);
    const { payload, headers } = signedCloudPost(body, 'secret');
    expect(payload).toContain('\\u0646');
    expect(headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 'secret').update(payload).digest('hex')}`);
    expect(signedCloudPost(body, 'secret', { signature: null }).headers['x-hub-signature-256']).toBeUndefined();
  });

  it('builds a voice note and combines several changes in one POST', () => {
    const voice = cloudMedia({ phoneNumberId: NUMBER, from: PARENT, kind: 'voice', mediaId: '77' });
    expect(voice.entry[0]?.changes[0]?.value.messages?.[0]).toMatchObject({ type: 'audio', audio: { id: '77', mime_type: 'audio/ogg; codecs=opus', voice: true } });
    const tap = cloudButtonReply({ phoneNumberId: NUMBER, from: PARENT, buttonId: 'RSVP_YES:inv_1', title: 'نعم' });
    const both = cloudWebhook([voice, tap]);
    expect(both.entry[0]?.changes.map((c) => c.value.messages?.[0]?.type)).toEqual(['audio', 'interactive']);
    expect(new Set([voice, tap].map((b) => b.entry[0]?.changes[0]?.value.messages?.[0]?.id)).size).toBe(2);
  });
});
