/**
 * The only IO: calls on the whatsapp-web.js client (sends, number and @lid look-ups, quoted
 * messages, media downloads). Every send error goes through `mapWhatsAppError`.
 */
import type { DailyCounter, MediaRef, PlannedMessage, SendContext, SendResult } from '../../src/core/index.js';
import { ChannelError, PermanentError, RateLimitedError, TransientError } from '../../src/core/index.js';
import { WHATSAPP_MEDIA_MAX_BYTES, WHATSAPP_WEB_CAPABILITIES } from './capabilities.js';
import type { MakeMedia, MakePoll, WhatsAppClient, WhatsAppSendOptions } from './client.js';
import type { WhatsAppAccount } from './config.js';
import { mediaFileName, pollChoices, pollQuestion, sendsAsVoiceNote, VOICE_NOTE_MIMETYPE } from './outbound.js';
import { createBreaker } from './breaker.js';
import { dailyCapOn, decideDailyCap, jitterDelayMs, utcDay } from './pacing.js';
import { lidMappingSchema, sentMessageSchema, type WaMedia, waMediaInfoSchema, waMediaSchema } from './schema.js';

export interface WhatsAppApiDeps {
  client: WhatsAppClient;
  makePoll: MakePoll;
  /**
   * The library's MessageMedia, for sending a stored file (client.ts). Without it (a session
   * handed in without one) a message that carries a file fails as permanent, rather than go
   * without the file its text announces.
   */
  makeMedia?: MakeMedia;
  /** Sends today from this number; Redis-backed in the service (one key per account and day). */
  dailyCounter: DailyCounter;
  now: () => Date;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /**
   * The session's state as the lifecycle handlers last saw it; `down` after a disconnect or a
   * logout (not while it is still starting).
   */
  session: () => { ready: boolean; detail?: string; down?: boolean };
  log?: (msg: string, extra?: object) => void;
}

const PLATFORM = { platform: 'whatsapp' } as const;
/** Don't mark the guardian's chat read (the library's default), don't fetch link previews. */
const SEND_OPTIONS: WhatsAppSendOptions = { sendSeen: false, linkPreview: false };
/** A voice note goes as one (the microphone bubble with its waveform); other files as they are. */
const VOICE_OPTIONS: WhatsAppSendOptions = { ...SEND_OPTIONS, sendAudioAsVoice: true };
/** A number's look-up is reused for a day: someone may join WhatsApp, or leave it. */
const NUMBER_CACHE_TTL_MS = 86_400_000;
/** While the session is down, the account's queue pauses this long between tries (ms). */
const SESSION_DOWN_RETRY_MS = 30_000;
/** Bounds on the in-memory maps (entries); the oldest entry goes first. */
const MAX_CACHED = 50_000;
const MAX_PARTIAL_SENDS = 1_000;

type Address = { kind: 'phone'; digits: string } | { kind: 'lid'; chatId: string };

/** One client call: what to send and how. */
interface Outgoing {
  content: unknown;
  options: WhatsAppSendOptions;
}

/** How far a send got, by idempotency key: the file apart, so the text parts keep their places. */
interface Progress {
  fileSent: boolean;
  /** The file's message id, for a reply quoting the file itself. */
  fileId?: string;
  sent: number;
  lastId: string;
}

export function createWhatsAppApi(account: WhatsAppAccount, deps: WhatsAppApiDeps) {
  const numbers = new Map<string, { chatId: string | null; atMs: number }>();
  const lids = new Map<string, string>();
  /** Messages of a multi-part send already out, by idempotency key: a retry resumes, never repeats. */
  const partial = new Map<string, Progress>();
  const breaker = createBreaker({ threshold: account.breakerFailures, cooldownMs: account.breakerCooldownMs, now: deps.now });

  async function send(planned: PlannedMessage, ctx: SendContext): Promise<SendResult> {
    const address = parseAddress(ctx.address);
    const session = deps.session();
    if (!session.ready) {
      // Dropped (a disconnect, a logout): the number is paused and its parents go elsewhere.
      // Still starting: the queue waits for it.
      if (session.down) throw new PermanentError('paused', `WhatsApp number paused: ${session.detail ?? 'disconnected'}`, { ...PLATFORM, retryAfterMs: SESSION_DOWN_RETRY_MS });
      throw new RateLimitedError(`WhatsApp session not ready (${session.detail ?? 'unknown'})`, SESSION_DOWN_RETRY_MS, PLATFORM);
    }
    const rest = breaker.waitMs();
    if (rest > 0) throw new PermanentError('paused', `WhatsApp number paused after ${account.breakerFailures} failed sends in a row`, { ...PLATFORM, retryAfterMs: rest });
    const contents = outgoing(planned);
    const file = ctx.media ? fileToSend(ctx.media) : undefined;
    await countAgainstDailyCap();
    try {
      const chatId = address.kind === 'lid' ? address.chatId : await chatIdFor(address.digits);
      await deps.sleep(jitterDelayMs(account.jitterMs, deps.random));
      const { lastId: platformMessageId, fileId } = await deliver(chatId, file, contents, ctx.idempotencyKey);
      breaker.success();
      return { platformMessageId, sentAt: deps.now(), ...(fileId ? { fileMessageId: fileId } : {}) };
    } catch (err) {
      // The number's own trouble counts; a parent not on WhatsApp does not.
      if (err instanceof ChannelError && err.code === 'transient') breaker.failure(err.message);
      throw err;
    }
  }

  /** Once per send, however many parts: the cap counts invitations, not bubbles. */
  async function countAgainstDailyCap(): Promise<void> {
    const now = deps.now();
    let count: number;
    try {
      count = await deps.dailyCounter.increment(utcDay(now));
    } catch (err) {
      throw new TransientError('daily send counter unavailable', { ...PLATFORM, cause: err });
    }
    const { cap } = dailyCapOn(account, now);
    const decision = decideDailyCap(count, cap, now);
    if (!decision.allowed) {
      throw new RateLimitedError(`daily cap of ${cap} sends reached for number ${account.id}`, decision.retryAfterMs, PLATFORM);
    }
  }

  async function chatIdFor(digits: string): Promise<string> {
    const nowMs = deps.now().getTime();
    let entry = numbers.get(digits);
    if (!entry || nowMs - entry.atMs >= NUMBER_CACHE_TTL_MS) {
      let wid: { _serialized: string } | null = null;
      try {
        wid = await deps.client.getNumberId(digits);
      } catch (err) {
        mapWhatsAppError(err);
      }
      entry = { chatId: typeof wid?._serialized === 'string' ? wid._serialized : null, atMs: nowMs };
      remember(numbers, digits, entry, MAX_CACHED);
    }
    if (entry.chatId === null) throw new PermanentError('unreachable', 'not on WhatsApp', PLATFORM);
    return entry.chatId;
  }

  /** The text parts, then the poll (its id is what votes refer to, so it goes last). */
  function outgoing(planned: PlannedMessage): Outgoing[] {
    const contents: unknown[] = planned.parts.filter((p) => p.trim());
    if (planned.choices?.length) {
      const labels = pollChoices(planned.choices, WHATSAPP_WEB_CAPABILITIES).map((c) => c.label);
      contents.push(deps.makePoll(planned.pollQuestion ?? pollQuestion(planned.parts), labels));
    }
    if (!contents.length) throw new PermanentError('permanent', 'nothing to send: no text and no choices', PLATFORM);
    return contents.map((content) => ({ content, options: SEND_OPTIONS }));
  }

  /**
   * A stored file as the library's MessageMedia (base64). An OGG/Opus voice note goes as a voice
   * note, typed the way WhatsApp wants one; anything else as its type makes it (a photo, an
   * audio file, a document).
   */
  function fileToSend(file: MediaRef & { bytes: Buffer }): Outgoing {
    if (!deps.makeMedia) throw new PermanentError('permanent', 'this WhatsApp session cannot send files (no MessageMedia factory)', PLATFORM);
    const voice = sendsAsVoiceNote(file);
    const content = deps.makeMedia(voice ? VOICE_NOTE_MIMETYPE : file.contentType, file.bytes.toString('base64'), mediaFileName(file));
    return { content, options: voice ? VOICE_OPTIONS : SEND_OPTIONS };
  }

  /** The file first (a phone shows a voice note above the words about it), then the rest in order. */
  async function deliver(chatId: string, file: Outgoing | undefined, contents: Outgoing[], key: string): Promise<{ lastId: string; fileId?: string }> {
    const progress = partial.get(key) ?? { fileSent: false, sent: 0, lastId: '' };
    if (file && !progress.fileSent) {
      progress.fileId = await sendOne(chatId, file);
      progress.fileSent = true;
      remember(partial, key, progress, MAX_PARTIAL_SENDS);
    }
    for (const item of contents.slice(progress.sent)) {
      progress.lastId = await sendOne(chatId, item);
      progress.sent += 1;
      remember(partial, key, progress, MAX_PARTIAL_SENDS);
    }
    partial.delete(key);
    return { lastId: progress.lastId, ...(progress.fileId ? { fileId: progress.fileId } : {}) };
  }

  async function sendOne(chatId: string, { content, options }: Outgoing): Promise<string> {
    let sent: unknown;
    try {
      sent = await deps.client.sendMessage(chatId, content, options);
    } catch (err) {
      mapWhatsAppError(err);
    }
    const parsed = sentMessageSchema.safeParse(sent);
    if (!parsed.success) throw new TransientError('WhatsApp returned no message (chat not found)', PLATFORM);
    return parsed.data.id._serialized;
  }

  /** The phone JID behind an `@lid` sender, when WhatsApp tells; otherwise the id unchanged. */
  async function resolveSender(id: string): Promise<string> {
    if (!id.endsWith('@lid') || !deps.client.getContactLidAndPhone) return id;
    const known = lids.get(id);
    if (known) return known;
    try {
      const parsed = lidMappingSchema.safeParse(await deps.client.getContactLidAndPhone([id]));
      const pn = parsed.success ? parsed.data[0]?.pn : undefined;
      if (pn && /^\d{6,20}@c\.us$/.test(pn)) {
        remember(lids, id, pn, MAX_CACHED);
        return pn;
      }
    } catch (err) {
      deps.log?.('whatsapp: @lid look-up failed', { error: describeError(err) });
    }
    return id;
  }

  /** The id of the message a guardian replied to (real Message objects can fetch it). */
  async function quotedMessageId(raw: unknown): Promise<string | undefined> {
    if (!isQuotingMessage(raw)) return undefined;
    try {
      const quoted = sentMessageSchema.safeParse(await raw.getQuotedMessage());
      return quoted.success ? quoted.data.id._serialized : undefined;
    } catch (err) {
      deps.log?.('whatsapp: quoted message look-up failed', { error: describeError(err) });
      return undefined;
    }
  }

  /**
   * A received message's file, for the normaliser: the bytes (base64, as the library gives them)
   * with what the message says of them, or only the latter when the file is over the cap, gone
   * from the phone (the library resolves undefined) or failed to download. Undefined when the
   * message has no file. Never throws: the client does not redeliver, so the event still goes.
   */
  async function downloadMedia(raw: unknown): Promise<WaMedia | undefined> {
    const info = waMediaInfoSchema.safeParse(raw);
    if (!info.success || info.data.hasMedia !== true) return undefined;
    const { size, mimetype, filename } = info.data._data ?? {};
    const reported: WaMedia = { ...(mimetype ? { mimetype } : {}), ...(filename ? { filename } : {}), ...(size !== undefined ? { filesize: size } : {}) };
    if ((size !== undefined && size > WHATSAPP_MEDIA_MAX_BYTES) || !isDownloadable(raw)) return reported;
    try {
      const got = waMediaSchema.safeParse(await raw.downloadMedia());
      if (!got.success || got.data.data === undefined) {
        deps.log?.('whatsapp: media not available for download');
        return reported;
      }
      const filesize = Buffer.byteLength(got.data.data, 'base64');
      // The reported size was missing or wrong: the bytes are not passed on either way.
      if (filesize > WHATSAPP_MEDIA_MAX_BYTES) return { ...reported, filesize };
      const { mimetype: type, data, filename: name } = got.data;
      return { ...reported, ...(type ? { mimetype: type } : {}), ...(name ? { filename: name } : {}), data, filesize };
    } catch (err) {
      deps.log?.('whatsapp: media download failed', { error: describeError(err) });
      return reported;
    }
  }

  return { send, resolveSender, quotedMessageId, downloadMedia, breaker: () => breaker.state() };
}

export type WhatsAppApi = ReturnType<typeof createWhatsAppApi>;

/** `2126…@c.us` or plain digits (an optional leading +) are phones; `…@lid` is sent to as is. */
function parseAddress(address: string): Address {
  const phone = /^\+?(\d{8,15})(?:@c\.us)?$/.exec(address.trim());
  if (phone?.[1]) return { kind: 'phone', digits: phone[1] };
  if (/^\d{6,20}@lid$/.test(address)) return { kind: 'lid', chatId: address };
  throw new PermanentError('invalid_address', 'not a WhatsApp address (expected <digits>@c.us)', PLATFORM);
}

interface DownloadableMessage {
  downloadMedia(): Promise<unknown>;
}

function isDownloadable(m: unknown): m is DownloadableMessage {
  return typeof m === 'object' && m !== null && 'downloadMedia' in m && typeof m.downloadMedia === 'function';
}

interface QuotingMessage {
  hasQuotedMsg: true;
  getQuotedMessage(): Promise<unknown>;
}

function isQuotingMessage(m: unknown): m is QuotingMessage {
  return (
    typeof m === 'object' && m !== null && 'hasQuotedMsg' in m && m.hasQuotedMsg === true && 'getQuotedMessage' in m && typeof m.getQuotedMessage === 'function'
  );
}

/**
 * Every error the client throws, as one of ours. The library has no error codes: it throws
 * Errors from Puppeteer or from WhatsApp Web's own code inside the page, and sometimes bare
 * strings ('auth timeout'). Verified in the 1.34.7 source: bare-string throws, `getNumberId` null
 * for unknown numbers (handled before sending). From issues, not verified [2]: Puppeteer's
 * "Protocol error … Target closed", "Session closed", "Execution context was destroyed" when the
 * page dies, and "No LID for user" (seen for valid numbers too, so not treated as unreachable).
 * Everything but "not on WhatsApp" is retried; the job's attempts cap the retries.
 */
export function mapWhatsAppError(err: unknown): never {
  if (err instanceof ChannelError) throw err;
  const message = describeError(err);
  if (/not (registered )?on whatsapp|not a whatsapp user/i.test(message)) {
    throw new PermanentError('unreachable', 'not on WhatsApp', { ...PLATFORM, cause: err });
  }
  const sessionGone = /not ready|protocol error|session closed|target closed|execution context was destroyed|detached frame|cannot read properties of (null|undefined)/i;
  const what = sessionGone.test(message) ? 'WhatsApp Web session unavailable' : 'WhatsApp Web send failed';
  throw new TransientError(`${what}: ${message}`, { ...PLATFORM, cause: err });
}

/** An error's message, cut to 200 characters, long digit runs (phone numbers) masked. */
function describeError(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : 'unknown error';
  return raw.replace(/\d{8,}/g, '…').slice(0, 200);
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}
