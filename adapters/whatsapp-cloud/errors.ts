/**
 * The one place Cloud API error codes become ours (shared/PLATFORMS.md §3b "Error codes"). Meta
 * asks that handling be built on `code` (and details), never on titles.
 */
import { PermanentError, RateLimitedError, TransientError, type ChannelError, type ChannelErrorCode } from '../../src/core/index.js';
import { graphErrorBodySchema, type CloudGraphError } from './schema.js';

/** Throughput (130429) clears within the second; spam and account-wide throttles take longer. */
export const THROUGHPUT_RETRY_MS = 1000;
export const THROTTLE_RETRY_MS = 60_000;

export const REENGAGEMENT = 131047;
export const PAIR_RATE = 131056;

/** The number's own throughput (130429), Graph's app and account limits (4, 80007), spam throttling (131048). */
const RATE_LIMITED = new Map<number, number>([[130429, THROUGHPUT_RETRY_MS], [4, THROTTLE_RETRY_MS], [80007, THROTTLE_RETRY_MS], [131048, THROTTLE_RETRY_MS]]);
/** The token, its permissions, the number or the account: staff must act, and the account stops. */
const AUTH = new Set([0, 3, 10, 190, 200, 368, 131005, 131031, 131042, 133010]);
/** Not a WhatsApp user, cannot receive, or not allowed (a test number's recipient list). */
const UNREACHABLE = new Set([131026, 131030]);
/** The school's template is missing, unapproved, paused, takes other parameters, or refused one (132018: a line break in it). */
const TEMPLATE = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018]);
/** Graph's "try again later" and WhatsApp's own service errors. */
const TRANSIENT = new Set([1, 2, 131000, 131016, 133004, PAIR_RATE]);

/** What a Cloud API error code means for the message (also a failed status's code). */
export function cloudErrorCode(code: number): ChannelErrorCode {
  if (RATE_LIMITED.has(code)) return 'rate_limited';
  if (AUTH.has(code)) return 'auth';
  if (UNREACHABLE.has(code)) return 'unreachable';
  if (code === REENGAGEMENT) return 'outside_window';
  if (TEMPLATE.has(code)) return 'no_template';
  // 131049: Meta chose not to deliver more business messages to this person for now.
  if (code === 131049) return 'tier_limit';
  if (code === 131021) return 'invalid_address';
  if (TRANSIENT.has(code)) return 'transient';
  return 'permanent';
}

/** Every Graph answer that is not a sent message, as one typed error. `body` is parsed, never trusted. */
export function mapCloudError(status: number, body: unknown): ChannelError {
  const parsed = graphErrorBodySchema.safeParse(body);
  const e = parsed.success ? parsed.data.error : undefined;
  const message = describe(status, e);
  const opts = { platform: 'whatsapp' as const, ...(e ? { cause: { code: e.code, ...(e.error_subcode ? { subcode: e.error_subcode } : {}) } } : {}) };
  if (!e) return status === 429 ? new RateLimitedError(message, THROUGHPUT_RETRY_MS, opts) : status >= 500 ? new TransientError(message, opts) : new PermanentError('permanent', message, opts);
  const code = cloudErrorCode(e.code);
  if (code === 'rate_limited') return new RateLimitedError(message, RATE_LIMITED.get(e.code) ?? THROUGHPUT_RETRY_MS, opts);
  if (code === 'transient' || status >= 500) return new TransientError(message, opts);
  return new PermanentError(code, message, opts);
}

/** The Graph code of an error we made from one, when it came from the platform. */
export function graphCode(err: unknown): number | undefined {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'number' ? cause.code : undefined;
}

function describe(status: number, e: CloudGraphError | undefined): string {
  if (!e) return `WhatsApp Cloud API answered HTTP ${status} without a message id`;
  const details = e.error_data?.details ? `: ${e.error_data.details}` : '';
  const text = `${(e.message ?? '').slice(0, 200)}${details.slice(0, 200)}`.replace(/\+?\d{8,}/g, '[number]');
  return `WhatsApp Cloud API error ${e.code} (HTTP ${status}) ${text}`.trim();
}
