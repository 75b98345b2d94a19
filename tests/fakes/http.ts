/** What the local fake platform servers share: reading a request's bytes, and answering JSON or a file. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  file?: { bytes: Buffer; contentType: string };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export function reply(res: ServerResponse, answer: FakeAnswer): void {
  if (answer.file) {
    res.writeHead(answer.status, { 'content-type': answer.file.contentType, 'content-length': answer.file.bytes.length });
    res.end(answer.file.bytes);
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(answer.body));
}
