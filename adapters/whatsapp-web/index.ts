/**
 * One WhatsApp number driven through WhatsApp Web (whatsapp-web.js): a real phone's session held
 * by this process. The factory wires pure planning and normalisation around the client, and keeps
 * the session alive: QR or pairing code to log in, reconnection with backoff when it drops.
 */
import qrcode from 'qrcode-terminal';
import { decodeDataRef, PermanentError, whatsappRosterRule, type AdapterModule, type ChannelAdapter, type FetchedMedia, type InboundEvent, type InboundMedia } from '../../src/core/index.js';
import { createWhatsAppApi, type WhatsAppApi, type WhatsAppApiDeps } from './api.js';
import { whatsappCapabilities } from './capabilities.js';
import { whatsappConfigSchema, type WhatsAppAccount, type WhatsAppConfig } from './config.js';
import { createRealClient, type MakeMedia, type MakePoll, type WhatsAppClient } from './client.js';
import { isGuardianMessage, normaliseWhatsAppInbound, waMediaKind } from './inbound.js';
import { planWhatsAppMessage } from './outbound.js';
import type { BreakerState } from './breaker.js';
import { dailyCapOn, reconnectDelayMs } from './pacing.js';
import { waMessageSchema, waVoteSchema } from './schema.js';

export { whatsappAccountSchema, whatsappConfigSchema, type WhatsAppAccount, type WhatsAppConfig } from './config.js';
export { createRealClient, type MakeMedia, type MakePoll, type WhatsAppClient, type WhatsAppClientEvent, type WhatsAppSendOptions } from './client.js';
export { mapWhatsAppError } from './api.js';
export { mediaFileName, planNumberedText, planWhatsAppMessage, pollQuestion, POLL_FALLBACK_QUESTION, sendsAsVoiceNote, VOICE_NOTE_MIMETYPE } from './outbound.js';
export { WHATSAPP_MEDIA_MAX_BYTES, WHATSAPP_WEB_CAPABILITIES, whatsappCapabilities } from './capabilities.js';

/** What the sending side needs (api.ts), less the session state this factory keeps itself. */
export interface WhatsAppWebDeps extends Omit<WhatsAppApiDeps, 'session'> {
  /** A new QR code to show staff (qrcode-terminal in the service). It is a login secret: never log it. */
  onQr?: (qr: string) => void;
  /** The 8-character code to type on the phone when `pairWithPhone` is set. Also a secret. */
  onPairingCode?: (code: string) => void;
}

/**
 * Disconnect reasons after which reconnecting cannot help: the phone logged this session out, or
 * WhatsApp blocked the number (WAState TOS_BLOCK / SMB_TOS_BLOCK). Staff must act (a new QR scan).
 */
const STAY_DOWN = new Set(['LOGOUT', 'TOS_BLOCK', 'SMB_TOS_BLOCK']);

export function createWhatsAppWebAdapter(account: WhatsAppAccount, deps: WhatsAppWebDeps): ChannelAdapter {
  const capabilities = whatsappCapabilities(account);
  const session = createSession(account, deps);
  const api = createWhatsAppApi(account, { ...deps, session: session.status });
  return {
    platform: 'whatsapp',
    accountId: account.id,
    capabilities,
    plan: (message) => planWhatsAppMessage(capabilities, message),
    send: api.send,
    normaliseInbound: (body, receivedAt) => normaliseWhatsAppInbound(body, account.id, receivedAt),
    joinLink: (code) => `https://wa.me/${account.number}?text=${encodeURIComponent(`JOIN ${code}`)}`,
    listen: (onEvents) => session.start(() => attachInbound(account, deps, api, onEvents)),
    fetchMedia: fetchWhatsAppMedia,
    status: () => healthOf(session.status(), api.breaker(), deps.now()),
    pacing: (now) => {
      const today = dailyCapOn(account, now);
      return {
        dailyCap: today.cap, minIntervalMs: account.minIntervalMs, jitterMs: account.jitterMs,
        ...(today.warmUpDay && today.warmUpDays ? { warmUp: { day: today.warmUpDay, days: today.warmUpDays } } : {}),
      };
    },
    close: session.close,
  };
}

/** The session's state, unless the breaker has paused the number: then why, and until when. */
function healthOf(session: Status, breaker: BreakerState, now: Date): { ready: boolean; detail: string } {
  if (!breaker.open || !session.ready) return { ready: session.ready, detail: session.detail };
  const wait = Math.max(0, Math.ceil(((breaker.retryAt?.getTime() ?? 0) - now.getTime()) / 1000));
  return { ready: false, detail: `paused after ${breaker.failures} failed sends in a row (${breaker.lastError ?? 'no detail'}); its parents go to their next channel; one send is tried again in ${wait} s` };
}

/** Client events → lookups (IO) → pure normalisation → the service's handler. */
function attachInbound(account: WhatsAppAccount, deps: WhatsAppWebDeps, api: WhatsAppApi, onEvents: (events: InboundEvent[]) => Promise<void>): void {
  const deliver = (build: () => Promise<unknown>) => {
    void build()
      .then(async (envelope) => {
        const events = envelope === undefined ? [] : normaliseWhatsAppInbound(envelope, account.id, deps.now());
        if (events.length) await onEvents(events);
      })
      // The client does not redeliver: a failure here loses the event, so say so loudly.
      .catch((err: unknown) => deps.log?.('whatsapp: inbound event lost', { account: account.id, error: reason(err) }));
  };
  deps.client.on('message', (raw) =>
    deliver(async () => {
      const parsed = waMessageSchema.safeParse(raw);
      if (!parsed.success || !isGuardianMessage(parsed.data)) return undefined;
      const [resolvedFrom, quotedMessageId, media] = await Promise.all([
        api.resolveSender(parsed.data.from),
        api.quotedMessageId(raw),
        // Only files we take are downloaded: a sticker or a video is answered without its bytes.
        waMediaKind(parsed.data.type) ? api.downloadMedia(raw) : undefined,
      ]);
      return { event: 'message', message: parsed.data, resolvedFrom, quotedMessageId, media };
    }),
  );
  deps.client.on('vote_update', (raw) =>
    deliver(async () => {
      const parsed = waVoteSchema.safeParse(raw);
      if (!parsed.success || !parsed.data.selectedOptions.length) return undefined;
      return { event: 'vote_update', vote: parsed.data, resolvedFrom: await api.resolveSender(parsed.data.voter) };
    }),
  );
  deps.client.on('message_ack', (message, ack) => deliver(async () => ({ event: 'message_ack', message, ack })));
}

/**
 * A file's bytes come with its message (a `data:` ref, downloaded in the listen path), so the
 * service should never need this; a ref of '' is a file that could not be had then (over the
 * cap, gone from the phone, failed) and cannot be fetched later either.
 */
async function fetchWhatsAppMedia(media: InboundMedia): Promise<FetchedMedia> {
  const inline = decodeDataRef(media.ref);
  if (inline) return { ...inline, ...(media.fileName ? { fileName: media.fileName } : {}) };
  throw new PermanentError('permanent', 'this WhatsApp file was not downloaded when it arrived (too big, gone from the phone, or the download failed)', { platform: 'whatsapp' });
}

type Status = { ready: boolean; detail: string; down?: boolean };

/**
 * The session's lifecycle. whatsapp-web.js emits `disconnected` and destroys its browser when the
 * connection state turns bad; we start it again (destroy, then initialize) after a backoff of
 * 2 s doubling to 5 min — unless the reason means a person must act (STAY_DOWN, auth_failure).
 */
function createSession(account: WhatsAppAccount, deps: WhatsAppWebDeps) {
  const { client } = deps;
  const status: Status = { ready: false, detail: 'not started' };
  const state = { status, started: false, closed: false, reconnecting: false, attempt: 0 };
  /** `down`: dropped after a disconnect or a logout, until ready again (not while starting). */
  const set = (ready: boolean, detail: string, dropped = false) => {
    // Once dropped, a number stays down through the QR code and loading chats, until ready.
    const down = !ready && (dropped || state.status.down === true);
    state.status = { ready, detail, ...(down ? { down } : {}) };
    deps.log?.(`whatsapp ${account.id}: ${detail}`);
  };

  function attachLifecycle(): void {
    client.on('qr', (qr) => {
      set(false, 'waiting for a QR code scan');
      if (typeof qr === 'string') deps.onQr?.(qr);
    });
    client.on('code', (code) => {
      set(false, 'waiting for the pairing code to be entered on the phone');
      if (typeof code === 'string') deps.onPairingCode?.(code);
    });
    client.on('authenticated', () => set(false, 'authenticated, loading chats'));
    client.on('ready', () => {
      state.attempt = 0;
      set(true, 'ready');
    });
    client.on('auth_failure', (message) => set(false, `authentication failed (${reason(message)}): scan a new QR code`, true));
    client.on('disconnected', (why) => onDisconnected(reason(why)));
    client.on('change_state', (s) => deps.log?.(`whatsapp ${account.id}: state ${reason(s)}`));
  }

  function onDisconnected(why: string): void {
    if (state.closed) return;
    if (STAY_DOWN.has(why)) return set(false, `disconnected (${why}): scan a new QR code on the school's phone`, true);
    set(false, `disconnected (${why}), reconnecting`, true);
    void reconnect();
  }

  /** One loop at a time; it ends when a restart succeeds, or on close(). */
  async function reconnect(): Promise<void> {
    if (state.reconnecting) return;
    state.reconnecting = true;
    try {
      while (!state.closed) {
        await deps.sleep(reconnectDelayMs(state.attempt++, deps.random));
        if (state.closed || (await restart())) break;
      }
    } finally {
      state.reconnecting = false;
    }
  }

  async function restart(): Promise<boolean> {
    await client.destroy().catch((err: unknown) => deps.log?.(`whatsapp ${account.id}: destroy failed`, { error: reason(err) }));
    if (state.closed) return true;
    try {
      set(false, 'reconnecting', true);
      await client.initialize();
      return true;
    } catch (err) {
      set(false, `reconnect attempt ${state.attempt} failed (${reason(err)})`, true);
      return false;
    }
  }

  return {
    status: (): Status => state.status,
    /** Attaches handlers and logs in; rejects when the first start fails (no Chromium, bad path). */
    async start(attachInbound: () => void): Promise<void> {
      if (state.started) throw new Error(`whatsapp ${account.id}: already listening`);
      state.started = true;
      attachLifecycle();
      attachInbound();
      set(false, 'starting');
      try {
        await client.initialize();
      } catch (err) {
        set(false, `could not start (${reason(err)})`);
        throw err;
      }
    },
    async close(): Promise<void> {
      state.closed = true;
      set(false, 'closed');
      await client.destroy().catch((err: unknown) => deps.log?.(`whatsapp ${account.id}: destroy failed`, { error: reason(err) }));
    },
  };
}

/** A short printable reason from whatever the client passed (strings, Errors, WAState). */
function reason(x: unknown): string {
  const text = x instanceof Error ? x.message : String(x);
  return text.replace(/\d{8,}/g, '…').slice(0, 200);
}

/** A logged-in session of one number, opened by the `whatsapp` process. */
interface Session {
  client: WhatsAppClient;
  makePoll: MakePoll;
  /** createRealClient always gives it; a session made elsewhere may not (api.ts then refuses files). */
  makeMedia?: MakeMedia;
}

/**
 * Outside the `whatsapp` process a number is known (for channel choice and links) but has no
 * session: nothing there ever sends through it.
 */
const detachedClient: WhatsAppClient = {
  on: () => undefined,
  initialize: () => Promise.reject(new Error('the WhatsApp session runs in the whatsapp process')),
  sendMessage: () => Promise.reject(new Error('the WhatsApp session runs in the whatsapp process')),
  getNumberId: () => Promise.reject(new Error('the WhatsApp session runs in the whatsapp process')),
  destroy: () => Promise.resolve(),
};

/** The numbers a process holds: WHATSAPP_ACCOUNT's, or all (an unknown id is an error). */
function heldNumbers(config: WhatsAppConfig): WhatsAppAccount[] {
  const all = config.WHATSAPP_NUMBERS ?? [];
  if (!config.WHATSAPP_ACCOUNT) return all;
  const one = all.filter((n) => n.id === config.WHATSAPP_ACCOUNT);
  if (!one.length) throw new Error(`WHATSAPP_ACCOUNT '${config.WHATSAPP_ACCOUNT}' is not in WHATSAPP_NUMBERS`);
  return one;
}

/** The login QR code, drawn for the terminal (it is a login credential: never logged). */
function qrText(accountId: string, qr: string): string {
  let drawn = '';
  qrcode.generate(qr, { small: true }, (text) => { drawn = text; });
  return `\nWhatsApp number '${accountId}': scan this code with the school's phone (WhatsApp → Linked devices → Link a device):\n${drawn}`;
}

/**
 * WhatsApp Web as the service sees it (core/adapter-module.ts): one account per school phone,
 * sent for only by the `whatsapp` process that holds its browser session (one process per
 * number with WHATSAPP_ACCOUNT, or one for all).
 */
export const adapterModule: AdapterModule<WhatsAppConfig> = {
  kind: 'whatsapp-web',
  platform: 'whatsapp',
  config: whatsappConfigSchema,
  accounts: (config, deps) =>
    (config.WHATSAPP_NUMBERS ?? []).map((number) => {
      const session = deps.sessions?.get(number.id) as Session | undefined;
      return {
        schools: number.schools === '*' ? '*' : new Set(number.schools),
        heldBy: 'whatsapp',
        needsLink: number.optInOnly,
        adapter: createWhatsAppWebAdapter(number, {
          client: session?.client ?? detachedClient,
          makePoll: session?.makePoll ?? (() => undefined),
          ...(session?.makeMedia ? { makeMedia: session.makeMedia } : {}),
          dailyCounter: deps.dailyCounter(number.id),
          now: deps.now,
          random: deps.random,
          sleep: deps.sleep,
          onQr: (qr) => deps.print?.(qrText(number.id, qr)),
          onPairingCode: (code) => deps.print?.(`\nWhatsApp number '${number.id}': on the school's phone, Linked devices → Link with phone number, enter ${code}`),
        }),
      };
    }),
  secretHeaders: [],
  roster: whatsappRosterRule,
  process: {
    role: 'whatsapp',
    holds: (config) => heldNumbers(config).map((n) => n.id),
    /** One logged-in browser session per number (whatsapp-web.js loads only here). */
    async open(config) {
      const sessions = new Map<string, Session>();
      for (const number of heldNumbers(config)) sessions.set(number.id, await createRealClient(number, config));
      return sessions;
    },
  },
};
