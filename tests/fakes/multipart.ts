/**
 * multipart/form-data as the fakes read it: grammY uploads (Telegram sendVoice, sendPhoto…) and
 * Node's fetch with a FormData (Messenger's Send API upload). Text fields come back as strings,
 * file parts (those with a filename) with their bytes, name and content type.
 */

/** A file part of a form, as the client wrote it. */
export interface FormFile {
  bytes: Buffer;
  fileName?: string;
  /** The part's own Content-Type, when it has one. */
  contentType?: string;
}

export interface ParsedForm {
  fields: Record<string, string>;
  files: Map<string, FormFile>;
}

/** True when the request's Content-Type says multipart/form-data. */
export function isMultipart(contentType: string | undefined): boolean {
  return /^\s*multipart\/form-data\b/i.test(contentType ?? '');
}

/**
 * The parts between `--<boundary>` lines. Undefined when the Content-Type names no boundary.
 * grammY writes a file name unquoted (filename=voice.ogg); browsers and undici quote it and
 * escape `"`, CR and LF as %22, %0D, %0A.
 */
export function parseMultipart(raw: Buffer, contentType: string): ParsedForm | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2]?.trim();
  if (!mark) return undefined;
  const fields: Record<string, string> = {};
  const files = new Map<string, FormFile>();
  const delimiter = Buffer.from(`--${mark}`);
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(at + delimiter.length + 2, next - 2); // past CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    if (split > 0) readPart(part.subarray(0, split).toString('utf8'), part.subarray(split + 4), fields, files);
    at = next;
  }
  return { fields, files };
}

function readPart(head: string, body: Buffer, fields: Record<string, string>, files: Map<string, FormFile>): void {
  const name = /\bname="([^"]*)"/i.exec(head)?.[1];
  if (name === undefined) return;
  const quoted = /\bfilename="([^"]*)"/i.exec(head)?.[1];
  const fileName = quoted !== undefined ? unescapeQuoted(quoted) : /\bfilename=([^";\r\n]*)/i.exec(head)?.[1];
  if (fileName === undefined) {
    fields[name] = body.toString('utf8');
    return;
  }
  const contentType = /^content-type:\s*([^\r\n]+)/im.exec(head)?.[1]?.trim();
  files.set(name, { bytes: Buffer.from(body), ...(fileName ? { fileName } : {}), ...(contentType ? { contentType } : {}) });
}

function unescapeQuoted(name: string): string {
  return name.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}
