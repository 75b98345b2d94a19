/**
 * The Telegram adapter's only IO, through grammY's `Api` client (sends, callback answers,
 * webhook set-up, the long-polling loop, getFile) plus the file server download, and the one
 * place Bot API errors become our typed errors (`mapTelegramError`, STYLE 7).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import { z } from 'zod';
import type { InboundEvent, MediaRef } from '../../src/core/index.js';
import { type ChannelError, mediaFileName, PermanentError, RateLimitedError, TransientError } from '../../src/core/index.js';
import type { SendMessageBody } from './outbound.js';
import { fileInfoSchema, sentMessageSchema, updateIdSchema } from './schema.js';

export interface TelegramApiOptions {
  /** Bot API server without a trailing "/", e.g. https://api.telegram.org or a local fake. */
  apiRoot: string;
  /** Injected in tests; grammY's default is node-fetch. File downloads use Node's global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per request, in seconds. Default 20: under the outbound worker's 30 s job lock. */
  timeoutSeconds?: number;
}

/** The update kinds we handle; my_chat_member tells us a parent blocked or unblocked the bot. */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
/** How long Telegram holds a getUpdates call open when there is nothing new, in seconds. */
export const POLL_TIMEOUT_SECONDS = 25;
const DEFAULT_TIMEOUT_SECONDS = 20;
/** Telegram answers 429 with retry_after in seconds; when it is missing, wait this long. */
const DEFAULT_RETRY_AFTER_MS = 1000;
/**
 * The largest file a bot may download: getFile says "bots can download files of up to 20MB"
 * (Bot API, methods.ts). Telegram refuses bigger ones at getFile; this guards the download.
 */
export const TELEGRAM_FILE_MAX_BYTES = 20 * 1024 * 1024;
/** One whole file download, in ms: 20 MB at about 3 Mbit/s, a slow school connection. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

export interface TelegramApi {
  /**
   * Sends the parts in order; returns the last part's message_id (what taps and replies refer
   * to). A failure after the first part leaves the earlier parts sent: a retry sends them again,
   * since the Bot API has no idempotency key.
   */
  sendMessages(bodies: readonly SendMessageBody[]): Promise<string>;
  /** Uploads one stored file to the chat, the way Telegram shows its kind; returns its message_id. */
  sendFile(chatId: string, file: MediaRef & { bytes: Buffer }): Promise<string>;
  answerCallbackQuery(callbackQueryId: string): Promise<void>;
  /** The raw updates, untrusted: callers parse them. */
  getUpdates(offset: number | undefined, signal: AbortSignal): Promise<unknown[]>;
  setWebhook(url: string, secretToken: string): Promise<void>;
  /**
   * A file a parent sent, by its file_id: getFile names its path, then the file server gives the
   * bytes. The path comes back too: its extension names the type when the message did not.
   */
  downloadFile(fileId: string): Promise<{ bytes: Buffer; filePath: string }>;
}

export function createTelegramApi(token: string, opts: TelegramApiOptions): TelegramApi {
  const sendTimeout = opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const api = botApi(token, opts, sendTimeout);
  // A long poll must outlive its own 25 s wait, so it gets a client with a longer timeout.
  const pollApi = botApi(token, opts, Math.max(sendTimeout, POLL_TIMEOUT_SECONDS + 10));
  return {
    async sendMessages(bodies) {
      let lastId = '';
      for (const { chat_id, text, reply_markup } of bodies) {
        const sent = await api.sendMessage(chat_id, text, reply_markup ? { reply_markup } : {}).catch(mapTelegramError);
        lastId = readMessageId(sent);
      }
      return lastId;
    },
    async sendFile(chatId, file) {
      const input = new InputFile(file.bytes, mediaFileName(file));
      const sent = await uploadAs(api, chatId, file, input).catch(mapTelegramError);
      return readMessageId(sent);
    },
    async answerCallbackQuery(callbackQueryId) {
      await api.answerCallbackQuery(callbackQueryId).catch(mapTelegramError);
    },
    async getUpdates(offset, signal) {
      const options = { offset, timeout: POLL_TIMEOUT_SECONDS, allowed_updates: TELEGRAM_ALLOWED_UPDATES };
      const result: unknown = await pollApi.getUpdates(options, grammySignal(signal)).catch(mapTelegramError);
      const updates = updateListSchema.safeParse(result);
      if (!updates.success) throw new TransientError('Telegram getUpdates returned no list of updates', { platform: 'telegram' });
      return updates.data;
    },
    async setWebhook(url, secretToken) {
      await api.setWebhook(url, { secret_token: secretToken, allowed_updates: TELEGRAM_ALLOWED_UPDATES }).catch(mapTelegramError);
    },
    async downloadFile(fileId) {
      const info = fileInfoSchema.safeParse(await api.getFile(fileId).catch(mapTelegramError));
      const filePath = info.success ? info.data.file_path : undefined;
      // No path: Telegram will not serve this file, and asking again will not change that.
      if (!filePath) throw new PermanentError('permanent', 'Telegram getFile returned no file_path', { platform: 'telegram' });
      return { bytes: await fetchFileBytes(fileUrl(token, opts, filePath), opts.fetch ?? fetch), filePath };
    },
  };
}

/** `<apiRoot>/file/bot<token>/<file_path>` (Bot API getFile). It holds the token: never log it. */
function fileUrl(token: string, opts: TelegramApiOptions, filePath: string): string {
  const path = filePath.split('/').map(encodeURIComponent).join('/');
  return `${opts.apiRoot.replace(/\/+$/, '')}/file/bot${token}/${path}`;
}

/**
 * The file server's answer as bytes, or a typed error that names neither the URL nor the token.
 * It is plain HTTP, not the Bot API, so grammY's errors and `mapTelegramError` do not apply.
 */
async function fetchFileBytes(url: string, fetchFn: typeof fetch): Promise<Buffer> {
  const res = await fetchFn(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch(downloadFailed);
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw fileServerError(res.status, res.headers.get('retry-after'));
  }
  if (Number(res.headers.get('content-length')) > TELEGRAM_FILE_MAX_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  const bytes = Buffer.from(await res.arrayBuffer().catch(downloadFailed));
  if (bytes.length > TELEGRAM_FILE_MAX_BYTES) throw tooBig();
  return bytes;
}

function tooBig(): PermanentError {
  return new PermanentError('permanent', `Telegram file is larger than ${TELEGRAM_FILE_MAX_BYTES} bytes`, { platform: 'telegram' });
}

function downloadFailed(err: unknown): never {
  const timedOut = err instanceof Error && err.name === 'TimeoutError';
  const why = timedOut ? `no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s` : `network error${networkCode(err instanceof Error ? err.cause : undefined)}`;
  throw new TransientError(`Telegram file download failed: ${why}`, { platform: 'telegram' });
}

/** 429 waits, 5xx retries; anything else (404 gone, 401 bad token) will not heal. */
function fileServerError(status: number, retryAfter: string | null): ChannelError {
  const opts = { platform: 'telegram' as const };
  const what = `Telegram file download failed: HTTP ${status}`;
  if (status === 429) return new RateLimitedError(what, retryAfterHeaderMs(retryAfter), opts);
  if (status === 401) return new PermanentError('auth', what, opts);
  if (status >= 500) return new TransientError(what, opts);
  return new PermanentError('permanent', what, opts);
}

/** HTTP Retry-After in seconds; other forms (a date) fall back to the default. */
function retryAfterHeaderMs(header: string | null): number {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds * 1000) : DEFAULT_RETRY_AFTER_MS;
}

const updateListSchema = z.array(z.unknown());

function botApi(token: string, opts: TelegramApiOptions, timeoutSeconds: number): Api {
  // grammY throws on a trailing "/" in apiRoot.
  const apiRoot = opts.apiRoot.replace(/\/+$/, '');
  return new Api(token, { apiRoot, timeoutSeconds, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
}

/**
 * grammY types its `signal` as the abort-controller polyfill's class, which Node's own
 * AbortSignal does not match on paper; at run time grammY checks only for `addEventListener`
 * (core/client.ts validateSignal), so check the same and pass it on.
 */
type GrammySignal = NonNullable<Parameters<Api['getUpdates']>[1]>;

function grammySignal(signal: AbortSignal): GrammySignal | undefined {
  return isGrammySignal(signal) ? signal : undefined;
}

function isGrammySignal(signal: unknown): signal is GrammySignal {
  return typeof signal === 'object' && signal !== null && 'addEventListener' in signal && typeof signal.addEventListener === 'function';
}

/**
 * Telegram said ok, so the message is out: an unreadable answer must not make the worker send
 * it again, hence permanent rather than transient.
 */
function readMessageId(sent: unknown): string {
  const parsed = sentMessageSchema.safeParse(sent);
  if (!parsed.success) throw new PermanentError('permanent', 'Telegram accepted the message but returned no message_id', { platform: 'telegram' });
  return String(parsed.data.message_id);
}

/**
 * Every Bot API failure as one of our typed errors. Branches on error_code and parameters, which
 * Telegram documents, and reads the description only to tell a wrong chat id from other 400s.
 * No `cause` is attached: grammY's errors hold the request payload (a parent's message) and
 * node-fetch's the URL, which contains the token; the message alone says what happened.
 */
export function mapTelegramError(err: unknown): never {
  const opts = { platform: 'telegram' as const };
  if (err instanceof HttpError) throw new TransientError(redactToken(`${err.message}${networkCode(err.error)}`), opts);
  if (!(err instanceof GrammyError)) throw err;
  const code = err.error_code;
  const what = redactToken(`Telegram ${err.method} failed: ${code} ${String(err.description)}`);
  if (code === 429) throw new RateLimitedError(what, retryAfterMs(err.parameters), opts);
  if (code === 401) throw new PermanentError('auth', `${what} (check the bot token with @BotFather)`, opts);
  // Blocked by the user, user deactivated, or the bot may not write first.
  if (code === 403) throw new PermanentError('unreachable', what, opts);
  if (code === 400 && /chat not found|PEER_ID_INVALID/i.test(String(err.description))) {
    throw new PermanentError('invalid_address', what, opts);
  }
  if (code >= 400 && code < 500) throw new PermanentError('permanent', what, opts);
  throw new TransientError(what, opts);
}

const retryAfterSchema = z.object({ retry_after: z.number().positive() });

/** `parameters.retry_after` is in seconds (Bot API ResponseParameters). */
function retryAfterMs(parameters: unknown): number {
  const parsed = retryAfterSchema.safeParse(parameters);
  return parsed.success ? Math.ceil(parsed.data.retry_after * 1000) : DEFAULT_RETRY_AFTER_MS;
}

const networkErrorSchema = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]{1,40}$/) });

/** " (ECONNREFUSED)" from node-fetch's error, whose message we skip: it names the URL. */
function networkCode(cause: unknown): string {
  const parsed = networkErrorSchema.safeParse(cause);
  return parsed.success ? ` (${parsed.data.code})` : '';
}

/** Belt and braces: no message we build may carry something shaped like a bot token. */
export function redactToken(message: string): string {
  return message.replace(/\d+:[A-Za-z0-9_-]{20,}/g, '<token>');
}

export interface TelegramPoller {
  start(onEvents: (events: InboundEvent[]) => Promise<void>): void;
  /** Aborts the pending getUpdates and resolves once the loop has ended. */
  stop(): Promise<void>;
  /** Why polling stopped on its own (409 Conflict, bad token), if it did. */
  readonly stoppedWith: string | undefined;
}

export interface PollerDeps {
  api: TelegramApi;
  normalise: (update: unknown, receivedAt: Date) => InboundEvent[];
  now: () => Date;
  /** Uniform in [0, 1), for backoff jitter. */
  random: () => number;
}

/**
 * Long polling: getUpdates, normalise, hand the batch to `onEvents`, and only then move the
 * offset on, so a batch `onEvents` failed on is fetched again rather than lost.
 */
export function createTelegramPoller(deps: PollerDeps): TelegramPoller {
  const controller = new AbortController();
  let loop: Promise<void> | undefined;
  let stoppedWith: string | undefined;
  return {
    start(onEvents) {
      if (loop) throw new Error('this Telegram bot is already polling');
      loop = pollUntilStopped(deps, onEvents, controller.signal).then((reason) => void (stoppedWith = reason));
    },
    async stop() {
      controller.abort();
      await loop;
    },
    get stoppedWith() {
      return stoppedWith;
    },
  };
}

/** Resolves with the reason when an error retrying cannot fix stopped it, undefined when aborted. */
async function pollUntilStopped(deps: PollerDeps, onEvents: (events: InboundEvent[]) => Promise<void>, signal: AbortSignal): Promise<string | undefined> {
  let offset: number | undefined;
  let failures = 0;
  while (!signal.aborted) {
    let updates: unknown[];
    try {
      updates = await deps.api.getUpdates(offset, signal);
    } catch (err) {
      if (signal.aborted) break;
      // A 4xx does not heal by retrying: 409 (a webhook is set, or another process polls this
      // bot), 401 (a revoked token).
      if (err instanceof PermanentError) return `Telegram polling stopped: ${err.message}`;
      await sleep(err instanceof RateLimitedError ? err.retryAfterMs : undefined, failures++, deps, signal);
      continue;
    }
    try {
      offset = (await deliverBatch(deps, updates, onEvents)) ?? offset;
      failures = 0;
    } catch {
      // The service could not take the batch: the same offset fetches it again after a pause.
      await sleep(undefined, failures++, deps, signal);
    }
  }
  return undefined;
}

/** Waits what Telegram asked for, else the backoff; returns early when polling is stopped. */
async function sleep(retryAfterMs: number | undefined, failures: number, deps: PollerDeps, signal: AbortSignal): Promise<void> {
  const waitMs = retryAfterMs ?? pollRetryDelayMs(failures, deps.random);
  await delay(waitMs, undefined, { signal }).catch(() => undefined);
}

/** Returns the next offset (highest update_id + 1), or undefined for an empty batch. */
async function deliverBatch(deps: PollerDeps, updates: unknown[], onEvents: (events: InboundEvent[]) => Promise<void>): Promise<number | undefined> {
  const receivedAt = deps.now();
  const events = updates.flatMap((u) => deps.normalise(u, receivedAt));
  if (events.length > 0) await onEvents(events);
  const ids = updates.flatMap((u) => {
    const parsed = updateIdSchema.safeParse(u);
    return parsed.success ? [parsed.data.update_id] : [];
  });
  return ids.length > 0 ? Math.max(...ids) + 1 : undefined;
}

/** 1 s doubling to 30 s; each wait is drawn from [half, all] of that so pollers do not sync up. */
export function pollRetryDelayMs(failures: number, random: () => number): number {
  const ceilingMs = Math.min(30_000, 1000 * 2 ** Math.min(failures, 15));
  return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2);
}

/**
 * Telegram shows a voice note as one only in OGG/Opus (MP3 and M4A too, as audio); a voice note
 * recorded elsewhere (WAV, AMR) goes as a document, which every phone can still open.
 */
function uploadAs(api: Api, chatId: string, file: MediaRef, input: InputFile): Promise<unknown> {
  const type = file.contentType;
  if (file.kind === 'voice' && (type === 'audio/ogg' || type === 'audio/opus')) return api.sendVoice(chatId, input);
  if ((file.kind === 'voice' || file.kind === 'audio') && (type === 'audio/mpeg' || type === 'audio/mp4' || type === 'audio/x-m4a')) return api.sendAudio(chatId, input);
  if (file.kind === 'photo' && (type === 'image/jpeg' || type === 'image/png' || type === 'image/webp')) return api.sendPhoto(chatId, input);
  return api.sendDocument(chatId, input);
}

