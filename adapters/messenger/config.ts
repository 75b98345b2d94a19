/** The Messenger channel's configuration: Facebook Pages as one JSON array, plus the Graph API base. */
import { z } from 'zod';
import { accountId, accountMaxPerSecond, accountSchools, graphApiBase, jsonArrayEnv } from '../../src/core/index.js';

/** One Facebook Page the school group sends from. */
export const messengerAccountSchema = z.object({
  id: accountId,
  /** The numeric Page id: the Send API path and `entry[].id` in webhooks. */
  pageId: z.string().regex(/^\d+$/, 'the numeric Page id'),
  /** The Page's username, for `https://m.me/<pageName>?ref=<join code>` links. */
  pageName: z.string().min(1),
  /** A Page access token with `pages_messaging`; never logged, never in error messages. */
  accessToken: z.string().min(20),
  /** The Meta app's secret: the HMAC key of `X-Hub-Signature-256`. */
  appSecret: z.string().min(16),
  /** Our own secret, typed into the App Dashboard; Meta echoes it in the subscription GET. */
  verifyToken: z.string().min(8),
  schools: accountSchools,
  /** Messages per second for this Page (default 30: the Page Inbox stops above ~40/s). */
  maxPerSecond: accountMaxPerSecond,
});

export const messengerConfigSchema = z.object({
  /** JSON array of Pages; unset means no Messenger channel. */
  MESSENGER_PAGES: jsonArrayEnv(messengerAccountSchema).optional(),
  GRAPH_API_BASE: graphApiBase,
});

export type MessengerAccount = z.output<typeof messengerAccountSchema>;
export type MessengerConfig = z.output<typeof messengerConfigSchema>;
