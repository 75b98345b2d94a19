/**
 * Webhook authenticity (shared/PLATFORMS.md §2.2–2.3): Meta's `X-Hub-Signature-256` over the raw
 * body and the subscription GET, as every Meta platform does them (src/core/webhook-auth.ts).
 */
import { HUB_SIGNATURE_HEADER, hubHandshake, verifyHubSignature } from '../../src/core/index.js';

export const SIGNATURE_HEADER = HUB_SIGNATURE_HEADER;
export const verifyMessengerSignature = verifyHubSignature;
export const messengerHandshake = hubHandshake;
