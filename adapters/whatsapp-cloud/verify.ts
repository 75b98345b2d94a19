/**
 * Webhook authenticity (shared/PLATFORMS.md §3b): the same `X-Hub-Signature-256` over the raw
 * body, with the Meta app's secret, and the same subscription GET as Messenger (src/core/webhook-auth.ts).
 */
import { HUB_SIGNATURE_HEADER, hubHandshake, verifyHubSignature } from '../../src/core/index.js';

export const SIGNATURE_HEADER = HUB_SIGNATURE_HEADER;
export const verifyCloudSignature = verifyHubSignature;
export const cloudHandshake = hubHandshake;
