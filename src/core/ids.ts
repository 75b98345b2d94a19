/**
 * Ids and hashes, in one place. Ids derived from what they name (a chat, a message, a note) are
 * short SHA-256 prefixes: the same input always gives the same id, so a retried job finds what
 * its first run wrote, and no phone number or platform id ends up in a key or in job data.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret someone sent is ours, in constant time whatever the lengths: both are hashed
 * to 32 bytes first, so neither a length check nor the comparison tells how long the secret is.
 */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given === '' || expected === '') return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/** The SHA-256 of a text, hex (64 characters). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short id derived from `text`: the first `length` characters of its SHA-256. */
export function derivedId(text: string, length: number, encoding: 'hex' | 'base64url' = 'hex'): string {
  return createHash('sha256').update(text).digest(encoding).slice(0, length);
}

/** A conversation: one platform chat with one school ('' before a school is known). 96 bits. */
export function chatId(platform: string, address: string, schoolId: string): string {
  return derivedId(`${platform}\u0000${address}\u0000${schoolId}`, 24);
}

/** A platform message, as a session's list of handled messages names it. 64 bits. */
export function causeId(platformMessageId: string): string {
  return derivedId(platformMessageId, 16);
}

/** A parent's note, from the conversation and message it came in. */
export function noteId(chat: string, cause: string): string {
  return `n${derivedId(`${chat}|${cause}`, 20)}`;
}

/** A school as a short button payload (a school id may be 64 characters; callback data 64 bytes). */
export function schoolKey(schoolId: string): string {
  return derivedId(schoolId, 10);
}

/** A guardian known only by phone: an id from the number, never the digits themselves. */
export function guardianIdFromPhone(e164: string): string {
  return `gp-${derivedId(e164, 16, 'base64url')}`;
}

/** An inbound job: one per message an account received (platform ids are only unique per account). */
export function inboundKey(accountId: string, platformMessageId: string): string {
  return derivedId(`${accountId}\u0000${platformMessageId}`, 24);
}
