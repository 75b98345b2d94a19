/**
 * A pass-through HTTP proxy in front of a local fake that stamps each answer with the time it
 * left the fake and its status: the fakes log what they received, but not when. Only a label
 * is kept per request (e.g. the Bot API method), never the URL: it carries tokens.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { now } from './timing.js';

export interface ProxiedCall {
  /** What `label` made of the request path, e.g. 'sendMessage'. */
  label: string;
  /** HTTP status the fake answered (0 when it could not be reached). */
  status: number;
  /** now() when the request reached the proxy, and when the fake's answer headers came back. */
  startedAt: number;
  answeredAt: number;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: the fake's address, path kept. */
  readonly url: string;
  readonly calls: ProxiedCall[];
  close(): Promise<void>;
}

/**
 * `target` is the fake's origin (`http://127.0.0.1:<port>`); requests keep their path and query.
 * `label` turns a path into what is recorded; a call it returns undefined for is still proxied.
 */
export async function startRecordingProxy(target: string, label: (path: string) => string | undefined): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const calls: ProxiedCall[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const startedAt = now();
    const path = req.url ?? '/';
    const name = label(path.split('?')[0] ?? path);
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host }, agent },
      (answer) => {
        if (name !== undefined) calls.push({ label: name, status: answer.statusCode ?? 0, startedAt, answeredAt: now() });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (err) => {
      if (name !== undefined) calls.push({ label: name, status: 0, startedAt, answeredAt: now() });
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}`);
    });
    req.pipe(out);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
