/**
 * The WhatsApp Cloud API channel's configuration: business phone numbers as one JSON array, plus
 * the Graph API base shared with Messenger (shared/PLATFORMS.md §3b).
 */
import { z } from 'zod';
import { accountId, accountSchools, graphApiBase, jsonArrayEnv } from '../../src/core/index.js';

/**
 * Meta's messaging tiers: how many different people a business may start conversations with
 * (by template) in a moving 24 hours. A number starts at 250; Meta raises it as it is used well.
 */
export const DAILY_TIERS = [250, 1000, 2000, 10_000, 100_000, 'unlimited'] as const;

export const whatsappCloudAccountSchema = z.object({
  id: accountId,
  /** The business phone number's id in Meta's WhatsApp Manager (not the number itself). */
  phoneNumberId: z.string().regex(/^\d{6,20}$/, 'the numeric phone number id from WhatsApp Manager'),
  /** The number itself, digits with the country code: join links (wa.me) open a chat with it. */
  number: z.string().regex(/^\d{8,15}$/, 'digits only, with the country code (e.g. 2125XXXXXXXX)').optional(),
  /** A system user's access token with whatsapp_business_messaging; never logged. */
  accessToken: z.string().min(20),
  /** The Meta app's secret: the HMAC key of `X-Hub-Signature-256`. */
  appSecret: z.string().min(16),
  /** Our own secret, typed into the App Dashboard; Meta echoes it in the subscription GET. */
  verifyToken: z.string().min(8),
  schools: accountSchools,
  /** Messages per second for this number (80 by default; 1,000 after Meta's upgrade; 20 for a coexistence number). */
  maxPerSecond: z.number().int().min(1).max(1000).default(80),
  /**
   * The business portfolio the number belongs to (its id in Business Manager): Meta counts the
   * tier's new people over all the portfolio's numbers, so numbers naming one portfolio share one
   * count, and must give it the same `dailyTier`. Absent: the number counts alone.
   */
  portfolio: z.string().trim().regex(/^[\w.-]{1,64}$/, 'the portfolio id: letters, digits, - _ .').optional(),
  /** The messaging tier (new people a moving 24 h may start with by template): the portfolio's, when it has one. @defaultValue 250 */
  dailyTier: z.literal(DAILY_TIERS, { error: `one of ${DAILY_TIERS.join(', ')}` }).default(250),
  /**
   * Least time between two messages to one parent, in ms: Meta's pair rate is about one message
   * every 6 s [U]. Tests and benchmarks shorten it. @defaultValue 6000
   */
  pairIntervalMs: z.number().int().min(0).max(60_000).default(6000),
});

export const whatsappCloudConfigSchema = z.object({
  /** JSON array of numbers; unset means no Cloud API number. */
  WHATSAPP_CLOUD_NUMBERS: jsonArrayEnv(whatsappCloudAccountSchema)
    .superRefine((numbers, ctx) => {
      // One portfolio, one tier: two numbers of it saying different tiers would each believe their own.
      const tiers = new Map<string, unknown>();
      numbers.forEach((n, i) => {
        if (!n.portfolio) return;
        if (tiers.has(n.portfolio) && tiers.get(n.portfolio) !== n.dailyTier) {
          ctx.addIssue({ code: 'custom', path: [i, 'dailyTier'], message: `the numbers of portfolio '${n.portfolio}' share one tier: give them the same dailyTier` });
        }
        tiers.set(n.portfolio, n.dailyTier);
      });
    })
    .optional(),
  GRAPH_API_BASE: graphApiBase,
});

export type WhatsAppCloudAccount = z.output<typeof whatsappCloudAccountSchema>;
export type WhatsAppCloudConfig = z.output<typeof whatsappCloudConfigSchema>;
