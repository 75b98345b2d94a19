/**
 * The few whatsapp-web.js `Client` methods this adapter uses, described structurally (STYLE 5) so
 * tests hand it a fake and never launch Chromium. Listener arguments are `unknown`: every payload
 * is parsed (schema.ts) before it is read.
 */
import { join } from 'node:path';
import type { WhatsAppAccount, WhatsAppConfig } from './config.js';

export type WhatsAppClientEvent =
  | 'qr'
  | 'code'
  | 'authenticated'
  | 'auth_failure'
  | 'ready'
  | 'disconnected'
  | 'message'
  | 'vote_update'
  | 'message_ack'
  | 'change_state';

export interface WhatsAppSendOptions {
  /** The library defaults to true, which marks the guardian's chat read before sending. */
  sendSeen?: boolean;
  linkPreview?: boolean;
  /** A MessageMedia audio goes as a voice note (push-to-talk, with a waveform), not an audio file. */
  sendAudioAsVoice?: boolean;
}

export interface WhatsAppClient {
  on(event: WhatsAppClientEvent, listener: (...args: unknown[]) => void): unknown;
  /** Launches the browser and logs in (from the saved session, or by QR / pairing code). */
  initialize(): Promise<void>;
  /** Resolves to the message sent; `undefined` when the chat was not found, `null` for channels. */
  sendMessage(
    chatId: string,
    content: unknown,
    options?: WhatsAppSendOptions,
  ): Promise<{ id: { _serialized: string } } | null | undefined>;
  /** The number's WhatsApp id, or null when the number is not on WhatsApp. */
  getNumberId(number: string): Promise<{ _serialized: string } | null>;
  /** Maps `…@lid` ids to phone JIDs; `pn` is undefined when WhatsApp does not say. */
  getContactLidAndPhone?(ids: string[]): Promise<Array<{ lid?: string; pn?: string }>>;
  /** Closes the browser; the client can be initialized again afterwards. */
  destroy(): Promise<void>;
}

/** Builds a single-answer poll in the library's own class (its sendMessage checks `instanceof`). */
export type MakePoll = (name: string, options: string[]) => unknown;

/**
 * Builds a file in the library's own `MessageMedia` class, which its sendMessage also checks
 * with `instanceof` (a look-alike object would be sent as the text). `data` is base64; the name
 * becomes the File's name in the page, and a document's name on the phone.
 */
export type MakeMedia = (mimetype: string, data: string, filename: string) => unknown;

/** Chromium flags for a container: no sandbox (no user namespaces), no /dev/shm (64 MB default). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking'];

/**
 * The real client for one number. whatsapp-web.js (and Puppeteer with it) is loaded only here,
 * on demand, so processes without a WhatsApp number never load it.
 */
export async function createRealClient(
  account: Pick<WhatsAppAccount, 'id' | 'number' | 'pairWithPhone'>,
  cfg: Pick<WhatsAppConfig, 'WHATSAPP_DATA_DIR' | 'CHROME_PATH'>,
): Promise<{ client: WhatsAppClient; makePoll: MakePoll; makeMedia: MakeMedia }> {
  const wweb = (await import('whatsapp-web.js')).default;
  const client = new wweb.Client({
    // Profile in <dataDir>/session-<id>; LocalAuth refuses a puppeteer.userDataDir of our own.
    authStrategy: new wweb.LocalAuth({ clientId: account.id, dataPath: cfg.WHATSAPP_DATA_DIR }),
    puppeteer: { headless: true, executablePath: cfg.CHROME_PATH, args: CHROMIUM_ARGS },
    // The WhatsApp Web build is cached on disk; keep it in our data folder, not the cwd.
    webVersionCache: { type: 'local', path: join(cfg.WHATSAPP_DATA_DIR, 'web-cache') },
    ...(account.pairWithPhone
      ? { pairWithPhoneNumber: { phoneNumber: account.number, showNotification: true, intervalMs: 180_000 } }
      : {}),
  });
  const makePoll: MakePoll = (name, options) =>
    new wweb.Poll(name, options, { allowMultipleAnswers: false, messageSecret: undefined });
  const makeMedia: MakeMedia = (mimetype, data, filename) => new wweb.MessageMedia(mimetype, data, filename);
  return { client, makePoll, makeMedia };
}
