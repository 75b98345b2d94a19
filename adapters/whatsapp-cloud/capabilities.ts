import type { Capabilities } from '../../src/core/index.js';
import type { WhatsAppCloudAccount } from './config.js';

/**
 * The Cloud API's limits as data (shared/PLATFORMS.md §3b).
 *
 * - maxTextLength: a text body takes 4096 characters; an interactive message's body only 1024,
 *   which planning enforces on the part that carries the choices (outbound.ts).
 * - Choices: up to 3 as reply buttons (titles ≤ 20), more as a list (≤ 10 rows, titles ≤ 24,
 *   the whole label ≤ 72 underneath): an RSVP is three buttons, a survey question's six points
 *   and Skip one list.
 * - The 24-hour customer-service window: inside it anything goes; outside it only an approved
 *   template, which the school maps per kind of message and language.
 * - rateLimit: the number's throughput (80 messages a second unless the account says otherwise)
 *   less 4 %: Meta counts arrivals in any rolling second, and a send that leaves a few ms late
 *   behind an event-loop pause lands next to the one after it; each 130429 pauses the whole
 *   number for a second, which costs far more than the margin.
 * - pairIntervalMs: about one message every 6 s to one parent [U]; the account may change it.
 * - uniqueRecipientsPerDay: the messaging tier; tierGroup: the business portfolio whose numbers share it.
 * - sendConfirmsDelivery: a message id is not delivery; status webhooks say that later.
 * - Files (voice notes, photos, PDFs) are uploaded to the number's media endpoint, then sent by
 *   id, inside the window only: a template carries no file of ours.
 */
export const WHATSAPP_CLOUD_CAPABILITIES = {
  maxTextLength: 4096,
  choiceUi: 'buttons',
  maxChoices: 10,
  maxChoiceLabelLength: 72,
  callbackDataMaxBytes: 200,
  messagingWindowHours: 24,
  rateLimit: { max: 80, durationMs: 1000 },
  canMessageFirst: true,
  sendConfirmsDelivery: false,
  sendsMedia: ['voice', 'audio', 'photo', 'document'],
  templatesOutsideWindow: true,
  listAbove: 3,
  pairIntervalMs: 6000,
} as const satisfies Capabilities;

/** The share of the number's throughput we plan for (see rateLimit above). */
export const RATE_MARGIN = 0.96;

/** The number's own rate, pair interval and tier. */
export function whatsappCloudCapabilities(account: Pick<WhatsAppCloudAccount, 'maxPerSecond' | 'pairIntervalMs' | 'dailyTier' | 'portfolio'>): Capabilities {
  return {
    ...WHATSAPP_CLOUD_CAPABILITIES,
    rateLimit: { max: Math.max(1, Math.floor(account.maxPerSecond * RATE_MARGIN)), durationMs: 1000 },
    pairIntervalMs: account.pairIntervalMs,
    ...(account.dailyTier === 'unlimited' ? {} : { uniqueRecipientsPerDay: account.dailyTier }),
    ...(account.portfolio ? { tierGroup: `portfolio:${account.portfolio}` } : {}),
  };
}
