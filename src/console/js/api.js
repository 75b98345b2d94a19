/**
 * Calls to /v1 with the tab's key as a Bearer header: never in a URL, so no server or proxy log
 * ever holds it. Errors come back as ApiError with the API's stable code (which the pages turn
 * into words in the user's language) and its message (shown as the detail).
 */
import { apiKey, schoolId } from './session.js';

export class ApiError extends Error {
  /** status 0: the server could not be reached. */
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** "/v1/x" with the query's defined values, and ?school= for a key of every school. */
export function url(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const school = schoolId();
  if (school && !params.has('school')) params.set('school', school);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function authHeaders(extra = {}) {
  return { authorization: `Bearer ${apiKey() ?? ''}`, ...extra };
}

/** JSON in, JSON out. `opts`: {query, body, headers, signal}. */
export async function api(method, path, opts = {}) {
  const headers = authHeaders(opts.headers);
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(url(path, opts.query), { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err.message);
  }
  return readResponse(res);
}

async function readResponse(res) {
  if (res.status === 204) return undefined;
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = body?.error ?? {};
    throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.message ?? text.slice(0, 200), e.details);
  }
  return body;
}

/** The items of every page of a paginated list (offset/limit), up to `max`. */
export async function listAll(path, query = {}, max = 5000) {
  const items = [];
  for (let offset = 0; offset < max; ) {
    const page = await api('GET', path, { query: { ...query, offset, limit: 1000 } });
    items.push(...page.items);
    offset += page.items.length;
    if (!page.items.length || offset >= page.total) break;
  }
  return items;
}

/**
 * POSTs a CSV file with XHR, because fetch() cannot report upload progress.
 * onProgress(fraction 0..1). Resolves with the JSON answer, rejects with ApiError.
 */
export function uploadCsv(path, file, query, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path, query));
    for (const [k, v] of Object.entries(authHeaders({ 'content-type': 'text/csv' }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the upload did not reach the server'));
    xhr.onload = () => {
      onProgress(1);
      readResponse(new Response(xhr.responseText, { status: xhr.status })).then(resolve, reject);
    };
    xhr.send(file);
  });
}

/** Downloads a file that needs the key (a plain link could not carry the header). */
export async function download(path, query, filename) {
  const res = await fetch(url(path, query), { headers: authHeaders() }).catch((err) => {
    throw new ApiError(0, 'network', err.message);
  });
  if (!res.ok) await readResponse(res);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** An image that needs the key (a QR code), as a blob: URL for an <img>. */
export async function imageUrl(path, query) {
  const res = await fetch(url(path, query), { headers: authHeaders() }).catch((err) => {
    throw new ApiError(0, 'network', err.message);
  });
  if (!res.ok) await readResponse(res);
  return URL.createObjectURL(await res.blob());
}
