/**
 * A local fake of the Telegram Bot API speaking its wire format (PLATFORMS §1): grammY POSTs
 * JSON to `<root>/bot<token>/<method>`; answers are `{ok:true,result}` or
 * `{ok:false,error_code,description,parameters?}` with the HTTP status equal to error_code.
 * Files a test registers are named by getFile and served at `<root>/file/bot<token>/<file_path>`.
 * Test controls make it fail the way Telegram does (429 with retry_after, 403 blocked, 5xx).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { isMultipart, parseMultipart } from './multipart.js';
import { TokenBucket, type Rate } from './telegram-rate.js';
import { validateSendMessage, type BotApiError } from './telegram-rules.js';

export type { BotApiError } from './telegram-rules.js';

export interface ReceivedCall {
  method: string;
  body: Record<string, unknown>;
  token: string;
}

export interface FakeTelegram {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly apiRoot: string;
  /** A token the fake accepts; any other gets 401 Unauthorized. */
  readonly token: string;
  /** Every call, oldest first, including rejected ones. */
  readonly received: ReceivedCall[];
  /** How many 429s enforceRate has answered. */
  readonly count429: number;
  /** The webhook setWebhook registered, if any (getUpdates then answers 409, like Telegram). */
  readonly webhook: { url: string; secret_token?: string } | undefined;
  /** Texts of the messages accepted for a chat, oldest first. */
  sentTo(chatId: string | number): string[];
  /** Files uploaded to a chat (sendVoice, sendPhoto, sendDocument, sendAudio), oldest first. */
  filesSentTo(chatId: string | number): UploadedFile[];
  /** The next `n` calls (of `method`, when given) answer this error. */
  failNext(n: number, error: BotApiError, method?: string): void;
  /** sendMessage to this chat answers 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: string | number): void;
  /** A token bucket over all sendMessage calls; undefined lifts it. */
  enforceRate(rate: Rate | undefined): void;
  /** Queues an update for getUpdates; assigns the next update_id when it has none. */
  queueUpdate(update: Record<string, unknown>): number;
  /**
   * A file getFile knows by `fileId` and the file route serves at `filePath` (e.g.
   * `voice/file_3.oga`). An unknown file_id gets 400 "Bad Request: invalid file_id". Files stay
   * until close(). `failNext(n, error, 'download')` makes the file route fail instead.
   */
  addFile(fileId: string, bytes: Buffer, filePath: string): void;
  /** Forgets failures, blocks, rate limit and webhook (not the call log). */
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_TELEGRAM_TOKEN = '123456789:AAFakeTokenForTestsOnly-0123456789ab';

interface Waiter {
  timer: NodeJS.Timeout;
  resolve: () => void;
}

const jsonObject = z.record(z.string(), z.unknown());

export async function startFakeTelegram(opts: { tokens?: string[]; longPollCapMs?: number } = {}): Promise<FakeTelegram> {
  const tokens = new Set(opts.tokens ?? [FAKE_TELEGRAM_TOKEN]);
  const longPollCapMs = opts.longPollCapMs ?? 500;
  const received: ReceivedCall[] = [];
  const uploads: UploadedFile[] = [];
  const sent: Array<{ chatId: string; text: string; messageId: number }> = [];
  const updates: Array<Record<string, unknown> & { update_id: number }> = [];
  const failures: Array<{ error: BotApiError; method: string | undefined }> = [];
  const blocked = new Set<string>();
  const waiters = new Set<Waiter>();
  const files = new Map<string, { bytes: Buffer; filePath: string }>();
  let bucket: TokenBucket | undefined;
  let webhook: { url: string; secret_token?: string } | undefined;
  let count429 = 0;
  let nextMessageId = 1;
  let nextUpdateId = 1000;

  const methods: Record<string, (body: Record<string, unknown>, token: string, res: ServerResponse) => Promise<Answer> | Answer> = {
    getMe: (_body, token) => ok({ id: Number(token.split(':')[0]), is_bot: true, first_name: 'School', username: 'school_test_bot' }),
    sendMessage: (body) => {
      const chatId = String(body.chat_id ?? '');
      if (blocked.has(chatId)) return fail({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      const limited = bucket?.take();
      if (limited !== undefined) {
        count429++;
        return fail({ error_code: 429, description: `Too Many Requests: retry after ${limited}`, parameters: { retry_after: limited } });
      }
      const checked = validateSendMessage(body);
      if ('error' in checked) return fail(checked.error);
      const message = { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(checked.chatId), type: 'private' }, text: checked.text, ...(checked.replyMarkup ? { reply_markup: checked.replyMarkup } : {}) };
      sent.push({ chatId: checked.chatId, text: checked.text, messageId: message.message_id });
      return ok(message);
    },
    answerCallbackQuery: (body) =>
      typeof body.callback_query_id === 'string' && body.callback_query_id !== '' ? ok(true) : fail({ error_code: 400, description: 'Bad Request: QUERY_ID_INVALID' }),
    setWebhook: (body) => {
      if (typeof body.url !== 'string') return fail({ error_code: 400, description: 'Bad Request: bad webhook: URL is empty' });
      webhook = { url: body.url, ...(typeof body.secret_token === 'string' ? { secret_token: body.secret_token } : {}) };
      return ok(true);
    },
    deleteWebhook: () => {
      webhook = undefined;
      return ok(true);
    },
    getUpdates: (body, _token, res) => getUpdates(body, res),
    getFile: (body) => {
      const file = typeof body.file_id === 'string' ? files.get(body.file_id) : undefined;
      if (!file) return fail({ error_code: 400, description: 'Bad Request: invalid file_id' });
      return ok({ file_id: body.file_id, file_unique_id: `u_${String(body.file_id)}`, file_size: file.bytes.length, file_path: file.filePath });
    },
    sendVoice: (body) => upload('sendVoice', 'voice', body),
    sendAudio: (body) => upload('sendAudio', 'audio', body),
    sendPhoto: (body) => upload('sendPhoto', 'photo', body),
    sendDocument: (body) => upload('sendDocument', 'document', body),
  };

  /** A file upload: the form's `<field>` names its part (`attach://<part>`), or is the part. */
  function upload(method: string, field: string, body: Record<string, unknown>): Answer {
    const chatId = String(body.chat_id ?? '');
    if (blocked.has(chatId)) return fail({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const ref = typeof body[field] === 'string' ? /^attach:\/\/(.+)$/.exec(body[field] as string)?.[1] : field;
    const file = (ref !== undefined ? body[`@${ref}`] : undefined) as { bytes: Buffer; fileName?: string } | undefined;
    if (!chatId || !file) return fail({ error_code: 400, description: `Bad Request: there is no ${field} in the request` });
    const caption = typeof body.caption === 'string' ? body.caption : undefined;
    const messageId = nextMessageId++;
    uploads.push({ method, chatId, messageId, bytes: file.bytes, ...(file.fileName ? { fileName: file.fileName } : {}), ...(caption ? { caption } : {}) });
    const message = { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: 'private' }, [field]: { file_id: `up-${nextMessageId}`, file_size: file.bytes.length } };
    return ok(message);
  }

  /** GET `/file/bot<token>/<file_path>`: the bytes, as Telegram's file server sends them. */
  function download(token: string, filePath: string, res: ServerResponse): void {
    received.push({ method: 'download', body: { file_path: filePath }, token });
    if (!tokens.has(token)) return reply(res, fail({ error_code: 401, description: 'Unauthorized' }));
    const injected = failures.findIndex((f) => f.method === undefined || f.method === 'download');
    if (injected >= 0) return reply(res, fail(failures.splice(injected, 1)[0]?.error ?? { error_code: 500, description: 'Internal Server Error' }));
    const file = [...files.values()].find((f) => f.filePath === filePath);
    if (!file) return reply(res, fail({ error_code: 404, description: 'Not Found' }));
    // The server does not keep the sender's type; the adapter must not rely on this header.
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length }).end(file.bytes);
  }

  async function getUpdates(body: Record<string, unknown>, res: ServerResponse): Promise<Answer> {
    if (webhook) return fail({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    // Telegram forgets updates below the offset: that call confirmed them.
    while (updates.length > 0 && (updates[0]?.update_id ?? 0) < offset) updates.shift();
    const timeoutMs = Math.min(typeof body.timeout === 'number' ? body.timeout * 1000 : 0, longPollCapMs);
    if (updates.length === 0 && timeoutMs > 0) await waitForUpdate(timeoutMs, res);
    return ok(updates.slice(0, typeof body.limit === 'number' ? body.limit : 100));
  }

  function waitForUpdate(timeoutMs: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = { timer: setTimeout(() => done(), timeoutMs), resolve: () => done() };
      const done = () => {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        resolve();
      };
      waiters.add(waiter);
      // grammY aborts the long poll on close(): stop waiting for a client that left.
      res.once('close', done);
    });
  }

  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (fileRoute && req.method === 'GET') return download(fileRoute[1] ?? '', decodePath(fileRoute[2] ?? ''), res);
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    const raw = await readBody(req);
    const form = isMultipart(req.headers['content-type']) ? parseMultipart(raw, req.headers['content-type'] ?? '') : undefined;
    const body = form ? { ...form.fields, ...Object.fromEntries([...form.files].map(([name, f]) => [`@${name}`, f])) } : parseBody(raw.toString('utf8'));
    if (!m || body === undefined) return reply(res, fail({ error_code: m ? 400 : 404, description: m ? 'Bad Request: invalid JSON' : 'Not Found' }));
    const [, token = '', method = ''] = m;
    received.push({ method, body, token });
    if (!tokens.has(token)) return reply(res, fail({ error_code: 401, description: 'Unauthorized' }));
    const injected = failures.findIndex((f) => f.method === undefined || f.method === method);
    if (injected >= 0) return reply(res, fail(failures.splice(injected, 1)[0]?.error ?? { error_code: 500, description: 'Internal Server Error' }));
    const handler = methods[method];
    reply(res, handler ? await handler(body, token, res) : fail({ error_code: 404, description: 'Not Found: method not found' }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake Telegram did not get a TCP port');

  return {
    apiRoot: `http://127.0.0.1:${address.port}`,
    token: [...tokens][0] ?? FAKE_TELEGRAM_TOKEN,
    received,
    get count429() {
      return count429;
    },
    get webhook() {
      return webhook;
    },
    sentTo: (chatId) => sent.filter((s) => s.chatId === String(chatId)).map((s) => s.text),
    filesSentTo: (chatId) => uploads.filter((u) => u.chatId === String(chatId)),
    failNext: (n, error, method) => {
      for (let i = 0; i < n; i++) failures.push({ error, method });
    },
    blockChat: (chatId) => void blocked.add(String(chatId)),
    enforceRate: (rate) => void (bucket = rate ? new TokenBucket(rate) : undefined),
    queueUpdate: (update) => {
      const update_id = typeof update.update_id === 'number' ? update.update_id : nextUpdateId++;
      updates.push({ ...update, update_id });
      for (const w of waiters) w.resolve();
      return update_id;
    },
    addFile: (fileId, bytes, filePath) => void files.set(fileId, { bytes, filePath }),
    reset: () => {
      failures.length = 0;
      blocked.clear();
      bucket = undefined;
      webhook = undefined;
    },
    close: async () => {
      for (const w of waiters) w.resolve();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Answer {
  status: number;
  payload: unknown;
}

function ok(result: unknown): Answer {
  return { status: 200, payload: { ok: true, result } };
}

function fail(error: BotApiError): Answer {
  return { status: error.error_code, payload: { ok: false, ...error } };
}

/** A malformed escape names no file: it is served nothing (404) rather than crash the fake. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}

function reply(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.payload));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** A file a bot uploaded (sendVoice, sendPhoto…), as the form carried it. */
export interface UploadedFile {
  method: string;
  chatId: string;
  /** The message the file became (what a reply to it quotes). */
  messageId: number;
  bytes: Buffer;
  fileName?: string;
  caption?: string;
}

/** grammY sends JSON (multipart for file uploads: handle() reads those). */
function parseBody(raw: string): Record<string, unknown> | undefined {
  if (raw.trim() === '') return {};
  try {
    const parsed = jsonObject.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
