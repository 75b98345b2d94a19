/**
 * The Cloud API adapter's only IO (shared/PLATFORMS.md §3b): messages, file uploads, and the
 * download of a parent's file. The access token travels in the Authorization header only; no
 * error message or cause carries it, a URL, or a phone number.
 *
 * Inside the 24-hour window a message goes as text, buttons or a list (and a file first, when
 * there is one); outside it, only as the school's approved template. When the platform says the
 * window had closed after all (131047), the same message goes again at once as the template.
 */
import type { ChannelAdapter, FetchedMedia, InboundMedia, MediaRef, PlannedMessage, SendContext, SendResult } from '../../src/core/index.js';
import { baseContentType, mediaFileName, networkFailure, PermanentError, TransientError, type ChannelError } from '../../src/core/index.js';
import type { WhatsAppCloudAccount } from './config.js';
import { graphCode, mapCloudError, PAIR_RATE, REENGAGEMENT } from './errors.js';
import { recipientDigits, toCloudBodies, toMediaBody, toTemplateBody, type CloudBody } from './outbound.js';
import { mediaInfoSchema, sendResponseSchema, uploadResponseSchema } from './schema.js';

export interface CloudApiDeps {
  /** GRAPH_API_BASE, e.g. https://graph.facebook.com/v25.0 */
  graphBase: string;
  fetch: typeof fetch;
  /** Per message. */
  timeoutMs: number;
  /** Per file upload or download. */
  mediaTimeoutMs: number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

type Account = Pick<WhatsAppCloudAccount, 'phoneNumberId' | 'accessToken' | 'pairIntervalMs'>;
const platform = 'whatsapp';

/** The largest file we download or upload: the Cloud API's audio and document limits are 16 and 100 MB; the media store keeps less. */
export const CLOUD_MEDIA_MAX_BYTES = 25 * 1024 * 1024;

export function createCloudSend(account: Account, deps: CloudApiDeps): ChannelAdapter['send'] {
  const graph = createGraph(account, deps);
  const post = async (body: CloudBody): Promise<string> => {
    try {
      return await graph.message(body);
    } catch (err) {
      // The pair rate: wait the interval once, then leave it to the job's retry.
      if (graphCode(err) !== PAIR_RATE) throw err;
      await deps.sleep(Math.max(account.pairIntervalMs, 1000));
      return graph.message(body);
    }
  };
  const asTemplate = async (ctx: SendContext, to: string, platformSaid?: unknown): Promise<SendResult> => {
    if (!ctx.template) {
      const why = platformSaid ? 'WhatsApp said the 24-hour window had closed (131047)' : 'outside the 24-hour window WhatsApp takes only an approved template';
      throw new PermanentError('no_template', `${why}, and the school has none for this message`, { platform, ...(platformSaid ? { cause: platformSaid } : {}) });
    }
    return { platformMessageId: await post(toTemplateBody(ctx.template, to)), sentAt: deps.now(), asTemplate: true };
  };

  return async function send(planned: PlannedMessage, ctx: SendContext): Promise<SendResult> {
    const to = recipientDigits(ctx.address);
    if (!to) throw new PermanentError('invalid_address', 'a WhatsApp address is a phone number with its country code (2126XXXXXXXX)', { platform });
    if (ctx.withinWindow !== true) return asTemplate(ctx, to);
    const bodies = toCloudBodies(planned, to);
    if (!bodies.length) throw new PermanentError('permanent', 'nothing to send: the message has no text', { platform });
    let fileMessageId: string | undefined;
    let messageId = '';
    try {
      if (ctx.media) fileMessageId = await post(toMediaBody(ctx.media.kind, await graph.upload(ctx.media), to, ctx.media.fileName ?? mediaFileName(ctx.media)));
      for (const [i, body] of bodies.entries()) {
        // Parts of one message are spaced by the pair rate; the first waited in the send path.
        if (i > 0 || fileMessageId) await deps.sleep(account.pairIntervalMs);
        messageId = await post(body);
      }
    } catch (err) {
      // Our clock said the window was open; the platform's said closed. Nothing went out yet.
      if (graphCode(err) === REENGAGEMENT && !messageId && !fileMessageId) return asTemplate(ctx, to, { code: REENGAGEMENT });
      throw err;
    }
    return { platformMessageId: messageId, sentAt: deps.now(), ...(fileMessageId ? { fileMessageId } : {}) };
  };
}

/** A parent's file: its metadata from Graph (`GET /<media id>`), then its bytes, both with the token. */
export function createCloudFetchMedia(account: Account, deps: CloudApiDeps): (media: InboundMedia) => Promise<FetchedMedia> {
  const graph = createGraph(account, deps);
  return async function fetchMedia(media: InboundMedia): Promise<FetchedMedia> {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(media.ref)) throw new PermanentError('permanent', 'a WhatsApp media id is letters and digits', { platform });
    const info = mediaInfoSchema.safeParse(await graph.getJson(`${graph.base}/${encodeURIComponent(media.ref)}`));
    if (!info.success) throw new PermanentError('permanent', 'WhatsApp did not say where the file is', { platform });
    if (Number(info.data.file_size ?? 0) > CLOUD_MEDIA_MAX_BYTES) throw new PermanentError('permanent', `the WhatsApp file is larger than ${CLOUD_MEDIA_MAX_BYTES} bytes`, { platform });
    const { bytes, contentType } = await graph.download(mediaUrl(info.data.url, graph.base));
    const type = baseContentType(contentType) || baseContentType(info.data.mime_type) || baseContentType(media.contentType) || 'application/octet-stream';
    return { bytes, contentType: type, ...(media.fileName ? { fileName: media.fileName } : {}) };
  };
}

function createGraph(account: Account, deps: CloudApiDeps) {
  const base = deps.graphBase.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${account.accessToken}` };
  const scrub = (text: string) => text.split(account.accessToken).join('[token]');
  const request = async (url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; text: string }> => {
    try {
      const res = await deps.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return { status: res.status, text: scrub(await res.text()) };
    } catch (err) {
      throw networkFailure(err, 'WhatsApp Cloud API', timeoutMs, { platform });
    }
  };
  const json = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  return {
    base,
    async message(body: CloudBody): Promise<string> {
      const { status, text } = await request(`${base}/${encodeURIComponent(account.phoneNumberId)}/messages`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body),
      }, deps.timeoutMs);
      const ok = status >= 200 && status < 300 ? sendResponseSchema.safeParse(json(text)) : undefined;
      if (ok?.success) return ok.data.messages[0]?.id ?? '';
      throw mapCloudError(status, json(text));
    },
    /** Uploads a stored file to the number's media endpoint: its id, to send it by. */
    async upload(file: MediaRef & { bytes: Buffer }): Promise<string> {
      if (file.bytes.length > CLOUD_MEDIA_MAX_BYTES) throw new PermanentError('permanent', `the file is larger than ${CLOUD_MEDIA_MAX_BYTES} bytes`, { platform });
      const form = new FormData();
      form.append('messaging_product', 'whatsapp');
      form.append('type', file.contentType);
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), mediaFileName(file));
      const { status, text } = await request(`${base}/${encodeURIComponent(account.phoneNumberId)}/media`, { method: 'POST', headers: auth, body: form }, deps.mediaTimeoutMs);
      const ok = status >= 200 && status < 300 ? uploadResponseSchema.safeParse(json(text)) : undefined;
      if (ok?.success) return ok.data.id;
      throw mapCloudError(status, json(text));
    },
    async getJson(url: string): Promise<unknown> {
      const { status, text } = await request(url, { headers: auth }, deps.timeoutMs);
      if (status < 200 || status >= 300) throw mapCloudError(status, json(text));
      return json(text);
    },
    /** The media URL wants the token too; it is a capability to the parent's file, so never in an error. */
    async download(url: string): Promise<{ bytes: Buffer; contentType: string | undefined }> {
      const failed = (err: unknown): never => {
        throw networkFailure(err, 'WhatsApp media download', deps.mediaTimeoutMs, { platform });
      };
      const res = await deps.fetch(url, { headers: auth, signal: AbortSignal.timeout(deps.mediaTimeoutMs) }).catch(failed);
      const tooBig = Number(res.headers.get('content-length')) > CLOUD_MEDIA_MAX_BYTES;
      if (!res.ok || tooBig) {
        await res.body?.cancel().catch(() => undefined);
        throw downloadError(tooBig ? 'too_big' : res.status);
      }
      const bytes = Buffer.from(await res.arrayBuffer().catch(failed));
      if (bytes.length > CLOUD_MEDIA_MAX_BYTES) throw downloadError('too_big');
      return { bytes, contentType: res.headers.get('content-type') ?? undefined };
    },
  };
}

/**
 * The token goes with the download, so only to a web address that is encrypted, or to Graph's
 * own host (a local fake in tests): a metadata answer naming anything else is not followed.
 */
function mediaUrl(url: string, graphBase: string): string {
  const u = new URL(url);
  if (u.protocol === 'https:' || u.origin === new URL(graphBase).origin) return u.href;
  throw new PermanentError('permanent', 'WhatsApp named a media address that is not https', { platform });
}

/**
 * A media URL lives about five minutes: an expired or refused one (403, 404, 410) is fetched
 * afresh by the inbound worker's retry, like a 5xx. A file too big never will be.
 */
function downloadError(status: number | 'too_big'): ChannelError {
  if (status === 'too_big') return new PermanentError('permanent', `the WhatsApp file is larger than ${CLOUD_MEDIA_MAX_BYTES} bytes`, { platform });
  const message = `WhatsApp media download failed: HTTP ${status}`;
  return status >= 500 || [403, 404, 408, 410, 429].includes(status) ? new TransientError(message, { platform }) : new PermanentError('permanent', message, { platform });
}

