/**
 * One WhatsApp number per account, driven through WhatsApp Web (whatsapp-web.js). Pacing and the
 * daily cap exist because WhatsApp bans numbers that send in bulk to people who never wrote to
 * them (PLATFORMS §3a "Bans"); no safe rate is documented, so the defaults are deliberately slow.
 */
import { z } from 'zod';
import { accountId, accountSchools, jsonArrayEnv } from '../../src/core/index.js';

export const whatsappAccountSchema = z.object({
  id: accountId,
  /** The school's own number, digits only with the country code: 2126XXXXXXXX for Morocco. */
  number: z.string().regex(/^\d{8,15}$/, 'digits only, with the country code (e.g. 2126XXXXXXXX)'),
  schools: accountSchools,
  /** Least time between two sends from this number, in ms (the queue's limiter). @defaultValue 4000 */
  minIntervalMs: z.number().int().min(1000).default(4000),
  /** Extra random wait before each send, uniform in [0, jitterMs) ms. @defaultValue 3000 */
  jitterMs: z.number().int().min(0).default(3000),
  /** Sends per UTC day from this number; more are postponed to the next UTC midnight. @defaultValue 200 */
  dailyCap: z.number().int().min(1).default(200),
  /**
   * The day (YYYY-MM-DD, UTC) this number started sending for the school: for its first weeks
   * the daily cap follows `warmUpCaps` (a new number that sends hundreds a day is banned).
   * Unset: the number is warm, `dailyCap` applies.
   */
  warmUpFrom: z.iso.date().optional(),
  /** Sends allowed on day 1, 2, … of the warm-up; after the last day, `dailyCap`. @defaultValue two weeks from 20 to 200 */
  warmUpCaps: z.array(z.number().int().min(1)).min(1).max(60).optional(),
  /** Failed sends in a row after which the number pauses and its parents go to their next channel. @defaultValue 5 */
  breakerFailures: z.number().int().min(1).max(100).default(5),
  /** How long a paused number rests before it tries one send again (doubling, up to an hour, while it keeps failing). @defaultValue 300000 */
  breakerCooldownMs: z.number().int().min(1000).max(3_600_000).default(300_000),
  /** Message only guardians who opted in (the service enforces it; the adapter cannot know). @defaultValue true */
  optInOnly: z.boolean().default(true),
  /** Log in with an 8-character pairing code typed on the phone instead of scanning a QR code. @defaultValue false */
  pairWithPhone: z.boolean().default(false),
});

export const whatsappConfigSchema = z.object({
  /** JSON array of accounts, e.g. [{"id":"main","number":"2126XXXXXXXX"}]. Unset: no WhatsApp. */
  WHATSAPP_NUMBERS: jsonArrayEnv(whatsappAccountSchema).optional(),
  /**
   * In the whatsapp process: the one number this process holds (one process per number, all
   * with the same WHATSAPP_NUMBERS). Unset: this process holds every number.
   */
  WHATSAPP_ACCOUNT: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
  /** Where LocalAuth keeps each number's browser profile (session-<id>/) and the web-version cache. */
  WHATSAPP_DATA_DIR: z.string().default('.data/whatsapp'),
  /** A system Chromium: puppeteer's own download is skipped on our machines (PLATFORMS §3a). */
  CHROME_PATH: z.string().default('/usr/bin/chromium'),
});

export type WhatsAppAccount = z.output<typeof whatsappAccountSchema>;
export type WhatsAppConfig = z.output<typeof whatsappConfigSchema>;
