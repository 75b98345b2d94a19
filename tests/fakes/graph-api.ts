/**
 * A local Graph API that speaks the Send API's wire format (shared/PLATFORMS.md §2.1, §2.4):
 * `POST /<version>/<pageId>/messages?access_token=…`, validated the way Meta does, answered with
 * `{recipient_id, message_id}` or `{error: {message, type, code, error_subcode?, fbtrace_id}}`.
 * A file comes to the same endpoint as multipart/form-data (Messenger "Saving assets": the
 * `recipient` and `message` fields as JSON, the bytes in `filedata`), checked the same way and
 * answered with `{recipient_id, message_id, attachment_id}`.
 * Tests steer it with failNext / blockPsid / enforceRate and read what each PSID received. It
 * also stands in for Meta's attachment CDN: `serveFile` answers GETs at a path, with no token.
 */
import { readBody, reply, type FakeAnswer } from './http.js';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { isMultipart, parseMultipart } from './multipart.js';

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

/** Who and under which window rule: the same for a text and for a file. */
const envelope = {
  recipient: z.object({ id: z.string().regex(/^\d+$/) }),
  messaging_type: z.enum(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']),
  tag: z.enum(['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE', 'HUMAN_AGENT']).optional(),
};
/** MESSAGE_TAG says nothing without its tag. */
const hasTagWhenTagged = (b: { messaging_type: string; tag?: string | undefined }) => b.messaging_type !== 'MESSAGE_TAG' || b.tag !== undefined;
const TAG_REQUIRED = { message: 'tag is required with MESSAGE_TAG', path: ['tag'] };

const sendBodySchema = z
  .object({
    ...envelope,
    message: z.object({
      text: z.string().min(1).max(2000),
      quick_replies: z.array(quickReplySchema).min(1).max(13).optional(),
    }),
  })
  .refine(hasTagWhenTagged, TAG_REQUIRED);

export type FakeSendBody = z.output<typeof sendBodySchema>;

/** A form field that carries JSON (`recipient`, `message`), parsed, then checked by `schema`. */
function jsonField<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((raw, ctx): unknown => {
      try {
        return JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** An upload's text fields: a file attachment with no URL (the file is the form's `filedata`). */
const attachmentFieldsSchema = z
  .object({
    recipient: jsonField(envelope.recipient),
    messaging_type: envelope.messaging_type,
    tag: envelope.tag,
    message: jsonField(
      z.object({
        attachment: z.object({
          type: z.enum(['image', 'audio', 'video', 'file']),
          payload: z.object({ is_reusable: z.boolean().optional() }).strict(),
        }),
      }),
    ),
  })
  .refine(hasTagWhenTagged, TAG_REQUIRED);

export type FakeAttachmentBody = z.output<typeof attachmentFieldsSchema>;

/** The largest upload Meta takes, any type (Messenger "Saving assets"). */
export const FAKE_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

export interface ReceivedMessage {
  pageId: string;
  body: FakeSendBody;
  /** The `message_id` the fake answered. */
  messageId: string;
}

/** A file the Page uploaded with the Send API, as the form carried it. */
export interface ReceivedAttachment {
  pageId: string;
  /** The form's text fields, parsed. */
  body: FakeAttachmentBody;
  bytes: Buffer;
  /** The `filedata` part's own Content-Type. */
  contentType: string;
  fileName?: string;
  messageId: string;
  attachmentId: string;
}

/** What a PSID received, texts and files together, in the order the fake accepted them. */
export type SentItem = { kind: 'text'; text: string; messageId: string } | { kind: 'file'; type: string; messageId: string };

export interface FakeGraph {
  /** e.g. http://127.0.0.1:PORT/v25.0 — pass as graphBase. */
  readonly base: string;
  /** Accepted text messages, oldest first (files are in `uploads`). */
  readonly received: ReceivedMessage[];
  /** Accepted file uploads, oldest first. */
  readonly uploads: ReceivedAttachment[];
  /** Every HTTP request that reached the fake, accepted or not. */
  readonly requests: number;
  /** How many answers were rate-limit errors (4, 613, 80006). */
  readonly count429: number;
  sentTo(psid: string): string[];
  /** Files uploaded to this PSID, oldest first. */
  filesSentTo(psid: string): ReceivedAttachment[];
  /** Texts and files sent to this PSID, in the order they were accepted. */
  sentInOrder(psid: string): SentItem[];
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

type Answer = FakeAnswer;

export async function startFakeGraph(): Promise<FakeGraph> {
  const state = freshState();
  let seq = 0;
  const answer = (req: IncomingMessage, raw: Buffer): Answer => {
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
    uploads: state.uploads,
    get requests() {
      return state.requests;
    },
    get count429() {
      return state.count429;
    },
    sentTo: (psid) => state.received.filter((m) => m.body.recipient.id === psid).map((m) => m.body.message.text),
    filesSentTo: (psid) => state.uploads.filter((u) => u.body.recipient.id === psid),
    sentInOrder: (psid) => state.order.filter((o) => o.psid === psid).map((o) => o.item),
    failNext: (n, failure) => void state.failures.push(...Array.from({ length: n }, () => failure)),
    blockPsid: (psid) => void state.blocked.add(psid),
    enforceRate: (limit) => {
      state.rate = limit;
      state.acceptedAt = [];
    },
    reset: () => {
      state.received.length = 0;
      state.uploads.length = 0;
      state.order.length = 0;
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
  uploads: ReceivedAttachment[];
  order: Array<{ psid: string; item: SentItem }>;
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
  return { received: [], uploads: [], order: [], failures: [], blocked: new Set(), rate: undefined, acceptedAt: [], requests: 0, count429: 0, files: new Map() };
}

/**
 * Meta's order, roughly: injected failure, token, path and body (a text as JSON, a file as a
 * form), recipient, rate, then accept.
 */
function handle(state: State, req: IncomingMessage, raw: Buffer, nextMid: () => string): Answer {
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
  const send = isMultipart(req.headers['content-type']) ? readUpload(raw, req.headers['content-type'] ?? '') : readText(raw);
  if ('status' in send) return send;
  const psid = send.body.recipient.id;
  if (state.blocked.has(psid)) return graphError(400, 551, "(#551) This person isn't available right now.", 1545041);
  if (overRate(state)) return graphError(400, 613, '(#613) Calls to this api have exceeded the rate limit.');
  const messageId = nextMid();
  if (send.kind === 'text') {
    state.received.push({ pageId: path[1], body: send.body, messageId });
    state.order.push({ psid, item: { kind: 'text', text: send.body.message.text, messageId } });
    return { status: 200, body: { recipient_id: psid, message_id: messageId } };
  }
  const attachmentId = `${messageId.replace(/^m_/, '')}0000${state.uploads.length + 1}`;
  state.uploads.push({ pageId: path[1], ...send.upload, messageId, attachmentId });
  state.order.push({ psid, item: { kind: 'file', type: send.upload.body.message.attachment.type, messageId } });
  return { status: 200, body: { recipient_id: psid, message_id: messageId, attachment_id: attachmentId } };
}

type ReadSend =
  | { kind: 'text'; body: FakeSendBody }
  | { kind: 'file'; body: FakeAttachmentBody; upload: Omit<ReceivedAttachment, 'pageId' | 'messageId' | 'attachmentId'> }
  | Answer;

function readText(raw: Buffer): ReadSend {
  const parsed = sendBodySchema.safeParse(parseJson(raw.toString('utf8')));
  return parsed.success ? { kind: 'text', body: parsed.data } : paramError(parsed.error);
}

/**
 * A file upload: the fields as for a text, a `filedata` part with a type that fits the
 * attachment's (Meta: "Content-Type header must use type audio" for audio), within 25 MB.
 */
function readUpload(raw: Buffer, contentType: string): ReadSend {
  const form = parseMultipart(raw, contentType);
  if (!form) return graphError(400, 100, '(#100) Unable to parse the multipart body');
  const parsed = attachmentFieldsSchema.safeParse(form.fields);
  if (!parsed.success) return paramError(parsed.error);
  const file = form.files.get('filedata');
  if (!file || file.bytes.length === 0) return graphError(400, 100, '(#100) Upload attachment failure: no filedata');
  const type = parsed.data.message.attachment.type;
  const fileType = (file.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'file' && !fileType.startsWith(`${type === 'image' ? 'image' : type}/`)) {
    return graphError(400, 546, "(#546) The type of file you're trying to attach isn't allowed. Please try again with a different format.");
  }
  if (file.bytes.length > FAKE_UPLOAD_MAX_BYTES) return graphError(400, 100, '(#100) Upload attachment failure: the file is larger than 25 MB');
  const upload = { body: parsed.data, bytes: file.bytes, contentType: fileType, ...(file.fileName ? { fileName: file.fileName } : {}) };
  return { kind: 'file', body: parsed.data, upload };
}

function paramError(error: z.ZodError): Answer {
  const issue = error.issues[0];
  return graphError(400, 100, `(#100) Param ${issue?.path.join('.') ?? 'body'} is invalid: ${issue?.message ?? 'bad request'}`);
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

