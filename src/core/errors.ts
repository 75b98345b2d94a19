/**
 * Typed delivery errors. Each adapter maps its platform's error responses into these in one
 * function; the outbound worker alone turns them into BullMQ's vocabulary. Errors cross
 * process boundaries as job failures, so rely on `code`/`name`, not only `instanceof`.
 */
import type { Platform } from './types.js';

export type ChannelErrorCode =
  | 'rate_limited'
  | 'transient'
  | 'unreachable'
  | 'outside_window'
  | 'invalid_address'
  | 'auth'
  /** Outside the platform's window, and the school has no approved template for this message. */
  | 'no_template'
  /** The account's allowance of new people a day (a WhatsApp tier) is used up for now. */
  | 'tier_limit'
  /** The account is paused (its session dropped, or its sends kept failing): others should carry its messages for now. */
  | 'paused'
  | 'permanent';

export interface ChannelErrorOptions {
  platform?: Platform;
  retryAfterMs?: number;
  cause?: unknown;
}

export class ChannelError extends Error {
  override readonly name: string = 'ChannelError';
  readonly code: ChannelErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly platform: Platform | undefined;

  constructor(code: ChannelErrorCode, message: string, retryable: boolean, opts: ChannelErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.retryable = retryable;
    this.retryAfterMs = opts.retryAfterMs;
    this.platform = opts.platform;
  }
}

/** The platform asked us to slow down; retry after `retryAfterMs` without spending an attempt. */
export class RateLimitedError extends ChannelError {
  override readonly name = 'RateLimitedError';
  constructor(message: string, retryAfterMs: number, opts: Omit<ChannelErrorOptions, 'retryAfterMs'> = {}) {
    super('rate_limited', message, true, { ...opts, retryAfterMs });
  }
}

/** Network trouble or a 5xx: retry with exponential backoff and jitter. */
export class TransientError extends ChannelError {
  override readonly name = 'TransientError';
  constructor(message: string, opts: ChannelErrorOptions = {}) {
    super('transient', message, true, opts);
  }
}

/**
 * Retrying cannot help: blocked, not on the platform, outside the messaging window, bad token.
 * `code` says which; the guardian's next channel may still work.
 */
export class PermanentError extends ChannelError {
  override readonly name = 'PermanentError';
  constructor(
    code: Exclude<ChannelErrorCode, 'rate_limited' | 'transient'>,
    message: string,
    opts: ChannelErrorOptions = {},
  ) {
    super(code, message, false, opts);
  }
}

/** Reads an error that may have lost its class (crossed a process boundary). */
export function channelErrorInfo(err: unknown): { code: ChannelErrorCode; retryAfterMs?: number } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; retryAfterMs?: unknown };
  const codes: readonly string[] = ['rate_limited', 'transient', 'unreachable', 'outside_window', 'invalid_address', 'auth', 'no_template', 'tier_limit', 'paused', 'permanent'];
  if (typeof e.code !== 'string' || !codes.includes(e.code)) return undefined;
  const info: { code: ChannelErrorCode; retryAfterMs?: number } = { code: e.code as ChannelErrorCode };
  if (typeof e.retryAfterMs === 'number') info.retryAfterMs = e.retryAfterMs;
  return info;
}

/**
 * A request that got no answer (a timeout, a refused connection): retry. The message says which
 * service and why; the cause keeps the error's name and code, and its message only as `scrub`
 * leaves it (a URL or a token in it must never reach a log).
 */
export function networkFailure(err: unknown, what: string, timeoutMs: number, opts: { platform?: Platform; scrub?: (s: string) => string } = {}): TransientError {
  const name = err instanceof Error ? err.name : 'Error';
  const inner = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const code = inner && 'code' in inner && typeof inner.code === 'string' ? inner.code : undefined;
  const reason = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `request failed (${[name, code].filter(Boolean).join(' ')})`;
  const detail = opts.scrub && err instanceof Error ? { message: opts.scrub(err.message) } : {};
  return new TransientError(`${what}: ${reason}`, { ...(opts.platform ? { platform: opts.platform } : {}), cause: { name, ...(code ? { code } : {}), ...detail } });
}
