/**
 * Errors Node's HTTP parser or Fastify's router raise before any route runs still come in the
 * documented shape `{error: {code, message}}`, with a status that says what was wrong. Over a
 * real socket (node:net): several of these never reach app.inject.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, KEY_ALL, KEY_S1, startTestApp, type TestApp } from '../helpers/app.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `data` as is and reads the one answer until the server closes the connection. */
function raw(port: number, data: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // the server may close while we still write
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const head = text.slice(0, text.indexOf('\r\n\r\n'));
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
      if (!status) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status, headers, body: text.slice(head.length + 4) });
    });
    socket.write(data);
    // Half-close after a moment, so a server waiting for more of a body answers anyway.
    setTimeout(() => socket.end(), 300);
  });
}

function expectShape(res: RawAnswer, status: number, code: string): void {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  const body = JSON.parse(res.body) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toEqual(expect.objectContaining({ code, message: expect.any(String) }));
  expect(Object.keys(body.error).every((k) => ['code', 'message', 'params'].includes(k))).toBe(true);
}

const request = (head: string, body = '') => `${head}\r\nHost: school.test\r\nConnection: close\r\n${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;
const withKey = (key = KEY_S1) => `Authorization: Bearer ${key}`;

describe('protocol errors in the documented shape, over a real socket', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { BODY_LIMIT_BYTES: '2048' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    const events = await t.app.inject({ method: 'GET', url: '/v1/events', headers: auth() });
    expect((events.json() as { items: unknown[] }).items).toEqual([]); // no bad request wrote anything
    await t?.close();
  });

  describe('URLs', () => {
    it.each([
      ['%00%ff in a path parameter', '/v1/events/%00%ff'],
      ['%ff in a static path', '/v1/ros%fftr'],
      ['%zz (not hex)', '/v1/guardians/%zz'],
      ['a lone %', '/v1/guardians/g1%'],
    ])('%s → 400 bad_url', async (_label, path) => {
      expectShape(await raw(port, request(`GET ${path} HTTP/1.1\r\n${withKey()}`)), 400, 'bad_url');
    });

    it('%00%ff in a query value → 400 naming the field', async () => {
      const res = await raw(port, request(`GET /v1/roster?school=%00%ff HTTP/1.1\r\n${withKey(KEY_ALL)}`));
      expectShape(res, 400, 'invalid_request');
      expect(res.body).toContain('school');
    });

    it('a URL of 8 KiB is taken; 9 KiB → 414 uri_too_long; 20 KiB (past the parser\'s 16 KiB head) → 414 too', async () => {
      const pad = (bytes: number) => `/v1/roster?x=${'a'.repeat(bytes - '/v1/roster?x='.length)}`;
      expect((await raw(port, request(`GET ${pad(8192)} HTTP/1.1\r\n${withKey()}`))).status).toBe(200);
      expectShape(await raw(port, request(`GET ${pad(9 * 1024)} HTTP/1.1\r\n${withKey()}`)), 414, 'uri_too_long');
      expectShape(await raw(port, request(`GET ${pad(20 * 1024)} HTTP/1.1\r\n${withKey()}`)), 414, 'uri_too_long');
    });

    it("a path parameter over Fastify's maxParamLength (100) → 414 uri_too_long", async () => {
      expectShape(await raw(port, request(`GET /v1/guardians/${'g'.repeat(150)} HTTP/1.1\r\n${withKey()}`)), 414, 'uri_too_long');
    });

    it('an unknown route with a long path → 404 whose message does not repeat all of it', async () => {
      const res = await raw(port, request(`GET /v1/${'n'.repeat(5000)} HTTP/1.1\r\n${withKey()}`));
      expectShape(res, 404, 'not_found');
      expect(res.body.length).toBeLessThan(400);
    });
  });

  describe('the request line and headers', () => {
    it('headers over 16 KiB → 431 headers_too_large', async () => {
      expectShape(await raw(port, request(`GET /v1/roster HTTP/1.1\r\n${withKey()}\r\nX-Big: ${'b'.repeat(20_000)}`)), 431, 'headers_too_large');
    });

    it('a method HTTP does not know → 501 method_not_implemented', async () => {
      expectShape(await raw(port, request(`FOO /v1/roster HTTP/1.1\r\n${withKey()}`)), 501, 'method_not_implemented');
    });

    it('a known method without a route → 404 not_found', async () => {
      expectShape(await raw(port, request(`PROPFIND /v1/roster HTTP/1.1\r\n${withKey()}`)), 404, 'not_found');
    });

    it('bytes that are not HTTP (a TLS handshake on the plain port), a bad version → 400 bad_request', async () => {
      expectShape(await raw(port, Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])), 400, 'bad_request');
      expectShape(await raw(port, 'GET /healthz HTTP/9.9\r\nHost: school.test\r\n\r\n'), 400, 'bad_request');
    });

    it('Content-Length and Transfer-Encoding together (request smuggling) → 400 bad_request', async () => {
      const head = `POST /v1/events HTTP/1.1\r\nHost: school.test\r\n${withKey()}\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`;
      expectShape(await raw(port, head), 400, 'bad_request');
    });

    it('HTTP/1.1 without Host → 400 missing_host; HTTP/1.0 without it is fine', async () => {
      expectShape(await raw(port, `GET /v1/roster HTTP/1.1\r\n${withKey()}\r\nConnection: close\r\n\r\n`), 400, 'missing_host');
      expect((await raw(port, 'GET /healthz HTTP/1.0\r\n\r\n')).status).toBe(200);
    });

    it('an Expect other than 100-continue → 417 expectation_failed', async () => {
      expectShape(await raw(port, request(`GET /v1/roster HTTP/1.1\r\n${withKey()}\r\nExpect: a-miracle`)), 417, 'expectation_failed');
    });
  });

  describe('bodies', () => {
    const post = (type: string, body: string) => request(`POST /v1/events HTTP/1.1\r\n${withKey()}\r\nContent-Type: ${type}`, body);

    it('an unsupported content type → 415 unsupported_media_type', async () => {
      expectShape(await raw(port, post('application/xml', '<event kind="meeting"/>')), 415, 'unsupported_media_type');
    });

    it('malformed JSON → 400 malformed_json', async () => {
      expectShape(await raw(port, post('application/json', '{"kind":')), 400, 'malformed_json');
    });

    it('a body over BODY_LIMIT_BYTES → 413 body_too_large, announced by Content-Length or streamed in chunks', async () => {
      const big = JSON.stringify({ kind: 'meeting', audience: { school: true }, details: { en: 'x'.repeat(4000) } });
      expectShape(await raw(port, post('application/json', big)), 413, 'body_too_large');
      const chunked = `POST /v1/events HTTP/1.1\r\nHost: school.test\r\n${withKey()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
        + `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`;
      expectShape(await raw(port, chunked), 413, 'body_too_large');
    });
  });
});
