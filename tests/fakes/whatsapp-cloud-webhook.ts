/**
 * WhatsApp Cloud API webhook POSTs as Meta sends them (shared/PLATFORMS.md §3b): a
 * `whatsapp_business_account` object whose changes carry a parent's `messages` or the
 * `statuses` of ours, with `timestamp` a string of unix seconds. Serialised and signed like
 * Messenger's (graph-webhook.ts: metaJson, X-Hub-Signature-256 over the exact bytes).
 * The fake Cloud API uses cloudStatus for the status webhooks it posts.
 */
import { createHash } from 'node:crypto';
import { metaJson, signMetaBody } from './graph-webhook.js';
import { CLOUD_ERRORS } from './whatsapp-cloud-rules.js';

export const FAKE_WABA_ID = '102290129340398';
export const FAKE_DISPLAY_PHONE_NUMBER = '15550783881';
/** 2025-11-24T16:00:00Z: a fixed default keeps payloads, and so signatures, deterministic. */
export const FAKE_CLOUD_TIMESTAMP = '1764000000';

export interface CloudStatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
}

export interface CloudChangeValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: Array<{ profile: { name: string }; wa_id: string }>;
  messages?: Array<Record<string, unknown>>;
  statuses?: Array<Record<string, unknown>>;
}

export interface CloudWebhookBody {
  object: 'whatsapp_business_account';
  entry: Array<{ id: string; changes: Array<{ field: 'messages'; value: CloudChangeValue }> }>;
}

let wamidSeq = 0;
/**
 * A message id shaped like Meta's (`wamid.HBgM…`), unique in this process: the fake server's
 * and the builders' share one counter and differ by `tag`.
 */
export function nextWamid(tag = 'in'): string {
  return `wamid.HBgM${Buffer.from(`${tag}.${++wamidSeq}`).toString('base64')}`;
}

/** Meta sends unix seconds as a string; a Date is converted for convenience. */
function stamp(t: string | Date | undefined): string {
  if (t === undefined) return FAKE_CLOUD_TIMESTAMP;
  return typeof t === 'string' ? t : String(Math.floor(t.getTime() / 1000));
}

/** Several change values (or whole bodies, whose values are taken) in one entry of one POST. */
export function cloudWebhook(items: Array<CloudChangeValue | CloudWebhookBody>, opts: { wabaId?: string } = {}): CloudWebhookBody {
  const values = items.flatMap((i) => ('object' in i ? i.entry.flatMap((e) => e.changes.map((c) => c.value)) : [i]));
  return { object: 'whatsapp_business_account', entry: [{ id: opts.wabaId ?? FAKE_WABA_ID, changes: values.map((value) => ({ field: 'messages', value })) }] };
}

/** Who wrote, to which of our numbers, and when. */
export interface CloudInbound {
  phoneNumberId: string;
  /** The parent's wa_id (digits). */
  from: string;
  id?: string;
  timestamp?: string | Date;
  /** The message of ours this one answers (Meta's `context.id`). */
  contextId?: string;
  /** The parent's WhatsApp profile name. */
  name?: string;
  displayPhoneNumber?: string;
}

function metadata(phoneNumberId: string, displayPhoneNumber: string | undefined): CloudChangeValue['metadata'] {
  return { display_phone_number: displayPhoneNumber ?? FAKE_DISPLAY_PHONE_NUMBER, phone_number_id: phoneNumberId };
}

function inbound(w: CloudInbound, type: string, content: Record<string, unknown>): CloudWebhookBody {
  const meta = metadata(w.phoneNumberId, w.displayPhoneNumber);
  const context = w.contextId ? { context: { from: meta.display_phone_number, id: w.contextId } } : {};
  const message = { ...context, from: w.from, id: w.id ?? nextWamid(), timestamp: stamp(w.timestamp), type, ...content };
  return cloudWebhook([{ messaging_product: 'whatsapp', metadata: meta, contacts: [{ profile: { name: w.name ?? 'Parent' }, wa_id: w.from }], messages: [message] }]);
}

export function cloudText(w: CloudInbound & { text: string }): CloudWebhookBody {
  return inbound(w, 'text', { text: { body: w.text } });
}

/** A tap on a reply button of an interactive message. */
export function cloudButtonReply(w: CloudInbound & { buttonId: string; title: string }): CloudWebhookBody {
  return inbound(w, 'interactive', { interactive: { type: 'button_reply', button_reply: { id: w.buttonId, title: w.title } } });
}

export function cloudListReply(w: CloudInbound & { rowId: string; title: string; description?: string }): CloudWebhookBody {
  const reply = { id: w.rowId, title: w.title, ...(w.description === undefined ? {} : { description: w.description }) };
  return inbound(w, 'interactive', { interactive: { type: 'list_reply', list_reply: reply } });
}

/** A tap on a template's quick-reply button: not `interactive`, but `type: 'button'`. */
export function cloudTemplateButton(w: CloudInbound & { payload: string; text: string }): CloudWebhookBody {
  return inbound(w, 'button', { button: { payload: w.payload, text: w.text } });
}

/** A reaction to one of our messages. */
export function cloudReaction(w: CloudInbound & { messageId: string; emoji: string }): CloudWebhookBody {
  return inbound(w, 'reaction', { reaction: { message_id: w.messageId, emoji: w.emoji } });
}

/** What Meta sends for a message it cannot pass on (a poll, a view-once…). */
export function cloudUnsupported(w: CloudInbound): CloudWebhookBody {
  return inbound(w, 'unsupported', { errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] });
}

export type CloudMediaKind = 'audio' | 'voice' | 'image' | 'document' | 'sticker' | 'video' | 'location';

/**
 * A file (or a location) from a parent. A voice note is `type: 'audio'` with `voice: true`.
 * `sha256` defaults to a hash of the media id; pass the stored file's when the test checks it.
 */
export function cloudMedia(
  w: CloudInbound & { kind: CloudMediaKind; mediaId?: string; mimeType?: string; sha256?: string; caption?: string; filename?: string; latitude?: number; longitude?: number },
): CloudWebhookBody {
  if (w.kind === 'location') return inbound(w, 'location', { location: { latitude: w.latitude ?? 33.5731, longitude: w.longitude ?? -7.5898 } });
  const id = w.mediaId ?? String(1_700_000_000_000_000 + ++wamidSeq);
  const file = { id, sha256: w.sha256 ?? createHash('sha256').update(id).digest('base64') };
  const cap = w.caption === undefined ? {} : { caption: w.caption };
  switch (w.kind) {
    case 'voice':
      return inbound(w, 'audio', { audio: { ...file, mime_type: 'audio/ogg; codecs=opus', voice: true } });
    case 'audio':
      return inbound(w, 'audio', { audio: { ...file, mime_type: w.mimeType ?? 'audio/mpeg', voice: false } });
    case 'image':
      return inbound(w, 'image', { image: { ...file, mime_type: w.mimeType ?? 'image/jpeg', ...cap } });
    case 'document':
      return inbound(w, 'document', { document: { ...file, mime_type: w.mimeType ?? 'application/pdf', filename: w.filename ?? 'document.pdf', ...cap } });
    case 'sticker':
      return inbound(w, 'sticker', { sticker: { ...file, mime_type: 'image/webp', animated: false } });
    case 'video':
      return inbound(w, 'video', { video: { ...file, mime_type: w.mimeType ?? 'video/mp4', ...cap } });
  }
}

export type CloudStatusKind = 'sent' | 'delivered' | 'read' | 'failed' | 'played';
export type CloudPricingCategory = 'service' | 'utility' | 'marketing' | 'authentication';

/** A `failed` status's error, with Meta's title for the code when the fake knows it. */
export function cloudStatusError(code: number, details?: string): CloudStatusError {
  const known = CLOUD_ERRORS[code];
  const title = known?.title ?? 'Unknown error';
  return { code, title, message: title, error_data: { details: details ?? known?.details ?? title } };
}

/**
 * The status of one of our messages. With `category`, sent and delivered carry Meta's
 * per-message `pricing` (service messages inside the window are free).
 */
export function cloudStatus(s: {
  phoneNumberId: string;
  messageId: string;
  status: CloudStatusKind;
  recipientId: string;
  timestamp?: string | Date;
  errors?: CloudStatusError[];
  category?: CloudPricingCategory;
  displayPhoneNumber?: string;
  wabaId?: string;
}): CloudWebhookBody {
  const priced = s.category !== undefined && (s.status === 'sent' || s.status === 'delivered');
  const pricing = priced
    ? { pricing: { billable: s.category !== 'service', pricing_model: 'PMP', category: s.category, type: s.category === 'service' ? 'free_customer_service' : 'regular' } }
    : {};
  const status = { id: s.messageId, status: s.status, timestamp: stamp(s.timestamp), recipient_id: s.recipientId, ...pricing, ...(s.errors ? { errors: s.errors } : {}) };
  return cloudWebhook([{ messaging_product: 'whatsapp', metadata: metadata(s.phoneNumberId, s.displayPhoneNumber), statuses: [status] }], s.wabaId ? { wabaId: s.wabaId } : {});
}

/**
 * A webhook POST for `app.inject`: the body serialised as Meta does (a string is sent as is,
 * to test tampering) and signed with the app secret; `signature: null` leaves the header out.
 */
export function signedCloudPost(
  body: CloudWebhookBody | object | string,
  appSecret: string,
  opts: { signature?: string | null } = {},
): { payload: string; headers: Record<string, string> } {
  const payload = typeof body === 'string' ? body : metaJson(body);
  const signature = opts.signature === undefined ? signMetaBody(payload, appSecret) : opts.signature;
  return { payload, headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) } };
}

/** Posts webhooks one after another, so they arrive in the order they were queued. */
export interface WebhookQueue {
  /** Serialises with metaJson, signs with `appSecret`, posts after everything queued before; never rejects. */
  post(url: string, appSecret: string, body: CloudWebhookBody): Promise<void>;
  /** Resolves when every POST queued so far, and any queued meanwhile, has finished. */
  flush(): Promise<void>;
}

/**
 * `onResult` hears of each POST: no argument when the receiver answered 2xx, else why not. A
 * failure is reported rather than thrown: the sender must not care whether we listened.
 */
export function webhookQueue(onResult: (failure?: string) => void): WebhookQueue {
  let tail: Promise<void> = Promise.resolve();
  const deliver = async (url: string, raw: string, signature: string): Promise<void> => {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature, 'user-agent': 'facebookexternalua' },
        body: raw,
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      onResult(res.ok ? undefined : `${url} answered ${res.status}`);
    } catch (err) {
      onResult(`${url}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return {
    post: (url, appSecret, body) => {
      const raw = metaJson(body);
      const signature = signMetaBody(raw, appSecret);
      tail = tail.then(() => deliver(url, raw, signature));
      return tail;
    },
    flush: async () => {
      let seen: Promise<void>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}
