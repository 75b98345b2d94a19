/**
 * A recording pass-through in front of the fake Bot API. The fake logs what it was asked, not
 * what it answered; a conversation test needs the answers too — above all the `message_id` of
 * each message, since a parent's reply or a teacher's quote names it (Bot API Message). Every
 * call is forwarded unchanged to the fake and its answer returned unchanged.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export interface BotApiExchange {
  /** The bot's token, from the URL (`/bot<token>/<method>`): which bot made the call. */
  token: string;
  method: string;
  body: Record<string, unknown>;
  status: number;
  /** The fake's JSON answer, `{ok, result}` or `{ok:false, error_code, …}`. */
  answer: unknown;
}

export interface BotApiRecorder {
  /** Give this to the service as TELEGRAM_API_ROOT (no trailing slash). */
  readonly apiRoot: string;
  /** Every answered call, oldest first. */
  readonly exchanges: BotApiExchange[];
  close(): Promise<void>;
}

const jsonObject = z.record(z.string(), z.unknown());

export async function startBotApiRecorder(targetApiRoot: string): Promise<BotApiRecorder> {
  const exchanges: BotApiExchange[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const upstream = await fetch(`${targetApiRoot}${req.url ?? '/'}`, {
        method: req.method ?? 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: raw }),
      });
      const text = await upstream.text();
      const [, token = '', method = ''] = /\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '') ?? [];
      exchanges.push({ token, method, body: parseObject(raw), status: upstream.status, answer: parseJson(text) });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A message the bot sent to a chat, as Telegram answered it. */
export interface BotMessage {
  messageId: number;
  text: string;
  /** Inline buttons, in order (one per row in our planner). */
  buttons: Array<{ text: string; data: string }>;
}

const sentMessageAnswer = z.object({ ok: z.literal(true), result: z.object({ message_id: z.number(), text: z.string().optional() }) });
const keyboard = z.object({ inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string() }))) });

/** The messages the bot (the one with `token`, when given) got through to `chatId`, oldest first (failed calls left out). */
export function botMessagesTo(recorder: BotApiRecorder, chatId: string | number, token?: string): BotMessage[] {
  return recorder.exchanges.flatMap((x) => {
    if (x.method !== 'sendMessage' || String(x.body.chat_id) !== String(chatId) || (token !== undefined && x.token !== token)) return [];
    const answer = sentMessageAnswer.safeParse(x.answer);
    if (!answer.success) return [];
    const markup = keyboard.safeParse(x.body.reply_markup);
    const buttons = markup.success ? markup.data.inline_keyboard.flat().map((b) => ({ text: b.text, data: b.callback_data })) : [];
    return [{ messageId: answer.data.result.message_id, text: String(x.body.text ?? ''), buttons }];
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseObject(raw: string): Record<string, unknown> {
  const parsed = jsonObject.safeParse(parseJson(raw));
  return parsed.success ? parsed.data : {};
}
