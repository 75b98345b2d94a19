/**
 * What Meta sends us, as zod schemas: webhook events (shared/PLATFORMS.md §2.2) and Graph API
 * answers (§2.1, §2.4). Unknown keys are dropped; a messaging item that does not fit is skipped
 * on its own, so one odd event never hides the others in the same POST.
 */
import { z } from 'zod';

/** Epoch milliseconds. Meta's postback page says every property is a string; in practice they are numbers. */
const epochMs = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,16}$/)]).transform(String);
const graphId = z.string().min(1).max(512);

/** An m.me link's `?ref=` (Meta: under 150 characters); other referral sources carry none. */
const referralSchema = z.object({
  ref: z.string().min(1).max(1000).optional(),
  source: z.string().optional(),
  type: z.string().optional(),
});

/**
 * A file or share in a message (Messenger "messages" webhook). `payload.url` is a CDN URL that
 * needs no token. A sticker is `sticker` with `sticker_id`; until 30 Aug 2026 Meta also sends it
 * as an `image` carrying `payload.sticker_id`. A `fallback` is a shared link (often the URL in
 * the text itself), sometimes with no payload at all. Parsed one by one (attachmentSchema).
 */
export const attachmentSchema = z.object({
  type: z.string(),
  payload: z
    .object({
      url: z.string().min(1).max(8192).optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
    })
    .nullish(),
});

const messageSchema = z.object({
  mid: graphId,
  text: z.string().optional(),
  /** Each parsed on its own with attachmentSchema: one odd attachment must not hide the text. */
  attachments: z.array(z.unknown()).optional(),
  /** Our own messages, echoed back by the message_echoes subscription. */
  is_echo: z.boolean().optional(),
  quick_reply: z.object({ payload: z.string().min(1).max(1000) }).optional(),
  reply_to: z.object({ mid: graphId }).optional(),
});

const postbackSchema = z.object({
  /** Present since Graph v11.0. */
  mid: graphId.optional(),
  title: z.string().optional(),
  payload: z.string().min(1).max(1000).optional(),
  referral: referralSchema.optional(),
});

export const messagingItemSchema = z.object({
  sender: z.object({ id: graphId }),
  recipient: z.object({ id: graphId }).optional(),
  timestamp: epochMs,
  message: messageSchema.optional(),
  postback: postbackSchema.optional(),
  referral: referralSchema.optional(),
  /** `mids` may be absent: then only the watermark says "everything before this time". */
  delivery: z.object({ mids: z.array(graphId).optional(), watermark: epochMs }).optional(),
  read: z.object({ watermark: epochMs }).optional(),
});

/** The envelope; each `messaging` item is parsed on its own with messagingItemSchema. */
export const messengerWebhookSchema = z.object({
  object: z.literal('page'),
  entry: z.array(
    z.object({
      id: graphId,
      time: epochMs.optional(),
      messaging: z.array(z.unknown()).default([]),
    }),
  ),
});

/** Send API success: `{recipient_id, message_id}`. */
export const sendResponseSchema = z.object({
  recipient_id: z.string().optional(),
  message_id: graphId,
});

/** Graph error shape: `{error: {message, type, code, error_subcode?, fbtrace_id}}`. */
export const graphErrorBodySchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

export type MessagingItem = z.output<typeof messagingItemSchema>;
export type Attachment = z.output<typeof attachmentSchema>;
export type GraphError = z.output<typeof graphErrorBodySchema>['error'];
