/**
 * Every 4xx is `{error: {code, message, details?}}`; a malformed request is a 400 naming the
 * field, never a 500. Codes are stable; messages are for people.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isConnectionError } from '../store/redis-health.js';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A refusal to try again later (429, 503): sent with `Retry-After` in whole seconds. */
export class RetryLaterError extends ApiError {
  constructor(statusCode: 429 | 503, code: string, message: string, readonly retryAfterS: number) {
    super(statusCode, code, message);
  }
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
      return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        field: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      const first = details[0];
      return reply.status(400).send({ error: { code: 'invalid_request', message: first ? `${first.field}: ${first.message}` : 'invalid request', details } });
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(known.status).send({ error: { code: known.code, message: known.message ?? err.message } });
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return reply.status(400).send({ error: { code: 'malformed_json', message: `the body is not valid JSON: ${err.message}` } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: (err.code ?? 'bad_request').toLowerCase(), message: err.message } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'something went wrong on our side; nothing was lost, try again' } });
  });
  app.setNotFoundHandler((request, reply) => {
    // A path may be up to 8 KiB: the message names its start, not all of it.
    const path = request.url.split('?')[0] ?? '';
    return reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}` } });
  });
}
