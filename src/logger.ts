/**
 * pino, JSON in production and pretty on a terminal. Phone numbers, tokens, names and message
 * texts are redacted by path wherever they would appear in a log line.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  '*.phone', '*.name', '*.text', '*.token', '*.address', '*.from', '*.childName', '*.childNames',
  'phone', 'name', 'text', 'token', 'address', 'from',
];

export function createLogger(opts: { level: string; pretty: boolean }): Logger {
  return pino({
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
