/**
 * An in-memory stand-in for the whatsapp-web.js Client: no browser, no network. It records what
 * was sent, answers number and @lid look-ups from tables the test fills, fails on demand, and
 * emits client events with payloads shaped like the library's Message and PollVote objects.
 */
import type { WhatsAppClient, WhatsAppClientEvent, WhatsAppSendOptions } from '../../adapters/whatsapp-web/client.js';

/** Shaped like whatsapp-web.js's Poll: name and options trimmed, localId = index. */
export class FakePoll {
  readonly pollName: string;
  readonly pollOptions: Array<{ name: string; localId: number }>;
  constructor(name: string, options: string[]) {
    this.pollName = name.trim();
    this.pollOptions = options.map((o, localId) => ({ name: o.trim(), localId }));
  }
}

export const fakeMakePoll = (name: string, options: string[]): unknown => new FakePoll(name, options);

/** Shaped like whatsapp-web.js's MessageMedia: base64 data, the name the page's File gets. */
export class FakeMessageMedia {
  constructor(
    readonly mimetype: string,
    readonly data: string,
    readonly filename?: string | null,
  ) {}
}

export const fakeMakeMedia = (mimetype: string, data: string, filename: string): unknown => new FakeMessageMedia(mimetype, data, filename);

/** A file sent with sendMessage(chatId, MessageMedia, options), as the page would get it. */
export interface SentMedia {
  mimetype: string;
  bytes: Buffer;
  filename?: string;
  /** `sendAudioAsVoice`: shown as a voice note, not an audio file. */
  asVoice: boolean;
}

export interface SentRecord {
  chatId: string;
  /** The message's serialized id, as sendMessage returned it. */
  id: string;
  text?: string;
  poll?: { name: string; options: string[] };
  media?: SentMedia;
  options?: WhatsAppSendOptions;
}

/** A file on a message, as whatsapp-web.js would download it. */
export interface FakeMediaInit {
  mimetype: string;
  bytes: Buffer;
  filename?: string;
  /** What the message reports (`_data.size`); the bytes' length unless set. */
  size?: number;
  /**
   * How `downloadMedia()` fails: 'gone' resolves undefined (the library's answer for media no
   * longer on the phone), anything else is thrown.
   */
  fail?: unknown;
}

export interface FakeMessageInit {
  from: string;
  /** The text, or a file's caption. @defaultValue '' */
  body?: string;
  type?: string;
  fromMe?: boolean;
  /** Unix seconds. */
  timestamp?: number;
  /** The stanza id part of the message id. */
  key?: string;
  /** The serialized id of the message this one quotes. */
  quotedId?: string;
  to?: string;
  /** A file: `hasMedia` is true and `downloadMedia()` gives it. */
  media?: FakeMediaInit;
}

const DEFAULT_KEY = '3EB0C4E8D1B2A3F4E5D6';

/** `<fromMe>_<chat>_<key>`, the form of a received message's `id._serialized`. */
export function serializedId(m: Pick<FakeMessageInit, 'from' | 'fromMe' | 'key'>): string {
  return `${m.fromMe ?? false}_${m.from}_${m.key ?? DEFAULT_KEY}`;
}

/** A received Message as whatsapp-web.js builds it (the fields we read, plus noise). */
export function fakeMessage(m: FakeMessageInit): Record<string, unknown> {
  const key = m.key ?? DEFAULT_KEY;
  const fromMe = m.fromMe ?? false;
  const quoted = m.quotedId;
  const media = m.media;
  return {
    _data: { id: key, t: m.timestamp, ...(media ? { size: media.size ?? media.bytes.length, mimetype: media.mimetype, ...(media.filename ? { filename: media.filename } : {}) } : {}) },
    id: { fromMe, remote: m.from, id: key, _serialized: serializedId(m) },
    ack: 1,
    hasMedia: media !== undefined,
    ...(media ? { downloadMedia: () => fakeDownload(media) } : {}),
    body: m.body ?? '',
    type: m.type ?? 'chat',
    timestamp: m.timestamp ?? 1_795_000_000,
    from: m.from,
    to: m.to ?? '212522000000@c.us',
    deviceType: 'android',
    isForwarded: false,
    forwardingScore: 0,
    isStatus: m.from === 'status@broadcast',
    fromMe,
    hasQuotedMsg: quoted !== undefined,
    ...(quoted !== undefined ? { getQuotedMessage: async () => ({ id: { _serialized: quoted } }) } : {}),
  };
}

/** `downloadMedia()`: a MessageMedia-shaped object (base64 data, null when no name), or its failure. */
async function fakeDownload(media: FakeMediaInit): Promise<Record<string, unknown> | undefined> {
  if (media.fail === 'gone') return undefined;
  if (media.fail !== undefined) throw media.fail;
  return { mimetype: media.mimetype, data: media.bytes.toString('base64'), filename: media.filename ?? null, filesize: media.size ?? media.bytes.length };
}

export interface FakeVoteInit {
  voter: string;
  /** The poll's serialized id (what sendMessage returned for it). */
  pollId: string;
  /** Selected option indexes; [] = the vote was taken back. */
  selected: number[];
  names?: string[];
  /** Unix ms. */
  at?: number;
}

/** A PollVote as whatsapp-web.js builds it: runtime options carry `localId`, not `id`. */
export function fakeVote(v: FakeVoteInit): Record<string, unknown> {
  return {
    voter: v.voter,
    selectedOptions: v.selected.map((localId) => ({ name: v.names?.[localId], localId })),
    interractedAtTs: v.at ?? 1_795_000_123_456,
    parentMessage: { id: { fromMe: true, _serialized: v.pollId }, type: 'poll_creation', body: 'Will you come?' },
    parentMsgKey: { _serialized: v.pollId },
  };
}

export class FakeWhatsAppClient implements WhatsAppClient {
  readonly sent: SentRecord[] = [];
  readonly numberIdCalls: string[] = [];
  readonly lidCalls: string[][] = [];
  /** Serialized ids of the messages whose `downloadMedia()` was called, in order. */
  readonly downloads: string[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  /** When true, initialize() emits 'ready' as a client with a saved session would. */
  autoReady = true;
  private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  private readonly notOnWhatsApp = new Set<string>();
  private readonly lids = new Map<string, string>();
  /** What the next sendMessage calls do: undefined = succeed, 'nothing' = resolve to undefined, else throw it. */
  private readonly sendPlan: unknown[] = [];
  private readonly initFailures: unknown[] = [];
  private seq = 0;

  on(event: WhatsAppClientEvent, listener: (...args: unknown[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: WhatsAppClientEvent, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  async initialize(): Promise<void> {
    this.initializeCalls++;
    const failure = this.initFailures.shift();
    if (failure !== undefined) throw failure;
    if (this.autoReady) this.emit('ready');
  }

  async destroy(): Promise<void> {
    this.destroyCalls++;
  }

  async sendMessage(chatId: string, content: unknown, options?: WhatsAppSendOptions): Promise<{ id: { _serialized: string } } | null | undefined> {
    const failure = this.sendPlan.shift();
    if (failure === 'nothing') return undefined;
    if (failure !== undefined) throw failure;
    const record: SentRecord = { chatId, id: '', ...(options ? { options } : {}) };
    if (typeof content === 'string') record.text = content;
    else if (content instanceof FakePoll) record.poll = { name: content.pollName, options: content.pollOptions.map((o) => o.name) };
    else if (content instanceof FakeMessageMedia) record.media = sentMedia(content, options);
    // The library sends anything else as the message body: never what we meant.
    else throw new Error(`fake whatsapp-web.js: cannot send ${typeof content} content (not a string, Poll or MessageMedia)`);
    record.id = `true_${chatId}_3EB0FAKE${String(++this.seq).padStart(6, '0')}`;
    this.sent.push(record);
    return { id: { _serialized: record.id } };
  }

  async getNumberId(number: string): Promise<{ _serialized: string } | null> {
    this.numberIdCalls.push(number);
    const digits = number.replace(/@c\.us$/, '');
    return this.notOnWhatsApp.has(digits) ? null : { _serialized: `${digits}@c.us` };
  }

  async getContactLidAndPhone(ids: string[]): Promise<Array<{ lid?: string; pn?: string }>> {
    this.lidCalls.push(ids);
    return ids.map((lid) => ({ lid, pn: this.lids.get(lid) }));
  }

  // --- what the test controls -------------------------------------------------------------

  /** The phone works again: sends planned to fail go through. */
  recover(): this {
    this.sendPlan.length = 0;
    return this;
  }

  /** This number (digits) is not on WhatsApp: getNumberId answers null. */
  unregistered(number: string): this {
    this.notOnWhatsApp.add(number.replace(/@c\.us$/, ''));
    return this;
  }

  /**
   * After `skip` more successful sends, the next `n` sendMessage calls throw `error` (a string, as
   * the library sometimes throws, works too).
   */
  failNext(n: number, error: unknown = new Error('Protocol error (Runtime.callFunctionOn): Target closed.'), skip = 0): this {
    this.sendPlan.push(...Array<unknown>(skip).fill(undefined), ...Array<unknown>(n).fill(error));
    return this;
  }

  /** The next sendMessage resolves to undefined, as the library does when the chat is not found. */
  returnNothingNext(): this {
    this.sendPlan.push('nothing');
    return this;
  }

  /** The next `n` initialize calls throw. */
  failInitialize(n: number, error: unknown = new Error('Failed to launch the browser process!')): this {
    for (let i = 0; i < n; i++) this.initFailures.push(error);
    return this;
  }

  mapLid(lid: string, pn: string): this {
    this.lids.set(lid, pn);
    return this;
  }

  emitMessage(m: FakeMessageInit): Record<string, unknown> {
    const payload: Record<string, unknown> = { ...fakeMessage(m), client: this };
    const download = payload.downloadMedia;
    if (typeof download === 'function') {
      payload.downloadMedia = () => {
        this.downloads.push(serializedId(m));
        return (download as () => Promise<unknown>)();
      };
    }
    this.emit('message', payload);
    return payload;
  }

  emitVote(v: FakeVoteInit): Record<string, unknown> {
    const payload = { ...fakeVote(v), client: this };
    this.emit('vote_update', payload);
    return payload;
  }

  /** A receipt for one of our messages: 2 = reached the phone, 3 = read, 4 = played. */
  emitAck(messageId: string, ack: number, to = '212600000001@c.us'): void {
    const key = messageId.split('_').at(-1) ?? messageId;
    this.emit('message_ack', { id: { fromMe: true, remote: to, id: key, _serialized: messageId }, from: '212522000000@c.us', to, type: 'chat', body: '', ack }, ack);
  }

  emitQr(qr: string): void {
    this.emit('qr', qr);
  }

  emitCode(code: string): void {
    this.emit('code', code);
  }

  emitDisconnected(reason: string): void {
    this.emit('disconnected', reason);
  }

  emitAuthFailure(message: string): void {
    this.emit('auth_failure', message);
  }

  ready(): void {
    this.emit('ready');
  }

  /** Texts sent to a chat, oldest first (polls as their question; files are in `media`). */
  texts(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId && !s.media).map((s) => s.text ?? s.poll?.name ?? '');
  }

  /** Files sent to a chat, oldest first. */
  media(chatId: string): SentMedia[] {
    return this.sent.filter((s) => s.chatId === chatId).flatMap((s) => (s.media ? [s.media] : []));
  }
}

/**
 * What the library checks before the page makes a File of it: a type and base64 data (it throws
 * inside the page otherwise; the message here is ours).
 */
function sentMedia(media: FakeMessageMedia, options: WhatsAppSendOptions | undefined): SentMedia {
  if (!media.mimetype || !media.data || !/^[A-Za-z0-9+/]*={0,2}$/.test(media.data)) {
    throw new Error('Evaluation failed: fake whatsapp-web.js: a MessageMedia needs a mimetype and base64 data');
  }
  return { mimetype: media.mimetype, bytes: Buffer.from(media.data, 'base64'), ...(media.filename ? { filename: media.filename } : {}), asVoice: options?.sendAudioAsVoice === true };
}

/** The Redis-backed counter's stand-in: counts per day, optionally starting at `start`. */
export function fakeDailyCounter(start = 0) {
  const counts = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    counts,
    async increment(day: string): Promise<number> {
      calls.push(day);
      const next = (counts.get(day) ?? start) + 1;
      counts.set(day, next);
      return next;
    },
  };
}
