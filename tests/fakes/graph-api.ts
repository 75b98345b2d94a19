/**
 * A local Graph API that speaks the Send API's wire format (shared/PLATFORMS.md §2.1, §2.4):
 * `POST /<version>/<pageId>/messages?access_token=…`, validated the way Meta does, answered with
 * `{recipient_id, message_id}` or `{error: {message, type, code, error_subcode?, fbtrace_id}}`.
 * Tests steer it with failNext / blockPsid / enforceRate and read what each PSID received. It
 * also stands in for Meta's attachment CDN: `serveFile` answers GETs at a path, with no token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** The Page token the fake accepts; anything else is answered with code 190. */
export const FAKE_PAGE_TOKEN = 'EAAGfakePageAccessToken0123456789abcdef';
export const FAKE_GRAPH_VERSION = 'v25.0';

export interface GraphFailure {
  /** HTTP status. @defaultValue 500 for code 2, else 400 */
  status?: number;
  code: number;
  subcode?: number;
  message?: string;
}

const quickReplySchema = z.object({
  content_type: z.literal('text'),
  title: z.string().min(1).max(20),
  payload: z.string().min(1).max(1000),
});

const sendBodySchema = z
  .object({
    recipient: z.object({ id: z.string().regex(/^\d+$/) }),
    messaging_type: z.enum(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']),
    tag: z.enum(['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE', 'HUMAN_AGENT']).optional(),
    message: z.object({
      text: z.string().min(1).max(2000),
      quick_replies: z.array(quickReplySchema).min(1).max(13).optional(),
    }),
  })
  .refine((b) => b.messaging_type !== 'MESSAGE_TAG' || b.tag !== undefined, { message: 'tag is required with MESSAGE_TAG', path: ['tag'] });

export type FakeSendBody = z.output<typeof sendBodySchema>;

export interface ReceivedMessage {
  pageId: string;
  body: FakeSendBody;
  /** The `message_id` the fake answered. */
  messageId: string;
}

export interface FakeGraph {
  /** e.g. http://127.0.0.1:PORT/v25.0 — pass as graphBase. */
  readonly base: string;
  /** Accepted messages, oldest first. */
  readonly received: ReceivedMessage[];
  /** Every HTTP request that reached the fake, accepted or not. */
  readonly requests: number;
  /** How many answers were rate-limit errors (4, 613, 80006). */
  readonly count429: number;
  sentTo(psid: string): string[];
  /** The next `n` requests fail this way. */
  failNext(n: number, failure: GraphFailure): void;
  /** This PSID turned off messages from the Page: code 551. */
  blockPsid(psid: string): void;
  /** More than `max` accepted sends within `perMs` → code 613; undefined lifts it. */
  enforceRate(limit: { max: number; perMs: number } | undefined): void;
  /**
   * Serves `bytes` to GET `path` (e.g. `/cdn/v/t59/voice.mp4?oh=x`; the query is part of it),
   * like an attachment URL on Meta's CDN: no token, `content-type` as given. Returns the full
   * URL, for `payload.url`. A GET to any other path is 404; `failNext` applies here too. Files
   * stay until close().
   */
  serveFile(path: string, bytes: Buffer, contentType: string): string;
  /** Forgets failures, blocks, limits, counters and what was received (message ids keep counting). */
  reset(): void;
  close(): Promise<void>;
}

const PATH = /^\/(?:v\d+\.\d+\/)?(\d+|me)\/messages$/;
const RATE_CODES = new Set([4, 613, 80006]);

interface Answer {
  status: number;
  body: unknown;
  /** Sent as is instead of `body` as JSON: a served file. */
  file?: { bytes: Buffer; contentType: string };
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const state = freshState();
  let seq = 0;
  const answer = (req: IncomingMessage, raw: string): Answer => {
    state.requests++;
    const result = handle(state, req, raw, () => `m_${++seq}`);
    const code = errorCode(result.body);
    if (code !== undefined && RATE_CODES.has(code)) state.count429++;
    return result;
  };
  const server = createServer((req, res) => void readBody(req).then((raw) => reply(res, answer(req, raw))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/${FAKE_GRAPH_VERSION}`,
    serveFile: (path, bytes, contentType) => {
      state.files.set(path, { bytes, contentType });
      return `http://127.0.0.1:${port}${path}`;
    },
    received: state.received,
    get requests() {
      return state.requests;
    },
    get count429() {
      return state.count429;
    },
    sentTo: (psid) => state.received.filter((m) => m.body.recipient.id === psid).map((m) => m.body.message.text),
    failNext: (n, failure) => void state.failures.push(...Array.from({ length: n }, () => failure)),
    blockPsid: (psid) => void state.blocked.add(psid),
    enforceRate: (limit) => {
      state.rate = limit;
      state.acceptedAt = [];
    },
    reset: () => {
      state.received.length = 0;
      state.failures.length = 0;
      state.blocked.clear();
      state.rate = undefined;
      state.acceptedAt = [];
      state.requests = 0;
      state.count429 = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface State {
  received: ReceivedMessage[];
  failures: GraphFailure[];
  blocked: Set<string>;
  rate: { max: number; perMs: number } | undefined;
  acceptedAt: number[];
  requests: number;
  count429: number;
  /** Served files by path and query, as serveFile was given them. */
  files: Map<string, { bytes: Buffer; contentType: string }>;
}

function freshState(): State {
  return { received: [], failures: [], blocked: new Set(), rate: undefined, acceptedAt: [], requests: 0, count429: 0, files: new Map() };
}

/** Meta's order, roughly: injected failure, token, path and body, recipient, rate, then accept. */
function handle(state: State, req: IncomingMessage, raw: string, nextMid: () => string): Answer {
  const injected = state.failures.shift();
  if (injected) return graphError(injected.status ?? (injected.code === 2 ? 500 : 400), injected.code, injected.message ?? 'Injected failure', injected.subcode);
  const url = new URL(req.url ?? '/', 'http://fake');
  if (req.method === 'GET' && !PATH.test(url.pathname)) {
    const file = state.files.get(url.pathname + url.search);
    return file ? { status: 200, body: undefined, file } : { status: 404, body: { error: 'Not Found' } };
  }
  if (url.searchParams.get('access_token') !== FAKE_PAGE_TOKEN) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
  const path = PATH.exec(url.pathname);
  if (req.method !== 'POST' || !path?.[1]) return graphError(400, 100, `Unsupported ${req.method ?? ''} request.`);
  const parsed = sendBodySchema.safeParse(parseJson(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return graphError(400, 100, `(#100) Param ${issue?.path.join('.') ?? 'body'} is invalid: ${issue?.message ?? 'bad request'}`);
  }
  const body = parsed.data;
  if (state.blocked.has(body.recipient.id)) return graphError(400, 551, "(#551) This person isn't available right now.", 1545041);
  if (overRate(state)) return graphError(400, 613, '(#613) Calls to this api have exceeded the rate limit.');
  const messageId = nextMid();
  state.received.push({ pageId: path[1], body, messageId });
  return { status: 200, body: { recipient_id: body.recipient.id, message_id: messageId } };
}

function overRate(state: State): boolean {
  if (!state.rate) return false;
  const now = Date.now();
  state.acceptedAt = state.acceptedAt.filter((t) => t > now - (state.rate?.perMs ?? 0));
  if (state.acceptedAt.length >= state.rate.max) return true;
  state.acceptedAt.push(now);
  return false;
}

let traceSeq = 0;
function graphError(status: number, code: number, message: string, subcode?: number): Answer {
  const error = { message, type: 'OAuthException', code, ...(subcode === undefined ? {} : { error_subcode: subcode }), fbtrace_id: `AfakeTrace${++traceSeq}` };
  return { status, body: { error } };
}

function errorCode(body: unknown): number | undefined {
  const parsed = z.object({ error: z.object({ code: z.number() }) }).safeParse(body);
  return parsed.success ? parsed.data.error.code : undefined;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, answer: Answer): void {
  if (answer.file) {
    res.writeHead(answer.status, { 'content-type': answer.file.contentType, 'content-length': answer.file.bytes.length });
    res.end(answer.file.bytes);
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(answer.body));
}
