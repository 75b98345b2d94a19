/**
 * Every 4xx is `{error: {code, message, params?, details?}}`; a malformed request is a 400
 * naming the field, never a 500. Codes are stable; messages are English, for people reading the
 * API. `params` holds the values the message is made of (the field, the id, the wait), so a
 * client such as the console says the same thing in its reader's language from `code` + `params`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isConnectionError } from '../store/redis-health.js';

/**
 * Every code an error answer carries, for clients to act on and to word in their reader's
 * language (the console does, in Arabic, French and English; tests/unit/api-error-codes.test.ts
 * checks that a code thrown anywhere is listed here and has the console's words).
 */
export const API_ERROR_CODES = [
  // The request itself
  'bad_request', 'invalid_request', 'malformed_json', 'body_too_large', 'unsupported_media_type', 'uri_too_long',
  'missing_host', 'request_timeout', 'method_not_implemented', 'method_not_allowed', 'headers_too_large', 'expectation_failed', 'bad_url',
  // Who asks
  'unauthorized', 'forbidden', 'csrf', 'school_required', 'wrong_code', 'wrong_password', 'invalid_link',
  // Try again later, or our side
  'too_many_attempts', 'too_many_streams', 'unavailable', 'internal_error',
  // What was asked for
  'not_found', 'login_taken', 'unknown_teacher', 'last_admin', 'school_exists', 'roster_invalid', 'no_rsvp', 'not_reached',
  'unknown_audience', 'empty_audience', 'idempotency_key_reused', 'unknown_survey', 'starts_in_past', 'no_join_links',
  'unknown_children', 'absences_invalid', 'already_settled', 'no_chat', 'answered_by_booking',
] as const;

/** What a message is made of: scalars and lists of names, never a nested object. */
export type ErrorParams = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export class ApiError extends Error {
  /**
   * `details` is sent as is; its scalar fields (`{field: 'answer'}`) are parameters too, so an
   * error built from a service's details needs no more. `params` adds or overrides.
   */
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly params?: ErrorParams,
  ) {
    super(message);
  }
}

/** A refusal to try again later (429, 503): sent with `Retry-After` in whole seconds. */
export class RetryLaterError extends ApiError {
  constructor(statusCode: 429 | 503, code: string, message: string, readonly retryAfterS: number, params: ErrorParams = {}) {
    super(statusCode, code, message, undefined, { ...params, retryAfterS });
  }
}

/** What a 404 names: the kind of thing asked for and, when the request gave one, its id. */
export type Missing = 'event' | 'guardian' | 'person' | 'note' | 'survey' | 'api_key' | 'chat' | 'file' | 'join_link';

export function notFound(what: Missing, id?: string, message = id === undefined ? `no such ${what.replace('_', ' ')}` : `no ${what.replace('_', ' ')} ${id}`): ApiError {
  return new ApiError(404, 'not_found', message, undefined, { what, ...(id === undefined ? {} : { id }) });
}

/** The parameters of an error: its scalar details (and lists of strings), then its own params. */
export function paramsOf(err: ApiError): ErrorParams | undefined {
  const fromDetails: Record<string, string | number | boolean | readonly string[]> = {};
  if (typeof err.details === 'object' && err.details !== null && !Array.isArray(err.details)) {
    for (const [k, v] of Object.entries(err.details)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fromDetails[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) fromDetails[k] = v as string[];
    }
  }
  const params = { ...fromDetails, ...err.params };
  return Object.keys(params).length ? params : undefined;
}

/** The body of an error answer. */
function errorBody(code: string, message: string, params?: ErrorParams, details?: unknown) {
  return { error: { code, message, ...(params ? { params } : {}), ...(details !== undefined ? { details } : {}) } };
}

/** Fastify's own request errors, in our vocabulary. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'the request body is larger than this server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'send application/json (or text/csv where a route accepts it)' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: 'Content-Length does not match the body' },
};

/** Redis reconnects within about a second of coming back; a few seconds spares a busy retry loop. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** Redis is unreachable (routes/unavailable.ts): 503, try again shortly, nothing was changed. */
export function redisUnavailable(): RetryLaterError {
  return new RetryLaterError(503, 'unavailable', 'the service cannot reach its database right now and changed nothing; try again in a few seconds', UNAVAILABLE_RETRY_AFTER_S);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((caught: FastifyError, request, reply) => {
    // Redis went away while this request ran: the same 503 the gate gives (unavailable.ts).
    const err = isConnectionError(caught) ? redisUnavailable() : caught;
    if (err instanceof ApiError) {
      if (err instanceof RetryLaterError) reply.header('retry-after', String(err.retryAfterS));
      return reply.status(err.statusCode).send(errorBody(err.code, err.message, paramsOf(err), err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) return reply.status(400).send(validationBody(err.validationContext, err.validation));
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(known.status).send(errorBody(known.code, known.message ?? err.message));
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return reply.status(400).send(errorBody('malformed_json', `the body is not valid JSON: ${err.message}`));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(errorBody((err.code ?? 'bad_request').toLowerCase(), err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', 'something went wrong on our side; nothing was lost, try again'));
  });
  app.setNotFoundHandler((request, reply) => {
    // A path may be up to 8 KiB: the message names its start, not all of it.
    const path = request.url.split('?')[0] ?? '';
    return reply.status(404).send(errorBody('not_found', `no route ${request.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`, { what: 'route' }));
  });
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * A request that does not match its schema: every field with what is wrong (`reason`, zod's
 * issue code: too_small, invalid_type…, with its `minimum`/`maximum`); the first one is the
 * error's parameters.
 */
function validationBody(context: string | undefined, issues: readonly ValidationIssue[]) {
  const details = issues.map((v) => ({
    field: [context, ...v.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.'),
    message: v.message ?? 'invalid',
    reason: v.keyword,
    ...limitsOf(v.params),
  }));
  const first = details[0];
  return errorBody('invalid_request', first ? `${first.field}: ${first.message}` : 'invalid request', first ? { field: first.field, reason: first.reason, ...limitsOf(issues[0]?.params) } : undefined, details);
}

function limitsOf(params: Record<string, unknown> | undefined): { minimum?: number; maximum?: number } {
  const out: { minimum?: number; maximum?: number } = {};
  if (typeof params?.minimum === 'number') out.minimum = params.minimum;
  if (typeof params?.maximum === 'number') out.maximum = params.maximum;
  return out;
}
