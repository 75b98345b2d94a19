/**
 * pino, JSON in production and pretty on a terminal. Phone numbers, tokens, names and message
 * texts are redacted by path wherever they would appear in a log line, and so are the request
 * headers that carry a secret (the adapters say which: adapters.ts SECRET_HEADERS).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

const ALWAYS_REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  '*.phone', '*.name', '*.text', '*.token', '*.address', '*.from', '*.childName', '*.childNames',
  'phone', 'name', 'text', 'token', 'address', 'from',
];

/** What a log line never shows: personal data, and the request headers that carry secrets. */
export function redactPaths(secretHeaders: readonly string[]): string[] {
  return [...ALWAYS_REDACTED, ...secretHeaders.map((h) => `req.headers[${JSON.stringify(h.toLowerCase())}]`)];
}

/** `destination` (tests, a file) wins over pretty printing, which needs its own transport. */
export function createLogger(opts: { level: string; pretty: boolean; secretHeaders: readonly string[]; destination?: DestinationStream }): Logger {
  const base = { level: opts.level, redact: { paths: redactPaths(opts.secretHeaders), censor: '[redacted]' } };
  if (opts.destination) return pino(base, opts.destination);
  return pino({
    ...base,
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
