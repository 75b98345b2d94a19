/**
 * Errors raised before any route runs, in the same `{error: {code, message}}` shape as every
 * other error (DESIGN §5), instead of Node's empty bodies and Fastify's own JSON:
 * - Node's HTTP parser (clientError): 400 not HTTP, 408 too slow, 414 request line too long,
 *   431 headers too large, 501 unknown method. Written on the raw socket, which is then closed:
 *   after a parse error nothing more on the connection can be trusted.
 * - Fastify's router (frameworkErrors): 400 bad percent-encoding in the path (`%ff`, `%zz`),
 *   414 a path segment over maxParamLength.
 * - Our own rules, first of all hooks: 414 a URL over MAX_URL_BYTES, 400 HTTP/1.1 without Host.
 * - Node's `Expect` check: 417.
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

/**
 * The longest URL taken (path and query), in bytes: 8 KiB is what proxies and browsers all
 * pass, and our longest real URL (a list filter, a cursor) is under 1 KiB. Node's parser stops
 * the whole head at 16 KiB, which we answer as 414 or 431 (below).
 */
export const MAX_URL_BYTES = 8 * 1024;
/** Fastify's default: no id of ours is near it (ids are 64 characters at most). */
const MAX_PARAM_LENGTH = 100;

/** Node's parse error: rawPacket is the packet being parsed (Fastify's types say otherwise). */
interface ParseError extends Error {
  code?: string;
  rawPacket?: unknown;
}

const PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'the request did not arrive in time' },
  HPE_INVALID_METHOD: { status: 501, code: 'method_not_implemented', message: 'this HTTP method is not known here' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'the request headers are larger than this server accepts (16 KiB)' },
};
const URI_TOO_LONG = { status: 414, code: 'uri_too_long', message: `the URL is longer than this server accepts (${MAX_URL_BYTES} bytes)` };
const NOT_HTTP = { status: 400, code: 'bad_request', message: 'the request is not valid HTTP' };

/** Fastify options: its router's errors and the parser's, answered in our shape. */
export function protocolErrorOptions(): Pick<FastifyHttpOptions<Server>, 'frameworkErrors' | 'clientErrorHandler' | 'http' | 'routerOptions'> {
  return {
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Node would answer a missing Host with an empty 400; the hook below answers it instead.
    http: { requireHostHeader: false },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  };
}

/** Root hooks and server listeners, installed before any route. */
export function installProtocolChecks(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (Buffer.byteLength(request.raw.url ?? '') > MAX_URL_BYTES) throw new ApiError(URI_TOO_LONG.status, URI_TOO_LONG.code, URI_TOO_LONG.message);
    if (request.raw.httpVersion === '1.1' && !request.headers.host) throw new ApiError(400, 'missing_host', 'an HTTP/1.1 request needs a Host header');
  });
  app.server.on('checkExpectation', (_req, res) => {
    const body = JSON.stringify({ error: { code: 'expectation_failed', message: 'only Expect: 100-continue is supported' } });
    res.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
  });
}

function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? [414, 'uri_too_long', `a part of the path is longer than ${MAX_PARAM_LENGTH} characters`]
    : error.code === 'FST_ERR_BAD_URL'
      ? [400, 'bad_url', 'the URL has a bad percent-encoding (such as %ff or %zz)']
      : [500, 'internal_error', 'something went wrong on our side; nothing was lost, try again'];
  void reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify({ error: { code, message } }));
}

function answerClientError(err: ParseError, socket: Socket): void {
  // The client hung up, or the socket is gone: nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = err.code === 'HPE_HEADER_OVERFLOW' && requestLineTooLong(err.rawPacket)
    ? URI_TOO_LONG
    // A TLS handshake or other bytes are "not HTTP", not an unknown method.
    : err.code === 'HPE_INVALID_METHOD' && !startsWithMethod(err.rawPacket)
      ? NOT_HTTP
      : (err.code ? PARSER_ERRORS[err.code] : undefined) ?? NOT_HTTP;
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  if (!socket.writable) return void socket.destroy();
  socket.end([
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n'));
}

/**
 * Whether the head that overflowed did so in its request line: the packet starts with
 * "<METHOD> " and has no line end within MAX_URL_BYTES. A request line split over several
 * packets cannot be told apart from big headers and gets 431.
 */
function requestLineTooLong(packet: unknown): boolean {
  if (!Buffer.isBuffer(packet) || !startsWithMethod(packet)) return false;
  const lineEnd = packet.indexOf('\r\n');
  return lineEnd < 0 || lineEnd > MAX_URL_BYTES;
}

/** The packet begins like a request line: an upper-case token (a method, known or not) and a space. */
function startsWithMethod(packet: unknown): boolean {
  return Buffer.isBuffer(packet) && /^[A-Z][A-Z-]{2,19} /.test(packet.subarray(0, 21).toString('latin1'));
}
