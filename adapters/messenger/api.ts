/**
 * The Messenger adapter's only IO: the Send API (shared/PLATFORMS.md §2.1) for texts and file
 * uploads, attachment downloads, and the one place Graph errors become typed channel errors
 * (§2.4). The access token travels in the URL, so no error message or cause ever contains the
 * URL, and answers are scrubbed of the token.
 */
import type { ChannelAdapter, FetchedMedia, InboundMedia, MediaRef, PlannedMessage, SendContext, SendResult } from '../../src/core/index.js';
import { baseContentType, type ChannelError, networkFailure, PermanentError, RateLimitedError, TransientError } from '../../src/core/index.js';
import type { MessengerAccount } from './config.js';
import { attachmentFileName, FILE_FIELD, type Messaging, messagingFor, type SendBody, toAttachmentFields, toSendBodies } from './outbound.js';
import { type GraphError, graphErrorBodySchema, sendResponseSchema } from './schema.js';

export interface GraphApiDeps {
  /** e.g. https://graph.facebook.com/v25.0 */
  graphBase: string;
  fetch: typeof fetch;
  /** Per request (one part). */
  timeoutMs: number;
  /** Per file upload: a voice note or a scanned PDF takes longer than a text to go up. */
  uploadTimeoutMs: number;
  now: () => Date;
}

/**
 * Graph's rate-limit errors carry no retry-after (only usage headers, in minutes): one minute
 * lets the per-second Send API limit and most per-minute throttles clear.
 */
export const DEFAULT_RATE_LIMIT_RETRY_MS = 60_000;
/**
 * 613 is the Send API's own per-second call limit: a few seconds clear it, and a whole page's
 * queue paused for a minute over one burst would delay a school's invitation for nothing.
 */
export const SEND_RATE_RETRY_MS = 5_000;
/** Application (4), user (17), Page (32), custom (613), BUC Pages (80001) and Messenger (80006). */
const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 17, 32, 613, 80001, 80006]);
/** A page-scoped id: digits. */
const PSID = /^\d{1,64}$/;
const platform = 'messenger';

type Account = Pick<MessengerAccount, 'pageId' | 'accessToken'>;

/**
 * Sends the file first, when there is one (a phone shows a voice note above the words about
 * it), then each part in order (a later part must not overtake an earlier one), and returns the
 * last part's mid: replies and receipts refer to it. If a later call fails the whole send is
 * retried and earlier ones go again — the Send API has no idempotency key.
 */
export function createMessengerSend(account: Account, deps: GraphApiDeps): ChannelAdapter['send'] {
  const post = createGraphPost(account, deps);
  return async function send(planned: PlannedMessage, ctx: SendContext): Promise<SendResult> {
    const messaging = messagingFor(ctx);
    if (!messaging) {
      throw new PermanentError('outside_window', 'the guardian has not written to the Page in the last 24 h and this is not an update to an event they accepted', { platform });
    }
    if (!PSID.test(ctx.address)) throw new PermanentError('invalid_address', 'a Messenger address is a page-scoped id (digits)', { platform });
    const bodies = toSendBodies(planned, ctx.address, messaging);
    if (bodies.length === 0) throw new PermanentError('permanent', 'nothing to send: the message has no text', { platform });
    const fileMessageId = ctx.media ? await post(attachmentForm(ctx.media, ctx.address, messaging), deps.uploadTimeoutMs) : undefined;
    let messageId = '';
    for (const body of bodies) messageId = await post(body);
    return { platformMessageId: messageId, sentAt: deps.now(), ...(fileMessageId ? { fileMessageId } : {}) };
  };
}

/**
 * The largest file the Send API takes in an upload: 25 MB for every asset type (Messenger
 * "Saving assets"). The media store keeps less, so this only guards against a change there.
 */
export const MESSENGER_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

/** A Send API upload: the fields toAttachmentFields names, the bytes as `filedata` with their type and a name. */
function attachmentForm(file: MediaRef & { bytes: Buffer }, psid: string, messaging: Messaging): FormData {
  if (file.bytes.length > MESSENGER_UPLOAD_MAX_BYTES) throw new PermanentError('permanent', `the file is larger than Messenger's ${MESSENGER_UPLOAD_MAX_BYTES} bytes`, { platform });
  const form = new FormData();
  for (const [name, value] of Object.entries(toAttachmentFields(file.kind, psid, messaging))) form.append(name, value);
  form.append(FILE_FIELD, new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), attachmentFileName(file));
  return form;
}

function createGraphPost(account: Account, deps: GraphApiDeps) {
  const base = deps.graphBase.replace(/\/+$/, '');
  const url = `${base}/${encodeURIComponent(account.pageId)}/messages?access_token=${encodeURIComponent(account.accessToken)}`;
  const scrub = (text: string) => redact(text, account.accessToken);
  /** A text as JSON, or a file as multipart/form-data (fetch writes the boundary into its content type). */
  return async function post(body: SendBody | FormData, timeoutMs = deps.timeoutMs): Promise<string> {
    let status: number;
    let text: string;
    try {
      const res = await deps.fetch(url, {
        method: 'POST',
        ...(body instanceof FormData ? { body } : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      text = scrub(await res.text());
    } catch (err) {
      throw networkFailure(err, 'Graph API', timeoutMs, { platform, scrub });
    }
    const json = parseJson(text);
    const ok = status >= 200 && status < 300 ? sendResponseSchema.safeParse(json) : undefined;
    return ok?.success ? ok.data.message_id : mapGraphError(status, json);
  };
}

/**
 * Every Graph answer that is not a sent message becomes one typed error (PLATFORMS §2.4).
 * `body` is the parsed JSON answer (anything; it is parsed, never trusted).
 */
export function mapGraphError(status: number, body: unknown): never {
  const parsed = graphErrorBodySchema.safeParse(body);
  throw classify(status, parsed.success ? parsed.data.error : undefined);
}

function classify(status: number, e: GraphError | undefined): ChannelError {
  const message = describe(status, e);
  const opts = { platform, ...(e ? { cause: e } : {}) } as const;
  const code = e?.code;
  const subcode = e?.error_subcode;
  if (code === 613) return new RateLimitedError(message, SEND_RATE_RETRY_MS, opts);
  if ((code !== undefined && RATE_LIMIT_CODES.has(code)) || status === 429) return new RateLimitedError(message, DEFAULT_RATE_LIMIT_RETRY_MS, opts);
  if (code === 551) return new PermanentError('unreachable', message, opts);
  if (code === 10 && subcode === 2018278) return new PermanentError('outside_window', message, opts);
  if (code === 10 && subcode === 1893063) return new PermanentError('permanent', `page restricted: ${message}`, opts);
  if (code === 100 && subcode === 2018001) return new PermanentError('invalid_address', message, opts);
  if (code === 190) return new PermanentError('auth', message, opts);
  // 1 and 2 are Graph's "unknown/unexpected error, retry later"; 2 may also hide a block, so
  // the worker's attempt limit ends it.
  if (code === 1 || code === 2 || status >= 500) return new TransientError(message, opts);
  return new PermanentError('permanent', message, opts);
}

function describe(status: number, e: GraphError | undefined): string {
  if (!e) return `Graph API answered HTTP ${status} without a message id`;
  const code = e.error_subcode === undefined ? `${e.code}` : `${e.code}/${e.error_subcode}`;
  return `Graph API error ${code} (HTTP ${status}): ${(e.message ?? 'no message').slice(0, 300)}`;
}

/**
 * The largest attachment we download: Messenger's own attachment limit is 25 MB [2]. Anything
 * bigger is not a parent's file, and is not held in memory.
 */
export const MESSENGER_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;

/**
 * An attachment's bytes from its CDN URL (the webhook's `payload.url`): no token is needed, so
 * none is sent. The URL is a capability to the parent's file: it never goes into an error.
 */
export function createMessengerFetchMedia(deps: Pick<GraphApiDeps, 'fetch' | 'timeoutMs'>): (media: InboundMedia) => Promise<FetchedMedia> {
  return async function fetchMedia(media: InboundMedia): Promise<FetchedMedia> {
    const url = attachmentUrl(media.ref);
    const scrub = (text: string) => text.split(url).join('[url]');
    const failed = (err: unknown): never => {
      throw networkFailure(err, 'Messenger attachment', deps.timeoutMs, { platform, scrub });
    };
    const res = await deps.fetch(url, { signal: AbortSignal.timeout(deps.timeoutMs) }).catch(failed);
    if (!res.ok || Number(res.headers.get('content-length')) > MESSENGER_ATTACHMENT_MAX_BYTES) {
      await res.body?.cancel().catch(() => undefined);
      throw attachmentError(res.ok ? 'too_big' : res.status);
    }
    const bytes = Buffer.from(await res.arrayBuffer().catch(failed));
    if (bytes.length > MESSENGER_ATTACHMENT_MAX_BYTES) throw attachmentError('too_big');
    const contentType = baseContentType(res.headers.get('content-type') ?? undefined) || baseContentType(media.contentType) || 'application/octet-stream';
    return { bytes, contentType, ...(media.fileName ? { fileName: media.fileName } : {}) };
  };
}

/** Only web URLs: a ref is what Meta's signed webhook named, but it is still checked. */
function attachmentUrl(ref: string): string {
  let url: URL | undefined;
  try {
    url = new URL(ref);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') throw new PermanentError('permanent', 'a Messenger attachment ref is an http(s) URL', { platform });
  return url.href;
}

/**
 * The CDN's answer as one of ours: 5xx retries, 429 waits, and 403/404/410 (an expired or
 * removed file) or anything else will not heal.
 */
function attachmentError(status: number | 'too_big'): ChannelError {
  if (status === 'too_big') return new PermanentError('permanent', `Messenger attachment is larger than ${MESSENGER_ATTACHMENT_MAX_BYTES} bytes`, { platform });
  const message = `Messenger attachment download failed: HTTP ${status}`;
  if (status === 429) return new RateLimitedError(message, SEND_RATE_RETRY_MS, { platform });
  if (status >= 500) return new TransientError(message, { platform });
  return new PermanentError('permanent', message, { platform });
}


function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function redact(text: string, token: string): string {
  return text.split(token).join('[token]').split(encodeURIComponent(token)).join('[token]');
}
