/**
 * Calls to /v1 as the signed-in person: the browser sends the session cookie by itself (same
 * origin), and every write carries the session's CSRF token in X-CSRF-Token. Errors come back as
 * ApiError with the API's stable code and parameters (which the pages turn into words in the
 * user's language, error-words.js), its English message (shown only for a code the console has no
 * words for) and, for a 429 or 503, how long to wait.
 */
import { csrfToken, person, schoolId, setSession } from './session.js';

export class ApiError extends Error {
  /**
   * status 0: the server could not be reached. retryAfterS: the Retry-After header, if any.
   * params: what the message is made of ({field}, {what, id}, {reason}), for words by code.
   */
  constructor(status, code, message, details, retryAfterS, params = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterS = retryAfterS;
    this.params = params;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes about the person, not a school: a district admin's chosen school is not named there. */
const NO_SCHOOL = /^\/v1\/(auth|me|schools)(\/|$)/;

let onSignedOut = () => {};

/** What to do when the server says the session is gone (401): show the sign-in page. */
export function whenSignedOut(fn) {
  onSignedOut = fn;
}

/** "/v1/x" with the query's defined values, and ?school= for a district admin's chosen school. */
export function url(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const school = schoolId();
  if (school && !params.has('school') && !NO_SCHOOL.test(path)) params.set('school', school);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The headers of a request: the CSRF token on a write. */
export function requestHeaders(method, extra = {}) {
  const token = csrfToken();
  return UNSAFE.has(method) && token ? { ...extra, 'x-csrf-token': token } : { ...extra };
}

/** JSON in, JSON out. `opts`: {query, body, headers, signal}. */
export async function api(method, path, opts = {}) {
  const headers = requestHeaders(method, opts.headers);
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(url(path, opts.query), { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err.message);
  }
  try {
    return await readResponse(res);
  } catch (err) {
    // Signed in again in another tab: this page's token is of the old session. Take the new
    // one and try once more (the cookie is already the new session's).
    if (err.code === 'csrf' && !opts.retried) {
      await refreshSession().catch((again) => {
        if (again.status === 401) onSignedOut(again);
        throw again;
      });
      return api(method, path, { ...opts, retried: true });
    }
    if (err.status === 401 && !path.startsWith('/v1/auth/')) {
      // Sent with the cookie of a session that a sign-in in another tab just replaced: the cookie
      // now holds the new one. The same person goes on with it; anyone else, or none, signs in here.
      if (!opts.retried && (await sameSignedIn())) return api(method, path, { ...opts, retried: true });
      onSignedOut(err);
    }
    throw err;
  }
}

/** Whether the cookie now holds a session of the person this page is for (taking its CSRF token). */
async function sameSignedIn() {
  const who = person()?.id;
  if (!who) return false;
  try {
    const s = await readResponse(await fetch(url('/v1/auth/session'), { credentials: 'same-origin' }));
    if (s?.person?.id !== who) return false;
    setSession(s);
    return true;
  } catch {
    return false;
  }
}

/** Reads who is signed in again (a fresh CSRF token, a password just set). */
export async function refreshSession() {
  const s = await api('GET', '/v1/auth/session');
  setSession(s);
  return s;
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
    const retryAfterS = Number(res.headers.get('retry-after')) || undefined;
    throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.message ?? text.slice(0, 200), e.details, retryAfterS, e.params ?? {});
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
    for (const [k, v] of Object.entries(requestHeaders('POST', { 'content-type': 'text/csv' }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the upload did not reach the server'));
    xhr.onload = () => {
      onProgress(1);
      const headers = { 'retry-after': xhr.getResponseHeader('retry-after') ?? '' };
      readResponse(new Response(xhr.responseText, { status: xhr.status, headers })).then(resolve, (err) => {
        if (err.status === 401) onSignedOut(err);
        reject(err);
      });
    };
    xhr.send(file);
  });
}

/** Downloads a file, named as the page says (the answer may be an error to show instead). */
export async function download(path, query, filename) {
  const res = await fetch(url(path, query), { credentials: 'same-origin' }).catch((err) => {
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

/** An image of the API (a QR code), as a blob: URL for an <img>. */
export async function imageUrl(path, query) {
  const res = await fetch(url(path, query), { credentials: 'same-origin' }).catch((err) => {
    throw new ApiError(0, 'network', err.message);
  });
  if (!res.ok) await readResponse(res);
  return URL.createObjectURL(await res.blob());
}
