import { withAccountRate, type AdapterModule, type ChannelAdapter } from '../../src/core/index.js';
import { createMessengerFetchMedia, createMessengerSend } from './api.js';
import { MESSENGER_CAPABILITIES } from './capabilities.js';
import { messengerConfigSchema, type MessengerAccount, type MessengerConfig } from './config.js';
import { normaliseMessengerInbound } from './inbound.js';
import { messengerJoinLink, planMessengerMessage } from './outbound.js';
import { messengerHandshake, SIGNATURE_HEADER, verifyMessengerSignature } from './verify.js';

export { messengerAccountSchema, messengerConfigSchema, type MessengerAccount, type MessengerConfig } from './config.js';
export { MESSENGER_CAPABILITIES } from './capabilities.js';
export { mapGraphError, DEFAULT_RATE_LIMIT_RETRY_MS, MESSENGER_ATTACHMENT_MAX_BYTES, MESSENGER_UPLOAD_MAX_BYTES } from './api.js';
export { messagingFor, toSendBodies, toAttachmentFields, cutLabel, type AttachmentType, type Messaging, type SendBody, type QuickReply } from './outbound.js';
export { verifyMessengerSignature, messengerHandshake } from './verify.js';

export interface MessengerAdapterOptions {
  /** GRAPH_API_BASE, e.g. https://graph.facebook.com/v25.0 */
  graphBase: string;
  now: () => Date;
  /** Injected in tests; Node's global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per Send API call. @defaultValue 10000 — Graph usually answers in well under a second. */
  timeoutMs?: number;
  /** Per attachment download or upload. @defaultValue 60000 — 25 MB at about 3 Mbit/s. */
  mediaTimeoutMs?: number;
}

/** One Facebook Page: sends over the Send API, reads its webhook, links parents with m.me refs. */
export function createMessengerAdapter(account: MessengerAccount, opts: MessengerAdapterOptions): ChannelAdapter {
  const capabilities = withAccountRate(MESSENGER_CAPABILITIES, account.maxPerSecond);
  const target = { accountId: account.id, pageId: account.pageId };
  return {
    platform: 'messenger',
    accountId: account.id,
    capabilities,
    plan: (message) => planMessengerMessage(capabilities, message),
    send: createMessengerSend(account, {
      graphBase: opts.graphBase,
      fetch: opts.fetch ?? fetch,
      timeoutMs: opts.timeoutMs ?? 10_000,
      uploadTimeoutMs: opts.mediaTimeoutMs ?? 60_000,
      now: opts.now,
    }),
    normaliseInbound: (body, receivedAt) => normaliseMessengerInbound(body, target, receivedAt),
    fetchMedia: createMessengerFetchMedia({ fetch: opts.fetch ?? fetch, timeoutMs: opts.mediaTimeoutMs ?? 60_000 }),
    webhook: {
      verify: (req) => verifyMessengerSignature(req, account.appSecret),
      handshake: (req) => messengerHandshake(req, account.verifyToken),
    },
    joinLink: (code) => messengerJoinLink(account.pageName, code),
  };
}

/** Messenger as the service sees it (core/adapter-module.ts): one account per Facebook Page. */
export const adapterModule: AdapterModule<MessengerConfig> = {
  kind: 'messenger',
  platform: 'messenger',
  config: messengerConfigSchema,
  accounts: (config, deps) =>
    (config.MESSENGER_PAGES ?? []).map((page) => ({
      schools: page.schools === '*' ? '*' : new Set(page.schools),
      adapter: createMessengerAdapter(page, { graphBase: config.GRAPH_API_BASE, now: deps.now }),
    })),
  secretHeaders: [SIGNATURE_HEADER],
  roster: { names: ['messenger', 'facebook', 'fb'], noun: 'Messenger page-scoped id', example: '6100000000000001 (a join link gives it)' },
};
