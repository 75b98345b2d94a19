/**
 * The Cloud API's wire formats we read (shared/PLATFORMS.md §3b): webhooks, a send's answer,
 * Graph errors, a media id's metadata. Parsed, never trusted: unknown fields pass, unknown
 * message types are kept as such and skipped by normalisation.
 */
import { z } from 'zod';

const mediaObject = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  /** A voice note recorded in WhatsApp (OGG/Opus), as opposed to an audio file. */
  voice: z.boolean().optional(),
});

export const cloudMessageSchema = z.object({
  from: z.string().regex(/^\d{6,20}$/),
  id: z.string().min(1),
  /** Unix seconds, as a string. */
  timestamp: z.string().regex(/^\d{1,12}$/).optional(),
  type: z.string(),
  context: z.object({ id: z.string().optional(), from: z.string().optional() }).optional(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string().optional() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string().optional() }).optional(),
    })
    .optional(),
  /** A template's quick-reply tap. */
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  audio: mediaObject.optional(),
  voice: mediaObject.optional(),
  image: mediaObject.optional(),
  document: mediaObject.optional(),
});
export type CloudMessage = z.output<typeof cloudMessageSchema>;

export const cloudStatusSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().regex(/^\d{1,12}$/).optional(),
  recipient_id: z.string().regex(/^\d{6,20}$/),
  errors: z.array(z.object({ code: z.number().int(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
export type CloudStatus = z.output<typeof cloudStatusSchema>;

/** One change's value: a number's messages or statuses (`metadata` says which number). */
export const cloudValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string() }),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const cloudWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string(), value: z.unknown() })).default([]) })),
});

export const sendResponseSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });

export const graphErrorBodySchema = z.object({
  error: z.object({
    code: z.number().int(),
    message: z.string().optional(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
});
export type CloudGraphError = z.output<typeof graphErrorBodySchema>['error'];

/** `GET /<media id>`: where the file is, for a while, and what it is. */
export const mediaInfoSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  mime_type: z.string().optional(),
  file_size: z.union([z.number(), z.string()]).optional(),
});

export const uploadResponseSchema = z.object({ id: z.string().min(1) });
