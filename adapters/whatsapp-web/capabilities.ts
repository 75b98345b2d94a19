import type { Capabilities } from '../../src/core/index.js';
import type { WhatsAppAccount } from './config.js';

/**
 * WhatsApp Web through whatsapp-web.js (PLATFORMS §3a, §7).
 * - maxTextLength: the client's own limit is undocumented [U]; 4096 is the Cloud API's limit
 *   (§7, [2]) and a safe margin for the same app, so long invitations split as elsewhere.
 * - Choices are a single-answer Poll: Buttons and Lists are deprecated in the library.
 *   12 options and 100 characters per option are what the WhatsApp app allows [U].
 * - No messaging window, and it can write first, but unsolicited bulk gets the number banned:
 *   the service sends only to guardians who opted in (account.optInOnly).
 * - A resolved send is not delivery: `message_ack` (2 = device, 3 = read) arrives later.
 * - sendsMedia: every kind we keep, as the library's MessageMedia, sent before the text: an
 *   OGG/Opus voice note as a voice note (`sendAudioAsVoice`), other files as their type makes
 *   them (photo, audio, document). One client call more for the file, in the same paced send.
 */
export const WHATSAPP_WEB_CAPABILITIES = {
  maxTextLength: 4096,
  choiceUi: 'poll',
  maxChoices: 12,
  maxChoiceLabelLength: 100,
  rateLimit: { max: 1, durationMs: 4000 },
  canMessageFirst: true,
  sendConfirmsDelivery: false,
  sendsMedia: ['voice', 'audio', 'photo', 'document'],
} as const satisfies Capabilities;

/** One send per `minIntervalMs` for this number; the adapter adds jitter on top. */
export function whatsappCapabilities(account: Pick<WhatsAppAccount, 'minIntervalMs'>): Capabilities {
  return { ...WHATSAPP_WEB_CAPABILITIES, rateLimit: { max: 1, durationMs: account.minIntervalMs } };
}

/** Longest poll question we send; WhatsApp's own limit is not documented [U]. */
export const POLL_QUESTION_MAX_LENGTH = 255;

/**
 * The largest file downloaded from a guardian's message, in bytes: 16 MiB, WhatsApp's own cap on
 * audio and photos [2]. The core has no shared media cap (`MEDIA_MAX_BYTES`) yet: when it does,
 * use it. A bigger file is not downloaded; its event carries ref '' and the reported size.
 */
export const WHATSAPP_MEDIA_MAX_BYTES = 16 * 1024 * 1024;
