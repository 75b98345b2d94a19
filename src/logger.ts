/**
 * pino, JSON in production and pretty on a terminal. Phone numbers, tokens, names and message
 * texts are redacted by path wherever they would appear in a log line.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  '*.phone', '*.name', '*.text', '*.token', '*.address', '*.from', '*.childName', '*.childNames',
  'phone', 'name', 'text', 'token', 'address', 'from',
];

/** `destination` (tests, a file) wins over pretty printing, which needs its own transport. */
export function createLogger(opts: { level: string; pretty: boolean; destination?: DestinationStream }): Logger {
  const base = { level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (opts.destination) return pino(base, opts.destination);
  return pino({
    ...base,
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
