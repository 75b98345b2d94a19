/**
 * Webhook authenticity for platforms that sign with an app secret (`X-Hub-Signature-256`, HMAC
 * SHA-256 over the raw body) and subscribe with a WebSub-style GET (`hub.mode`, `hub.verify_token`,
 * `hub.challenge`): Meta's Messenger and WhatsApp Cloud API alike (shared/PLATFORMS.md §2.3, §3b).
 * Pure, constant-time, never throws.
 *
 * The platform signs the bytes it sent (Meta escapes non-ASCII as lowercase `\uXXXX`);
 * re-serialising a parsed body writes Arabic as UTF-8 and changes the HMAC. So `rawBody` is
 * signed exactly as received.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookRequest } from './adapter.js';
import { sameSecret } from './ids.js';

export const HUB_SIGNATURE_HEADER = 'x-hub-signature-256';
/** `sha256=` then 64 hex digits (32 bytes). Anything else is malformed. */
const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

/** True when `X-Hub-Signature-256` is the app secret's HMAC-SHA256 of the raw body. */
export function verifyHubSignature(req: WebhookRequest, appSecret: string): boolean {
  try {
    const match = SIGNATURE_FORMAT.exec(header(req, HUB_SIGNATURE_HEADER) ?? '');
    if (!match?.[1] || !Buffer.isBuffer(req.rawBody)) return false;
    const given = Buffer.from(match[1], 'hex');
    const expected = createHmac('sha256', appSecret).update(req.rawBody).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

/**
 * The subscription GET: `hub.mode=subscribe` and our verify token → 200 with `hub.challenge`
 * (the route sends it as text/plain). Any other GET → 403. Not a GET → undefined.
 */
export function hubHandshake(req: WebhookRequest, verifyToken: string): { status: number; body: string } | undefined {
  if (req.method.toUpperCase() !== 'GET') return undefined;
  const challenge = req.query['hub.challenge'];
  const token = req.query['hub.verify_token'];
  if (req.query['hub.mode'] === 'subscribe' && challenge && token !== undefined && sameSecret(token, verifyToken)) {
    return { status: 200, body: challenge };
  }
  return { status: 403, body: 'verification failed' };
}

/** Node lowercases header names; a hand-built request might not. */
function header(req: WebhookRequest, name: string): string | undefined {
  const exact = req.headers[name];
  if (exact !== undefined) return exact;
  const key = Object.keys(req.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : req.headers[key];
}
