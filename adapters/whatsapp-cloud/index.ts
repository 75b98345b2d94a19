/**
 * One business phone number on WhatsApp's official Cloud API (shared/PLATFORMS.md §3b): sends
 * over Graph at the number's rate, reads its webhook (`/webhooks/whatsapp-cloud/<account>`),
 * and reaches parents outside the 24-hour window with the school's approved templates. A parent's
 * address is the same as on WhatsApp Web: the school's choice of account changes nothing in rosters.
 */
import { whatsappRosterRule, type AdapterModule, type ChannelAdapter } from '../../src/core/index.js';
import { createCloudFetchMedia, createCloudSend } from './api.js';
import { whatsappCloudCapabilities } from './capabilities.js';
import { whatsappCloudConfigSchema, type WhatsAppCloudAccount, type WhatsAppCloudConfig } from './config.js';
import { normaliseCloudInbound } from './inbound.js';
import { planCloudMessage } from './outbound.js';
import { cloudHandshake, SIGNATURE_HEADER, verifyCloudSignature } from './verify.js';

export { whatsappCloudAccountSchema, whatsappCloudConfigSchema, DAILY_TIERS, type WhatsAppCloudAccount, type WhatsAppCloudConfig } from './config.js';
export { WHATSAPP_CLOUD_CAPABILITIES, whatsappCloudCapabilities } from './capabilities.js';
export { cloudErrorCode, mapCloudError } from './errors.js';
export { planCloudMessage, toCloudBodies, toTemplateBody, toMediaBody, recipientDigits, addressOf, type CloudBody } from './outbound.js';
export { normaliseCloudInbound } from './inbound.js';

export interface CloudAdapterOptions {
  graphBase: string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Per message. @defaultValue 10000 */
  timeoutMs?: number;
  /** Per file upload or download. @defaultValue 60000 */
  mediaTimeoutMs?: number;
}

export function createWhatsAppCloudAdapter(account: WhatsAppCloudAccount, opts: CloudAdapterOptions): ChannelAdapter {
  const capabilities = whatsappCloudCapabilities(account);
  const deps = { graphBase: opts.graphBase, fetch: opts.fetch ?? fetch, timeoutMs: opts.timeoutMs ?? 10_000, mediaTimeoutMs: opts.mediaTimeoutMs ?? 60_000, now: opts.now, sleep: opts.sleep };
  const number = account.number;
  return {
    platform: 'whatsapp',
    accountId: account.id,
    capabilities,
    plan: (message) => planCloudMessage(capabilities, message),
    send: createCloudSend(account, deps),
    normaliseInbound: (body, receivedAt) => normaliseCloudInbound(body, { accountId: account.id, phoneNumberId: account.phoneNumberId }, receivedAt),
    fetchMedia: createCloudFetchMedia(account, deps),
    webhook: {
      verify: (req) => verifyCloudSignature(req, account.appSecret),
      handshake: (req) => cloudHandshake(req, account.verifyToken),
    },
    ...(number ? { joinLink: (code: string) => `https://wa.me/${number}?text=${encodeURIComponent(`JOIN ${code}`)}` } : {}),
  };
}

/** The Cloud API as the service sees it (core/adapter-module.ts): one account per business number. */
export const adapterModule: AdapterModule<WhatsAppCloudConfig> = {
  kind: 'whatsapp-cloud',
  platform: 'whatsapp',
  config: whatsappCloudConfigSchema,
  accounts: (config, deps) =>
    (config.WHATSAPP_CLOUD_NUMBERS ?? []).map((n) => ({
      schools: n.schools === '*' ? '*' : new Set(n.schools),
      adapter: createWhatsAppCloudAdapter(n, { graphBase: config.GRAPH_API_BASE, now: deps.now, sleep: deps.sleep }),
    })),
  secretHeaders: [SIGNATURE_HEADER],
  // The same addresses as WhatsApp Web: a parent's number is one address whichever account reaches it.
  roster: whatsappRosterRule,
};
