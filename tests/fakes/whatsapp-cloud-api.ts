/**
 * A local WhatsApp Business Cloud API (Graph) speaking Meta's wire format (shared/PLATFORMS.md
 * §3b), for running our real adapter against: `POST /<version>/<phoneNumberId>/messages` with a
 * bearer token, checked as Meta does (whatsapp-cloud-rules.ts), then the rules an adapter must
 * live with, in this order: injected failures, 80 mps throughput (130429), undeliverable
 * recipients (131026), the 24-hour customer service window (131047), approved templates
 * (132000/132001, and 132018 for a new line or tab in a parameter) and the pair rate (131056).
 * Media: uploads, metadata and token-guarded downloads. Accepted messages can be followed by
 * signed status webhooks, posted in order without delaying the send's answer.
 * Two clocks: `now` (default real time) for the 24-hour window and timestamps, so a test can
 * jump a day; `rateClockMs` (default real monotonic time) for throughput and pair rate, which a
 * client paces in real time.
 */
import { readBody, reply, type FakeAnswer } from './http.js';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isMultipart, parseMultipart } from './multipart.js';
import { checkTemplate, checkUpload, cloudRefusal, mediaIdOf, noSuchObject, unauthorized, validateSend } from './whatsapp-cloud-rules.js';
import type { ApprovedTemplate, CloudFailure, CloudSendBody } from './whatsapp-cloud-rules.js';
import { cloudStatus, cloudStatusError, FAKE_DISPLAY_PHONE_NUMBER, FAKE_WABA_ID, nextWamid, webhookQueue } from './whatsapp-cloud-webhook.js';
import type { CloudStatusError, CloudStatusKind } from './whatsapp-cloud-webhook.js';

export type { ApprovedTemplate, CloudFailure, CloudSendBody } from './whatsapp-cloud-rules.js';

export interface CloudNumber {
  phoneNumberId: string;
  /** The bearer token this number's sends must carry. */
  accessToken: string;
  /** Accepted messages allowed in any rolling 1000 ms. @defaultValue 80 */
  maxPerSecond?: number;
  /** Least time between two accepted messages to one wa_id; 0 does not enforce it. @defaultValue 0 */
  pairIntervalMs?: number;
  displayPhoneNumber?: string;
  wabaId?: string;
  /** Where status webhooks go. @defaultValue statuses ['sent', 'delivered'] */
  webhook?: { url: string; appSecret: string; statuses?: Array<'sent' | 'delivered' | 'read'> };
}

export interface SentCloudMessage {
  id: string;
  phoneNumberId: string;
  to: string;
  type: CloudSendBody['type'];
  body: CloudSendBody;
  /** By the fake's `now`. */
  at: Date;
}

export interface StoredMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  /** Hex, as the media metadata carries it. */
  sha256: string;
}

export interface CloudStats {
  /** Every POST to a messages endpoint, answered or refused. */
  requests: number;
  accepted: number;
  /** 130429 answers. */
  overLimit: number;
  /** 131047 answers: free-form messages outside the 24-hour window. */
  nonTemplateFirstContacts: number;
  /** 131056 answers. */
  pairRateHits: number;
  webhooksSent: number;
  webhookErrors: number;
  /** Per phone number id: the most accepted messages in any rolling 1000 ms. */
  maxInAnySecond: Record<string, number>;
}

export interface FakeWhatsAppCloud {
  /** `http://127.0.0.1:<port>/<version>`: what GRAPH_API_BASE holds. */
  readonly base: string;
  /** `http://127.0.0.1:<port>`: where media downloads are served. */
  readonly origin: string;
  readonly stats: CloudStats;
  /** Why each failed webhook POST failed, oldest first. */
  readonly webhookFailures: readonly string[];
  addNumber(n: CloudNumber): void;
  /** The next send to this number fails this way (FIFO, one per send that passes auth and validation). */
  failNext(phoneNumberId: string, failure: CloudFailure): void;
  /** Sends to this wa_id, from any number, are refused with 131026. */
  undeliverable(waId: string): void;
  /** The parent wrote to this number at `at` (default now): free-form messages may follow for 24 h. */
  userWrote(phoneNumberId: string, waId: string, at?: Date): void;
  approveTemplate(t: ApprovedTemplate): void;
  /** Accepted messages, to one wa_id or all, oldest first. */
  sent(waId?: string): SentCloudMessage[];
  /** A file the media endpoints know (e.g. a parent's voice note); returns its media id. */
  storeMedia(bytes: Buffer, mimeType: string): string;
  /** A stored or uploaded file, by media id. */
  media(mediaId: string): StoredMedia | undefined;
  /** Posts one status webhook for a message this number sent; resolves once posted. */
  emitStatus(phoneNumberId: string, messageId: string, status: CloudStatusKind, errors?: CloudStatusError[]): Promise<void>;
  /** Resolves when every webhook POST queued so far (and any queued meanwhile) has finished. */
  flushWebhooks(): Promise<void>;
  /** Forgets traffic: sent messages, stats, failures, windows, undeliverables, rate history. Keeps numbers, templates and media. */
  reset(): void;
  close(): Promise<void>;
}

interface NumberState {
  config: CloudNumber & { maxPerSecond: number; pairIntervalMs: number };
  failures: CloudFailure[];
  /** Rate-clock times of accepted messages in the last 1000 ms. */
  window: number[];
  /** Rate-clock time of the last accepted message per wa_id. */
  lastTo: Map<string, number>;
  /** When each wa_id last wrote to this number, by `now`. */
  wrote: Map<string, Date>;
}

type Answer = FakeAnswer;

const DAY_MS = 24 * 60 * 60 * 1000;
let mediaSeq = 0;

export async function startFakeWhatsAppCloud(opts: { now?: () => Date; version?: string; rateClockMs?: () => number } = {}): Promise<FakeWhatsAppCloud> {
  const now = opts.now ?? (() => new Date());
  const rateClock = opts.rateClockMs ?? (() => performance.now());
  const version = opts.version ?? 'v25.0';
  const numbers = new Map<string, NumberState>();
  const templates = new Map<string, ApprovedTemplate>();
  const mediaStore = new Map<string, StoredMedia>();
  const blocked = new Set<string>();
  const sent: SentCloudMessage[] = [];
  const webhookFailures: string[] = [];
  const stats: CloudStats = freshStats();
  let origin = '';
  const webhooks = webhookQueue((failure) => {
    if (failure === undefined) return void stats.webhooksSent++;
    stats.webhookErrors++;
    webhookFailures.push(failure);
  });

  const templateKey = (name: string, language: string) => `${name}\u0000${language}`;
  const refuse = (code: number, o: Omit<CloudFailure, 'code'> = {}): Answer => cloudRefusal({ ...o, code });
  const knownToken = (token: string | undefined) => token !== undefined && [...numbers.values()].some((n) => n.config.accessToken === token);

  /** Token first (any token we know), then the number, then that number's own token. */
  function numberFor(id: string, token: string | undefined): NumberState | Answer {
    if (!knownToken(token)) return unauthorized();
    const num = numbers.get(id);
    if (!num) return noSuchObject('post', id);
    return num.config.accessToken === token ? num : unauthorized();
  }

  function sendMessage(id: string, token: string | undefined, raw: Buffer): Answer {
    stats.requests++;
    const num = numberFor(id, token);
    if ('status' in num) return num;
    const valid = validateSend(parseJson(raw));
    if (!valid.ok) return refuse(100, { details: valid.details });
    const body = valid.body;
    const injected = num.failures.shift();
    if (injected) return cloudRefusal(injected);
    const t = rateClock();
    // Only accepted messages fill the window, so a client that backs off gets back in.
    num.window = num.window.filter((at) => at > t - 1000);
    if (num.window.length >= num.config.maxPerSecond) {
      stats.overLimit++;
      return refuse(130429);
    }
    if (blocked.has(body.to)) return refuse(131026);
    if (body.type !== 'template' && !inWindow(num, body.to)) {
      stats.nonTemplateFirstContacts++;
      return refuse(131047);
    }
    if (body.type === 'template') {
      const wrong = checkTemplate(body.template, templates.get(templateKey(body.template.name, body.template.language.code)));
      if (wrong) return refuse(wrong.code, { details: wrong.details });
    }
    const last = num.lastTo.get(body.to);
    if (num.config.pairIntervalMs > 0 && last !== undefined && t - last < num.config.pairIntervalMs) {
      stats.pairRateHits++;
      return refuse(131056);
    }
    return accept(num, body, t);
  }

  function inWindow(num: NumberState, waId: string): boolean {
    const wrote = num.wrote.get(waId);
    return wrote !== undefined && now().getTime() - wrote.getTime() < DAY_MS;
  }

  function accept(num: NumberState, body: CloudSendBody, t: number): Answer {
    const { phoneNumberId } = num.config;
    num.window.push(t);
    num.lastTo.set(body.to, t);
    stats.accepted++;
    stats.maxInAnySecond[phoneNumberId] = Math.max(stats.maxInAnySecond[phoneNumberId] ?? 0, num.window.length);
    const message: SentCloudMessage = { id: nextWamid(`out.${phoneNumberId}`), phoneNumberId, to: body.to, type: body.type, body, at: now() };
    sent.push(message);
    queueStatuses(num, message);
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: message.id }] } };
  }

  /**
   * The configured statuses of an accepted message; a media id the fake does not know is
   * accepted (Meta fetches it later) and then fails, as Meta reports it, with 131053.
   */
  function queueStatuses(num: NumberState, m: SentCloudMessage): void {
    const hook = num.config.webhook;
    if (!hook) return;
    const mediaId = mediaIdOf(m.body);
    if (mediaId !== undefined && !mediaStore.has(mediaId)) {
      void postStatus(num, m, 'failed', [cloudStatusError(131053, `Media id ${mediaId} does not exist`)]);
      return;
    }
    for (const status of hook.statuses ?? ['sent', 'delivered']) void postStatus(num, m, status);
  }

  function postStatus(num: NumberState, m: SentCloudMessage, status: CloudStatusKind, errors?: CloudStatusError[]): Promise<void> {
    const { phoneNumberId, webhook, displayPhoneNumber, wabaId } = num.config;
    if (!webhook) return Promise.reject(new Error(`number ${phoneNumberId} has no webhook`));
    const body = cloudStatus({
      phoneNumberId,
      messageId: m.id,
      status,
      recipientId: m.to,
      timestamp: now(),
      category: m.type === 'template' ? 'utility' : 'service',
      displayPhoneNumber: displayPhoneNumber ?? FAKE_DISPLAY_PHONE_NUMBER,
      wabaId: wabaId ?? FAKE_WABA_ID,
      ...(errors ? { errors } : {}),
    });
    return webhooks.post(webhook.url, webhook.appSecret, body);
  }

  function store(bytes: Buffer, mimeType: string): string {
    const id = String(1_000_000_000_000_000 + ++mediaSeq);
    mediaStore.set(id, { id, bytes, mimeType, sha256: createHash('sha256').update(bytes).digest('hex') });
    return id;
  }

  /** `messaging_product`, `type` (the mime type) and `file` in a multipart form. */
  function upload(id: string, token: string | undefined, req: IncomingMessage, raw: Buffer): Answer {
    const num = numberFor(id, token);
    if ('status' in num) return num;
    const contentType = req.headers['content-type'] ?? '';
    const form = isMultipart(contentType) ? parseMultipart(raw, contentType) : undefined;
    if (!form) return refuse(100, { details: 'The upload must be multipart/form-data' });
    if (form.fields.messaging_product !== 'whatsapp') return refuse(100, { details: "Param messaging_product must be 'whatsapp'" });
    const mimeType = form.fields.type;
    if (!mimeType) return refuse(100, { details: 'Param type is required' });
    const file = form.files.get('file');
    if (!file) return refuse(100, { details: 'Param file is required' });
    const wrong = checkUpload(mimeType, file.bytes.length);
    return wrong ? refuse(100, { details: wrong }) : { status: 200, body: { id: store(file.bytes, mimeType) } };
  }

  function mediaInfo(id: string, token: string | undefined): Answer {
    if (!knownToken(token)) return unauthorized();
    const m = mediaStore.get(id);
    if (!m) return noSuchObject('get', id, 404);
    const info = { messaging_product: 'whatsapp', url: `${origin}/media-download/${id}`, mime_type: m.mimeType, sha256: m.sha256, file_size: m.bytes.length, id };
    return { status: 200, body: info };
  }

  function download(id: string, token: string | undefined): Answer {
    if (!knownToken(token)) return unauthorized();
    const m = mediaStore.get(id);
    return m ? { status: 200, file: { bytes: m.bytes, contentType: m.mimeType } } : noSuchObject('get', id, 404);
  }

  function route(req: IncomingMessage, raw: Buffer): Answer {
    const url = new URL(req.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean);
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [head, id, edge] = parts;
    if (req.method === 'GET' && head === 'media-download' && id && parts.length === 2) return download(id, token);
    if (head === version && id && parts.length === 3 && req.method === 'POST') {
      if (edge === 'messages') return sendMessage(id, token, raw);
      if (edge === 'media') return upload(id, token, req, raw);
    }
    if (head === version && id && parts.length === 2 && req.method === 'GET') return mediaInfo(id, token);
    return refuse(100, { message: `(#100) Unknown path components: ${url.pathname}`, details: `${req.method ?? ''} ${url.pathname} is not an endpoint of this fake` });
  }

  const server = createServer((req, res) => void readBody(req).then((raw) => reply(res, route(req, raw))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base: `${origin}/${version}`,
    origin,
    stats,
    webhookFailures,
    addNumber: (n) => {
      const config = { ...n, maxPerSecond: n.maxPerSecond ?? 80, pairIntervalMs: n.pairIntervalMs ?? 0 };
      numbers.set(n.phoneNumberId, { config, failures: [], window: [], lastTo: new Map(), wrote: new Map() });
    },
    failNext: (phoneNumberId, failure) => void stateOf(numbers, phoneNumberId).failures.push(failure),
    undeliverable: (waId) => void blocked.add(waId),
    userWrote: (phoneNumberId, waId, at) => void stateOf(numbers, phoneNumberId).wrote.set(waId, at ?? now()),
    approveTemplate: (t) => void templates.set(templateKey(t.name, t.language), t),
    sent: (waId) => (waId === undefined ? [...sent] : sent.filter((m) => m.to === waId)),
    storeMedia: store,
    media: (id) => mediaStore.get(id),
    emitStatus: (phoneNumberId, messageId, status, errors) => {
      const m = sent.find((s) => s.id === messageId && s.phoneNumberId === phoneNumberId);
      if (!m) return Promise.reject(new Error(`number ${phoneNumberId} sent no message ${messageId}`));
      return postStatus(stateOf(numbers, phoneNumberId), m, status, errors);
    },
    flushWebhooks: () => webhooks.flush(),
    reset: () => {
      sent.length = 0;
      webhookFailures.length = 0;
      Object.assign(stats, freshStats());
      blocked.clear();
      for (const n of numbers.values()) {
        n.failures.length = 0;
        n.window = [];
        n.lastTo.clear();
        n.wrote.clear();
      }
    },
    close: async () => {
      // Let queued webhooks finish (each has its own timeout) so none outlives the test.
      await webhooks.flush();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function freshStats(): CloudStats {
  return { requests: 0, accepted: 0, overLimit: 0, nonTemplateFirstContacts: 0, pairRateHits: 0, webhooksSent: 0, webhookErrors: 0, maxInAnySecond: {} };
}

/** A test naming a number it never added is a mistake in the test: say so at once. */
function stateOf(numbers: Map<string, NumberState>, phoneNumberId: string): NumberState {
  const n = numbers.get(phoneNumberId);
  if (!n) throw new Error(`fake WhatsApp Cloud: addNumber(${phoneNumberId}) first`);
  return n;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

